"""政策体检: a form for the applicant type and key facts; the report lists every measure that
may apply, with amounts or ceilings, conditions still to prove, 责任单位 and the totals.

A measure the text computes item by item (projects, contracts, stations, carriers…) takes
several items: "＋ 再添加一个项目" adds a block of that measure's own fields, each block can be
removed, and several items reach the engine as matters (assistant.answer.presentation.read_form).

The values are the visitor's (ui.form_state): kept across pages, cleared by 下一位, and filled
in from what the chat was told, each such field saying so. No st.form: every value is in the
session as soon as it is typed, so switching to 问答 and back loses nothing."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import streamlit as st

from assistant.answer import presentation as pres
from ui import form_state as fs
from ui.engine import applicant_names, get_assistant
from ui.header import header
from ui.report import render_report, render_widget, widget_default

log = logging.getLogger("jcg.app")
EVENT_DATE_LABEL = "事项发生日期（验收、登记、认定或签约日期）"
# Session keys (the "sc_" prefix: cleared with the rest of the form between visitors).
ITEMS = "sc_items"  # "applicant/rule" → the ids of its items, in order
NEXT_ITEM = "sc_next_item"
APPLICANT = "sc_applicant"


def item_ids(applicant: str, rule: str, told: int = 1) -> list[int]:
    """The items of one measure, by id: ids stay with their block (and its typed values) when
    an earlier block is removed. Item 0 is the one every measure starts with. Until the visitor
    adds or removes one, there are as many as the case file holds (``told``)."""
    ss = st.session_state
    store = ss.setdefault(ITEMS, {})
    name = f"{applicant}/{rule}"
    ids = store.setdefault(name, [0])
    if name not in ss.get(fs.ITEMS_TOUCHED, set()):
        while len(ids) < told:
            new = max(ss.get(NEXT_ITEM, 1), max(ids) + 1)
            ss[NEXT_ITEM] = new + 1
            ids.append(new)
        del ids[max(told, 1) :]
    return ids


def field_key(applicant: str, group: pres.FieldGroup, name: str, item: int = 0) -> str:
    """The first item keeps the key a single-item form always had; added ones get their own."""
    if item == 0 or name not in group.item_fields:
        return f"sc_{applicant}_{name}"
    return f"sc_{applicant}_{group.rule}_{item}_{name}"


class Fields:
    """Draws fields with the visitor's values, or the case file's (marked) where untouched."""

    def __init__(self, applicant: str) -> None:
        self.applicant = applicant
        self.told = fs.prefill(st.session_state.conv.case, applicant)

    def draw(self, spec: pres.FieldSpec, key: str, rule: str, position: int | None) -> Any:
        from_case = self.told.get((rule, position, spec.name))
        prefilled = fs.place(key, widget_default(spec), from_case)
        value = render_widget(spec, key, fs.MARK if prefilled else "", on_change=fs.touch)
        fs.keep(key, value)
        return value

    def block(
        self,
        group: pres.FieldGroup,
        specs: tuple[pres.FieldSpec, ...],
        item: int,
        position: int | None,
    ) -> dict[str, Any]:
        values = {}
        cols = st.columns(2)
        for i, spec in enumerate(specs):
            own = position if spec.name in group.item_fields else None
            with cols[i % 2]:
                key = field_key(self.applicant, group, spec.name, item)
                values[spec.name] = self.draw(spec, key, group.rule, own)
        return values


def render_group(
    fields: Fields, group: pres.FieldGroup, raw: dict[str, Any], items: pres.Items
) -> None:
    """One measure's fields, with its item buttons."""
    applicant = fields.applicant
    st.markdown(f"**{group.title}**")
    if not group.item_fields:
        raw.update(fields.block(group, group.fields, 0, None))
        return
    told = fs.case_items(st.session_state.conv.case, group.rule)
    ids = item_ids(applicant, group.rule, told)
    if len(ids) == 1:  # one item: the measure's fields in their own order, as they always were
        values = fields.block(group, group.fields, ids[0], 0)
        items[group.rule] = [{n: values[n] for n in group.item_fields}]
        raw.update({n: v for n, v in values.items() if n not in group.item_fields})
    else:
        items[group.rule] = []
        for n, item in enumerate(ids):
            box = st.container(border=True)  # one framed block per item, its label on top
            head, remove = box.columns([3, 1], vertical_alignment="center")
            label = group.item_label(n + 1)
            head.markdown(f"*{label}*")
            with remove:
                st.button(
                    f"删除{label}",
                    icon=":material/delete:",
                    key=f"sc_del_{group.rule}_{item}",
                    on_click=apply_item_button,
                    args=(applicant, group.rule, f"del:{item}"),
                )
            with box:
                items[group.rule].append(fields.block(group, group.per_item, item, n))
        if group.applicant_fields:
            raw.update(fields.block(group, group.applicant_fields, 0, None))
    st.button(
        f"再添加一个{group.noun}",
        icon=":material/add:",
        key=f"sc_add_{group.rule}",
        on_click=apply_item_button,
        args=(applicant, group.rule, "add"),
    )


