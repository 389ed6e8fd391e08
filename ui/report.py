"""政策体检 on screen: the form's widgets and the report under it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.answer import presentation as pres
from assistant.answer.render.report import build
from assistant.service.export import report_html, report_markdown
from ui.answer import STATUS_TEXT, render_citations, render_units


def render_widget(spec: pres.FieldSpec, key: str, mark: str = "", on_change: Any = None) -> Any:
    """One field of the 体检 form; ``mark`` is appended to its label (a prefilled value says
    so), ``on_change`` is called with the key when the visitor edits it."""
    label = spec.full_label + mark
    changed = {"on_change": on_change, "args": (key,)} if on_change else {}
    if spec.widget == "yuan":
        wan = spec.unit == pres.WAN
        return st.number_input(
            label, min_value=0.0, max_value=1e8 if wan else 1e12, value=None,
            step=10.0 if wan else 100.0, format="%.2f" if wan else "%.0f", help=spec.help,
            placeholder=spec.placeholder, key=key, **changed,
        )  # fmt: skip
    if spec.widget == "int":
        return st.number_input(
            label, min_value=0, max_value=10_000, value=None, step=1, help=spec.help,
            placeholder=pres.UNSET, key=key, **changed,
        )  # fmt: skip
    if spec.widget == "number":
        return st.number_input(
            label, min_value=0.0, max_value=100.0, value=None, step=1.0, help=spec.help,
            placeholder=pres.UNSET, key=key, **changed,
        )  # fmt: skip
    if spec.widget == "bool":
        return st.selectbox(
            label, (pres.UNSET, pres.YES, pres.NO), help=spec.help, key=key, **changed
        )
    if spec.widget == "date":
        return st.date_input(label, value=None, help=spec.help, key=key, **changed)
    return st.selectbox(
        label,
        (None, *spec.options),
        format_func=pres.option_label,
        help=spec.help,
        key=key,
        **changed,
    )


def widget_default(spec: pres.FieldSpec) -> Any:
    """What :func:`render_widget` shows when nothing is given."""
    return pres.UNSET if spec.widget == "bool" else None


def render_report(report: dict[str, Any]) -> None:
    """The report as the downloads have it (one structure, :mod:`assistant.answer.render.report`):
    figured awards in expanders under their own headings, figureless measures one line each."""
    reply = report["reply"]
    r = build(reply, report["name"], report["facts"], now=report["at"])
    st.divider()
    st.subheader(f"体检结果 · {report['name']}", anchor=False)
    for warning in report.get("warnings", []):
        st.warning(warning, icon=":material/warning:")
    lines = r.facts[1:]  # the applicant type is the heading; then facts and each item's own
    if lines:
        with st.expander("按以下情况核对（请检查金额单位）", icon=":material/checklist:"):
            st.markdown("\n".join(f"- {k}：{v}" for k, v in lines))
    if r.exact or r.ceiling or r.reviewed:
        # Like with like: firm amounts, ceilings and amounts a review decides are never added
        # up. "0元" beside a ceiling would read as "you get nothing certain": a dash instead.
        cols = st.columns(3 if r.reviewed else 2)
        cols[0].metric("确定金额合计", r.exact or "—")
        cols[1].metric("上限合计（不是承诺）", r.ceiling or "—")
        if r.reviewed:
            cols[2].metric("经申报和评审", r.reviewed_amount)
            st.caption(f":material/gavel: {r.reviewed}")
    else:  # "0元" would read as "you get nothing" when the facts are simply not given yet
        st.info(
            "还没有能算出金额的措施：请在上面补充项目、金额等情况后重新生成。",
            icon=":material/edit_note:",
        )
    if r.conclusion:
        st.markdown(r.conclusion)
    for d in r.details:
        with st.expander(f"明细：{d.title}：{d.amount}"):
            for word, text in d.conditions:
                st.markdown(f"- {STATUS_TEXT[word]}：{text}")
            if d.steps:
                st.markdown("\n".join(f"{n}. {s}" for n, s in enumerate(d.steps, 1)))
            for line in [*d.schedule, *d.notes]:
                st.caption(line)
            if d.units:
                st.caption("责任单位：" + d.units)
    if r.briefs:
        st.markdown("**没有固定金额、但可能相关的措施**（原文未规定金额，可向责任单位咨询）")
        st.markdown(
            "\n".join(
                f"- **{b.title}**"
                + (f"（{b.measure}）" if b.measure else "")
                + f"｜责任单位：{b.units}"
                for b in r.briefs
            )
        )
    render_units(reply.units)
    render_citations(reply.citations, f"report_{report['applicant']}")
    if r.caveats:
        st.caption("\n".join(f"- {c}" for c in r.caveats))
    render_downloads(reply, report)


DOWNLOADS = (
    # label, writer, icon, file extension, MIME type, widget key
    ("下载报告（Markdown）", report_markdown, "download", "md", "text/markdown", "dl_report_md"),
    ("下载可打印网页（HTML）", report_html, "print", "html", "text/html", "dl_report_html"),
)


def render_downloads(reply: Any, report: dict[str, Any]) -> None:
    stamp_day = report["at"].strftime("%Y%m%d")
    for column, (label, write, icon, ext, mime, key) in zip(
        st.columns(len(DOWNLOADS)), DOWNLOADS, strict=True
    ):
        column.download_button(
            label,
            write(reply, report["name"], report["facts"], now=report["at"]),
            icon=f":material/{icon}:",
            file_name=f"jcg-self-check-{stamp_day}.{ext}",
            mime=mime,
            key=key,
        )
