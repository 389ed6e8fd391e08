"""The asker's own figure, answered: "您算的170万元：3400万元 × 5% = 170万元，但原文“每家企业
单项最高奖励100万元”，所以可得100万元。"

Understanding marks a figure the asker offered as their own result (its role is ``estimate``,
:mod:`assistant.nlu.roles`); it never becomes a base or a matter, and it is never dropped in
silence. Every figure in the line comes from the calculator's award or the rule's parameters
(``corpus/parameters.yaml``), never from this module.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.dialogue import facts
from assistant.dialogue.casefile import Matter
from assistant.nlu.roles import Figure, frames, listed_after
from calculators.common import format_rate, format_yuan, quantize
from calculators.model import Award, Kind
from calculators.registry import rule_parameters


def _applied_rate(award: Award, rule: str) -> Decimal | None:
    """The rule's rate the calculation used (the one its steps multiply by)."""
    rates = [p.value for p in rule_parameters(rule) if p.unit == "ratio"]
    for step in award.steps:
        for rate in rates:
            if "×" in step and format_rate(Decimal(str(rate))) in step:
                return Decimal(str(rate))
    return None


def _ceiling_word(award: Award) -> str:
    """ "最高" before an amount the text gives as a ceiling, nothing before a fixed one."""
    return "最高" if award.kind is Kind.UP_TO else ""


def _money_quote(rule: str, value: Decimal) -> str | None:
    """The text's own sentence for one of the rule's money figures, if ``value`` is one."""
    for p in rule_parameters(rule):
        if p.unit == "yuan" and Decimal(str(p.value)) == value:
            return p.quote
    return None


def estimate_line(award: Award, matter: Matter, estimate: Figure) -> str:
    """One sentence answering the asker's figure with the calculator's."""
    said = format_yuan(estimate.value)
    got = format_yuan(award.amount_yuan)
    word = _ceiling_word(award)
    if award.amount_yuan == 0:
        return f"您算的{said}：按您说的情况，这一条目前可得金额为0（原因见下）。"
    heads = sum(int(v) for k, v in matter.facts.items() if k.endswith("_count") and v)
    per_head = quantize(estimate.value * heads) == award.amount_yuan
    if heads > 1 and (per_head or frames()["each_before"].search(estimate.mention.before)):
        # "两个博士…每人10万对吗", "硕士有5万…我们仨每人都有吗": the figure is per head.
        verdict = "没错" if per_head else "与按政策计算的不同"
        return f"您算的每人{said}{verdict}：{heads}人合计{word}可得{got}。"
    if quantize(estimate.value) == award.amount_yuan:
        return f"您算的{said}没错：按政策{word}可得{got}。"
    quote = _money_quote(matter.rule, estimate.value)
    if quote and any(w in quote for w in _CEILING) and award.amount_yuan < estimate.value:
        # "同事跟他讲每人都是固定给两千", "外面都传每年给一百万": a ceiling heard as a sum.
        return f"您说的{said}在原文里是上限，不是固定金额：“{quote}”；按您说的情况{word}可得{got}。"
    main = facts.main_amount_field(matter.rule)
    base = matter.facts.get(main) if main else None
    rate = _applied_rate(award, matter.rule)
    if base is not None and rate is not None:
        product = quantize(Decimal(base) * rate)
        sum_ = f"{format_yuan(Decimal(base))} × {format_rate(rate)} = {format_yuan(product)}"
        if product > award.amount_yuan and (quote := _money_quote(matter.rule, award.amount_yuan)):
            return f"您算的{said}：{sum_}，但原文“{quote}”，所以{word}可得{got}。"
        return f"您算的{said}与按政策计算的不同：{sum_}，{word}可得{got}。"
    return f"您说的{said}与按政策计算的不同：按政策{word}可得{got}。"


def total_estimate_line(awards: list[Award], estimate: Decimal) -> str:
    """The asker's figure for several matters at once, answered with their sum."""
    said = format_yuan(estimate)
    total = sum((a.amount_yuan for a in awards), Decimal(0))
    word = "最高" if any(a.kind is Kind.UP_TO for a in awards) else ""
    if quantize(estimate) == total:
        return f"您算的{said}没错：{len(awards)}项合计{word}可得{format_yuan(total)}。"
    return f"您算的{said}与按政策计算的不同：{len(awards)}项合计{word}可得{format_yuan(total)}。"


