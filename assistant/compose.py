"""Turn calculator results and clauses into the Chinese Markdown a user reads.

Direct answer first, then steps, conditions, cited clauses, responsible units and caveats.
Every figure printed here comes from an :class:`Award` or a verbatim clause quote.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from calculators.common import format_yuan
from calculators.model import Award, Citation, Kind, Status
from corpus.clauses import APPENDIX_LABEL, Clause, load_policy

STATUS_MARK = {Status.MET: "✅", Status.NOT_MET: "❌", Status.UNKNOWN: "❔"}


def appendix_sentence(keyword: str) -> str:
    """The 附则 sentence containing ``keyword``, verbatim (so caveats quote the text)."""
    return load_policy().appendix.sentence(keyword)


def caveats() -> list[Citation]:
    """The 附则 caveats every amount answer carries: validity window and 就高不重复."""
    return [
        Citation(clause=APPENDIX_LABEL, quote=appendix_sentence("有效期")),
        Citation(clause=APPENDIX_LABEL, quote=appendix_sentence("就高不重复")),
    ]


def kind_phrase(award: Award) -> str:
    if award.kind is Kind.EXACT:
        return "按政策规定计算的金额"
    if award.kind is Kind.UP_TO:
        return "上限：原文为“不超过/最高”，不是承诺，实际以评审核定为准"
    return "原文未规定具体金额"


def headline(award: Award) -> str:
    """One line: clause, measure and the amount with its kind."""
    name = f"{award.clause}{award.measure}"
    if award.kind is Kind.NO_FIXED_AMOUNT:
        return f"**{name}**：原文未规定具体金额，按相关规定予以支持。"
    if award.blocked:
        reasons = "；".join(c.text for c in award.conditions if c.status is Status.NOT_MET)
        return f"**{name}**：按您提供的情况暂不符合条件（{reasons}），可得金额为 0。"
    amount = format_yuan(award.amount_yuan)
    if award.kind is Kind.UP_TO:
        return f"**{name}**：最高可得 **{amount}**（{kind_phrase(award)}）。"
    return f"**{name}**：可得 **{amount}**（{kind_phrase(award)}）。"


def schedule_lines(award: Award) -> list[str]:
    if all(item.amount_yuan is None for item in award.schedule):
        return [f"分{len(award.schedule)}年到位，每年金额原文未列明"]
    return [
        f"第{item.year}年：{'原文未列明' if item.amount_yuan is None else format_yuan(item.amount_yuan)}"
        for item in award.schedule
    ]


def compact_block(award: Award) -> str:
    """Headline plus the conditions on one line, for lists of several measures."""
    if not award.conditions:
        return headline(award)
    marks = "；".join(f"{STATUS_MARK[c.status]} {c.text}" for c in award.conditions)
    return f"{headline(award)}\n条件：{marks}"


def award_block(award: Award, *, detailed: bool = True) -> str:
    parts = [headline(award)]
    if award.schedule:
        parts.append("分年安排：" + "；".join(schedule_lines(award)))
    if detailed and award.steps:
        parts.append(
            "**计算过程**\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(award.steps, 1))
        )
    if detailed and award.conditions:
        parts.append(
            "**条件核对**（✅ 已满足 ❔ 未说明，按满足估算 ❌ 不满足）\n"
            + "\n".join(f"- {STATUS_MARK[c.status]} {c.text}" for c in award.conditions)
        )
    if detailed and award.notes:
        parts.append("\n".join(f"- {n}" for n in award.notes))
    return "\n\n".join(parts)


def citation_block(citations: Iterable[Citation]) -> str:
    seen: set[tuple[str, str]] = set()
    lines = []
    for c in citations:
        if (c.clause, c.quote) in seen:
            continue
        seen.add((c.clause, c.quote))
        lines.append(f"- {c.clause}：“{c.quote}”")
    return "**依据条款**\n" + "\n".join(lines) if lines else ""


def units_line(units: Iterable[str]) -> str:
    ordered = list(dict.fromkeys(units))
    return f"**责任单位**：{'、'.join(ordered)}" if ordered else ""


def caveat_block() -> str:
    lines = [f"- {c.quote}（附则）" for c in caveats()]
    lines.append("- 以上为依据政策原文的估算，最终以责任单位审核认定为准。")
    return "**提示**\n" + "\n".join(lines)


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


def total_line(awards: list[Award]) -> str:
    exact, ceiling = totals(awards)
    parts = []
    if exact:
        parts.append(f"按规定可计算的金额合计 **{format_yuan(exact)}**")
    if ceiling:
        lead = "另有" if exact else ""
        parts.append(f"{lead}上限合计 **{format_yuan(ceiling)}**（不是承诺）")
    return "；".join(parts) + "。" if parts else ""


def clause_text_block(clause: Clause) -> str:
    body = clause.body.replace("\n", "\n\n")
    return f"**{clause.heading}**（{clause.section}）\n\n{body}"


def join(*blocks: str) -> str:
    return "\n\n".join(b for b in blocks if b)
