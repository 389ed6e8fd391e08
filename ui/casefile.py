"""The sidebar's 我的情况: what the assistant assumes, as the case file's matters.

Each fact is one line, "label：value", with a small menu (a pencil) at its end: 更正 opens a
small form in that menu, with an input suited to the fact's kind (corpus/facts.yaml through the
Rule API), and 删除 removes the fact; a matter's title has a menu with 删除这一事项. One line per
fact keeps three matters within a screen, where the buttons under each fact took a page each.
The menu and its buttons are named for the fact they act on ("更正 国拨/省拨经费"). A clerk at a
window fixes a misheard figure where it is shown, instead of typing "不对，是500万" and hoping
it lands on the right matter. Money is read with the project's own number reader, so "500万",
"1.2亿" and "八百万" mean here what they mean in the chat. A value that cannot be used gets a
polite message in the form, and what was typed stays there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import streamlit as st
from pydantic import TypeAdapter, ValidationError

from assistant.answer import presentation as pres
from assistant.dialogue.facts import APPLICANT_NAMES
from assistant.nlu.numbers import NumberMention, find_numbers
from calculators.facts import Fact
from calculators.facts import fact as declared_fact
from calculators.registry import RULES
from ui.browser import button_names
from ui.session import reanswer

EDITING = "cf_editing"  # the row whose form is open: (matter index or None, fact name, rule)
EDIT_ERROR = "cf_edit_error"  # the polite message the open form shows
# Bare figures below this, for a measure whose sums are 万元-sized, are probably 万元 ("800").
BARE_YUAN = Decimal(10_000)
# What a date picker offers: wide enough for any event date, narrow enough to catch a typo.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
HINTS = {
    "yuan": "可写“500万”“1.2亿”“八百万”",
    "count": "填人数，例如 3",
    "number": "填数字，例如 3 或“1年半”",
}


class EditProblem(ValueError):
    """A value typed into a correction form that cannot be used; ``str()`` says why, politely."""


@dataclass(frozen=True)
class Row:
    """One editable fact in the sidebar: which matter (None: a fact outside any matter)."""

    matter: int | None
    name: str
    rule: str | None

    @property
    def key(self) -> str:
        return f"{'fact' if self.matter is None else self.matter}_{self.name}"

    @property
    def input_key(self) -> str:
        return f"cf_in_{self.key}"


# ------------------------------------------------------------------------- reading a value
def small_sums(rule: str | None) -> bool:
    """Whether this measure's sums are in 元 (a 9000元 training fee), so a bare "9000" is 元."""
    return rule in RULES and pres._amount_unit(RULES[rule]) == pres.YUAN


def _one_number(fact: Fact, text: str, kinds: tuple[str, ...], example: str) -> NumberMention:
    found = [n for n in find_numbers(text) if n.kind in kinds]
    if not found:
        raise EditProblem(f"没看懂“{text}”。请填写{fact.label}，{example}。")
    if len(found) > 1:
        raise EditProblem(f"“{text}”里有不止一个数字，请只填一个{fact.label}。")
    n = found[0]
    if n.problem:
        raise EditProblem(n.problem)
    if n.approx or n.high is not None:
        raise EditProblem(f"这里请填一个确切的数字（“{n.raw}”是个约数），例如“650万”。")
    return n


def read_value(fact: Fact, raw: Any, *, small: bool = False) -> Any:
    """A typed or picked value as the fact the calculators take; raises :class:`EditProblem`.

    ``small``: the measure's sums are in 元, so a bare "9000" is 9000元; otherwise a bare
    figure under 1万 is asked about rather than guessed.
    """
    if fact.kind in ("yuan", "count", "number"):
        text = str(raw or "").strip()
        if not text:
            raise EditProblem(f"请填写{fact.label}。")
        value = _read_number(fact, text, small)
    else:
        value = raw
    try:
        return TypeAdapter(fact.annotation).validate_python(value)
    except ValidationError:
        raise EditProblem(f"“{raw}”不能作为{fact.label}，请核对后重填。") from None


def _read_number(fact: Fact, text: str, small: bool) -> Any:
    if fact.kind == "yuan":
        n = _one_number(fact, text, ("money", "number"), "例如“500万”“1.2亿”或“八百万”")
        if n.kind == "number" and 0 < n.value < BARE_YUAN and not small:
            shown = format(n.value.normalize(), "f")
            raise EditProblem(
                f"“{text}”没有写单位：是{shown}万元还是{shown}元？请写成“{shown}万”或“{shown}元”。"
            )
        return n.value
    kinds = ("count", "number") if fact.kind == "count" else ("duration", "number")
    n = _one_number(fact, text, kinds, "例如 3")
    if fact.kind == "count" and n.value != n.value.to_integral_value():
        raise EditProblem(f"{fact.label}须是整数，“{text}”不是。")
    if fact.maximum is not None and n.value > fact.maximum:
        raise EditProblem(
            f"“{text}”超出了合理范围（{fact.label}最多{fact.maximum}{fact.unit}），请核对后重填。"
        )
    return int(n.value) if fact.kind == "count" else n.value


