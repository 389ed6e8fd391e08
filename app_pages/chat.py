"""问答: the conversation. The chat input is top-level on this page, so Streamlit pins it to the
bottom of the screen and it never scrolls away under a long answer."""

from __future__ import annotations

import logging

import streamlit as st

from assistant.service.feedback import record_answer
from ui import browser
from ui.answer import render_message
from ui.engine import get_assistant
from ui.handover import read_handover
from ui.header import header
from ui.session import (
    chat_download,
    conversation_began,
    new_id,
    next_visitor_button,
    queue_question,
    reset,
)

log = logging.getLogger("jcg.app")

STARTERS = (
    "晋创谷·晋中是什么？怎么入驻？",
    "新入驻的团队能得到哪些支持？",
    "中试基地服务收入300万能拿多少？",
    "省级重点研发项目牵头验收了，省拨800万，奖多少？",  # short: a button must not truncate
)
SORRY = "抱歉，助手暂时无法回答这个问题。您的问题已保留在对话中，请稍后再试或换个说法。"
# The engine reads the first 2,000 characters and says so; the box itself takes a long paste
# (a browser box with a 2,000 limit drops a longer paste without a word).
MAX_PASTE = 20_000
PLACEHOLDER = "请输入您的问题，例如：中试基地服务收入300万能拿多少？"


def answer(question: str) -> None:
    """Record the question first, so it stays in the history even if answering fails."""
    messages = st.session_state.messages
    messages.append({"id": new_id(), "role": "user", "content": question})
    render_message(messages[-1])
    with st.chat_message("assistant"):
        reply = None
        try:
            engine = get_assistant()
            with st.spinner("正在查找条款并计算…"):
                reply = engine.reply(st.session_state.conv, question)
        except Exception:
            log.exception("answering failed")
        message = {
            "id": new_id(),
            "role": "assistant",
            "question": question,
            "content": reply.answer if reply is not None else SORRY,
            "reply": reply,
        }
        messages.append(message)
        if reply is not None:  # every answered turn goes to the records (运营看板)
            record_answer(
                question,
                reply,
                turn_id=message["id"],
                session_id=st.session_state.session_id,
                conversation=st.session_state.conv,
            )
        from ui.answer import render_assistant

        render_assistant(message)
    browser.scroll_to_latest(messages[-2]["id"])


def render_starters(prefix: str) -> None:
    with st.container(horizontal=True, gap="small"):
        for i, question in enumerate(STARTERS):
            st.button(question, key=f"{prefix}_{i}", on_click=queue_question, args=(question,))


def render_previous() -> None:
    """After a hand-over: the screen is the new visitor's; the last transcript is one download."""
    previous = st.session_state.previous
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(
            ":material/how_to_reg: 已换到下一位，屏幕已清空。上一位的对话可下载，新对话开始后即删除。"
        )
        chat_download("下载上一位的对话", previous["messages"], "dl_previous", at=previous["at"])


def render_chat_actions() -> None:
    """Reset and export under the last answer: on a phone the sidebar is folded away, and a
    window clerk needs the next-visitor reset where the eyes already are."""
    with st.container(horizontal=True, gap="small"):
        next_visitor_button(
            "reset_inline",
            help="清空屏幕和已记下的情况，接待下一位（也可以直接输入“下一位”）",
        )
        chat_download("导出对话", st.session_state.messages, "dl_chat_inline")


def take_question() -> str | None:
    """This run's question: typed, or a starter button's. A typed hand-over clears the screen
    first, exactly like the 下一位 button; a bare one has nothing else to answer."""
    prompt = st.chat_input(PLACEHOLDER, key="chat_input", max_chars=MAX_PASTE)
    question = prompt or st.session_state.pop("queued", None)
    if not question:
        return None
    handover = read_handover(question)
    if handover.new_visitor:
        reset()
        return None if handover.bare else question
    conversation_began()
    return question


def chat_page() -> None:
    question = take_question()
    header()
    ss = st.session_state
    if ss.previous is not None:
        render_previous()
    if not ss.messages and not question:
        st.markdown(
            "您好！我依据政策原文回答 **能享受哪些支持、能拿多少、找哪个部门**，"
            "每个金额都写明计算过程和条款出处。可以先点一个问题试试："
        )
        render_starters("starter")
    for message in ss.messages:
        render_message(message)
    if question:
        answer(question)
    if ss.messages:
        render_chat_actions()
    if ss.get("focus_done", 0) != ss.focus_nonce:
        ss.focus_done = ss.focus_nonce
        browser.focus_input(ss.focus_nonce)


chat_page()
