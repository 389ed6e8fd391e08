"""晋创谷·晋中 政策助手 — the Streamlit face.

UI only: the engine answers, `assistant.presentation` / `assistant.export` / `assistant.feedback`
do everything a test needs. Heavy objects are built once per server (st.cache_resource); each
browser session keeps its own Conversation and history in st.session_state.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

import streamlit as st

from assistant import presentation as pres
from assistant.export import (
    STATUS_MARK,
    conversation_markdown,
    report_html,
    report_markdown,
    totals,
)
from assistant.feedback import FeedbackStore
from assistant.state import Conversation
from corpus.clauses import load_policy

log = logging.getLogger("jcg.app")

STARTERS = (
    "怎么入驻晋创谷·晋中？",
    "新入驻的团队能得到哪些支持？",
    "中试基地服务收入300万能拿多少？",
    "省级重点研发项目牵头验收了，省拨800万，奖多少？",  # short: a button must not truncate
)
TABS = [
    ":material/forum: 政策问答",
    ":material/fact_check: 政策体检",
    ":material/menu_book: 条款浏览",
]
SORRY = "抱歉，助手暂时无法回答这个问题。您的问题已保留在对话中，请稍后再试或换个说法。"
MAX_CHARS = 2000  # the chat box's limit: what assistant.engine reads of one message
LOADING = "首次启动：正在加载政策索引和向量模型，请稍候…"

st.set_page_config(
    page_title="晋创谷·晋中 政策助手", page_icon=":material/account_balance:", layout="centered"
)


# ------------------------------------------------------------------------- resources & state
@st.cache_resource(show_spinner=LOADING)
def get_assistant() -> Any:
    from assistant.engine import Assistant

    return Assistant.default()


def applicant_names() -> dict[str, str]:
    from assistant.engine import APPLICANT_NAMES

    return APPLICANT_NAMES


def init_state() -> None:
    ss = st.session_state
    ss.setdefault("conv", Conversation())
    ss.setdefault("messages", [])
    ss.setdefault("session_id", uuid.uuid4().hex[:12])
    ss.setdefault("report", None)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


# Session keys one visitor leaves behind: the 体检 form's fields and the answers' ratings.
VISITOR_KEY_PREFIXES = ("sc_", "fb_")


def reset() -> None:
    """Ready for the next visitor: conversation, facts, 体检 form and report all cleared."""
    ss = st.session_state
    ss.conv = Conversation()
    ss.messages = []
    ss.session_id = new_id()  # feedback from the next visitor is not grouped with this one's
    ss.report = None
    ss.pop("queued", None)
    for key in [k for k in ss if str(k).startswith(VISITOR_KEY_PREFIXES)]:
        del ss[key]


def queue_question(question: str) -> None:
    st.session_state.queued = question


def save_feedback(message_id: str) -> None:
    rating = st.session_state.get(f"fb_{message_id}")
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
            message_id=message_id,
            session_id=st.session_state.session_id,
        )
        st.toast("感谢您的反馈！", icon=":material/thumb_up:")
    except OSError:
        log.exception("could not save feedback")
        st.toast("反馈暂时无法保存，请稍后再试。", icon=":material/warning:")


# ------------------------------------------------------------------------- pieces
def render_stamp() -> None:
    s = pres.stamp()
    with st.container(border=True):
        st.markdown(f":material/gavel: **《{s.title}》**")
        # The 附则 sentence is a tooltip: on a phone the stamp must not push the chat off screen.
        st.caption(
            f"有效期 **{s.validity}**　·　{pres.ESTIMATE_NOTE}",
            help=f"附则：{s.validity_sentence}",
        )


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


def render_assistant(message: dict[str, Any]) -> None:
    reply = message.get("reply")
    if reply is None:
        st.warning(message["content"])
        return
    if reply.follow_up:
        st.caption(":material/contact_support: 助手在追问：请补充下面的信息，我就能算出来")
    parts = pres.split_answer(reply.answer)
    st.markdown(parts.main)
    if parts.steps:
        with st.expander("计算过程与条件核对", icon=":material/calculate:"):
            st.markdown(parts.steps)
    render_units(reply.units)
    render_citations(reply.citations, message["id"])
    if parts.caveats:
        with st.expander("提示：有效期、“就高不重复”与估算说明", icon=":material/info:"):
            st.caption(parts.caveats.replace("**提示**", "").strip())
    st.feedback("thumbs", key=f"fb_{message['id']}", on_change=save_feedback, args=(message["id"],))


def render_message(message: dict[str, Any]) -> None:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.markdown(pres.escape_markdown(message["content"]))
        else:
            render_assistant(message)


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
        render_assistant(message)


def render_starters(prefix: str) -> None:
    with st.container(horizontal=True, gap="small"):
        for i, question in enumerate(STARTERS):
            st.button(question, key=f"{prefix}_{i}", on_click=queue_question, args=(question,))


# ------------------------------------------------------------------------- tabs
def chat_tab() -> None:
    history = st.container()
    prompt = st.chat_input(
        "请输入您的问题，例如：中试基地服务收入300万能拿多少？",
        key="chat_input",
        max_chars=MAX_CHARS,
    )
    question = prompt or st.session_state.pop("queued", None)
    with history:
        if not st.session_state.messages and not question:
            st.markdown(
                "您好！我依据政策原文回答 **能享受哪些支持、能拿多少、找哪个部门**，"
                "每个金额都写明计算过程和条款出处。新来的可以先点一个问题试试："
            )
            render_starters("starter")
        for message in st.session_state.messages:
            render_message(message)
        if question:
            answer(question)
        if st.session_state.messages:
            render_chat_actions()


def render_chat_actions() -> None:
    """Reset and export under the last answer: on a phone the sidebar is folded away, and a
    window clerk needs the next-visitor reset where the eyes already are."""
    with st.container(horizontal=True, gap="small"):
        st.button(
            "下一位 / 重新开始", icon=":material/restart_alt:", on_click=reset, key="reset_inline"
        )
        st.download_button(
            "导出对话",
            conversation_markdown(st.session_state.messages),
            icon=":material/download:",
            file_name=f"jcg-chat-{datetime.now():%Y%m%d-%H%M}.md",
            mime="text/markdown",
            key="dl_chat_inline",
        )


def render_widget(spec: pres.FieldSpec, key: str) -> Any:
    label = spec.full_label
    if spec.widget == "yuan":
        wan = spec.unit == pres.WAN
        return st.number_input(
            label, min_value=0.0, max_value=1e8 if wan else 1e12, value=None,
            step=10.0 if wan else 100.0, format="%.2f" if wan else "%.0f", help=spec.help,
            placeholder=spec.placeholder, key=key,
        )  # fmt: skip
    if spec.widget == "int":
        return st.number_input(
            label, min_value=0, max_value=10_000, value=None, step=1, help=spec.help,
            placeholder=pres.UNSET, key=key,
        )  # fmt: skip
    if spec.widget == "number":
        return st.number_input(
            label, min_value=0.0, max_value=100.0, value=None, step=1.0, help=spec.help,
            placeholder=pres.UNSET, key=key,
        )  # fmt: skip
    if spec.widget == "bool":
        return st.selectbox(label, (pres.UNSET, pres.YES, pres.NO), help=spec.help, key=key)
    if spec.widget == "date":
        return st.date_input(label, value=None, help=spec.help, key=key)
    return st.selectbox(
        label, (None, *spec.options), format_func=pres.option_label, help=spec.help, key=key
    )


def self_check_tab() -> None:
    names = applicant_names()
    st.markdown(
        "填写您的情况，助手逐条核对 **每一项可能适用的措施**：金额或上限、还需证明的条件、责任单位和合计。不知道的可以留空。"
    )
    st.caption(
        ":material/info: 金额按栏名括号里的单位填写：多数栏是 **万元**（800万元填 800），"
        "个别小额栏是 **元**；“是/否”不清楚的保持“未说明”。"
    )
    applicant = st.selectbox(
        "主体类型", list(names), format_func=lambda k: names[k], key="sc_applicant"
    )
    groups = pres.form_groups(applicant)
    raw: dict[str, Any] = {}
    with st.form("self_check_form"):
        if not groups:
            st.info("这类主体对应的措施没有资金标准，直接生成报告即可查看相关条款。")
        for group in groups:
            st.markdown(f"**{group.title}**")
            cols = st.columns(2)
            for i, spec in enumerate(group.fields):
                with cols[i % 2]:
                    raw[spec.name] = render_widget(spec, f"sc_{applicant}_{spec.name}")
        submitted = st.form_submit_button("生成体检报告", type="primary")
    if submitted:
        facts = pres.facts_from_form(applicant, raw)
        try:
            engine = get_assistant()
            with st.spinner("正在逐条核对…"):
                reply = engine.self_check(applicant, facts)
            st.session_state.report = {
                "applicant": applicant,
                "name": names[applicant],
                "facts": facts,
                "reply": reply,
                "at": datetime.now(),
                "warnings": pres.unit_warnings(applicant, raw),
            }
        except Exception:
            log.exception("self-check failed")
            st.error("抱歉，体检报告暂时无法生成。您填写的内容已保留，请稍后再试。")
    report = st.session_state.report
    if report and report["applicant"] == applicant:
        render_report(report)
    elif report:  # the type was switched: the old report is not about this applicant
        st.caption(f"上一份报告是按“{report['name']}”生成的；请为当前主体类型重新生成。")


def render_report(report: dict[str, Any]) -> None:
    reply = report["reply"]
    st.divider()
    st.subheader(f"体检结果 · {report['name']}")
    exact, ceiling = totals(reply.details)
    from calculators.common import format_yuan

    for warning in report.get("warnings", []):
        st.warning(warning, icon=":material/warning:")
    lines = pres.fact_lines(report["facts"])
    if lines:
        with st.expander("按以下情况核对（请检查金额单位）", icon=":material/checklist:"):
            st.markdown("\n".join(f"- {k}：{v}" for k, v in lines))
    if exact or ceiling:
        c1, c2 = st.columns(2)
        # "0元" beside a ceiling would read as "you get nothing certain" — show a dash instead
        c1.metric("确定金额合计", format_yuan(exact) if exact else "—")
        c2.metric("上限合计（不是承诺）", format_yuan(ceiling) if ceiling else "—")
    else:  # "0元" would read as "you get nothing" when the facts are simply not given yet
        st.info(
            "还没有能算出金额的措施：请在上面补充项目、金额等情况后重新生成。",
            icon=":material/edit_note:",
        )
    parts = pres.split_answer(reply.answer)
    st.markdown(parts.main)
    for award in reply.details:
        title = f"{award.clause}{pres.award_name(award)}"
        with st.expander(f"明细：{title}"):
            for c in award.conditions:
                st.markdown(f"- {STATUS_MARK[c.status]}：{c.text}")
            if award.steps:
                st.markdown("\n".join(f"{n}. {s}" for n, s in enumerate(award.steps, 1)))
            for note in award.notes:
                st.caption(note)
            if award.units:
                st.caption("责任单位：" + "、".join(award.units))
    render_units(reply.units)
    render_citations(reply.citations, f"report_{report['applicant']}")
    if parts.caveats:
        st.caption(parts.caveats.replace("**提示**", "").strip())
    stamp_day = report["at"].strftime("%Y%m%d")
    c1, c2 = st.columns(2)
    c1.download_button(
        "下载报告（Markdown）",
        report_markdown(reply, report["name"], report["facts"], now=report["at"]),
        icon=":material/download:",
        file_name=f"jcg-self-check-{stamp_day}.md",
        mime="text/markdown",
        key="dl_report_md",
    )
    c2.download_button(
        "下载可打印网页（HTML）",
        report_html(reply, report["name"], report["facts"], now=report["at"]),
        icon=":material/print:",
        file_name=f"jcg-self-check-{stamp_day}.html",
        mime="text/html",
        key="dl_report_html",
    )


def clauses_tab() -> None:
    policy = load_policy()
    keyword = st.text_input(
        "关键词筛选", placeholder="例如：中试、孵化器、责任单位", key="clause_filter"
    )
    keyword = keyword.strip()
    section = None
    shown = 0
    for clause in policy.clauses:
        if keyword and keyword not in clause.heading + clause.body:
            continue
        shown += 1
        if clause.section != section:
            section = clause.section
            st.markdown(f"#### {section}")
        with st.expander(clause.heading, expanded=bool(keyword)):
            st.markdown(
                pres.clause_html(clause, [keyword] if keyword else []), unsafe_allow_html=True
            )
            if clause.units:
                st.caption("责任单位：" + "、".join(clause.units))
            rows = pres.parameter_rows(clause.label)
            if rows:
                st.markdown("**本条的数值参数**")
                st.dataframe(rows, hide_index=True, width="stretch")
    if not shown:
        st.info("没有包含该关键词的条款。")


def sidebar() -> None:
    with st.sidebar:
        st.header("晋创谷·晋中 政策助手")
        st.button(
            "重新开始", icon=":material/restart_alt:", on_click=reset, key="reset", width="stretch"
        )
        st.subheader("我的情况")
        conv = st.session_state.conv
        lines = pres.profile_lines(conv.applicant, conv.topic, conv.facts)
        if lines:
            st.markdown("\n".join(f"- {line}" for line in lines))
            st.caption("助手按以上情况回答；说“重新开始”或点上方按钮可清空。")
        else:
            st.caption("还没有。告诉助手您是哪类单位、项目情况或金额，它会记在这里。")
        st.subheader("导出")
        st.download_button(
            "导出对话（Markdown）",
            conversation_markdown(st.session_state.messages),
            icon=":material/download:",
            file_name=f"jcg-chat-{datetime.now():%Y%m%d-%H%M}.md",
            mime="text/markdown",
            disabled=not st.session_state.messages,
            key="dl_chat",
            width="stretch",
        )
        with st.expander("示例问题"):
            for i, question in enumerate(STARTERS):
                st.button(
                    question, key=f"side_starter_{i}", on_click=queue_question, args=(question,)
                )


def guarded(section: Any) -> None:
    """A failing section shows a plain message, never a traceback, and the rest still renders."""
    try:
        section()
    except Exception:
        log.exception("section %s failed", getattr(section, "__name__", section))
        st.error("抱歉，这一部分暂时无法显示。您的输入已保留，请稍后刷新再试。")


# ------------------------------------------------------------------------- page
init_state()
st.title("晋创谷·晋中 政策助手", anchor=False)
guarded(render_stamp)
tab_chat, tab_check, tab_clauses = st.tabs(TABS)
with tab_chat:
    guarded(chat_tab)
with tab_check:
    guarded(self_check_tab)
with tab_clauses:
    guarded(clauses_tab)
guarded(sidebar)  # last, so "我的情况" already reflects this run's answer
try:
    get_assistant()  # warm the cache after the page is drawn, so the first answer is quick
except Exception:
    log.exception("engine unavailable")