def apply_item_button(applicant: str, rule: str, action: str) -> None:
    ss = st.session_state
    ids = item_ids(applicant, rule)
    ss.setdefault(fs.ITEMS_TOUCHED, set()).add(f"{applicant}/{rule}")
    if action == "add":
        new = max(ss.get(NEXT_ITEM, 1), max(ids) + 1)
        ss[NEXT_ITEM] = new + 1
        ids.append(new)
    else:
        ids.remove(int(action.removeprefix("del:")))


def choose_applicant(names: dict[str, str]) -> str:
    case = st.session_state.conv.case
    told = case.applicant if case.applicant in names else None
    prefilled = fs.place(APPLICANT, next(iter(names)), told)
    return st.selectbox(
        "主体类型" + (fs.MARK if prefilled else ""),
        list(names),
        format_func=lambda k: names[k],
        key=APPLICANT,
        on_change=fs.touch,
        args=(APPLICANT,),
    )


def self_check_page() -> None:
    header("政策体检")
    fs.begin_run()
    names = applicant_names()
    st.markdown(
        "填写您的情况，助手逐条核对 **每一项可能适用的措施**：金额或上限、还需证明的条件、责任单位和合计。不知道的可以留空。"
    )
    st.caption(
        ":material/info: 金额按栏名括号里的单位填写：多数栏是 **万元**（800万元填 800），"
        "个别小额栏是 **元**；“是/否”不清楚的保持“未说明”。"
        "有几个项目、几份合同等，可在该措施下“再添加一个”。"
    )
    applicant = choose_applicant(names)
    groups = pres.form_groups(applicant)
    fields = Fields(applicant)
    raw: dict[str, Any] = {}
    items: pres.Items = {}
    date_key = f"sc_{applicant}_event_date"
    told_date = fs.event_date(st.session_state.conv.case)
    dated = fs.place(date_key, None, told_date)
    # One date for the matters of this 体检: without it every line's 有效期内 stays 待证明.
    event_date = st.date_input(
        EVENT_DATE_LABEL + (fs.MARK if dated else ""),
        value=None,
        help="用于核对是否在政策有效期内；不清楚可留空。",
        key=date_key,
        on_change=fs.touch,
        args=(date_key,),
    )
    fs.keep(date_key, event_date)
    if not groups:
        st.info("这类主体对应的措施没有资金标准，直接生成报告即可查看相关条款。")
    for group in groups:
        render_group(fields, group, raw, items)
    if st.session_state[fs.PREFILLED]:
        st.caption(
            f":material/forum: 标有“{fs.MARK}”的栏目取自问答里记下的情况（侧栏“我的情况”），"
            "请核对；改动后即以您填的为准。"
        )
    if st.button("生成体检报告", type="primary", key="sc_submit"):
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
