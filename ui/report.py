"""政策体检 on screen: the form's widgets and the report under it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant import presentation as pres
from assistant.export import report_html, report_markdown, totals
from assistant.render import markdown as md
from ui.answer import STATUS_TEXT, render_citations, render_units


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


def render_report(report: dict[str, Any]) -> None:
    from calculators.common import format_yuan

    reply = report["reply"]
    st.divider()
    st.subheader(f"体检结果 · {report['name']}", anchor=False)
    exact, ceiling = totals(reply.details)
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
    st.markdown(md.main_markdown(reply))
    for award in reply.details:
        title = f"{award.clause}{pres.award_name(award)}"
        with st.expander(f"明细：{title}"):
            for c in award.conditions:
                st.markdown(f"- {STATUS_TEXT[c.status]}：{c.text}")
            if award.steps:
                st.markdown("\n".join(f"{n}. {s}" for n, s in enumerate(award.steps, 1)))
            for note in award.notes:
                st.caption(note)
            if award.units:
                st.caption("责任单位：" + "、".join(award.units))
    render_units(reply.units)
    render_citations(reply.citations, f"report_{report['applicant']}")
    if reply.caveats:
        st.caption("\n".join(f"- {c}" for c in reply.caveats))
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