# ------------------------------------------------------------------------- operations
def form_value(fact: Fact, value: Any) -> Any:
    """What the form starts from: the value as shown ("800万元"), which reads back the same."""
    if fact.kind == "yuan":
        return pres.show_value(fact.name, value)
    if fact.kind in ("count", "number"):
        return format(Decimal(value).normalize(), "f")
    return value


def _open_editor(row: Row, value: Any) -> None:
    declared = declared_fact(row.name)
    st.session_state[row.input_key] = value if declared is None else form_value(declared, value)
    st.session_state[EDITING] = row
    st.session_state.pop(EDIT_ERROR, None)


def _close_editor(row: Row) -> None:
    st.session_state.pop(EDITING, None)
    st.session_state.pop(EDIT_ERROR, None)
    st.session_state.pop(row.input_key, None)


def _cancel(row: Row, drop_key: str) -> None:
    _close_editor(row)
    _close_menu(drop_key)


def _save(row: Row, drop_key: str) -> None:
    """Read the form, and correct the fact through the conversation's named operation."""
    conv = st.session_state.conv
    declared = declared_fact(row.name)
    if declared is None:
        _close_editor(row)
        return
    try:
        value = read_value(
            declared, st.session_state.get(row.input_key), small=small_sums(row.rule)
        )
    except EditProblem as problem:
        st.session_state[EDIT_ERROR] = str(problem)  # the form stays open with what was typed
        return
    if row.matter is None or (
        row.matter < len(conv.case.matters) and conv.case.matters[row.matter].rule == row.rule
    ):
        conv.correct_fact(row.matter, row.name, value)
    _close_editor(row)
    _close_menu(drop_key)
    note = f"已更正：{declared.label} → {pres.show_value(row.name, value)}"
    st.session_state.profile_note = note
    reanswer(note)


def _drop_fact(index: int | None, name: str) -> None:
    conv = st.session_state.conv
    if index is None or index < len(conv.case.matters):
        conv.retract_fact(index, name)
    st.session_state.pop(EDITING, None)
    st.session_state.pop(EDIT_ERROR, None)
    note = f"已删除：{pres.field_label(name)}"
    st.session_state.profile_note = note
    reanswer(note)


def _drop_matter(index: int) -> None:
    conv = st.session_state.conv
    if index < len(conv.case.matters):
        conv.remove_matter(index)
    st.session_state.pop(EDITING, None)  # indices shift: an open form would name another matter
    st.session_state.profile_note = "已删除这一事项"
    reanswer("已删除一个事项")


def _drop_applicant() -> None:
    st.session_state.conv.case.set_applicant(None)


# ------------------------------------------------------------------------- drawing
def menu_key(key: str) -> str:
    """The key of the menu (a popover) that holds the buttons drawn with ``key``."""
    return f"cf_menu_{key}"


def _close_menu(key: str) -> None:
    """Fold the menu after its action: the sidebar shows the result, not an open panel (and a
    matter removed shifts the indices, so the next one must not inherit an open menu)."""
    st.session_state[menu_key(key)] = False


def _menu(key: str, name: str, tip: str, names: dict[str, str], icon: str = "edit") -> Any:
    """A small menu button (its icon alone) at the end of a line; its accessible name says
    what it acts on. It keeps its open state, so an action can fold it (``_close_menu``)."""
    names[menu_key(key)] = name
    return st.popover(
        "",
        icon=f":material/{icon}:",
        type="tertiary",
        key=menu_key(key),
        on_change="rerun",
        help=tip,
    )


def _fact_row(
    label: str,
    value: str,
    key: str,
    on_click: Any,
    args: tuple,
    names: dict[str, str],
    edit: Any = None,
    editor: Any = None,
) -> None:
    """One line per fact: "label：value" and a menu holding 更正 and 删除 (each button's
    accessible name says which fact it edits: "更正 国拨/省拨经费"). 更正 opens the fact's
    small form in the same menu, next to the value it corrects."""
    with st.container(horizontal=True, gap="xxsmall", vertical_alignment="center"):
        st.markdown(f"{label}：**{value}**", width="stretch")
        with _menu(key, f"更正/删除 {label}", f"更正或删除“{label}”", names):
            if editor is not None:
                editor()
                return
            names[key] = f"删除 {label}"
            if edit is not None:
                names[f"cf_edit_{key}"] = f"更正 {label}"
                st.button(
                    "更正",
                    icon=":material/edit:",
                    key=f"cf_edit_{key}",
                    on_click=_open_editor,
                    args=edit,
                    help=f"更正“{label}”（现在是{value}）",
                    width="stretch",
                )
            st.button(
                "删除",
                icon=":material/close:",
                key=key,
                on_click=_with_menu_closed(on_click, key),
                args=args,
                help=f"删除“{label}”",
                width="stretch",
            )


