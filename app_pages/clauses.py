"""条款浏览: the 14 measures and the 附则, verbatim, with 责任单位 and each measure's figures."""

from __future__ import annotations

import streamlit as st

from assistant.answer import presentation as pres
from ui.clause_search import search
from ui.header import header


def render_parameters(label: str) -> None:
    """Each figure as a short block (not a wide table): on a phone nothing hides behind a
    sideways scroll, and on a desktop the 原文 is never cut."""
    rows = pres.parameter_rows(label)
    if not rows:
        return
    st.markdown("**本条的数值参数**")
    for row in rows:
        st.markdown(
            f"- **{row['说明']}**：{row['数值']}（{row['类型']}）\n\n  原文：“{row['原文']}”"
        )


def clauses_page() -> None:
    header("条款浏览")
    query = st.text_input(
        "查找条款",
        placeholder="条款号（6、六、第六条、（六））或词语（中试、银行、责任单位）",
        key="clause_filter",
    ).strip()
    hits = search(query)
    if query:
        st.caption(f"找到 {len(hits)} 条。" if hits else "")
    section = None
    for hit in hits:
        clause = hit.clause
        if not query and clause.section != section:
            section = clause.section
            st.markdown(f"#### {section}")
        with st.expander(clause.heading, expanded=bool(query) and len(hits) <= 3):
            if query and hit.why:
                st.caption(f"匹配：{hit.why}")
            st.markdown(pres.clause_html(clause, list(hit.marks)), unsafe_allow_html=True)
            if clause.units:
                st.caption("责任单位：" + "、".join(clause.units))
            render_parameters(clause.label)
    if query and not hits:
        st.info("没有找到相关条款。可以试试条款号（如“六”）或换个说法（如“贷款”“孵化器”）。")


clauses_page()
