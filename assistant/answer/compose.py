"""Turn calculator results into the blocks of a reply: headline, body lines, steps, conditions.

Every figure written here comes from an :class:`Award` or a verbatim clause quote. The blocks
are data; :mod:`assistant.answer.render` turns them into Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from assistant.answer.render.awards import (
    CEILING,
    FIRM,
    REVIEWED,
    amount_kind,
    kind_sums,
    reviewed,
)
from assistant.answer.render.markdown import citation_block, emphasised, join
from assistant.answer.reply import (
    AwardSummary,
    ConditionLine,
    Headline,
    Reply,
    StepGroup,
    unit_lines,
)
from calculators.common import format_yuan
from calculators.model import Award, Citation, Kind, Status
from corpus.clauses import APPENDIX_LABEL, load_policy

ESTIMATE_NOTE = "以上为依据政策原文的估算，最终以责任单位审核认定为准。"

__all__ = ["citation_block", "join"]  # re-exported for the LLM writer


# The answer to "can support from two payers combine", said first when that is asked.
COMBINING = "同一事项按“就高不重复”：只按较高的一项支持，不重复享受（附则）。"


def appendix_sentence(keyword: str) -> str:
    """The 附则 sentence containing ``keyword``, verbatim (so caveats quote the text)."""
    return load_policy().appendix.sentence(keyword)


def caveats() -> list[Citation]:
    """The 附则 caveats every amount answer carries: validity window and 就高不重复."""
    return [
        Citation(clause=APPENDIX_LABEL, quote=appendix_sentence("有效期")),
        Citation(clause=APPENDIX_LABEL, quote=appendix_sentence("就高不重复")),
    ]


def caveat_lines() -> list[str]:
    return [f"{c.quote}（附则）" for c in caveats()] + [ESTIMATE_NOTE]


def kind_phrase(award: Award) -> str:
    if award.kind is Kind.EXACT:
        if reviewed(award):
            return "原文为“经申报和评审”给予：评审通过后按此金额，不是按规定直接给予"
        return "按政策规定计算的金额"
    if award.kind is Kind.UP_TO:
        return "上限：原文为“不超过/最高”，不是承诺，实际以评审核定为准"
    return "原文未规定具体金额"


# The verb before an amount, by its kind (render.awards): 确定可得 / 最高可得 / 经申报和评审可得.
GAIN = {FIRM: "确定可得", CEILING: "最高可得", REVIEWED: "经申报和评审可得"}


def headline(award: Award) -> Headline:
    """One sentence: clause, measure and the amount with its kind, or why it is 0."""
    name = f"{award.clause}{award.measure}"
    if award.kind is Kind.NO_FIXED_AMOUNT:
        return Headline(
            text=f"{name}：原文未规定具体金额，按相关规定予以支持。",
            verdict="info",
            emphasis=[name],
        )
    amount = format_yuan(award.amount_yuan)
    summary = AwardSummary.of(award).amount_yuan
    if award.blocked:
        reasons = "；".join(c.text for c in award.conditions if c.status is Status.NOT_MET)
        return Headline(
            text=f"{name}：按您提供的情况暂不符合条件（{reasons}），可得金额为 0。",
            verdict="not_eligible",
            amount_yuan="0",
            emphasis=[name],
        )
    if award.amount_yuan == 0:
        why = award.steps[-1] if award.steps else kind_phrase(award)
        return Headline(
            text=f"{name}：可得 {amount}（{why}）。",
            verdict="zero",
            amount_yuan=summary,
            emphasis=[name, amount],
        )
    gain = f"{GAIN[amount_kind(award) or FIRM]} {amount}"
    text = f"{name}：{gain}（{kind_phrase(award)}）。"
    verdict = "up_to" if award.kind is Kind.UP_TO else "amount"
    return Headline(text=text, verdict=verdict, amount_yuan=summary, emphasis=[name, gain])


def award_line(award: Award) -> str:
    """The award's headline as a body line, for answers that list several."""
    return emphasised(headline(award))


def schedule_line(award: Award) -> str:
    if not award.schedule:
        return ""
    if all(item.amount_yuan is None for item in award.schedule):
        return f"分年安排：分{len(award.schedule)}年到位，每年金额原文未列明"
    return "分年安排：" + "；".join(
        f"第{item.year}年：{'原文未列明' if item.amount_yuan is None else format_yuan(item.amount_yuan)}"
        for item in award.schedule
    )


def notes_line(award: Award) -> str:
    return "\n".join(f"- {n}" for n in award.notes)


