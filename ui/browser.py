"""Small pieces of browser behaviour Streamlit has no widget for.

Each is a fixed script (no user text is ever put into it) run through ``st.html`` with
JavaScript allowed. ``st.html`` is not iframed, so the script reaches the page itself.
"""

from __future__ import annotations

import streamlit as st

INPUT = '[data-testid="stChatInputTextArea"]'
INPUT_LABEL = "请输入您的问题（Enter 发送；快捷键 / 回到这里）"

# Every run: the page language (Streamlit's index.html says lang="en", which makes screen
# readers read Chinese with an English voice), a visible label on the chat input, a skip link
# and the "/" shortcut to the input. A MutationObserver re-applies them when React re-renders.
_PAGE_SCRIPT = """
<script>
(() => {
  const doc = document;
  const INPUT = '@INPUT@';
  const LABEL = '@LABEL@';
  const focusInput = () => {
    const box = doc.querySelector(INPUT);
    if (box) { box.focus(); return true; }
    return false;
  };
  const apply = () => {
    if (doc.documentElement.lang !== 'zh-CN') doc.documentElement.lang = 'zh-CN';
    const box = doc.querySelector(INPUT);
    if (box) {
      if (!box.id) box.id = 'jcg-chat-input';
      if (box.getAttribute('aria-label') !== LABEL) box.setAttribute('aria-label', LABEL);
      const holder = box.closest('[data-testid="stChatInput"]');
      if (holder && !doc.getElementById('jcg-input-label')) {
        const label = doc.createElement('label');
        label.id = 'jcg-input-label';
        label.htmlFor = box.id;
        label.textContent = LABEL;
        label.style.cssText = 'display:block;font-size:0.8rem;margin:0 0 2px 4px;color:#31333f;';
        holder.parentNode.insertBefore(label, holder);
      }
    }
    if (!doc.getElementById('jcg-skip')) {
      const skip = doc.createElement('a');
      skip.id = 'jcg-skip';
      skip.href = '#jcg-chat-input';
      skip.textContent = '跳到提问框';
      skip.className = 'jcg-skip';
      skip.addEventListener('click', (e) => { if (focusInput()) e.preventDefault(); });
      doc.body.insertBefore(skip, doc.body.firstChild);
    }
  };
  if (!window.jcgGlue) {
    window.jcgGlue = true;
    new MutationObserver(apply).observe(doc.body, {childList: true, subtree: true});
    doc.addEventListener('keydown', (e) => {
      const t = e.target;
      const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (focusInput()) e.preventDefault();
      }
    });
  }
  apply();
})();
</script>
""".replace("@INPUT@", INPUT).replace("@LABEL@", INPUT_LABEL)

_STYLE = """
<style>
.jcg-skip { position: absolute; left: -9999px; top: 0; z-index: 1000000; }
.jcg-skip:focus { left: 8px; top: 8px; padding: 6px 10px; background: #fff; color: #8b1a1a;
  border: 2px solid #8b1a1a; border-radius: 4px; }
/* A phone's first screen is for the conversation: less padding above the first answer. */
@media (max-width: 640px) {
  .block-container, [data-testid="stMainBlockContainer"] { padding-top: 2.6rem; }
  h1 { font-size: 1.35rem !important; padding: 0.2rem 0 !important; }
}
.jcg-user { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
[data-testid="stChatMessage"] { scroll-margin-top: 4rem; }
</style>
"""


def page_glue() -> None:
    """Language, input label, skip link and "/" shortcut; harmless on pages without the input."""
    st.html(_STYLE)
    st.html(_PAGE_SCRIPT, unsafe_allow_javascript=True)


def focus_input(nonce: int) -> None:
    """Put the caret back into the chat input (after a hand-over). ``nonce`` makes the element
    new on each request, so the script runs again."""
    st.html(
        f"""<script>/* focus {nonce} */
(() => {{
  let tries = 0;
  const go = () => {{
    const box = document.querySelector('{INPUT}');
    if (box) {{ box.focus(); return; }}
    if (++tries < 40) setTimeout(go, 50);
  }};
  setTimeout(go, 30);
}})();
</script>""",
        unsafe_allow_javascript=True,
    )


def scroll_to_latest(message_id: str) -> None:
    """Bring the newest question to the top of the screen, so its answer is read from its
    start (long answers otherwise begin above the fold, next to the pinned input). Streamlit
    keeps a chat scrolled to its end while the run finishes, so the scroll is repeated once
    the page has settled."""
    safe = "".join(ch for ch in message_id if ch.isalnum())
    st.html(
        f"""<script>/* scroll {safe} */
(() => {{
  const go = () => {{
    const el = document.getElementById('m-{safe}');
    if (!el) return;
    const msg = el.closest('[data-testid="stChatMessage"]') || el;
    msg.scrollIntoView({{block: 'start', behavior: 'instant'}});
  }};
  [80, 400, 900, 1600].forEach((ms) => setTimeout(go, ms));
}})();
</script>""",
        unsafe_allow_javascript=True,
    )
