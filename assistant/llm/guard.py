"""The guard between a language model and the visitor: the model writes no figure at all.

Checking that each figure the model wrote *appears* somewhere in the deterministic answer
checks presence, not meaning: revenue restated as the award, a cap stated as a promise, "90万美元"
or a rate as money all passed such a check. So the model writes prose with placeholders
(``{award:1}``, ``{cap:1}``, ``{clause:1}``, ``{measure:1}``) and code fills them from the
structured reply. Anything in the model's own words that could carry a quantity or lead the
visitor elsewhere rejects the whole text, and the deterministic answer is used:

- any digit or numeral: ASCII, full-width, superscript, circled, Roman, Chinese (一…亿, 两, 壹…),
  and English number words;
- currency (symbols, 元, 美元, USD …), percent and per-mille signs;
- a promise (保证, 一定, 肯定, 确保 …) unless negated ("不保证");
- links, e-mail addresses, Markdown images and links, HTML;
- an unknown placeholder or one that points past the reply's awards/clauses.

What passes is rendered as plain text with only ``**bold**`` and ``- `` list lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from calculators.common import format_yuan
from calculators.model import Kind
from corpus import yamlfile

MAX_CHARS = 4_000  # longer model output is rejected before any scan (and scans are linear)
WORDS_PATH = Path(__file__).with_name("guard.yaml")

PLACEHOLDER = re.compile(r"\{\s*(award|cap|clause|measure)\s*:\s*([1-9]\d?)\s*\}")


def _words() -> dict[str, Any]:
    return yamlfile.read(WORDS_PATH)


_W = _words()
# Words that contain a numeral character without stating a quantity ("进一步", "统一").
_IDIOMS = re.compile("|".join(sorted(map(re.escape, _W["numeral_idioms"]), key=len, reverse=True)))
_EXTRA_NUMERALS = frozenset(_W["extra_numerals"])
_NUMBER_WORDS = re.compile(r"(?i)(?<![a-z])(?:" + "|".join(_W["number_words"]) + r")(?![a-z])")
_ROMAN = re.compile(r"(?<![A-Za-z])[IVXLCDM]{2,}(?![A-Za-z])")
_CURRENCY = re.compile(
    "[" + re.escape(_W["currency_symbols"]) + "]|" + "|".join(_W["currency_words"]), re.IGNORECASE
)
_PERCENT = re.compile(r"[%％‰‱]|(?i:percent|per\s*cent|pct)")
_PROMISE = re.compile("|".join(_W["promises"]))
_NEGATION = re.compile("(" + "|".join(_W["negations"]) + r")\s*$")
_LINK = re.compile(
    r"(?i)[a-z][a-z0-9+.-]*://|www\.|mailto:|[\w.+-]+@[\w-]+|"
    r"(?<![\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:" + "|".join(_W["tlds"]) + r")(?![a-z0-9])"
)
_IMAGE = re.compile(r"!\s*\[")
_MD_LINK = re.compile(r"\]\s*\(|^\s*\[[^\]]*\]\s*:", re.MULTILINE)
_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#?\w+;")
_BRACES = re.compile(r"[{}｛｝]")
# Control and format characters (zero-width, bidi overrides) carry nothing a visitor should see.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reasons: tuple[str, ...] = ()
    text: str = ""  # the filled, sanitised text when ok


@dataclass
class Slots:
    """What placeholders may refer to, already formatted by code."""

    award: list[str] = field(default_factory=list)
    cap: list[str] = field(default_factory=list)
    clause: list[str] = field(default_factory=list)
    measure: list[str] = field(default_factory=list)
    award_up_to: list[bool] = field(default_factory=list)
    cap_meaning: list[str] = field(default_factory=list)
    up_to: bool = False  # some amount is a ceiling: no promise may be made anywhere

    def get(self, kind: str, index: int) -> str | None:
        values = getattr(self, kind)
        return values[index - 1] if 1 <= index <= len(values) else None

    def describe(self) -> str:
        """The placeholder table the model is given: names and meanings, never the figures."""
        lines = [
            f"{{award:{i}}}：第{i}项金额（{m}；{'上限' if up else '按规定计算'}）"
            for i, (m, up) in enumerate(zip(self.measure, self.award_up_to, strict=True), 1)
        ]
        meanings = self.cap_meaning or [""] * len(self.cap)
        lines += [f"{{cap:{i}}}：原文规定的上限金额（{m}）" for i, m in enumerate(meanings, 1)]
        lines += [f"{{clause:{i}}}：第{i}个引用条款的编号" for i in range(1, len(self.clause) + 1)]
        lines += [f"{{measure:{i}}}：第{i}项措施的名称" for i in range(1, len(self.measure) + 1)]
        return "\n".join(lines)


def slots_for(reply: Any) -> Slots:
    """Placeholder values from a reply's structured parts (its awards, details, citations)."""
    from calculators.registry import rule_parameters

    slots = Slots()
    for summary in reply.awards:
        amount = format_yuan(Decimal(summary.amount_yuan))
        if summary.kind == Kind.UP_TO:
            slots.up_to = True
            slots.award.append(f"最高 **{amount}**（上限，不是承诺，以评审核定为准）")
        else:
            slots.award.append(f"**{amount}**")
        slots.award_up_to.append(summary.kind == Kind.UP_TO)
        slots.measure.append(summary.measure)  # the clause label is {clause:N}
    caps: dict[str, tuple[str, str]] = {}
    for award in getattr(reply, "details", []):
        quoted = {c.quote for c in award.citations}  # only the ceilings this award applied
        for p in rule_parameters(award.rule):
            if p.unit == "yuan" and p.is_ceiling and p.quote in quoted:
                caps.setdefault(p.name, (f"最高{format_yuan(Decimal(p.value))}", p.description))
    slots.cap = [value for value, _ in caps.values()]
    slots.cap_meaning = [meaning for _, meaning in caps.values()]
    slots.up_to = slots.up_to or bool(slots.cap)
    slots.clause = list(dict.fromkeys(c.clause for c in reply.citations))
    return slots


