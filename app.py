"""晋创谷·晋中 政策助手 — the Streamlit face: the router.

UI only: the engine answers; `assistant.answer.presentation` / `assistant.service.export` / `assistant.service.feedback`
do everything a test needs. Pages live in `app_pages/` (not `pages/`: a folder
named `pages` switches Streamlit to its older file-based navigation, which runs a page file
without this router, so no sidebar and no hand-over), their shared rendering in `ui/`. Only the
active page runs (st.navigation), so a long 体检 form costs nothing while chatting. Heavy
objects are built once per server (st.cache_resource); each browser session keeps its own
Conversation and history in st.session_state.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from ui import browser, form_state
from ui.casefile import render_case
from ui.engine import get_assistant
from ui.session import (
    INLINE_RESET,
    chat_download,
    init_state,
    next_visitor_button,
    queue_question,
)

log = logging.getLogger("jcg.app")
HERE = Path(__file__).resolve().parent
SIDEBAR_STARTERS = (
    "晋创谷·晋中是什么？怎么入驻？",
    "新入驻的团队能得到哪些支持？",
    "中试基地服务收入300万能拿多少？",
    "省级重点研发项目牵头验收了，省拨800万，奖多少？",
)

st.set_page_config(  # a local icon: ":material/…" makes the browser fetch one from Google
    page_title="晋创谷·晋中 政策助手",
    page_icon=str(HERE / "static" / "icon.png"),
    layout="centered",
)


PAGES = HERE / "app_pages"


def pages() -> tuple[st.Page, list[st.Page]]:
    """问答 first (the default), then 政策体检 and 条款浏览; the staff pages other issues add
    are registered when their files exist (运营看板 only when a passcode is configured)."""
    chat = st.Page(PAGES / "chat.py", title="问答", icon=":material/forum:", default=True)
    found = [
        chat,
        st.Page(PAGES / "self_check.py", title="政策体检", icon=":material/fact_check:"),
        st.Page(PAGES / "clauses.py", title="条款浏览", icon=":material/menu_book:"),
    ]
    if (PAGES / "batch.py").exists():
        found.append(st.Page(PAGES / "batch.py", title="政策匹配", icon=":material/table:"))
    if (PAGES / "ops.py").exists() and _ops_passcode():
        found.append(st.Page(PAGES / "ops.py", title="运营看板", icon=":material/monitoring:"))
    return chat, found


def _ops_passcode() -> str | None:
    from assistant.service.config import load_config

    return load_config().ops_passcode_hash  # JCG_OPS_PASSCODE_HASH or JCG_OPS_PASSCODE


def sidebar() -> None:
    with st.sidebar:
        next_visitor_button("reset", width="stretch")
        st.subheader("我的情况", anchor=False)
        render_case()
        chat_download(
            "导出对话（Markdown）",
            st.session_state.messages,
            "dl_chat",
            disabled=not st.session_state.messages,
            width="stretch",
        )
        with st.expander("示例问题"):
            for i, question in enumerate(SIDEBAR_STARTERS):
                st.button(
                    question, key=f"side_starter_{i}", on_click=queue_question, args=(question,)
                )


def guarded(section, *args) -> None:
    """A failing section shows a plain message, never a traceback, and the rest still renders."""
    try:
        section(*args)
    except Exception:
        log.exception("section %s failed", getattr(section, "__name__", section))
        st.error("抱歉，这一部分暂时无法显示。您的输入已保留，请稍后刷新再试。")


def main() -> None:
    init_state()
    browser.page_glue()
    chat, found = pages()
    page = st.navigation(found)
    st.session_state[form_state.PAGE] = page.url_path  # where a hand-over happens (ui.form_state)
    st.session_state.pop(INLINE_RESET, None)
    if st.session_state.get("queued") and page.url_path != chat.url_path:
        st.switch_page(chat)  # a sidebar starter from another page is answered in sight
    guarded(page.run)
    guarded(sidebar)  # after the page, so "我的情况" already reflects this run's answer
    try:
        get_assistant()  # warm the cache after the page is drawn, so the first answer is quick
    except Exception:
        log.exception("engine unavailable")


main()
