"""The numeric guard: an LLM may phrase an answer but may not introduce a figure.

Every number in the model's text must also appear in what the calculators returned, in the
cited clause text or in the user's own words; every clause label must be one we cited.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

from corpus.clauses import load_policy

_LABEL = re.compile(r"（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)")
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.、)]|[-*])\s+", re.MULTILINE)
_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿|万)?")
_SCALE = {None: Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}


def _to_arabic(text: str) -> str:
    try:
        with warnings.catch_warnings():  # cn2an warns on fragments like a lone "万"
            warnings.simplefilter("ignore")
            return cn2an.transform(text, "cn2an")
    except (ValueError, KeyError, IndexError):  # cn2an rejects some mixed strings
        return text


def numbers_in(text: str) -> set[Decimal]:
    """All figures in ``text`` as plain values (万/亿 scaled), Chinese numerals included."""
    text = _LIST_MARKER.sub("", _LABEL.sub(" ", text))
    found: set[Decimal] = set()
    for source in {text, _to_arabic(text)}:
        for m in _NUMBER.finditer(source):
            try:
                value = Decimal(m.group(1).replace(",", ""))
            except InvalidOperation:
                continue
            found.add((value * _SCALE[m.group(2)]).normalize())
    return found


def labels_in(text: str) -> set[str]:
    return {m.group(0).replace("(", "（").replace(")", "）") for m in _LABEL.finditer(text)}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    unsupported_numbers: tuple[Decimal, ...] = ()
    unknown_labels: tuple[str, ...] = ()


def check(text: str, sources: Iterable[str], allowed_labels: Iterable[str]) -> Verdict:
    allowed: set[Decimal] = set()
    for source in sources:
        allowed |= numbers_in(source)
    bad_numbers = tuple(sorted(n for n in numbers_in(text) if n not in allowed))
    valid = set(allowed_labels) & set(load_policy().labels())
    bad_labels = tuple(sorted(label for label in labels_in(text) if label not in valid))
    return Verdict(not bad_numbers and not bad_labels, bad_numbers, bad_labels)