def _with_menu_closed(action: Any, key: str) -> Any:
    def run(*args: Any) -> None:
        _close_menu(key)
        action(*args)

    return run


def _input(fact: Fact, row: Row) -> None:
    """The widget for this fact's kind; its value lives in ``row.input_key``."""
    label = f"{fact.label}（{HINTS[fact.kind]}）" if fact.kind in HINTS else fact.label
    if fact.kind == "bool":
        st.radio(
            label,
            (True, False),
            format_func=lambda v: pres.YES if v else pres.NO,
            key=row.input_key,
            horizontal=True,
        )
    elif fact.kind == "choice":
        if st.session_state.get(row.input_key) not in fact.options:
            st.session_state[row.input_key] = fact.options[0]
        st.selectbox(label, fact.options, format_func=fact.name_of, key=row.input_key)
    elif fact.kind == "date":
        st.date_input(label, key=row.input_key, min_value=FIRST_DAY, max_value=LAST_DAY)
    else:
        st.text_input(label, key=row.input_key)


def _editor(fact: Fact, row: Row, drop_key: str) -> None:
    with st.form(f"cf_form_{row.key}", border=False, enter_to_submit=True):
        _input(fact, row)
        error = st.session_state.get(EDIT_ERROR)
        if error:
            st.error(error, icon=":material/error:")
        with st.container(horizontal=True, gap="small"):
            st.form_submit_button("保存", on_click=_save, args=(row, drop_key), type="primary")
            st.form_submit_button("取消", on_click=_cancel, args=(row, drop_key))


def _fact(row: Row, value: Any, drop_key: str, names: dict[str, str]) -> None:
    """One fact: its line, and its correction form (in its menu) when that is the one open."""
    declared = declared_fact(row.name)
    label = declared.label if declared else pres.field_label(row.name)
    shown = pres.show_value(row.name, value)
    edit = (row, value) if declared is not None else None
    editing = declared is not None and st.session_state.get(EDITING) == row
    editor = (lambda: _editor(declared, row, drop_key)) if editing else None
    _fact_row(label, shown, drop_key, _drop_fact, (row.matter, row.name), names, edit, editor)


def render_case() -> None:
    conv = st.session_state.conv
    shown_any = False
    names: dict[str, str] = {}
    if conv.applicant:
        _fact_row(
            "主体类型",
            APPLICANT_NAMES.get(conv.applicant, conv.applicant),
            "cf_applicant",
            _drop_applicant,
            (),
            names,
        )
        shown_any = True
    for name, value in conv.case.shared.items():  # the applicant's own, under every matter
        if value is None:
            continue
        shown_any = True
        _fact(Row(None, name, conv.topic), value, f"cf_fact_{name}", names)
    for i, matter in enumerate(conv.case.matters):
        shown_any = True
        with st.container(border=True, gap="xxsmall", key=f"cf_box_{i}"):
            title = conv.case.label(i)
            with st.container(horizontal=True, gap="xxsmall", vertical_alignment="center"):
                st.markdown(f"**{title}**", width="stretch")
                tip = f"删除这一事项：{title}"
                with _menu(f"cf_matter_{i}", f"事项菜单 {title}", tip, names, "more_horiz"):
                    names[f"cf_matter_{i}"] = f"删除这一事项：{title}"
                    st.button(
                        "删除这一事项",
                        icon=":material/delete:",
                        key=f"cf_matter_{i}",
                        on_click=_with_menu_closed(_drop_matter, f"cf_matter_{i}"),
                        args=(i,),
                        width="stretch",
                    )
            for name, value in matter.facts.items():
                if value is None:
                    continue
                _fact(Row(i, name, matter.rule), value, f"cf_{i}_{name}", names)
    if names:
        button_names(names)
    note = st.session_state.pop("profile_note", None)
    if note:
        st.caption(note)
        st.toast(note, icon=":material/check_circle:")  # seen on the main screen too
    if shown_any:
        st.caption("助手按以上情况回答。点笔形按钮更正或删除一项，或在对话里说“不对，是……”。")
    else:
        st.caption("还没有。告诉助手您是哪类单位、项目情况或金额，它会记在这里。")
