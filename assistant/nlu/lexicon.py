"""The words understanding reads by, compiled once from ``lexicon.yaml``.

Everything language-specific lives in the YAML; this module only turns it into patterns and
small records (a yes/no fact's cues, a money slot's labels) that the readers share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from corpus import yamlfile

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")


def rx(patterns: str | list[str], flags: int = 0) -> re.Pattern[str]:
    if isinstance(patterns, str):
        patterns = [patterns]
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@dataclass(frozen=True)
class BoolFact:
    name: str
    cues: re.Pattern[str]
    yes_before: re.Pattern[str] | None
    yes_after: re.Pattern[str] | None
    default: bool | None
    self_only: bool
    topics: frozenset[str]
    # Words after the cue that make it a question about the thing, not a statement of it
    # ("入驻需要什么材料" asks about entering; it does not say the speaker is inside).
    asks_after: re.Pattern[str] | None = None
    # Words naming something outside what the fact asks for ("光伏" for the three industries):
    # said with none of the fact's own cues, the fact is False.
    outside: re.Pattern[str] | None = None
    # Words after the cue that make it the place of a party named next ("谷里一家科技型企业"):
    # stated, whatever time the speaker's own move is said at.
    of_party_after: re.Pattern[str] | None = None
    # A verb that takes the cue as its object with modifiers between ("通过了综合绩效评价验收"):
    # it says yes, or no when a negation stands right before the verb.
    verb_before: re.Pattern[str] | None = None
    # The field said of the thing ("主要孵化餐饮外卖项目"): naming none of the fact's cues, the
    # fact is False (groups ``field``/``field2``).
    field_frame: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Slot:
    name: str
    cues: re.Pattern[str]
    field: str | None
    by_topic: dict[str, str]
    unitless_unit: Decimal | None = None
    # A bare verb ("拿了30万") labels a figure only when no label follows it ("拿了800万经费").
    weak_cues: re.Pattern[str] | None = None

    def targets(self) -> set[str]:
        return {f for f in (self.field, *self.by_topic.values()) if f}


@dataclass
class Lexicon:
    raw: dict[str, Any]
    injection: re.Pattern[str]
    new_visitor: re.Pattern[str]
    what_if: re.Pattern[str]
    total: re.Pattern[str]
    thanks: re.Pattern[str]
    intents: dict[str, re.Pattern[str]]
    in_scope: re.Pattern[str]
    in_scope_place: re.Pattern[str]
    applicants: list[tuple[str, re.Pattern[str]]]
    self_reference: re.Pattern[str]
    counterparty: re.Pattern[str]
    topics: list[tuple[str, re.Pattern[str]]]
    polarity: dict[str, re.Pattern[str]]
    bool_facts: list[BoolFact]
    phrase_facts: dict[str, dict[bool, re.Pattern[str]]]
    enum_facts: dict[str, tuple[frozenset[str], list[tuple[str, re.Pattern[str]]]]]
    enum_weak: dict[str, list[tuple[str, re.Pattern[str]]]]
    levels: list[tuple[str, re.Pattern[str]]]
    previous_before: re.Pattern[str]
    previous_after: re.Pattern[str]
    previous_implied: list[tuple[str, re.Pattern[str]]]
    upgraded_to_before: re.Pattern[str]
    level_field: dict[str, str]
    level_from_funding: list[tuple[str, re.Pattern[str]]]
    slots: list[Slot]
    money_ignore_before: re.Pattern[str]
    spent_before: re.Pattern[str]
    money_ignore_after: re.Pattern[str]
    counts: list[tuple[str, re.Pattern[str]]]
    count_both: re.Pattern[str]
    durations: list[tuple[str, re.Pattern[str]]]
    relative_years: dict[str, int]
    relative_months: dict[str, int]
    clause_cues: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    topic_scope: dict[str, frozenset[str]] = field(default_factory=dict)
    # Topic → its strong words alone, for topics that also have weak ones (``weak_topics``).
    strong_topics: dict[str, re.Pattern[str]] = field(default_factory=dict)


@cache
def lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    raw = yamlfile.read(path)
    intents = {
        name: rx(pats, re.IGNORECASE)
        for name, pats in raw["intents"].items()
        if isinstance(pats, list)
    }
    pol = {k: re.compile(v) for k, v in raw["polarity"].items()}
    bool_facts = [
        BoolFact(
            name=name,
            cues=rx(spec["cues"]),
            yes_before=re.compile(spec["yes_before"]) if "yes_before" in spec else None,
            yes_after=re.compile(spec["yes_after"]) if "yes_after" in spec else None,
            default=spec.get("default"),
            self_only=bool(spec.get("self_only")),
            topics=frozenset(spec.get("topics", ())),
            asks_after=re.compile(spec["asks_after"]) if "asks_after" in spec else None,
            outside=rx(spec["outside_cues"]) if "outside_cues" in spec else None,
            of_party_after=re.compile(spec["of_party_after"]) if "of_party_after" in spec else None,
            verb_before=re.compile(spec["verb_before"]) if "verb_before" in spec else None,
            field_frame=re.compile(spec["field_frame"]) if "field_frame" in spec else None,
        )
        for name, spec in raw["bool_facts"].items()
    ]
    phrase_facts = {
        name: {value: rx(spec[value]) for value in (True, False) if value in spec}
        for name, spec in raw["phrase_facts"].items()
    }
    enum_facts = {
        name: (
            frozenset(spec.get("topics", ())),
            [(value, rx(pats)) for value, pats in spec["values"].items()],
        )
        for name, spec in raw["enum_facts"].items()
    }
    enum_weak = {
        name: [(value, rx(pats)) for value, pats in (spec.get("weak") or {}).items()]
        for name, spec in raw["enum_facts"].items()
    }
    slots = [
        Slot(
            name,
            rx(spec["cues"]),
            spec.get("field"),
            dict(spec.get("by_topic") or {}),
            Decimal(spec["unitless_unit"]) if "unitless_unit" in spec else None,
            rx(spec["weak_cues"]) if "weak_cues" in spec else None,
        )
        for name, spec in raw["money_slots"].items()
    ]
    topic_scope = {b.name: b.topics for b in bool_facts}
    topic_scope.update({name: spec[0] for name, spec in enum_facts.items()})
    return Lexicon(
        raw=raw,
        injection=rx(raw["injection"], re.IGNORECASE),
        new_visitor=re.compile(raw["new_visitor"], re.IGNORECASE),
        what_if=re.compile(raw["what_if"]),
        total=re.compile(raw["total"]),
        thanks=re.compile(raw["thanks"]),
        intents=intents,
        in_scope=re.compile(raw["in_scope"]),
        in_scope_place=re.compile(raw["intents"]["in_scope_place"]),
        applicants=[(name, rx(pats)) for name, pats in raw["applicants"].items()],
        self_reference=re.compile(raw["self_reference"]),
        counterparty=re.compile(raw["counterparty"]),
        topics=[
            (name, rx([*pats, *(raw["weak_topics"].get(name) or [])]))
            for name, pats in raw["topics"].items()
        ],
        strong_topics={name: rx(raw["topics"][name]) for name in raw["weak_topics"]},
        polarity=pol,
        bool_facts=bool_facts,
        phrase_facts=phrase_facts,
        enum_facts=enum_facts,
        enum_weak=enum_weak,
        levels=[(name, rx(pats)) for name, pats in raw["levels"].items()],
        previous_before=re.compile(raw["previous_level_before"]),
        previous_after=re.compile(raw["previous_level_after"]),
        previous_implied=[(k, re.compile(v)) for k, v in raw["previous_level_implied"].items()],
        upgraded_to_before=re.compile(raw["upgraded_to_before"]),
        level_field=dict(raw["level_field"]),
        level_from_funding=[(k, re.compile(v)) for k, v in raw["level_from_funding"].items()],
        slots=slots,
        money_ignore_before=re.compile(raw["money_ignore_before"]),
        spent_before=re.compile(raw["spent_before"]),
        money_ignore_after=re.compile(raw["money_ignore_after"]),
        counts=[(name, re.compile(p)) for name, p in raw["counts"].items()],
        count_both=re.compile(raw["count_both"]),
        durations=[(name, re.compile(p)) for name, p in raw["durations"].items()],
        relative_years=dict(raw["relative_years"]),
        relative_months=dict(raw["relative_months"]),
        clause_cues=[(label, rx(pats)) for label, pats in raw["clause_cues"].items()],
        topic_scope=topic_scope,
    )


__all__ = ["LEXICON_PATH", "BoolFact", "Lexicon", "Slot", "lexicon", "rx"]
