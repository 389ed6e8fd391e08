"""The 政策体检 form's values as the visitor's own: kept in the session, across pages, until
the next visitor; and filled in from the case file the chat built.

Streamlit forgets a widget's value when its page is not shown, and the browser keeps showing
(and sending back) the last value of a widget still on screen even after its session key is
deleted. So the values live in a store of their own (``sc_store``, cleared at hand-over with
every other ``sc_`` key), each widget is given its value from there before it is drawn, and a
hand-over on this page sets each widget drawn back to its default explicitly.

A field the visitor has not touched takes what the chat was told (我的情况), and says so in its
label; once the visitor edits it, it is theirs.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import streamlit as st

from assistant.answer import presentation as pres
from assistant.dialogue.casefile import CaseFile

STORE = "sc_store"  # widget key → the value the visitor (or the prefill) gave it
TOUCHED = "sc_touched"  # widget keys the visitor edited: never overwritten by the prefill
PREFILLED = "sc_prefilled"  # widget keys whose value came from the case file this run
ITEMS_TOUCHED = "sc_items_touched"  # "applicant/rule" whose items the visitor added or removed
# Widgets drawn on the 体检 page in its last run, with their defaults: a hand-over there sets
# them back explicitly (not an "sc_" key, so the hand-over can still read it).
DRAWN = "form_drawn"
PAGE = "current_page"  # the url path of the page the last run showed
SELF_CHECK_PATH = "self_check"
MARK = "（已按对话预填）"


# ------------------------------------------------------------------ from the case file
def widget_value(spec: pres.FieldSpec, value: Any) -> Any:
    """A fact's value as the form's widget for ``spec`` shows it (the inverse of
    :func:`assistant.answer.presentation.to_fact`); None when the widget cannot show it."""
    if value is None:
        return None
    try:
        if spec.widget == "yuan":
            amount = Decimal(value) / (1 if spec.unit == pres.YUAN else 10_000)
            return float(amount)
        if spec.widget == "bool":
            return pres.YES if value is True else pres.NO if value is False else None
        if spec.widget == "int":
            return int(value)
        if spec.widget == "number":
            return float(Decimal(value))
        if spec.widget == "date":
            return value if isinstance(value, date) else None
    except (ArithmeticError, TypeError, ValueError):
        return None
    return value if value in spec.options else None


def _applicant_value(case: CaseFile, rule: str, name: str) -> Any:
    """A fact the form asks once: the applicant's own, else the value one matter holds (its
    rule's first)."""
    if case.shared.get(name) is not None:
        return case.shared[name]
    ordered = sorted(range(len(case.matters)), key=lambda i: case.matters[i].rule != rule)
    for i in ordered:
        if case.matters[i].facts.get(name) is not None:
            return case.matters[i].facts[name]
    return None


def case_items(case: CaseFile, rule: str) -> int:
    """How many items of ``rule`` the case file holds (the form shows at least one)."""
    return max(1, len(case.of_rule(rule)))


def prefill(case: CaseFile, applicant: str) -> dict[tuple[str, int | None, str], Any]:
    """What the case file says for each field of ``applicant``'s form, as widget values:
    ``(rule, item position or None for a fact asked once, fact name) → value``."""
    out: dict[tuple[str, int | None, str], Any] = {}
    for group in pres.form_groups(applicant):
        matters = case.of_rule(group.rule)
        for spec in group.fields:
            if spec.name not in group.item_fields:
                value = widget_value(spec, _applicant_value(case, group.rule, spec.name))
                if value is not None:
                    out[(group.rule, None, spec.name)] = value
                continue
            if not matters:  # no matter of this rule: what was said of no matter, for item 1
                value = widget_value(spec, case.shared.get(spec.name))
                if value is not None:
                    out[(group.rule, 0, spec.name)] = value
                continue
            for n, index in enumerate(matters):
                value = widget_value(spec, case.view(index).facts.get(spec.name))
                if value is not None:
                    out[(group.rule, n, spec.name)] = value
    return out


def event_date(case: CaseFile) -> date | None:
    value = case.known(case.focus).get("event_date")
    return value if isinstance(value, date) else None


# ------------------------------------------------------------------ the session's side
def begin_run() -> None:
    """Start of the 体检 page's run: nothing drawn or prefilled yet."""
    st.session_state[DRAWN] = {}
    st.session_state[PREFILLED] = {}


def touch(key: str) -> None:
    """The visitor edited this field: it keeps their value from now on."""
    ss = st.session_state
    ss.setdefault(TOUCHED, set()).add(key)
    ss.setdefault(STORE, {})[key] = ss.get(key)


def place(key: str, default: Any, from_case: Any = None) -> bool:
    """Before drawing the widget ``key``: give it the visitor's value (kept in the store), or
    the case file's when the visitor has not touched it. Returns whether it is prefilled."""
    ss = st.session_state
    ss[DRAWN][key] = default
    store = ss.setdefault(STORE, {})
    touched = key in ss.get(TOUCHED, set())
    if not touched and from_case is not None:
        if ss.get(key) != from_case:
            ss[key] = from_case
        store[key] = from_case
        ss[PREFILLED][key] = from_case
        return True
    if key not in ss:  # back from another page: Streamlit forgot it, the store did not
        ss[key] = store.get(key, default)
    return False


def keep(key: str, value: Any) -> None:
    """After drawing: the store holds what the widget shows."""
    st.session_state.setdefault(STORE, {})[key] = value


def handed_over(previous_page: str | None) -> None:
    """Called by the hand-over after the visitor's keys are deleted: on the 体检 page the
    browser still shows its widgets, so each is set back to its default explicitly (a deleted
    key alone leaves the last visitor's figure on screen, and the browser sends it back)."""
    ss = st.session_state
    drawn = ss.get(DRAWN) or {}
    if previous_page == SELF_CHECK_PATH:
        for key, default in drawn.items():
            ss[key] = default
    ss[DRAWN] = {}
