"""Clause-local context around a span of a message: whose it is and whether it is said,
denied or asked.

A cue is read with the words of its own clause only ("社保交了，合同没签": 没 belongs to 合同):
:class:`Text` finds the clause bounds once per message, and the readers here look a few
characters either side of a cue.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from assistant.nlu.lexicon import BoolFact, Lexicon
from assistant.nlu.numbers import clause_bounds

# Where a clause ends: a stop, a comma (not a thousands separator), an enumeration comma.
BREAK = re.compile(r"[，。；！？;!?\n、]|(?<!\d),|,(?!\d{3})")
# Where a sentence ends.
FULL_STOP = re.compile(r"[。！？!?\n]")


@dataclass(frozen=True)
class Text:
    """The cleaned message with clause-local context around any span."""

    s: str

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        # Break positions are found once per text: every call is a lookup, so a message
        # with a thousand numbers stays linear (rescanning from 0 made it quadratic).
        return clause_bounds(BREAK, self.s, start, end)

    def before(self, start: int, width: int = 8) -> str:
        left, _ = self.bounds(start, start)
        return self.s[max(left, start - width) : start]

    def after(self, end: int, width: int = 8) -> str:
        _, right = self.bounds(end, end)
        return self.s[end : min(right, end + width)]

    @cached_property
    def _sentence_starts(self) -> tuple[int, ...]:
        return (0, *(m.end() for m in FULL_STOP.finditer(self.s)))

    def sentence(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding ``pos``, its full stop included (found once per
        text, then looked up)."""
        starts = self._sentence_starts
        i = bisect.bisect_right(starts, pos)
        return starts[i - 1], starts[i] if i < len(starts) else len(self.s)

    def sentences(self) -> list[tuple[int, int]]:
        """Every sentence's span, in order."""
        starts = self._sentence_starts
        return [(a, b) for a, b in zip(starts, (*starts[1:], len(self.s)), strict=True) if a < b]

    def sentence_before(self, pos: int, width: int | None = None) -> str:
        """The words of ``pos``'s sentence before it (at most ``width`` of them)."""
        start, _ = self.sentence(pos)
        return self.s[start if width is None else max(start, pos - width) : pos]