def _numerals(text: str) -> list[str]:
    plain = _IDIOMS.sub(" ", text)
    return [
        c
        for c in plain
        if c in _EXTRA_NUMERALS or unicodedata.numeric(c, None) is not None or c.isdigit()
    ]


def _promises(text: str) -> list[str]:
    return [
        m.group()
        for m in _PROMISE.finditer(text)
        if not _NEGATION.search(text[max(0, m.start() - 4) : m.start()])
    ]


def screen(text: str, slots: Slots) -> tuple[str, ...]:
    """Reasons to reject ``text`` (the model's own words); empty when it may be used."""
    if len(text) > MAX_CHARS:
        return ("too_long",)
    reasons = []
    for kind, index in PLACEHOLDER.findall(text):
        if slots.get(kind, int(index)) is None:
            reasons.append(f"unknown_placeholder:{kind}:{index}")
    words = PLACEHOLDER.sub(" ", text)
    checks = (
        ("numeral", _numerals(words)),
        ("number_word", _NUMBER_WORDS.findall(words) + _ROMAN.findall(words)),
        ("currency", _CURRENCY.findall(words)),
        ("percent", _PERCENT.findall(words)),
        ("promise", _promises(words)),
        ("link", _LINK.findall(words)),
        ("image", _IMAGE.findall(words)),
        ("markdown_link", _MD_LINK.findall(words)),
        ("html", _HTML.findall(words)),
        ("braces", _BRACES.findall(words)),
    )
    reasons += [name for name, found in checks if found]
    if not text.strip():
        reasons.append("empty")
    return tuple(reasons)


_ESCAPE = re.compile(r"([\\`*_|~\[\]<$])")
_LINE_START = re.compile(r"^([#>+=-])")


def plain_markdown(text: str) -> str:
    """Text rendered as Markdown shows as itself, except ``**bold**`` and ``- `` list lines."""
    out = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        bullet = re.match(r"^[-*•·]\s+", line)
        if bullet:
            line = line[bullet.end() :]
        parts = line.split("**")
        if len(parts) % 2 == 0:  # an unpaired "**": no bold at all
            parts = ["".join(parts)]
        body = "**".join(_ESCAPE.sub(r"\\\1", part.replace(":", "：")) for part in parts)
        body = _LINE_START.sub(r"\\\1", re.sub(r"\*\*\s*\*\*", "", body))
        out.append(("- " if bullet else "") + body if body or not bullet else "")
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def fill(text: str, slots: Slots) -> str:
    """Placeholders replaced by their values (the only figures that reach the visitor)."""
    return PLACEHOLDER.sub(lambda m: slots.get(m[1], int(m[2])) or "", text)


def check(text: str, slots: Slots) -> Verdict:
    """Screen the model's text; when clean, sanitise it and fill the placeholders."""
    text = _CONTROL.sub("", text)
    reasons = screen(text, slots)
    if reasons:
        return Verdict(False, reasons)
    # Sanitise the model's words first, then fill: values are code's own Markdown (bold).
    marked = PLACEHOLDER.sub(lambda m: f"\x00{m[1]}\x01{m[2]}\x00", text)
    clean = plain_markdown(marked)
    filled = re.sub(r"\x00(\w+)\x01(\d+)\x00", lambda m: slots.get(m[1], int(m[2])) or "", clean)
    return Verdict(True, (), filled)


__all__ = [
    "MAX_CHARS",
    "Slots",
    "Verdict",
    "check",
    "fill",
    "plain_markdown",
    "screen",
    "slots_for",
]
