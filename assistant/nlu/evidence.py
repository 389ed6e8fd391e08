"""What a reading rests on, in the words said: the anchor that names a matter.

A matter exists only where the message names its object (issue #18): a project, a contract,
a platform, a station, a carrier, a person, or an enumerator or count whose noun is that
object ("一份300万", "第二个", "两名博士"). A figure alone ("按5%是不是170万") names none: it is
the asker's arithmetic, a cap they quote or a rate, never a second matter. The reply gate
(assistant/answer/gate.py) asks before answering on a matter with no anchor. The words are
``evidence.yaml``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from assistant.nlu.numbers import find_numbers
from corpus import yamlfile

DATA = Path(__file__).with_name("evidence.yaml")


@cache
def _raw() -> dict:
    return yamlfile.read(DATA)


@cache
def _anchor(rule: str | None = None) -> re.Pattern[str]:
    raw = _raw()
    nouns = raw["anchor_nouns"]
    if rule in nouns:
        chosen = [*nouns[rule], *nouns["any"]]
    else:
        chosen = [p for group in nouns.values() for p in group]
    return re.compile("|".join(f"(?:{p})" for p in (*chosen, *raw["enumerators"])))


@cache
def _counts() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    raw = _raw()["counted"]
    return re.compile(raw["count"]), re.compile(raw["each"]), raw["numbers"]


def anchor_in(words: str, rule: str | None = None) -> str | None:
    """The first words in ``words`` that name a matter's object (of ``rule`` when given: a
    noun of another measure names none of its matters), or None."""
    m = _anchor(rule).search(words or "")
    return m.group() if m else None


def year_in(words: str) -> str | None:
    """The first year a matter's words name ("2025年", "今年"), or None: each year's total of a
    yearly measure is named by its year."""
    m = re.search(_raw()["year_words"], words or "")
    return m.group() if m else None


def counts_things(rule: str) -> bool:
    """Whether a count said in a message bounds the matters of ``rule`` (its objects are
    things: contracts, projects, platforms, stations, carriers)."""
    return rule in _raw()["counted_things"]


def yearly_per_holder(rule: str) -> bool:
    """Whether one holder has one matter of ``rule`` per year (its yearly total)."""
    return rule in _raw()["yearly_per_holder"]


def enumerated(text: str) -> int:
    """How many objects the message enumerates: the largest count said of them ("三项专利",
    "两个项目", "three brokers"), or any number when it distributes a list over them ("分别交了
    9000和1.6万"); 0 when it names no count. A list of figures that many objects share is
    anchored by that count, each figure to one object."""
    count, each, numbers = _counts()
    if each.search(text or ""):
        return 10**6
    said = [
        numbers.get(next(g for g in m.group("n", "n2", "n3") if g).lower(), 0)
        for m in count.finditer(text or "")
    ]
    return max(said, default=0)


def times_said(text: str, value: Decimal) -> int:
    """How many times ``text`` says a figure of ``value``; a figure said of each of several
    objects ("各300万", "两份都是200万") counts for as many as want it."""
    if re.search(_raw()["same_for_each"], text or ""):
        return 10**6
    return sum(1 for n in find_numbers(text or "") if n.value == value)


__all__ = [
    "anchor_in",
    "counts_things",
    "enumerated",
    "times_said",
    "year_in",
    "yearly_per_holder",
]
