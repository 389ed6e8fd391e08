"""The gate before every reply: invariants a reply must satisfy, and a question when it does not.

A wrong figure stated with confidence is the worst kind of error at a service window: the
clerk repeats it and an enterprise gives up money it is owed (issue #18). So the engine's last
step is :func:`guard`. :func:`check` is a pure function of the reply and the reading it rests
on (:class:`Reading`), one rule per invariant:

- ``below_one_yuan``: no amount and no base below 1 元 (a rate or a ratio read as money);
- ``implausible_base``: no base outside its fact's plausible range (``plausible`` in
  corpus/facts.yaml, data beside the fact);
- ``no_anchor``: every matter of a several-matter reading is named by an anchor (the noun of
  its object, or an enumerator), never by a figure alone;
- ``more_bases_than_matters``: no more figures read as bases than matters they belong to;
- ``not_covered_without_evidence``: "本政策不涉及" only with the evidence scope.py records;
- ``amount_headline_for_non_amount``: a question about something else (how, who, when, the
  text) never gets a several-matter amount headline;
- ``range_decides_amount``: a figure said as a range ("三四百万") whose two ends give different
  awards is asked for exactly, with both ends said; the low end is never the award;
- ``condition_unheard``: a condition the message speaks of with a word of denial, delay or
  part ("备案材料还在准备") but whose value was not read is asked, never "assumed met" under
  an amount;
- ``place_doubted``: the speaker's own unit placed somewhere other than 晋中 in words the place
  readers do not take ("我们这个机构一直扎根太原") is asked before an amount is paid on it;
- ``more_matters_than_counted``: no more matters of a measure of things than the message counts;
- ``one_holder_twice``: several yearly matters of one holder (a year's contracts, financing,
  revenue) with no count, list, second object or second year said are asked, not added;
- ``one_figure_twice``: no figure said once holds the sum of two matters ("已经拿了七万二的
  那份…又签了一份，交易额二百六十八万" is one contract's 268万, never both's).

A reply that breaks a rule becomes one short question in Chinese that states the reading
(:func:`confirmation`), and the breach is logged. It never reaches the user as a figure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from assistant.answer.reply import Headline, Reply
from assistant.dialogue import casefile, facts
from assistant.dialogue.policy import Decision
from assistant.dialogue.state import Conversation
from assistant.nlu import acts, conditions, evidence
from assistant.nlu.numbers import find_numbers
from assistant.nlu.understand import Understanding
from calculators.common import format_yuan
from calculators.model import Award, Kind
from calculators.registry import RULES, compute

log = logging.getLogger(__name__)

ONE_YUAN = Decimal(1)
# Intents that ask for something other than an amount (assistant.nlu.understand.Intent).
NON_AMOUNT = frozenset(
    {"process", "responsible", "validity", "clause_text", "greeting", "out_of_scope", "profile"}
)
AMOUNT_VERDICTS = frozenset({"amount", "up_to"})


@dataclass(frozen=True)
class RangeEnds:
    """A matter's main figure said as a range ("三四百万"), and the award at each end."""

    low: Decimal
    high: Decimal
    at_low: Award
    at_high: Award

    @property
    def decides(self) -> bool:
        """The exact figure changes the award (a cap reached at both ends does not)."""
        return self.at_low.amount_yuan != self.at_high.amount_yuan


@dataclass(frozen=True)
class MatterReading:
    """One matter as the reply computes it: its rule, the words it was read from, the anchor
    that names it (None: no object named) and its sums in 元 (fact → value)."""

    rule: str
    said: str = ""
    anchor: str | None = None
    bases: dict[str, Decimal] = field(default_factory=dict)
    ends: RangeEnds | None = None
    unsaid: tuple[str, ...] = ()  # two-valued conditions with no value: assumed met if paid

    @property
    def noun(self) -> str:
        """What one matter of its rule is called ("项目", "合同", "平台")."""
        return str(casefile.data()["nouns"].get(self.rule, "事项"))


