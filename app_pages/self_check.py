"""政策体检: a form for the applicant type and key facts; the report lists every measure that
may apply, with amounts or ceilings, conditions still to prove, 责任单位 and the totals.

A measure the text computes item by item (projects, contracts, stations, carriers…) takes
several items: "＋ 再添加一个项目" adds a block of that measure's own fields, each block can be
removed, and several items reach the engine as matters (assistant.answer.presentation.read_form)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import streamlit as st

from assistant.answer import presentation as pres
from ui.engine import applicant_names, get_assistant
from ui.header import header
from ui.report import render_report, render_widget

log = logging.getLogger("jcg.app")
EVENT_DATE_LABEL = "事项发生日期（验收、登记、认定或签约日期）"
# Session keys (the "sc_" prefix: cleared with the rest of the form between visitors).
ITEMS = "sc_items"  # "applicant/rule" → the ids of its items, in order
NEXT_ITEM = "sc_next_item"


def item_ids(applicant: str, rule: str) -> list[int]:
    """The items of one measure, by id: ids stay with their block (and its typed values) when
    an earlier block is removed. Item 0 is the one every measure starts with."""
    store = st.session_state.setdefault(ITEMS, {})
    return store.setdefault(f"{applicant}/{rule}", [0])


def field_key(applicant: str, group: pres.FieldGroup, name: str, item: int = 0) -> str:
    """The first item keeps the key a single-item form always had; added ones get their own."""
    if item == 0 or name not in group.item_fields:
        return f"sc_{applicant}_{name}"
    return f"sc_{applicant}_{group.rule}_{item}_{name}"


def render_fields(specs: tuple[pres.FieldSpec, ...], key: Any) -> dict[str, Any]:
    values = {}
    cols = st.columns(2)
    for i, spec in enumerate(specs):
        with cols[i % 2]:
            values[spec.name] = render_widget(spec, key(spec.name))
    return values


def render_group(
    applicant: str, group: pres.FieldGroup, raw: dict[str, Any], items: pres.Items
) -> list[tuple[str, Any]]:
    """One measure's fields; returns the item buttons it drew, as (action, button value)."""
    st.markdown(f"**{group.title}**")
    if not group.item_fields:
        raw.update(render_fields(group.fields, lambda n: field_key(applicant, group, n)))
        return []
    ids = item_ids(applicant, group.rule)
    if len(ids) == 1:  # one item: the measure's fields in their own order, as they always were
        values = render_fields(group.fields, lambda n: field_key(applicant, group, n, ids[0]))
        items[group.rule] = [{n: values[n] for n in group.item_fields}]
        raw.update({n: v for n, v in values.items() if n not in group.item_fields})
        buttons = []
    else:
        items[group.rule], buttons = [], []
        for n, item in enumerate(ids, 1):
            box = st.container(border=True)  # one framed block per item, its label on top
            head, remove = box.columns([3, 1], vertical_alignment="center")
            label = group.item_label(n)
            head.markdown(f"*{label}*")
            with remove:
                pressed = st.form_submit_button(
                    f"删除{label}", icon=":material/delete:", key=f"sc_del_{group.rule}_{item}"
                )
            buttons.append((f"del:{item}", pressed))
            with box:
                items[group.rule].append(
                    render_fields(
                        group.per_item, lambda name, i=item: field_key(applicant, group, name, i)
                    )
                )
        if group.applicant_fields:
            raw.update(
                render_fields(group.applicant_fields, lambda n: field_key(applicant, group, n))
            )
    added = st.form_submit_button(
        f"再添加一个{group.noun}", icon=":material/add:", key=f"sc_add_{group.rule}"
    )
    return [*buttons, ("add", added)]


def apply_item_button(applicant: str, rule: str, action: str) -> None:
    ids = item_ids(applicant, rule)
    if action == "add":
        new = st.session_state.get(NEXT_ITEM, 1)
        st.session_state[NEXT_ITEM] = new + 1
        ids.append(new)
    else:
        ids.remove(int(action.removeprefix("del:")))


def self_check_page() -> None:
    header("政策体检")
    names = applicant_names()
    st.markdown(
        "填写您的情况，助手逐条核对 **每一项可能适用的措施**：金额或上限、还需证明的条件、责任单位和合计。不知道的可以留空。"
    )
    st.caption(
        ":material/info: 金额按栏名括号里的单位填写：多数栏是 **万元**（800万元填 800），"
        "个别小额栏是 **元**；“是/否”不清楚的保持“未说明”。"
        "有几个项目、几份合同等，可在该措施下“再添加一个”。"
    )
    applicant = st.selectbox(
        "主体类型", list(names), format_func=lambda k: names[k], key="sc_applicant"
    )
    groups = pres.form_groups(applicant)
    raw: dict[str, Any] = {}
    items: pres.Items = {}
    pressed: list[tuple[str, str]] = []
    # With item buttons in the form, Enter would press the first of them: only a click submits.
    itemised = any(g.item_fields for g in groups)
    with st.form("self_check_form", enter_to_submit=not itemised):
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
            for action, value in render_group(applicant, group, raw, items):
                if value:
                    pressed.append((group.rule, action))
        submitted = st.form_submit_button("生成体检报告", type="primary")
    if pressed:  # the form was submitted by an item button: what was typed is kept
        apply_item_button(applicant, *pressed[0])
        st.rerun()
    if submitted:
        make_report(applicant, names, raw, items, event_date)
    report = st.session_state.report
    if report and report["applicant"] == applicant:
        render_report(report)
    elif report:  # the type was switched: the old report is not about this applicant
        st.caption(f"上一份报告是按“{report['name']}”生成的；请为当前主体类型重新生成。")


def make_report(
    applicant: str, names: dict[str, str], raw: dict[str, Any], items: pres.Items, event_date: Any
) -> None:
    form = pres.read_form(applicant, raw, items)
    if form.empty:
        st.warning(
            f"{'、'.join(form.empty)}还没有填写任何内容：请填写，或点“删除”去掉它，再生成报告。",
            icon=":material/edit_note:",
        )
        return
    facts = form.facts
    if event_date is not None:
        facts["event_date"] = event_date
    try:
        engine = get_assistant()
        with st.spinner("正在逐条核对…"):
            reply = engine.self_check(applicant, facts, form.matters)
        st.session_state.report = {
            "applicant": applicant,
            "name": names[applicant],
            "facts": facts,
            "matters": form.matters,
            "reply": reply,
            "at": datetime.now(),
            "warnings": pres.unit_warnings(applicant, raw, items),
        }
    except Exception:
        log.exception("self-check failed")
        st.error("抱歉，体检报告暂时无法生成。您填写的内容已保留，请稍后再试。")


self_check_page()
