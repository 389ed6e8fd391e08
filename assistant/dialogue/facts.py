"""Facts about the user, named as the calculators' input fields, and how to ask for them.

The fact vocabulary (corpus/facts.yaml, read through the Rule API) is the single source of a
fact's label, kind and follow-up question, so the dialogue never keeps its own copy of either.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from calculators.common import format_date, format_years, format_yuan
from calculators.facts import label as fact_label
from calculators.inputs import VALUE_NAMES
from calculators.registry import RULES, Rule
from corpus.clauses import POLICY_PATH
from corpus.measures import load_measures


def _newcomer_applicant() -> dict[str, str]:
    """The newcomer's type (a person or an unregistered team, corpus/newcomer.yaml)."""
    data = yaml.safe_load(POLICY_PATH.with_name("newcomer.yaml").read_text(encoding="utf-8"))
    return {str(data["applicant"]["id"]): str(data["applicant"]["name"])}


# Applicant names live in corpus/measures.yaml with the rest of the policy's structure; the
# newcomer's type joins them.
APPLICANT_NAMES: dict[str, str] = {**load_measures().applicants, **_newcomer_applicant()}

# Who a topic implies, what an applicant type answers and which contract kinds move （五）'s
# first paragraph to its second: the policy's structure, in corpus/measures.yaml.
MEASURES = load_measures()
# Facts an applicant type already answers ("我们是中试基地" → platform_type).
APPLICANT_FACTS: dict[str, dict[str, str]] = MEASURES.implied_facts

# Short answers to a yes/no follow-up ("交了吗？" → "交了").
YES_WORDS = ("是的", "是", "对", "有", "已经", "通过了", "完成了", "嗯", "好的", "签了", "交了")
NO_WORDS = ("不是", "没有", "没", "否", "还没", "未", "不")


def facts_for(rule: Rule, facts: dict[str, Any]) -> dict[str, Any]:
    """The subset of known facts this rule's calculator takes."""
    return rule.given(facts)


def question(rule: Rule, name: str) -> str:
    return rule.ask(name)


def label(rule: Rule, name: str) -> str:
    return rule.label(name)


def any_label(name: str) -> str:
    return fact_label(name)


def main_amount_field(topic: str | None) -> str | None:
    """The money fact a bare "那三百万呢" most likely restates for the current topic."""
    return RULES[topic].main_amount if topic else None


def is_bool_field(topic: str | None, name: str) -> bool:
    if not topic or not RULES[topic].takes(name):
        return False
    return RULES[topic].fact(name).kind == "bool"


def yes_no(text: str) -> bool | None:
    if any(w in text for w in NO_WORDS):
        return False
    if any(w in text for w in YES_WORDS):
        return True
    return None


def plain_number(value: Decimal | int) -> Decimal | int:
    """A bare number for a count or a duration: whole numbers become int."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral() else value


def show(name: str, value: Any) -> str:
    """A fact as a person reads it: 800万元, 是/否, 省级 …"""
    if isinstance(value, bool):
        return "是" if value else "否"
    if name.endswith("_yuan"):
        return format_yuan(value)
    if isinstance(value, date):
        return format_date(value)
    if name.endswith("years") or name == "years_running":
        return format_years(value)
    return VALUE_NAMES.get(str(value), str(value))


def known_line(rule: Rule, facts: dict[str, Any]) -> str:
    known = [f"{label(rule, k)}：{show(k, v)}" for k, v in facts_for(rule, facts).items()]
    return "已知：" + "；".join(known) + "。" if known else ""


def neutral_value(rule: Rule, name: str) -> Any:
    """A valid stand-in for a missing fact, used only to see whether stated facts fail."""
    return rule.fact(name).neutral_value()


def first_unknown_condition(rule: Rule, given: dict[str, Any]) -> str | None:
    """The first yes/no fact this rule assumed, so a terse reply can settle it."""
    return next(
        (n for n in rule.facts if rule.fact(n).kind == "bool" and given.get(n) is None), None
    )