@dataclass(frozen=True)
class Reading:
    """What the reply rests on: the message, its intent, the matters this message made or
    computed, the figures read as bases, and the evidence behind a "not covered"."""

    message: str
    intent: str = "other"
    matters: tuple[MatterReading, ...] = ()
    base_figures: tuple[Decimal, ...] = ()
    not_covered_evidence: tuple[str, ...] = ()
    asks: bool = True  # the message asks something (a statement of facts asks for the amount)


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str
    question: str  # the short question that settles it, in Chinese
    reading: str = ""  # what was understood, said back above the question
    asks_for: tuple[str, str] | None = None  # (rule, fact) the question asks for, if one


def check(reply: Reply, reading: Reading) -> list[Violation]:
    """Every invariant ``reply`` breaks given ``reading`` (empty when it may go out)."""
    out: list[Violation] = []
    out += _below_one_yuan(reply, reading)
    out += _implausible(reading)
    out += _anchors(reading)
    out += _bases_and_matters(reading)
    out += _not_covered(reply, reading)
    out += _headline(reply, reading)
    out += _ranges(reading)
    paid = {a.rule for a in reply.details if a.amount_yuan > 0}  # rules paid on this reading
    counted = evidence.enumerated(reading.message)
    out += _unheard(paid, reading)
    out += _over_count(reading, counted)
    out += _place(paid, reading)
    out += _one_holder_twice(reading, counted)
    out += _one_figure_twice(reading)
    return out


def guard(reply: Reply, reading: Reading) -> Reply:
    """``reply`` when it breaks no rule; otherwise a confirmation question, and a log line."""
    violations = check(reply, reading)
    return refuse(reply, reading, violations) if violations else reply


def refuse(reply: Reply, reading: Reading, violations: list[Violation]) -> Reply:
    """The confirmation question that replaces ``reply``, with the breach logged."""
    log.warning(
        "reply gate: %s on %r",
        "; ".join(f"{v.rule}: {v.detail}" for v in violations),
        reading.message[:200],
    )
    return confirmation(reply, violations)


def confirmation(reply: Reply, violations: list[Violation]) -> Reply:
    """One short question that states the reading; no figure is asserted."""
    question = violations[0].question
    return Reply(
        intent="confirm",
        headline=Headline(text=question, verdict="needs_facts"),
        body=[
            "为了不给您算错，我先确认一下我的理解。",
            *(v.reading for v in violations if v.reading),
        ],
        citations=reply.citations,
        unit_lines=reply.unit_lines,
        follow_up=question,
        retrieved=reply.retrieved,
    )


# ------------------------------------------------------------------ the rules
def _money(value: Decimal) -> str:
    return format_yuan(value) if value >= ONE_YUAN else f"{value.normalize():f}元"


def _label(rule: str, name: str) -> str:
    return RULES[rule].fact(name).label if name in RULES[rule].facts else name


def _below_one_yuan(reply: Reply, reading: Reading) -> list[Violation]:
    out = []
    for award in reply.awards:
        amount = Decimal(award.amount_yuan)
        if 0 < amount < ONE_YUAN:
            out.append(
                Violation(
                    "below_one_yuan",
                    f"{award.clause} amount {amount}",
                    f"算出来的金额不足1元（{amount.normalize():f}元），多半是我把一个比例或数字"
                    f"当成了金额。您能把{award.clause}涉及的金额再说一遍吗（例如“300万”）？",
                )
            )
    for m in reading.matters:
        for name, value in m.bases.items():
            if 0 < value < ONE_YUAN:
                label = _label(m.rule, name)
                out.append(
                    Violation(
                        "below_one_yuan",
                        f"{m.rule}.{name} = {value}",
                        f"您说的{value.normalize():f}是{label}吗？按我的理解它更像一个比例，"
                        f"不是金额。请告诉我{label}是多少元（例如“300万”）。",
                    )
                )
    return out


def _implausible(reading: Reading) -> list[Violation]:
    out = []
    for m in reading.matters:
        for name, value in m.bases.items():
            if name not in RULES[m.rule].facts or value <= 0:
                continue
            span = RULES[m.rule].fact(name).plausible
            if span is None or span[0] <= value <= span[1] or value < ONE_YUAN:
                continue  # below 1 元 is its own rule
            label = _label(m.rule, name)
            out.append(
                Violation(
                    "implausible_base",
                    f"{m.rule}.{name} = {value} outside {span}",
                    f"我理解您的{label}是{_money(value)}，这个数不太常见。是这个数吗？"
                    f"如果单位不对（元/万元/亿元），请再说一遍。",
                )
            )
    return out


