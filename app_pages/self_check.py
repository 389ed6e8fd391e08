"""政策体检: a form for the applicant type and key facts; the report lists every measure that
may apply, with amounts or ceilings, conditions still to prove, 责任单位 and the totals."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import streamlit as st

from assistant import presentation as pres
from ui.engine import applicant_names, get_assistant
from ui.header import header
from ui.report import render_report, render_widget

log = logging.getLogger("jcg.app")
EVENT_DATE_LABEL = "事项发生日期（验收、登记、认定或签约日期）"


def self_check_page() -> None:
    header("政策体检")
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
        # One date for the matters of this 体检: without it every line's 有效期内 stays 待证明.
        event_date = st.date_input(
            EVENT_DATE_LABEL,
            value=None,
            help="用于核对是否在政策有效期内；不清楚可留空。",
            key=f"sc_{applicant}_event_date",
        )
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
        if event_date is not None:
            facts["event_date"] = event_date
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


self_check_page()
