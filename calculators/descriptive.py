"""Measures that set no figure: described and quoted, never given a number.

（一）（二）（十）（十三）（十四）, the 市本级 special project in （三） and flexible talent in （七）.
"""

from __future__ import annotations

from calculators.model import Award, Citation, Kind
from corpus.clauses import load_policy
from corpus.measures import load_measures

# The parts, their descriptions and quotes live in corpus/measures.yaml (checked on load).
DESCRIPTIVE = tuple(load_measures().parts.values())
BY_KEY = {d.key: d for d in DESCRIPTIVE}
BY_RULE = {d.rule: d for d in DESCRIPTIVE}


def describe(key: str) -> Award:
    """The no-figure award for a clause label (e.g. "（十）") or a part key / rule id."""
    item = BY_KEY.get(key) or BY_RULE.get(key)
    if item is None:
        raise KeyError(f"没有无固定金额的措施 {key!r}；可选：{'、'.join(BY_KEY)}")
    clause = load_policy().clause(item.clause)
    return Award(
        rule=item.rule,
        clause=clause.label,
        measure=clause.title,
        kind=Kind.NO_FIXED_AMOUNT,
        steps=["本条原文未规定固定金额或比例，无法计算具体金额。"],
        citations=[Citation(clause=clause.label, quote=item.quote)],
        units=list(clause.units),
        notes=[item.description],
    )