def _anchors(reading: Reading) -> list[Violation]:
    if len(reading.matters) < 2:
        return []  # one matter is named by the measure the message is about
    out = []
    named = next((m for m in reading.matters if m.anchor), None)
    years = [evidence.year_in(m.said) for m in reading.matters]
    for m, year in zip(reading.matters, years, strict=True):
        if m.anchor:
            continue
        if year and years.count(year) == 1 and any(y and y != year for y in years):
            continue  # "2025年…九千万，今年…一亿二": each year's total, named by its year
        figure = next(iter(m.bases.values()), None)
        if named is not None and figure is not None and named.bases:
            first = next(iter(named.bases.values()))
            question = (
                f"您说的{_money(first)}和{_money(figure)}是同一个{m.noun}吗？"
                f"{_money(figure)}是另一个事项，还是您自己算的结果？"
            )
        else:
            question = f"您说的“{m.said}”是另一个事项吗？如果是，它是哪个项目、合同或平台？"
        out.append(Violation("no_anchor", f"{m.rule}: {m.said!r}", question))
    return out


def _bases_and_matters(reading: Reading) -> list[Violation]:
    bases = list(dict.fromkeys(reading.base_figures))
    matters = max(1, len(reading.matters))
    if len(bases) <= matters:
        return []
    said = "、".join(_money(b) for b in bases)
    return [
        Violation(
            "more_bases_than_matters",
            f"{len(bases)} bases for {matters} matter(s)",
            f"您说了{said}，我只看到{matters}个事项。这些数里哪个是计算依据"
            f"（如经费、合同额、收入），哪个是您估算的结果或上限？",
        )
    ]


def _not_covered(reply: Reply, reading: Reading) -> list[Violation]:
    said = reply.not_covered or (
        reply.headline.text if reply.headline and reply.headline.verdict == "not_covered" else ""
    )
    if not said or reading.not_covered_evidence:
        return []
    nearest = reply.retrieved[0].clause if reply.retrieved else None
    question = (
        f"我没有把握本政策是否涉及您问的内容。您问的是不是{nearest}这一条？"
        if nearest
        else "我没有把握本政策是否涉及您问的内容。能换个说法，或说说是哪一类事项吗？"
    )
    return [Violation("not_covered_without_evidence", said[:60], question)]


def _headline(reply: Reply, reading: Reading) -> list[Violation]:
    if reading.intent not in NON_AMOUNT or not reading.asks or reply.headline is None:
        return []
    if reply.headline.verdict not in AMOUNT_VERDICTS:
        return []
    if len(reply.awards) < 2 and len(reply.matters) < 2:
        return []
    return [
        Violation(
            "amount_headline_for_non_amount",
            f"intent {reading.intent} with {len(reply.awards)} awards",
            "您是想知道这几项能拿多少钱，还是想了解办理流程、责任单位或原文？",
        )
    ]


def _ranges(reading: Reading) -> list[Violation]:
    out = []
    for m in reading.matters:
        if m.ends is None or not m.ends.decides:
            continue
        e = m.ends
        low, high = format_yuan(e.low), format_yuan(e.high)
        said = (
            f"您说的是大概范围（{low}到{high}）：按{low}计{_kind(e.at_low)}可得"
            f"{format_yuan(e.at_low.amount_yuan)}，按{high}计{_kind(e.at_high)}可得"
            f"{format_yuan(e.at_high.amount_yuan)}，依据{RULES[m.rule].clause}。"
        )
        out.append(
            Violation(
                "range_decides_amount",
                f"{m.rule}: {e.low}..{e.high}",
                f"金额取决于确切数字：{_label(m.rule, _main(m.rule))}具体是多少？"
                "您告诉我一个数，我按它算准。",
                reading=said,
                asks_for=(m.rule, _main(m.rule)),
            )
        )
    return out


def _by_rule(matters: tuple[MatterReading, ...]) -> dict[str, list[MatterReading]]:
    out: dict[str, list[MatterReading]] = {}
    for m in matters:
        out.setdefault(m.rule, []).append(m)
    return out


