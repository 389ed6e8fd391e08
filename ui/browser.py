"""Small pieces of browser behaviour Streamlit has no widget for.

Each is a fixed script (no user text is ever put into it) run through ``st.html`` with
JavaScript allowed. ``st.html`` is not iframed, so the script reaches the page itself.
"""

from __future__ import annotations

import json

import streamlit as st

INPUT = '[data-testid="stChatInputTextArea"]'
INPUT_LABEL = "请输入您的问题（Enter 发送；快捷键 / 回到这里）"

# Every run: the page language (Streamlit's index.html says lang="en", which makes screen
# readers read Chinese with an English voice), a visible label on the chat input, a skip link
# and the "/" shortcut to the input. A MutationObserver re-applies them when React re-renders.
_PAGE_SCRIPT = """
<script>
(() => {
@CHINESE@
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
    let queued = false;
    const later = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; apply(); chinese(); });
    };
    new MutationObserver(later).observe(doc.body, {childList: true, subtree: true});
    doc.addEventListener('keydown', (e) => {
      const t = e.target;
      const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (focusInput()) e.preventDefault();
      }
    });
  }
  apply();
  chinese();
})();
</script>
""".replace("@INPUT@", INPUT).replace("@LABEL@", INPUT_LABEL)

# Streamlit has no translation of its own strings (its i18n issue #1353 is open): the page's
# words come from our labels, placeholders and help texts, and the rest is rewritten here, in one
# place: texts and accessible names Streamlit writes in English, and the names of the buttons
# that act on one fact (更正/删除 + the fact, from the map the sidebar publishes). Material icons
# are ligatures ("account_balance"): hidden from screen readers, as each stands beside its words.
TEXTS = {
    "Skip to main content": "跳到主要内容",
    "Press Enter to submit form": "按 Enter 提交",
    "Press Enter to apply": "按 Enter 确认",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "No options to select": "没有可选项",
    "Page not found": "页面不存在",
    "No results": "没有结果",
}
LABELS = {
    "Chat message from assistant": "助手的答复",
    "Chat message from user": "您的提问",
    "Feedback rating": "这条答复有帮助吗",
    "Thumbs up": "有帮助",
    "Thumbs down": "没有帮助",
    "Help": "说明",
    "Increment": "加一",
    "Decrement": "减一",
    "Clear value": "清空",
    "Clear all": "全部清空",
    "Copy to clipboard": "复制到剪贴板",
    "Fullscreen": "全屏",
    "Close": "关闭",
}
PREFIXES = {"Help for ": "说明：", "Chat message from ": "对话："}
NAMES_SCRIPT = "window.jcgNames = @NAMES@;"


def _chinese_script() -> str:
    return (
        """
const TEXTS = @TEXTS@;
const LABELS = @LABELS@;
const PREFIXES = @PREFIXES@;
const chinese = () => {
  const doc = document;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue.trim();
    if (TEXTS[t]) n.nodeValue = n.nodeValue.replace(t, TEXTS[t]);
    else if (t.startsWith('The page that you have requested does not seem to exist'))
      n.nodeValue = '您要打开的页面不存在（或未开放），已为您打开问答页。';
  }
  doc.querySelectorAll('[placeholder]').forEach((e) => {
    const p = e.getAttribute('placeholder');
    if (TEXTS[p]) e.setAttribute('placeholder', TEXTS[p]);
  });
  doc.querySelectorAll('[aria-label], [title]').forEach((e) => {
    for (const attr of ['aria-label', 'title']) {
      const v = e.getAttribute(attr);
      if (!v) continue;
      if (LABELS[v]) { e.setAttribute(attr, LABELS[v]); continue; }
      for (const [en, zh] of Object.entries(PREFIXES))
        if (v.startsWith(en)) e.setAttribute(attr, zh + v.slice(en.length));
    }
  });
  doc.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stIconEmoji"]').forEach(
    (e) => { if (e.getAttribute('aria-hidden') !== 'true') e.setAttribute('aria-hidden', 'true'); });
  const names = window.jcgNames || {};
  for (const [key, name] of Object.entries(names)) {
    doc.querySelectorAll('.st-key-' + key + ' button').forEach((b) => {
      if (b.getAttribute('aria-label') !== name) b.setAttribute('aria-label', name);
    });
  }
};
""".replace("@TEXTS@", json.dumps(TEXTS, ensure_ascii=False))
        .replace("@LABELS@", json.dumps(LABELS, ensure_ascii=False))
        .replace("@PREFIXES@", json.dumps(PREFIXES, ensure_ascii=False))
    )


_PAGE_SCRIPT = _PAGE_SCRIPT.replace("@CHINESE@", _chinese_script())


def button_names(names: dict[str, str]) -> None:
    """Publish the accessible names of buttons drawn with these keys ("更正 省拨经费"); the
    page glue puts them on the buttons. Keys are widget keys; names are our own labels."""
    safe = {k: v for k, v in names.items() if k.replace("_", "").isalnum()}
    names_json = json.dumps(safe, ensure_ascii=False).replace("<", "\\u003c")
    st.html(
        "<script>" + NAMES_SCRIPT.replace("@NAMES@", names_json) + "</script>",
        unsafe_allow_javascript=True,
    )


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
