"""The sidebar's 我的情况: what the assistant assumes, as the case file's matters, each fact
with a remove button; a wrong figure is corrected by saying it ("不对，是500万")."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant import presentation as pres


def _drop_fact(index: int | None, name: str) -> None:
    conv = st.session_state.conv
    if index is not None and index < len(conv.case.matters):
        conv.case.retract_fact(index, name)
    conv.facts.pop(name, None)
    st.session_state.profile_note = f"已删除：{pres.field_label(name)}"


def _drop_matter(index: int) -> None:
    conv = st.session_state.conv
    if index < len(conv.case.matters):
        rule = conv.case.matters[index].rule
        conv.case.remove_matter(index)
        if conv.topic == rule and not conv.case.of_rule(rule):
            conv.topic = None
    st.session_state.profile_note = "已删除这一事项"


def _drop_applicant() -> None:
    conv = st.session_state.conv
    conv.applicant = None
    conv.case.applicant = None


def _fact_row(label: str, value: str, key: str, on_click: Any, args: tuple) -> None:
    with st.container(horizontal=True, gap="xxsmall", vertical_alignment="center"):
        st.markdown(f"{label}：**{value}**", width="stretch")
        st.button(
            "",
            icon=":material/close:",
            key=key,
            on_click=on_click,
            args=args,
            type="tertiary",
            help=f"删除“{label}”",
        )


def render_case() -> None:
    conv = st.session_state.conv
    shown_any = False
    if conv.applicant:
        from assistant.engine import APPLICANT_NAMES

        _fact_row(
            "主体类型",
            APPLICANT_NAMES.get(conv.applicant, conv.applicant),
            "cf_applicant",
            _drop_applicant,
            (),
        )
        shown_any = True
    in_matters: set[str] = set()
    for i, matter in enumerate(conv.case.matters):
        shown_any = True
        with st.container(border=True, gap="xxsmall"):
            st.markdown(f"**{conv.case.label(i)}**")
            for name, value in matter.facts.items():
                if value is None:
                    continue
                in_matters.add(name)
                _fact_row(
                    pres.field_label(name),
                    pres.show_value(name, value),
                    f"cf_{i}_{name}",
                    _drop_fact,
                    (i, name),
                )
            st.button(
                "删除这一事项",
                icon=":material/delete:",
                key=f"cf_matter_{i}",
                on_click=_drop_matter,
                args=(i,),
                type="tertiary",
            )
    for name, value in conv.facts.items():
        if value is None or name in in_matters:
            continue
        shown_any = True
        _fact_row(
            pres.field_label(name),
            pres.show_value(name, value),
            f"cf_fact_{name}",
            _drop_fact,
            (None, name),
        )
    note = st.session_state.pop("profile_note", None)
    if note:
        st.caption(note)
    if shown_any:
        st.caption("助手按以上情况回答。数字不对，直接在对话里说“不对，是……”；点 × 删除一项。")
    else:
        st.caption("还没有。告诉助手您是哪类单位、项目情况或金额，它会记在这里。")