def _unheard(paid: set[str], reading: Reading) -> list[Violation]:
    out = []
    for m in reading.matters:
        if m.rule not in paid:
            continue  # nothing is paid on the assumption
        for name in m.unsaid:
            words = conditions.doubted(name, m.said)
            if words is None:
                continue
            fact = RULES[m.rule].fact(name)
            out.append(
                Violation(
                    "condition_unheard",
                    f"{m.rule}.{name} unknown though {words!r} was said",
                    fact.question,
                    reading=f"您提到“{words}”，但我没能确定“{fact.label}”这个条件是否满足，"
                    f"它决定{RULES[m.rule].clause}能不能拿。",
                    asks_for=(m.rule, name),
                )
            )
            break  # one question per matter
    return out


def _place(paid: set[str], reading: Reading) -> list[Violation]:
    if not any("in_valley" in RULES[r].facts for r in paid):
        return []
    said = conditions.place_doubted(reading.message)
    if said is None:
        return []
    return [
        Violation(
            "place_doubted",
            f"in_valley read or assumed though {said!r} was said",
            "贵单位在晋创谷·晋中（谷内）吗？",
            reading=f"您提到“{said}”，我不能确定贵单位是否在晋创谷·晋中（谷内），"
            "各条款都只支持谷内的主体（附则）。",
        )
    ]


def _one_holder_twice(reading: Reading, counted: int) -> list[Violation]:
    if counted:
        return []  # a count or a list names several holders or objects
    for rule, matters in _by_rule(reading.matters).items():
        if not evidence.yearly_per_holder(rule):
            continue
        years = {evidence.year_in(m.said) for m in matters}
        anchors = {m.anchor for m in matters}
        if len(matters) < 2 or len(years) == len(matters) or len(anchors) == len(matters):
            continue  # one matter, or each its own year or its own object ("中心…；基地…")
        figures = "、".join(_money(v) for m in matters for v in list(m.bases.values())[:1])
        noun = matters[0].noun
        return [
            Violation(
                "one_holder_twice",
                f"{len(matters)} {rule} matters, no count said",
                f"您说的{figures or '这几笔'}是同一个{noun}同一年的吗？"
                "如果是，它是一年的合计（或其中一个是更正、估算）；如果不是，请说明分别是谁的。",
            )
        ]
    return []


def _one_figure_twice(reading: Reading) -> list[Violation]:
    for rule, matters in _by_rule(reading.matters).items():
        held: dict[Decimal, int] = {}
        for m in matters:
            for value in set(m.bases.values()):
                held[value] = held.get(value, 0) + 1
        for value, holders in held.items():
            if holders > 1 and holders > evidence.times_said(reading.message, value):
                noun = matters[0].noun
                return [
                    Violation(
                        "one_figure_twice",
                        f"{rule}: {value} held by {holders} matters, said fewer times",
                        f"您说的{_money(value)}是哪一个{noun}的？"
                        f"另一个{noun}的金额是多少（或已经拿过奖补了）？",
                    )
                ]
    return []


def _over_count(reading: Reading, said: int) -> list[Violation]:
    if not said or said >= 10**6:
        return []  # no count said, or a list distributed over them
    for rule, matters in _by_rule(reading.matters).items():
        if evidence.counts_things(rule) and len(matters) > said:
            noun = matters[0].noun
            return [
                Violation(
                    "more_matters_than_counted",
                    f"{len(matters)} {rule} matters, {said} counted",
                    f"您说的是{said}个{noun}，我读出了{len(matters)}个。"
                    f"能把每个{noun}的金额再分别说一下吗？",
                )
            ]
    return []


def _kind(award: Award) -> str:
    return "最高" if award.kind is Kind.UP_TO else ""


def _main(rule: str) -> str:
    return facts.main_amount_field(rule) or ""


