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
    // The skip link leads to the chat input, so it exists only where the input does (other
    // pages keep Streamlit's own link to the main content).
    const skipLink = doc.getElementById('jcg-skip');
    if (!box && skipLink) skipLink.remove();
    if (box && !skipLink) {
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
    "Upload": "上传",
    "Browse files": "选择文件",
    "Drag and drop file here": "把文件拖到这里",
    "Drag and drop files here": "把文件拖到这里",
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
    "Sidebar": "侧栏",
    "App pages": "页面导航",
    "Send message": "发送",
    "Main menu": "主菜单",
    "Expand sidebar": "展开侧栏",
    "Collapse sidebar": "收起侧栏",
    "Open": "打开",
    "Choose date": "选择日期",
    "Choose date range": "选择日期范围",
    "Quick select a date range": "快速选择日期范围",
    "Clear date": "清除日期",
    "Clear dates": "清除日期",
    "Previous month": "上个月",
    "Next month": "下个月",
    "Running...": "正在运行…",
    "Stop script": "停止运行",
    "Notifications": "通知",
    "Add files": "添加文件",
    "file upload": "上传文件",
    "Selected values": "已选",
    "Link to heading": "标题链接",
    "Navigate to home page": "回到首页",
    "Markdown content": "文本",
    "Button action menu": "按钮菜单",
    "Dataframe column menu": "列菜单",
    "Copy column name": "复制列名",
    "Pagination": "分页",
    "Previous page": "上一页",
    "Next page": "下一页",
    "Show password": "显示密码",
    "Hide password": "隐藏密码",
    "Show/hide columns": "显示/隐藏列",
    "Download as CSV": "下载为 CSV",
    "Search": "搜索",
    "Show data": "显示数据",
    "Download as PNG": "下载为 PNG 图片",
    "Download as SVG": "下载为 SVG 图片",
    "Copy Vega-Lite spec": "复制图表定义",
    "Vega visualization": "图表",
    "progress": "进度",
}
PREFIXES = {
    "Help for ": "说明：",
    "Chat message from ": "对话：",
    "Shortcut ": "快捷键 ",
    "Upload ": "上传 ",
    "Remove ": "移除 ",
    "year, ": "年，",
    "month, ": "月，",
    "day, ": "日，",
}
SUFFIXES = {" start date": " 开始日期", " end date": " 结束日期"}
NAMES_SCRIPT = "window.jcgNames = @NAMES@;"