def several_estimate_lines(
    awards: list[Award],
    labels: list[str],
    estimates: list[Figure],
    bases: list[Decimal | None] | None = None,
) -> list[str]:
    """The asker's figures for several matters ("财务按2%算是6万、4万、3万，一共十三万"): one
    list with a figure per matter is answered matter by matter, in the order said; any other
    figure (their sum, "加起来是不是80万") with the matters' sum. A figure found by arithmetic
    on one matter's own base (``bases``, "一个十二万一个八万" of 1200万 and 800万) is that
    matter's."""
    said = []
    if bases:
        own = {
            f: bases.index(f.of) for f in estimates if f.of is not None and bases.count(f.of) == 1
        }
        for f, i in own.items():
            said.append(f"{labels[i]}您算的{format_yuan(f.value)}{_verdict(f, awards[i])}")
        estimates = [f for f in estimates if f not in own]
    each: list[Figure] = []
    for f in estimates:
        if each and not listed_after(each[-1].mention, f.mention):
            break
        each.append(f)
    paired = len(awards) > 1 and len(each) == len(awards) == len(labels)
    for label, award, e in zip(labels, awards, each, strict=True) if paired else ():
        said.append(f"{label}您算的{format_yuan(e.value)}{_verdict(e, award)}")
    rest = [f for f in estimates if not (paired and f in each)]
    each_item = frames()["each_before"]
    per_item = [f for f in rest if each_item.search(f.mention.before)]  # "按每份4万算"
    lines = ["；".join(said) + "。"] if said else []
    if len(labels) == len(awards):
        lines += [_per_item_line(awards, labels, f.value) for f in per_item]
    others = dict.fromkeys(f.value for f in rest if f not in per_item)
    return lines + [total_estimate_line(awards, v) for v in others]


def _verdict(estimate: Figure, award: Award) -> str:
    if quantize(estimate.value) == award.amount_yuan:
        return "没错"
    return f"，按政策{_ceiling_word(award)}可得{format_yuan(award.amount_yuan)}"


def _per_item_line(awards: list[Award], labels: list[str], each: Decimal) -> str:
    """The asker's figure for each of several matters, checked matter by matter."""
    off = [
        f"{label}按政策{_ceiling_word(a)}可得{format_yuan(a.amount_yuan)}"
        for label, a in zip(labels, awards, strict=True)
        if quantize(each) != a.amount_yuan
    ]
    if not off:
        return f"您算的每项{format_yuan(each)}没错。"
    rest = "，其余没错" if len(off) < len(awards) else ""
    return f"您算的每项{format_yuan(each)}：" + "；".join(off) + f"{rest}。"


def rate_line(award: Award, matter: Matter, said: Figure) -> str | None:
    """A rate the asker said ("比例是0.3吧") that is not the one the text applies, answered
    with the text's own; None when it is the same rate (nothing to correct)."""
    applied = _applied_rate(award, matter.rule)
    if applied is None and not any(p.unit == "ratio" for p in rule_parameters(matter.rule)):
        # "是按投资额的百分之二十吗" of a 众创空间: the measure pays fixed sums, no rate.
        return f"本条不按比例计算（您说的{format_rate(said.value)}不适用）：原文规定的是固定金额，见下方计算过程。"
    if applied is None or said.value == applied:
        return None
    own = {Decimal(str(p.value)) for p in rule_parameters(matter.rule) if p.unit == "ratio"}
    if said.value in own:  # "牵头的给百分之五、参与的最高百分之二": the text's, for another case
        return f"原文的{format_rate(said.value)}是另一种情形的比例；按您说的情况，本条按{format_rate(applied)}计算。"
    return f"您说的比例{format_rate(said.value)}与原文不同：本条按{format_rate(applied)}计算。"


_CEILING = ("最高", "不超过", "最多", "封顶", "上限")


def cap_line(matter: Matter, said: Figure, lines: list[str]) -> str | None:
    """A ceiling the asker quoted ("上限一百万对吧"), checked against the rule's own money
    figures: the text's sentence when it is one of them (None when one of ``lines``, the
    answer so far, quotes it already), else the text has no such figure."""
    if quote := _money_quote(matter.rule, said.value):
        if any(quote in line for line in lines):
            return None
        if any(w in quote for w in _CEILING) and not any(
            w in said.mention.before for w in _CEILING
        ):
            # "同事说每人都是固定给两千": the text's figure is a ceiling, not a fixed sum.
            return f"您说的{format_yuan(said.value)}在原文里是上限，不是固定金额：“{quote}”。"
        return f"您说的{format_yuan(said.value)}与原文一致：“{quote}”。"
    return f"原文本条没有{format_yuan(said.value)}这个数；本条的规定见下方计算过程和条款。"


__all__ = [
    "cap_line",
    "estimate_line",
    "rate_line",
    "several_estimate_lines",
    "total_estimate_line",
]
