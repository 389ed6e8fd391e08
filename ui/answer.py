"""One chat turn on screen: the visitor's words as typed, and the assistant's answer with its
steps, 责任单位, clause chips, copy / print and feedback."""

from __future__ import annotations

import html
import logging
from datetime import datetime
from typing import Any

import streamlit as st

from assistant.answer import presentation as pres
from assistant.answer.render import markdown as md
from assistant.answer.render.awards import computed_groups
from assistant.answer.status import STATUS_WORDS
from assistant.service.feedback import FeedbackStore
from corpus.clauses import load_policy
from ui import browser
from ui.print_view import answer_html

log = logging.getLogger("jcg.app")

# Met / unmet / unknown as words with an icon beside them: an emoji alone renders as an empty
# box where no emoji font is installed, and then the status is lost.
STATUS_ICONS = {"met": "check_circle", "unknown": "help", "unmet": "cancel"}
STATUS_TEXT = {word: f":material/{STATUS_ICONS[s]}: {word}" for s, word in STATUS_WORDS.items()}
FEEDBACK_REASONS = ("金额不对", "条款不对", "没听懂", "其他")


def render_user(message: dict[str, Any]) -> None:
    """What the visitor typed, exactly: no Markdown is made of it (a link typed as
    ``[x](http://…)`` shows as those characters, without escape backslashes)."""
    st.html(f'<p class="jcg-user" id="m-{message["id"]}">{html.escape(message["content"])}</p>')


def render_units(units: list[str]) -> None:
    """责任单位 in body text, not a grey caption: a window clerk reads it out to the visitor."""
    if units:
        st.markdown(":material/account_balance: **责任单位**：" + "、".join(units))


def render_citations(citations: list[Any], key: str) -> None:
    grouped = pres.quotes_by_clause(citations)
    if not grouped:
        return
    policy = load_policy()
    st.caption("依据条款（点开查看原文，引用句已高亮）")
    with st.container(horizontal=True, gap="small"):
        for label, quotes in grouped.items():
            clause = policy.clause(label)
            with st.popover(
                clause.heading, icon=":material/description:", key=f"pop_{key}_{label}"
            ):
                st.markdown(
                    f"**{clause.heading}**　<small>{clause.section}</small>", unsafe_allow_html=True
                )
                st.markdown(pres.clause_html(clause, quotes), unsafe_allow_html=True)
                if clause.units:
                    st.caption("责任单位：" + "、".join(clause.units))


def save_feedback(message_id: str) -> None:
    rating = st.session_state.get(f"fb_{message_id}")
    _record(message_id, rating, None)
    if rating == 0:
        st.toast("感谢反馈，我们会改进。可以在下面选一个原因。", icon=":material/thumb_down:")
    elif rating == 1:
        st.toast("感谢您的反馈！", icon=":material/thumb_up:")


def save_reason(message_id: str) -> None:
    reason = st.session_state.get(f"fbr_{message_id}")
    if reason:
        _record(message_id, 0, reason)
        st.toast(f"已记录原因：{reason}", icon=":material/edit_note:")


def _record(message_id: str, rating: int | None, reason: str | None) -> None:
    message = next((m for m in st.session_state.messages if m["id"] == message_id), None)
    if message is None:
        return
    reply = message.get("reply")
    try:
        FeedbackStore().record(
            question=message.get("question", ""),
            answer=message.get("content", ""),
            clauses=[c.clause for c in reply.citations] if reply is not None else [],
            rating=rating,
            reason=reason,
            message_id=message_id,
            session_id=st.session_state.session_id,
        )
    except Exception:  # the records database is unreachable: the chat goes on
        log.exception("could not save feedback")
        st.toast("反馈暂时无法保存，请稍后再试。", icon=":material/warning:")


def render_tools(message: dict[str, Any]) -> None:
    """Copy, print and rate one answer, in one row under it."""
    mid = message["id"]
    reply = message["reply"]
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.feedback("thumbs", key=f"fb_{mid}", on_change=save_feedback, args=(mid,))
        page = answer_html(message.get("question", ""), reply)
        with st.popover("复制", icon=":material/content_copy:", key=f"copy_{mid}"):
            st.caption("点右上角的复制图标，即可复制整段答复（纯文本）。")
            st.code(reply.answer, language=None, wrap_lines=True)
            st.download_button(
                "下载打印版（网页）",
                page,
                icon=":material/download:",
                file_name=f"jcg-answer-{datetime.now():%Y%m%d-%H%M}.html",
                mime="text/html",
                key=f"print_{mid}",
                help="保存一页可直接打印的答复（含条款原文和责任单位）",
            )
        browser.print_button(mid, page)
    if st.session_state.get(f"fb_{mid}") == 0:
        st.pills(
            "哪里不对？（可选）",
            FEEDBACK_REASONS,
            key=f"fbr_{mid}",
            on_change=save_reason,
            args=(mid,),
        )


def render_steps(reply: Any) -> None:
    """Steps and conditions: one expander per award when there are several (two awards of one
    clause, several matters), each titled with that award's own heading; else one expander."""
    groups = md.per_award(reply)
    if not groups and not reply.steps:  # a list of measures: each amount still shows its steps
        groups = computed_groups(reply)
    for group in groups:
        with st.expander(f"计算过程与条件核对：{group.title}", icon=":material/calculate:"):
            st.markdown(md.group_markdown(group))
            if group.conditions:
                st.caption(f"条件状态{md.CONDITION_LEGEND}")
    steps = "" if groups else md.steps_markdown(reply)
    if steps:
        with st.expander("计算过程与条件核对", icon=":material/calculate:"):
            st.markdown(steps)


def render_assistant(message: dict[str, Any]) -> None:
    reply = message.get("reply")
    if reply is None:
        st.warning(message["content"])
        return
    if message.get("superseded"):
        st.caption(
            f":material/history: **已更正**（{message['superseded']}）："
            "这条答复按更正前的情况计算，按更正后的情况重新计算的答复在下面。"
        )
    if message.get("correction"):
        st.caption(f":material/edit_note: {message['correction']}，已按更正后的情况重新计算：")
    if reply.follow_up:
        st.caption(":material/contact_support: 助手在追问：请补充下面的信息，我就能算出来")
    st.markdown(md.main_markdown(reply))
    render_steps(reply)
    render_units(reply.units)
    render_citations(reply.citations, message["id"])
    if reply.caveats:
        with st.expander("提示：有效期、“就高不重复”与估算说明", icon=":material/info:"):
            st.caption("\n".join(f"- {c}" for c in reply.caveats))
    render_tools(message)


def render_message(message: dict[str, Any]) -> None:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            render_user(message)
        else:
            render_assistant(message)