def _chinese_script() -> str:
    return (
        """
const TEXTS = @TEXTS@;
const LABELS = @LABELS@;
const PREFIXES = @PREFIXES@;
const SUFFIXES = @SUFFIXES@;
const chinese = () => {
  const doc = document;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue.trim();
    if (TEXTS[t]) n.nodeValue = n.nodeValue.replace(t, TEXTS[t]);
    else if (t.startsWith('The page that you have requested does not seem to exist'))
      n.nodeValue = '您要打开的页面不存在（或未开放），已为您打开问答页。';
    else if (/^\\d+MB per file/.test(t))
      n.nodeValue = t.replace(/^(\\d+MB) per file/, '每个文件不超过 $1');
    else if (t.startsWith('Selected Date: ')) {
      const d = new Date(t.slice(15));
      n.nodeValue = isNaN(d) ? '已选日期' :
        `已选日期：${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
    }
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
      let out = v;
      for (const [en, zh] of Object.entries(PREFIXES))
        if (out.startsWith(en)) out = zh + out.slice(en.length);
      for (const [en, zh] of Object.entries(SUFFIXES))
        if (out.endsWith(en)) out = out.slice(0, -en.length) + zh;
      if (out !== v) e.setAttribute(attr, out);
    }
  });
  // ":material/…:" in Markdown is an image named "gavel icon": it stands beside its words.
  doc.querySelectorAll('span[role="img"][aria-label$=" icon"]').forEach((e) => {
    if (e.getAttribute('aria-hidden') !== 'true') e.setAttribute('aria-hidden', 'true');
  });
  doc.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stIconEmoji"]').forEach(
    (e) => { if (e.getAttribute('aria-hidden') !== 'true') e.setAttribute('aria-hidden', 'true'); });
  // A toast is an alertdialog named by an element React Aria does not render: name it by its
  // own text, so a screen reader announces what it says.
  doc.querySelectorAll('[data-testid="stToast"]').forEach((toast, i) => {
    const text = toast.querySelector('[data-testid="stToastText"]');
    if (!text) return;
    if (!text.id) text.id = 'jcg-toast-' + i + '-' + Date.now();
    if (toast.getAttribute('aria-labelledby') !== text.id) toast.setAttribute('aria-labelledby', text.id);
  });
  // A popover is a dialog named by its button's label; a menu drawn as an icon alone has an
  // empty label, so it takes the name we gave its button ("更正/删除 国拨/省拨经费").
  doc.querySelectorAll('[data-testid="stPopoverBody"]').forEach((body) => {
    if (body.getAttribute('aria-label')) return;
    const opener = doc.querySelector(
      '[data-testid="stPopoverButton"][aria-expanded="true"][aria-label]');
    if (opener) body.setAttribute('aria-label', opener.getAttribute('aria-label'));
  });
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
        .replace("@SUFFIXES@", json.dumps(SUFFIXES, ensure_ascii=False))
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
/* 打印版: looks like the buttons beside it; opens the answer's print page and the dialog. */
.jcg-print { font: inherit; font-size: 0.875rem; padding: 0.25rem 0.75rem; min-height: 2.5rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; background: #fff;
  color: #31333f; cursor: pointer; white-space: nowrap; }
.jcg-print:hover, .jcg-print:focus-visible { border-color: #8b1a1a; color: #8b1a1a; }
/* 我的情况: one line per fact, its menu at the end of the line (three matters fit on a
   screen): the line never wraps the menu under the text, and the menu is its icon alone. */
[data-testid="stSidebar"] [class*="st-key-cf_"] button { min-height: 1.5rem; padding: 0 0.3rem; }
[data-testid="stSidebar"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
[data-testid="stSidebar"] [data-testid="stHorizontalBlock"]:has(> [class*="st-key-cf_menu_"]) {
  flex-wrap: nowrap; align-items: center; }
[data-testid="stSidebar"] [data-testid="stHorizontalBlock"]:has(> [class*="st-key-cf_menu_"])
  > [data-testid="stElementContainer"] { min-width: 0; flex: 1 1 auto; }
[data-testid="stSidebar"] [class*="st-key-cf_box_"] { padding: 0.45rem 0.55rem; gap: 0.1rem; }
[data-testid="stSidebar"] [data-testid="stHorizontalBlock"]:has(> [class*="st-key-cf_menu_"]) p {
  font-size: 0.875rem; line-height: 1.45; margin: 0; }
[data-testid="stSidebar"] [data-testid="stHorizontalBlock"]:has(> [class*="st-key-cf_menu_"])
  [data-testid="stMarkdownContainer"] { margin-bottom: 0; }
[data-testid="stSidebar"] [class*="st-key-cf_menu_"] [data-testid="stPopoverButton"]
  div[aria-hidden="true"] { display: none; }
/* On a phone the chat input keeps room for its two-line hint after the first answer. */
@media (max-width: 640px) {
  [data-testid="stChatInputTextArea"] { min-height: 3.2rem !important; }
}
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


def scroll_to_key(key: str, nonce: str) -> None:
    """Bring the element drawn with ``key`` into view (运营看板's 查看 opens a record far above
    the button that asked for it). ``nonce`` makes the script new, so it runs each time."""
    safe = "".join(ch for ch in key if ch.isalnum() or ch in "_-")
    tag = "".join(ch for ch in nonce if ch.isalnum())
    st.html(
        f"""<script>/* scroll {tag} */
(() => {{
  const go = () => {{
    const el = document.querySelector('.st-key-{safe}');
    if (el) el.scrollIntoView({{block: 'start', behavior: 'instant'}});
  }};
  [80, 400, 900].forEach((ms) => setTimeout(go, ms));
}})();
</script>""",
        unsafe_allow_javascript=True,
    )


def print_button(message_id: str, page: str) -> None:
    """打印版: opens the answer's print page (``page``, our own autoescaped HTML) in a new
    window and the browser's print dialog, instead of downloading a file."""
    safe = "".join(ch for ch in message_id if ch.isalnum())
    payload = json.dumps(page, ensure_ascii=False).replace("<", "\\u003c")
    st.html(
        f"""<button type="button" class="jcg-print" id="jcg-print-{safe}"
 title="在新窗口打开可打印的答复并调出打印对话框">打印版</button>
<script>
(() => {{
  const button = document.getElementById('jcg-print-{safe}');
  if (!button || button.dataset.ready) return;
  button.dataset.ready = '1';
  const page = {payload};
  button.addEventListener('click', () => {{
    const w = window.open('', '_blank');
    if (!w) return;
    w.document.open();
    w.document.write(page);
    w.document.close();
    w.focus();
    setTimeout(() => w.print(), 300);
  }});
}})();
</script>""",
        unsafe_allow_javascript=True,
    )