# ------------------------------------------------------------------ the reading a reply rests on
def reading(
    conv: Conversation, message: str, u: Understanding | None, decision: Decision
) -> Reading:
    """What the reply to ``message`` rests on, for the gate: the matters this message made or
    computed (with the anchor that names each), the figures it said that became bases, and
    the evidence behind a "not covered"."""
    said = {n.value for n in find_numbers(message)}
    matters: list[MatterReading] = []
    if decision.case is not None:
        for outcome in decision.case.outcomes:
            m = outcome.matter
            if m.said and _plain(m.said) in _plain(u.text if u else message):
                # this message's matters, not earlier turns'
                matters.append(_matter_reading(m.rule, m.facts, m.said, said, m))
    elif decision.rule is not None:
        index = conv.focused()
        focused = conv.case.matters[index] if index is not None else None
        told = focused if focused is not None and focused.rule == decision.rule else None
        matters.append(_matter_reading(decision.rule, conv.facts, message, said, told, own=False))
    # "三项专利…200万、350万、90万": a count anchors the figures listed after it, one each.
    # The count is of one kind of object: it anchors the matters of a measure it covers
    # ("两份技术开发合同…1500万和1800万；另外技术服务…五千万": the count is the contracts').
    unanchored = {m.rule for m in matters if not m.anchor}
    counted = evidence.enumerated(u.text if u else message)
    if unanchored and all(sum(m.rule == r for m in matters) <= counted for r in unanchored):
        matters = [m if m.anchor else replace(m, anchor="（列举）") for m in matters]
    proof: tuple[str, ...] = ()
    if decision.case is not None and decision.case.not_covered is not None:
        proof = decision.case.not_covered.evidence
    elif decision.kind == "out_of_scope" and not (
        decision.retrieval and decision.retrieval.relevant
    ):
        proof = ("非政策话题的用语", "检索没有相关条款")
    main = [
        value
        for m in matters
        for name, value in m.bases.items()
        if name == facts.main_amount_field(m.rule)
    ]
    if decision.rule is not None and not evidence.enumerated(u.text if u else message):
        # Further figures the single-matter path computes one award each for: with no count
        # or enumerator in the message, they are more bases than the matters it names.
        field = facts.main_amount_field(decision.rule)
        main += [v for v in decision.extra_amounts.get(field or "", []) if v in said]
    return Reading(
        message=message,
        intent=str(getattr(u.intent, "value", u.intent)) if u is not None else "other",
        matters=tuple(matters),
        base_figures=tuple(main),
        not_covered_evidence=proof,
        asks=acts.asks(message),
    )


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in "%‰.")


def _matter_reading(
    rule: str,
    known: dict[str, Any],
    words: str,
    said: set[Decimal],
    matter: Any = None,
    own: bool = True,
) -> MatterReading:
    """One matter's reading: its sums said in this message, its anchor (the reading's own
    when it has one, else the first anchor word in the words it was read from), and both ends
    of its main figure when this message said it as a range. ``own``: ``matter`` was read
    from these words (else it is the matter the single-matter path computes, and only its
    ranges count)."""
    bases = {
        name: Decimal(known[name])
        for name in RULES[rule].facts
        if name.endswith("_yuan") and known.get(name) is not None and Decimal(known[name]) in said
    }
    anchor = (getattr(matter, "anchor", None) if own else None) or evidence.anchor_in(words, rule)
    ends = _ends(rule, known, matter.ranges, said) if matter is not None else None
    unsaid = tuple(
        name
        for name in RULES[rule].facts
        if RULES[rule].fact(name).kind == "bool" and known.get(name) is None
    )
    return MatterReading(
        rule=rule, said=words, anchor=anchor, bases=bases, ends=ends, unsaid=unsaid
    )


def _ends(
    rule: str, known: dict[str, Any], ranges: dict[str, tuple[Decimal, Decimal]], said: set[Decimal]
) -> RangeEnds | None:
    """Both ends of the main figure's range, when this message said it (its low end is in
    ``said``) and the figure still holds that low end."""
    main = facts.main_amount_field(rule)
    if not main or main not in ranges:
        return None
    low, high = ranges[main]
    if low not in said or known.get(main) is None or Decimal(known[main]) != low:
        return None
    given = {k: v for k, v in known.items() if k in RULES[rule].facts and v is not None}
    try:
        return RangeEnds(
            low, high, compute(rule, {**given, main: low}), compute(rule, {**given, main: high})
        )
    except Exception:  # a fact the calculator refuses: the answer's own path says why
        return None


__all__ = [
    "MatterReading",
    "RangeEnds",
    "Reading",
    "Violation",
    "check",
    "confirmation",
    "guard",
    "reading",
    "refuse",
]