def matches(rx: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return [m for m in rx.finditer(text) if m.end() > m.start()]


def polarity(t: Text, m: re.Match[str], spec: BoolFact, lex: Lexicon) -> bool | None:
    """Whether the cue at ``m`` says its fact holds now (True), not (False), or neither (None:
    asked, supposed, of another time). A "not yet" said of an earlier time ("上次窗口说要等验收
    结果，现在结果出来了") is what held then, nothing of now; a "done" said then still holds."""
    said = _polarity(t, m, spec, lex)
    return None if said is False and said_of_then(t, m.start(), lex) else said


def said_of_then(t: Text, pos: int, lex: Lexicon) -> bool:
    """The sentence up to ``pos`` tells of an earlier time ("上次窗口说要等验收结果"): a "not
    yet" said there is what held then. Read by the cue readers and the phrase readers alike."""
    return bool(lex.polarity["then_before"].search(t.sentence_before(pos, 34)))


def _polarity(t: Text, m: re.Match[str], spec: BoolFact, lex: Lexicon) -> bool | None:
    p = lex.polarity
    before, after = t.before(m.start(), 6), t.after(m.end(), 6)
    if (coord := p.get("coordinated_after")) and (c := coord.match(t.after(m.end(), 16))):
        after = t.after(m.end() + c.end(), 6)  # "备案和登记都做了": read "都做了"
    if asked(t, m.start(), m.end(), lex, after):
        return None
    if p["supposed_before"].search(t.before(m.start(), 12)):
        return None  # "你是不是以为我们没交社保？": the listener's supposed belief
    if p["not_before_now"].search(t.before(m.start(), 12)):
        return None  # "以前没做过省级备案": nothing said of now
    if p["double_negative_after"].search(t.s[m.end() : m.end() + 10]):
        return True  # "协议任务不是没完成啊": the negation denied
    if p["double_negative_before"].search(t.before(m.start(), 8)):
        return True  # "不是没交社保，是从上个月才开始交"
    if spec.asks_after and spec.asks_after.search(after):
        return None
    if spec.of_party_after and spec.of_party_after.match(t.after(m.end(), 14)):
        return True  # "下个月去谷里一家科技型企业报到": the company's place
    # Done only later ("社保下个月才开始交") is not done now: the condition is not met today.
    if not p["supposing_before"].search(t.before(m.start(), 18)) and (
        p["not_yet_before"].search(t.before(m.start(), 10))
        or p["not_yet_after"].search(t.after(m.end(), 10))
        or p["deferred_after"].search(t.s[m.end() : m.end() + 14])
    ):
        return False
    if p["negative_before"].search(before[-5:]) or p["negative_after"].search(after):
        return False
    if p["not_done_before"].search(t.before(m.start(), 14)):
        return False  # "合同还没去科技局做认定登记"
    if m.group().isascii() and p["english_negative_before"].search(t.before(m.start(), 40)):
        if p["earlier_after_en"].search(t.s[m.end() : m.end() + 40]):
            return None  # "had never been recognised at provincial level before"
        return False  # "the licence has not been filed with CNIPA yet"
    wide = t.before(m.start(), 14)
    if spec.verb_before and (verb := spec.verb_before.search(wide)):
        return not p["negative_before"].search(wide[: verb.start()][-3:])
    yes = (
        p["done_by_clause_end"].search(t.after(m.end(), 18))
        or p["yes_before"].search(before)
        or p["yes_after"].search(after)
        or (spec.yes_before and spec.yes_before.search(before))
        or (spec.yes_after and spec.yes_after.search(after))
    )
    return True if yes else spec.default


def asked(t: Text, start: int, end: int, lex: Lexicon, after: str | None = None) -> bool:
    """The condition at ``start:end`` is asked about or named as a requirement, not stated:
    a question word at it ("需要验收吗", "能报销吗"), an A-not-A question around it ("是不是要
    验收了才行", "社保交没交") or "…了才能拿". ``after``: the words that predicate it, when a
    coordinated cue was skipped ("备案和登记都做了")."""
    p = lex.polarity
    before = t.before(start, 6)
    after = t.after(end, 6) if after is None else after
    return bool(
        p["question_before"].search(before)
        or p["question_after"].search(after)
        or p["a_not_a"].search(before + "|" + after)
        or p["requirement_after"].search(after)
    )


def said_not(t: Text, start: int, lex: Lexicon) -> bool:
    """A negation right before ``start`` ("不是牵头", "不是省级的"), the speaker possibly named
    between them: "项目不是我们牵头"."""
    if lex.polarity["a_not_a"].search(t.before(start, 4)):
        return False  # "这算不算中试": asked, not denied
    if lex.polarity["negative_before"].search(t.before(start, 3)):
        return True
    if lex.polarity["english_not_before"].search(t.before(start, 12)):
        return True  # "(not the lead)"
    subject = lex.polarity.get("subject_between")
    said = subject.search(t.before(start, 10)) if subject is not None else None
    head = t.before(start, 10)[: said.start()][-3:] if said else ""
    return bool(said and lex.polarity["negative_before"].search(head))


def negated(t: Text, m: re.Match[str], lex: Lexicon, name: str | None = None) -> bool:
    """Not the speaker's value: negated ("不是牵头", "不是我们牵头"), or for a role said of
    another party ("兄弟单位牵头"; the facts read so are listed in ``other_subject_facts``)."""
    if said_not(t, m.start(), lex):
        return True
    if (short := lex.polarity.get("short_of_after")) and short.match(t.s[m.end() : m.end() + 16]):
        return True  # "省级以上的攻关项目他们够不上"
    other = lex.polarity.get("other_subject_before")
    if other is None or name not in (lex.raw.get("other_subject_facts") or []):
        return False
    return bool(other.search(t.before(m.start(), 10)))


def party(before: str, lex: Lexicon) -> str:
    """ "self" after 我们/本…, "other" after 和/从/给/面向…, whichever is said last."""
    own = lex.self_reference.search(before)
    other = [m for m in lex.counterparty.finditer(before) if not own or m.start() >= own.end()]
    if other:
        return "other"
    return "self" if own else "neutral"


def party_window(t: Text, start: int) -> str:
    """The words before a mention that say whose it is: 8 characters, a few English words
    ("from Taiyuan University": the name between the preposition and the kind), or back to
    a copula before a described kind ("我们是晋创谷里的一家…")."""
    before = t.before(start, 8)
    if re.search(r"[A-Za-z]\s*$", before):
        return t.before(start, 28)
    # "我们是晋创谷里的一家技术转移服务机构": the copula before a described kind says whose.
    wide = t.before(start, 22)
    return wide if _DESCRIBED_KIND.search(wide) else before


# "我是平遥一家做牛肉深加工的企业负责人", "我们是谷内做功能农业的科技型企业": the kind may be
# described after its measure word, or with none.
_DESCRIBED_KIND = re.compile(
    r"(是|为|属于)[^，。,；;？?！!]{0,14}((一家|一个|一所|一只|家|个)([^，。,；;？?！!]{0,10}的)?|的)$"
)


def is_counterparty(t: Text, start: int, lex: Lexicon) -> bool:
    return party(party_window(t, start), lex) == "other"


__all__ = [
    "BREAK",
    "FULL_STOP",
    "Text",
    "asked",
    "is_counterparty",
    "matches",
    "negated",
    "party",
    "party_window",
    "polarity",
    "said_not",
]
