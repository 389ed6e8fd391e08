"""What the policy does not cover: topics, other jurisdictions, applicants outside 附则.

The data is ``scope.yaml`` (each entry with the Chinese explanation shown to the user). A
question about any of these gets an answer whose first sentence says plainly that this
policy does not cover it; only after that may nearby measures be named. Never a list of
measures "按您是入驻企业来看".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_name("scope.yaml")


@dataclass(frozen=True)
class NotCovered:
    """Why a question is outside this policy, in words for the user."""

    kind: str  # "topic" | "other_place" | "applicant"
    name: str  # the topic, the place or the kind of applicant
    explanation: str  # first sentence: this policy does not cover it
    nearby: list[str] = field(default_factory=list)  # clause labels worth pointing to
    after: str = ""


@dataclass(frozen=True)
class _Entry:
    name: str
    rx: re.Pattern[str]
    explanation: str
    nearby: list[str]
    only_without_facts: bool = False


@cache
def _data() -> dict[str, Any]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    join = "|".join
    topics = [
        _Entry(
            t["name"],
            re.compile(join(f"(?:{p})" for p in t["patterns"])),
            t["explanation"],
            list(t.get("nearby") or []),
        )
        for t in raw["topics"]
    ]
    place = raw["other_place"]
    places = place["places"]
    applicants = [
        _Entry(
            a["explanation"][:12],
            re.compile(join(f"(?:{p})" for p in a["patterns"])),
            a["explanation"],
            [],
            bool(a.get("only_without_facts")),
        )
        for a in raw["outside_applicants"]
    ]
    return {
        "topics": topics,
        "places": re.compile(places),
        "about": re.compile(place["about"].replace("{places}", places)),
        "not_about": re.compile(place["not_about"].replace("{places}", places)),
        "in_scope": re.compile(place["in_scope"]),
        "place_text": place["explanation"],
        "place_after": place["after"],
        "applicants": applicants,
    }


def check(text: str, has_facts: bool = False) -> NotCovered | None:
    """The first reason this question is outside the policy, or None.

    ``has_facts``: the message gives facts of a measure, so an applicant entry marked
    ``only_without_facts`` leaves the answer to that measure's own conditions."""
    d = _data()
    for entry in d["topics"]:
        if entry.rx.search(text):
            return NotCovered("topic", entry.name, entry.explanation, entry.nearby)
    for entry in d["applicants"]:
        if entry.rx.search(text) and not (has_facts and entry.only_without_facts):
            return NotCovered("applicant", entry.name, entry.explanation, ["附则"])
    about = d["about"].search(text)
    if about and not d["in_scope"].search(text) and not d["not_about"].search(text):
        place = d["places"].search(about.group()).group()
        return NotCovered(
            "other_place",
            place,
            d["place_text"].replace("{place}", place),
            [],
            d["place_after"],
        )
    return None


__all__ = ["NotCovered", "check"]