def totals(awards: Iterable[Award]) -> tuple[Decimal, Decimal]:
    """(sum of exact amounts, sum of ceilings), leaving out awards a stated fact rules out.

    Kinds are compared by value (StrEnum ==): an award built before a module reload (the
    app's file watcher) must still be counted.
    """
    exact = ceiling = Decimal(0)
    for a in awards:
        if any(c.status == Status.NOT_MET for c in a.conditions):
            continue
        if a.kind == Kind.EXACT:
            exact += a.amount_yuan
        elif a.kind == Kind.UP_TO:
            ceiling += a.amount_yuan
    return exact, ceiling


def like_with_like(sums: dict[str, Decimal], reviewed: str | None = None) -> str:
    """ "确定金额合计 …；另有上限合计 …，经申报和评审的 …": each kind's sum apart (``sums`` from
    :func:`kind_sums`, not empty). ``reviewed``: the wording of the reviewed part, when a
    channel names the measures it comes from (the 体检 report)."""
    parts = []
    if FIRM in sums:
        parts.append(f"确定金额合计 {format_yuan(sums[FIRM])}")
    if CEILING in sums:
        parts.append(f"上限合计 {format_yuan(sums[CEILING])}（“最高/不超过”，不是承诺）")
    if REVIEWED in sums:
        default = f"经申报和评审的 {format_yuan(sums[REVIEWED])}（评审通过后才确定）"
        parts.append(default if reviewed is None else reviewed)
    return parts[0] + ("；另有" + "，".join(parts[1:]) if len(parts) > 1 else "")


def total_headline(awards: list[Award]) -> Headline | None:
    """The sum over several awards, like with like: firm amounts (确定), ceilings (最高/不超过)
    and amounts granted 经申报和评审 are summed apart, never into one figure; None when
    nothing is left to sum."""
    sums = kind_sums(awards)
    if not sums:
        return None
    shown = {k: format_yuan(v) for k, v in sums.items()}
    text = like_with_like(sums)
    first = next(iter(sums.values()))
    amount = AwardSummary.of(
        Award(rule="", clause="", measure="", kind=Kind.EXACT, amount_yuan=first)
    ).amount_yuan
    return Headline(
        text=text + "。",
        verdict="amount" if FIRM in sums or REVIEWED in sums else "up_to",
        amount_yuan=amount,
        emphasis=list(shown.values()),
    )


def steps(awards: Iterable[Award]) -> list[StepGroup]:
    return [
        StepGroup(clause=a.clause, title=f"{a.clause}{a.measure}", lines=a.steps)
        for a in awards
        if a.steps
    ]


def conditions(awards: Iterable[Award]) -> list[ConditionLine]:
    return [ConditionLine.of(c) for a in awards for c in a.conditions]


def unique(citations: Iterable[Citation]) -> list[Citation]:
    seen: dict[tuple[str, str], Citation] = {}
    for c in citations:
        seen.setdefault((c.clause, c.quote), c)
    return list(seen.values())


def award_reply(
    awards: list[Award],
    intent: str,
    *,
    body: Iterable[str] = (),
    citations: Iterable[Citation] = (),
    units: Iterable[tuple[str, Iterable[str]]] = (),
    headline_: Headline | None = None,
    detailed: bool = True,
    listed: bool = False,
    follow_up: str | None = None,
) -> Reply:
    """A reply about awards: headline, one line per award, steps, conditions, sources, 附则.

    With one award its headline is the reply's; with several the total is, and each award is a
    body line. ``detailed`` adds the steps of every award; without it (a list of measures)
    only those of the awards with a figure, so an amount is never shown without the way it was
    computed (（十一）'s 65万 → 封顶50万); ``listed`` says ``body`` already lists the awards.
    """
    several = len(awards) != 1 or headline_ is not None
    lines = list(body)
    for a in [] if listed else awards:
        lines += [award_line(a) if several else "", schedule_line(a), notes_line(a)]
    return Reply(
        intent=intent,
        headline=headline_ or (total_headline(awards) if several else headline(awards[0])),
        body=[line for line in lines if line],
        steps=steps(
            awards if detailed else [a for a in awards if a.kind is not Kind.NO_FIXED_AMOUNT]
        ),
        conditions=conditions(awards),
        citations=unique([*citations, *(c for a in awards for c in a.citations), *caveats()]),
        unit_lines=unit_lines([*units, *((a.clause, a.units) for a in awards)]),
        caveats=caveat_lines(),
        awards=[
            s for a in awards if a.kind is not Kind.NO_FIXED_AMOUNT for s in AwardSummary.each(a)
        ],
        follow_up=follow_up,
        details=awards,
    )
