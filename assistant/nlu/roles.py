"""What each figure of a message is doing: one role per money or ratio figure.

:mod:`assistant.nlu.numbers` types a value (money, ratio, count, duration …), Duckling-style;
this module gives each money or ratio figure exactly one **role**, as Rasa gives an entity a
role beside its type:

* ``base`` — an amount a rule reads (funds, contract value, revenue, a loan …), the default;
* ``rate`` — a ratio ("5%", "千分之二", "比例是0.3"): never money;
* ``estimate`` — the asker's own result offered to be checked ("按5%是不是170万", "能给到80万
  不", "我算的是12万对吗"), or a figure equal to another figure × one of the rules' own
  rates (arithmetic over ``corpus/parameters.yaml``, never a figure written here);
* ``cap`` — a ceiling or threshold quoted back ("最高100万"), or a figure with no label of its
  own equal to one of the rules' own money figures;
* ``received`` / ``other_policy`` — money already had (the money slots of ``lexicon.yaml``);
* ``total`` / ``increment`` / ``context`` — "再签200万，到5000万": the running total is what
  the rule reads; the part added and the earlier part it completes are context.

Only ``base`` and ``total`` figures are amounts a rule reads, so only they can be the amount of
a matter; an estimate or a cap never makes one. The frames live in ``roles.yaml``; how a
figure's label is found is the caller's (:func:`assistant.nlu.understand.figure_roles`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from assistant.nlu.numbers import NumberMention
from calculators.registry import RULES, rule_parameters
from corpus import yamlfile

ROLES_PATH = Path(__file__).with_name("roles.yaml")

Role = Literal[
    "base", "rate", "estimate", "cap", "received", "other_policy", "total", "increment", "context"
]
# Roles whose figure a rule reads as its amount.
AMOUNT_ROLES = frozenset({"base", "total"})
# Slots (lexicon.yaml money_slots) that say the money was already had.
_HAD = ("received", "other_policy")


@dataclass(frozen=True)
class Figure:
    """One figure and what it is doing in its message."""

    mention: NumberMention
    role: Role
    # "explicit": said in so many words (a frame); "inferred": found by arithmetic.
    how: Literal["explicit", "inferred"] = "explicit"
    of: Decimal | None = None  # an estimate by arithmetic: the figure it was computed from
    rate: Decimal | None = None  # … and the rate that gives it
    # A figure restating others: a total said of figures also given one by one ("…七百万，
    # 合计5700万"; the parts are what the rules read) or the same figure said again ("1.2个亿
    # （对，一点二亿）"). It is never a second amount.
    restates: bool = False

    @property
    def value(self) -> Decimal:
        return self.mention.value

    @property
    def is_amount(self) -> bool:
        return self.role in AMOUNT_ROLES and not self.restates


# (slot name or None, whether the label stands right at the figure)
Label = tuple[str | None, bool]


@cache
def _raw() -> dict:
    return yamlfile.read(ROLES_PATH)


@cache
def frames() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(p) for name, p in _raw().items() if isinstance(p, str)}


@cache
def _parameters(rules: tuple[str, ...]) -> tuple[tuple[Decimal, ...], tuple[Decimal, ...]]:
    """The rates and the money figures the text sets for these rules (all rules when none)."""
    rates: set[Decimal] = set()
    money: set[Decimal] = set()
    for rule in rules or tuple(RULES):
        for p in rule_parameters(rule):
            if p.unit == "ratio":
                rates.add(Decimal(str(p.value)))
            elif p.unit == "yuan":
                money.add(Decimal(str(p.value)))
    return tuple(sorted(rates)), tuple(sorted(money))


def rates_and_caps(rules: Iterable[str]) -> tuple[tuple[Decimal, ...], tuple[Decimal, ...]]:
    """The rules' own rates and money figures (caps, thresholds, fixed sums)."""
    return _parameters(tuple(sorted(r for r in rules if r in RULES)))


def _close(x: Decimal, y: Decimal) -> bool:
    """Equal as people round: within 0.5% (and 1 元)."""
    return abs(x - y) <= max(Decimal(1), abs(y) * Decimal("0.005"))


def _is_money(n: NumberMention) -> bool:
    return n.kind in ("money", "number") and not n.problem


def assign(
    numbers: Sequence[NumberMention],
    rules: Iterable[str],
    label: Callable[[NumberMention], Label],
    correcting: bool = False,
    sentence_before: Callable[[NumberMention], str] | None = None,
    asked_year: str | None = None,
    this_year: int | None = None,
) -> list[Figure]:
    """A role for every money or ratio figure of one message, in the order said.

    ``label(n)`` names the money slot that labels ``n`` (None when none does) and whether the
    label stands right at the figure ("服务收入300万") rather than somewhere in its clause.
    ``sentence_before(n)`` is the sentence up to the figure (a year said earlier in it is the
    figure's year: "今年又参加一期，培训费五千"); by default the figure's clause.
    ``asked_year``: the year the question is about (:func:`year_said` of the asking sentence);
    ``this_year`` (today's) lets a written year and a relative one be compared.
    """
    fr = frames()
    out: list[Figure] = []
    labels: dict[int, Label] = {}

    def label_of(n: NumberMention) -> Label:
        if n.start not in labels:
            labels[n.start] = label(n)
        return labels[n.start]

    for n in numbers:
        if n.kind == "ratio":
            out.append(Figure(n, _ratio_role(n.before, n.after)))
            continue
        if not _is_money(n):
            continue
        if (role := _unlabelled_role(n.kind, n.before, n.after)) is not None:
            out.append(Figure(n, role))
            continue
        slot, direct = label_of(n)
        out.append(Figure(n, _frame_role(n, slot, direct, correcting)))
    said_before = sentence_before or (lambda n: n.before)
    # "还能再多给点，到20万？": a clause holding only its verb ("到") is read with the one before.
    out = [
        Figure(f.mention, "estimate")
        if f.role in ("base", "total")
        and len(f.mention.before.strip()) <= 2
        and fr["estimate_before"].search(said_before(f.mention)[-16:])
        else f
        for f in out
    ]
    computing = fr["computing_before"]
    out = [
        Figure(f.mention, "estimate")
        if f.role == "base"
        and label_of(f.mention)[0] is None
        and computing.search(said_before(f.mention))
        else f
        for f in out
    ]
    others = fr["others_before"]
    out = [
        Figure(f.mention, "context")
        if f.role in _HAD and others.search(said_before(f.mention))
        else f
        for f in out
    ]
    yearly = set(_raw()["yearly_slots"]) | {
        slot for r in rules for slot in _raw()["yearly_slots_by_rule"].get(r, ())
    }
    out = _earlier_years(
        _totals(
            _taken_back(_again(out, said_before), said_before),
            said_before if asked_year == YEARS_COUNTED else None,
        ),
        label_of,
        said_before,
        asked_year,
        yearly,
        this_year,
    )
    out = _own_over_wide(
        _sums(_lists(_arithmetic(out, rules, label_of)), label_of), rules, said_before
    )
    return _wholes(out, said_before, label_of)


@cache
def _label_frames(
    rule: str,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    spec = _raw()["own_and_wide_labels"].get(rule)
    if spec is None:
        return None
    tail = r")[^，。,；;？?！!\d]{0,6}$"
    part = spec.get("part", "(?!)")
    return (
        re.compile("(" + spec["own"] + tail),
        re.compile("(" + spec["wide"] + tail),
        re.compile("(" + part + tail),
    )


def _own_over_wide(
    figures: list[Figure], rules: Iterable[str], said_before: Callable[[NumberMention], str]
) -> list[Figure]:
    """A named measure's own noun outranks a wider one: "服务收入300万，总营收1200万" reads
    the 300万; the 1200万 is the whole around it. The own noun also outranks the general list
    of money no rule reads (a platform's "服务费"). Nothing changes unless the own noun labels
    a figure smaller than the wide one."""
    out = list(figures)
    unread = frames()["unread_before"]
    for rule in rules:
        if (pair := _label_frames(rule)) is None:
            continue
        own, wide, part = pair
        owned = {
            k
            for k, f in enumerate(out)
            if f.mention.kind == "money"
            and f.role in ("base", "context")
            and own.search(said_before(f.mention))
        }
        for k in owned:
            if out[k].role == "context" and unread.search(said_before(out[k].mention)):
                out[k] = Figure(out[k].mention, "base", "inferred")
        parts = [out[k].value for k in owned if out[k].role == "base"]
        if not parts:
            continue
        for k, f in enumerate(out):
            if f.role != "base" or k in owned:
                continue
            words = said_before(f.mention)
            # a whole holds its parts ("B中心收入八十万" is none); what was paid so far is a part
            # of the own figure ("…交易额一千六百八十万…只到账五百四十万")
            if (f.value > max(parts) and wide.search(words)) or (
                f.value < min(parts) and part.search(words)
            ):
                out[k] = Figure(f.mention, "context", "inferred")
    return out


def _wholes(
    figures: list[Figure],
    said_before: Callable[[NumberMention], str],
    label_of: Callable[[NumberMention], Label],
) -> list[Figure]:
    """ "全行贷款投放大概45亿，其中给谷内科技企业的…8600万": a base followed in its sentence by
    a smaller one said to be part of it (其中) is the whole; the part is what the rule reads,
    unless it is a breakdown of what the rule reads: the whole's own words named the part, or
    both are of a slot whose measure reads a total ("融资总额7800万，其中质押贷款2300万")."""
    out = list(figures)
    part = frames()["part_of_before"]
    totals = set(_raw()["total_slots"])
    for k, f in enumerate(out):
        if f.role != "base":
            continue
        for j, g in enumerate(out[k + 1 :], start=k + 1):
            if g.mention.start - f.mention.end > 60:
                break  # past the sentence window: keeps a long list of figures linear
            if g.role != "base" or g.value >= f.value:
                continue  # only a smaller base can be a part (checked before any reading)
            between = said_before(g.mention)
            after_whole = between[between.rfind(f.mention.raw) + len(f.mention.raw) :]
            if f.mention.raw in between and (cut := part.search(after_whole)):
                # "贷款和质押贷款一共6800万，其中质押贷款2100万": a part the whole's own words
                # already name is a breakdown; the whole is what the rule reads.
                label = after_whole[cut.end() :].strip("的是有为了 ")
                whole_words = said_before(f.mention)
                # … unless the part is the share inside the measure's scope ("全行贷款45亿，
                # 其中给谷内企业的8600万").
                slot = label_of(f.mention)[0]
                scoped = frames()["in_scope_part"]
                # "贷了一亿二，其中知识产权质押三千万": a part with no label of its own, of a
                # whole the measure reads as its total, is a breakdown of that total too.
                same_total = (
                    slot in totals
                    and label_of(g.mention)[0] in (slot, None)
                    and not (scoped.search(label) and not scoped.search(whole_words))
                )
                if (len(label) >= 2 and label in whole_words) or same_total:
                    out[j] = Figure(g.mention, "context", "inferred")
                else:
                    out[k] = Figure(f.mention, "context", "inferred")
                break
    return out


def _times_an_estimate(f: Figure, before: list[Figure]) -> bool:
    """``f`` is a small whole multiple (2 to 10) of an estimate said before it: the asker's
    own figure for that many items."""
    for e in before:
        if e.role == "estimate" and e.value > 0 and f.value > e.value:
            k = f.value / e.value
            if k == k.to_integral_value() and 2 <= k <= 10:
                return True
    return False


def _taken_back(figures: list[Figure], said_before: Callable[[NumberMention], str]) -> list[Figure]:
    """A figure the next one replaces, or one denied beside another, is context: taken back
    by the words between them ("3600万左右吧……不对，准确数是3800万") or a rough amount made exact
    right after ("三百来万，准确说是三百一十万")."""
    fr = frames()
    out = list(figures)
    amounts = [f for f in figures if f.is_amount]
    for i, f in enumerate(figures):
        if f.is_amount and len(amounts) > 1 and fr["denied_before"].search(f.mention.before):
            out[i] = Figure(f.mention, "context")  # "是380万，不是280万": the one meant stays
    for i in range(1, len(figures)):
        prev, f = figures[i - 1], figures[i]
        if not (prev.is_amount and f.is_amount):
            continue
        between = _between(prev.mention, f.mention, said_before(f.mention))
        cue = fr["correction_between"].search(between) if between is not None else None
        corrected = cue is not None and not fr["another_between"].search(
            between[: cue.end()] + fr["ordinal_corrected"].sub("", between[cue.end() :])
        )
        # "三千零六十万里有一份是今年1月才签的，去年实际是二千七百九十万": the actual figure of
        # the same label replaces the one told.
        actual = (
            between is not None
            and prev.role == f.role == "base"
            and fr["actual_before"].search(f.mention.before)
            and not fr["another_between"].search(f.mention.before[-6:])
        )
        made_exact = prev.mention.approx and fr["precise_before"].search(f.mention.before)
        # "去年服务性收入两百出头，我让他翻了下账本，是二百零六万": a rough figure followed by
        # an exact one inside its span (within a quarter above it), with nothing else between,
        # is made exact by it ("两百出头" said without its 万 is read in 万 by its label).
        scales = (1, 10_000) if prev.mention.kind == "number" else (1,)
        inside = (
            prev.role == f.role == "base"
            and prev.mention.approx
            and not f.mention.approx
            and any(prev.value * k <= f.value <= prev.value * k * Decimal("1.25") for k in scales)
            and between is not None
            and not fr["another_between"].search(between)
        )
        if corrected or actual or made_exact or inside:
            out[i - 1] = Figure(prev.mention, "context")
    return out


def _again(figures: list[Figure], said_before: Callable[[NumberMention], str]) -> list[Figure]:
    """The same figure said again to confirm it ("金额1.2个亿（对，一点二亿，没多打零）") or
    pointed back at ("…放款四千六百万…去年那四千六百万能奖多少") restates the first: one
    amount, not two."""
    fr = frames()
    out: list[Figure] = []
    for f in figures:
        prev = out[-1] if out else None
        if prev is not None and prev.is_amount and f.is_amount and f.value == prev.value:
            between = _between(prev.mention, f.mention, said_before(f.mention))
            if between is not None and fr["again_between"].fullmatch(between):
                f = Figure(f.mention, f.role, f.how, restates=True)
        pointed = f.is_amount and (
            fr["pointing_before"].search(f.mention.before)
            or fr["operand_after"].match(f.mention.after)  # "6200万乘下来是12.4万"
        )
        if pointed and any(p.is_amount and p.value == f.value for p in out):
            f = Figure(f.mention, f.role, f.how, restates=True)
        out.append(f)
    return out


def _between(prev: NumberMention, n: NumberMention, before: str) -> str | None:
    """The words between two figures, when ``before`` (the words up to ``n``) reaches back to
    ``prev``; None when they are further apart than that."""
    gap = n.start - prev.end
    return before[-gap:] if 0 < gap <= len(before) else None


def listed_after(prev: NumberMention, n: NumberMention) -> bool:
    """``n`` follows ``prev`` in one list ("6万、4万、3万", "3100万和1900万")."""
    between = _between(prev, n, n.before)
    return between is not None and bool(frames()["list_joint"].fullmatch(between))


def _lists(figures: list[Figure]) -> list[Figure]:
    """A list shares its first figure's role: "按2%算是6万、4万、3万" are three estimates, not
    one estimate and two new amounts (a listed figure is never checked by arithmetic alone)."""
    out: list[Figure] = []
    for f in figures:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.role in ("estimate", "cap")
            and f.role == "base"
            and listed_after(prev.mention, f.mention)
        ):
            f = Figure(f.mention, prev.role, prev.how)
        out.append(f)
    return out


def _sums(figures: list[Figure], label: Callable[[NumberMention], Label]) -> list[Figure]:
    """A figure said as the sum ("合计", "一共") of the figures just before it restates them:
    the sum of estimates is the asker's estimate, the sum of amounts is a total no rule reads
    again ("科技信用贷款3100万、质押贷款1900万，还有七百万，合计5700万")."""
    sum_before, listed = frames()["sum_before"], frames()["listed_before"]
    out: list[Figure] = []
    for f in figures:
        if f.role == "base" and _times_an_estimate(f, out):
            f = Figure(f.mention, "estimate", "inferred")  # "按每份4万算，三份是十二万"
        said_as_sum = sum_before.search(f.mention.before)
        if not said_as_sum and not label(f.mention)[1] and _exact_sum_of_amounts(f, out, listed):
            # "服务六百二十七万、咨询一百四十八万、转移二百一十五万，我自己加了一下是九百九十万":
            # a figure exactly the sum of the amounts just before it is their total by
            # arithmetic, whatever words carry it.
            out.append(Figure(f.mention, "total", "inferred", restates=True))
            continue
        if f.role in ("base", "total", "estimate", "cap") and said_as_sum:
            run: Decimal = Decimal(0)
            kind = None
            for k, prev in enumerate(reversed(out), start=1):
                # "5%就是60万，再加单项最高的100万，一共160万": a cap quoted is the asker's too.
                group = "estimate" if prev.role in ("estimate", "cap") else prev.is_amount
                # "博士能给10万，再加5万安家费，一共15万": money no rule reads, summed with the
                # asker's estimate, is the asker's working too.
                # "培训费一万四，差旅三千六…一共一万七千六": an expense added in by the asker.
                if prev.role == "context" and kind in (None, "estimate") and prev.value > 0:
                    run += prev.value
                    continue
                if prev.role not in ("estimate", "cap", *AMOUNT_ROLES) or (kind and group != kind):
                    break
                if prev.restates:
                    break
                kind, run = group, run + prev.value
                if k >= 2 and _close(run, f.value):
                    f = (
                        Figure(f.mention, "estimate", "inferred")
                        if kind == "estimate"
                        else Figure(f.mention, "total", restates=True)
                    )
                    break
        out.append(f)
    return out


def _exact_sum_of_amounts(f: Figure, before: list[Figure], listed: re.Pattern[str]) -> bool:
    """``f`` is exactly the sum of the two or more amounts said right before it, and is not
    itself put in a list ("一个300万，一个200万，还有一个500万" stays three) nor labelled where it
    stands ("技术开发合同四十四万" is a contract, whatever it adds up to). Said as the asker's
    working ("算下来是…") it is still their total, not an award they expect."""
    if f.role not in ("base", "estimate") or f.of is not None:
        return False  # an estimate found as a product of a rate is the asker's award
    if f.mention.approx or f.value <= 0 or listed.search(f.mention.before):
        return False
    run, parts = Decimal(0), 0
    for prev in reversed(before):
        if prev.role not in AMOUNT_ROLES or prev.restates or prev.mention.approx:
            break
        run, parts = run + prev.value, parts + 1
        if run >= f.value:
            break
    return parts >= 2 and run == f.value


# A figure's frames read only the few words of its clause around it (``before``/``after``), so
# a role found from them is kept per those words: a message that repeats one shape ("1 1 1 …",
# "收入1万，收入1万，…") looks it up once, not once per figure (benchmarks.hardening).
@lru_cache(maxsize=4096)
def _ratio_role(before: str, after: str) -> Role:
    fr = frames()
    # "其中服务性收入占六成" is a share of a figure said before, not a rate to apply; "承担了
    # 40%的任务", "收取3%的服务费" are ratios of what the speaker does or holds.
    other = (
        fr["share_before"].search(before)
        or fr["other_ratio_before"].search(before)
        or fr["held_ratio_before"].search(before)
        or fr["held_ratio_after"].match(after)
    )
    return "context" if other else "rate"


@lru_cache(maxsize=4096)
def _unlabelled_role(kind: str, before: str, after: str) -> Role | None:
    """The role a money figure has whatever labels it, or None."""
    fr = frames()
    if kind == "number" and fr["rate_before"].search(before):
        return "rate"  # "比例是3": a rate said without its % sign
    if (
        _span_total(before, after)
        or _projected(before)
        or fr["unread_before"].search(before)
        or fr["other_policy_after"].match(after)
        or fr["gross_after"].match(after)
        or fr["excluded_after"].match(after)
    ):
        # "六百万是两年加起来的", "年底估计能到六千万", "产品已经卖了八百多万"
        return "context"
    return None


def span_total(n: NumberMention) -> bool:
    """The figure is said to be a sum over several years or periods ("两年加起来的")."""
    return _span_total(n.before, n.after)


def _span_total(before: str, after: str) -> bool:
    fr = frames()
    return bool(fr["span_total_after"].match(after) or fr["span_total_before"].search(before))


def projected(n: NumberMention) -> bool:
    """The figure is what a base is expected to reach ("年底估计能到六千万")."""
    return _projected(n.before)


def _projected(before: str) -> bool:
    return bool(frames()["projection_before"].search(before))


def _frame_role(n: NumberMention, slot: str | None, direct: bool, correcting: bool) -> Role:
    return _role_in_frames(n.before, n.after, slot, direct, correcting)


@lru_cache(maxsize=4096)
def _role_in_frames(
    before: str, after: str, slot: str | None, direct: bool, correcting: bool
) -> Role:
    fr = frames()
    if fr["precise_before"].search(before):
        return "base"  # "三百来万，准确说是三百一十万": the exact figure (_taken_back)
    if slot in _HAD and fr["had_before"].search(before):
        return slot  # type: ignore[return-value]  # "按这个措施已经领了三十万"
    if fr["own_policy_before"].search(before):
        return "cap"  # "晋创谷政策里国家级给50万": this policy's own figure quoted back
    # "上限一百万对吧": a ceiling quoted to be confirmed is still the quoted ceiling.
    if fr["cap_before"].search(before) and not fr["estimate_before"].search(before):
        return "cap"
    if (
        fr["estimate_after"].match(after)
        or fr["estimate_before"].search(before)
        or fr["estimate_en_before"].search(before)
    ):
        return "estimate"
    # In a correction ("我看错了，应该有4300万") a weak frame states the figure, not a guess.
    weak = fr["estimate_weak_before"].search(before) and not correcting
    if weak and not (direct and slot is not None and slot not in _HAD):
        return "estimate"  # "能拿到100万吧" hopes; it has not received anything
    if slot in _HAD:
        return slot  # type: ignore[return-value]
    if fr["increment_before"].search(before):
        return "increment"
    if fr["total_before"].search(before):
        return "total"  # "再签200万，达到5000万"; alone, a threshold or a base (_totals)
    if fr["cap_before"].search(before) or fr["cap_after"].match(after):
        return "cap"
    return "base"


def _totals(
    figures: list[Figure], said_before: Callable[[NumberMention], str] | None = None
) -> list[Figure]:
    """A total is one only beside a part added to it ("再签200万，到5000万"): then the parts
    (the increment, and an earlier figure it completes) are context. Without a part, a
    "total" is a base and an "increment" is a base too (a relative figure is the dialogue's).
    When the question counts the years it asks of (``said_before`` given), a part said of
    another year than every total ("去年…合计3160万；今年…又登记了840万。两年分别…") is that
    year's own figure, not added to them."""

    def year(f: Figure) -> str | None:
        return year_said(said_before(f.mention)) if said_before else None

    totals = [f for f in figures if f.role == "total"]
    total_years = {year(t) for t in totals}
    figures = [
        Figure(f.mention, "base")
        if f.role == "increment"
        and totals
        and year(f)
        and None not in total_years
        and year(f) not in total_years
        else f
        for f in figures
    ]
    increments = [f for f in figures if f.role == "increment"]
    if not (increments and totals):
        cap = frames()["cap_before"]
        return [
            f
            if f.role not in ("total", "increment")
            else Figure(f.mention, "cap" if cap.search(f.mention.before) else "base")
            for f in figures
        ]
    added = sum((f.value for f in increments), Decimal(0))
    out = []
    for f in figures:
        if f.role == "increment":
            out.append(Figure(f.mention, "context"))
        elif f.role == "base" and any(_close(f.value + added, t.value) for t in totals):
            out.append(Figure(f.mention, "context"))  # 4800万 + 200万 = 5000万
        else:
            out.append(f)
    return out


def years_said(text: str, this_year: int | None = None) -> set[str]:
    """Every year ``text`` names, written years as 去年/今年 where ``this_year`` allows."""
    fr = frames()
    found = {w for w in ("earlier_year_before", "this_year_before") if fr[w].search(text)}
    return found | {_relative(m["y"], this_year) for m in fr["written_year"].finditer(text)}


def _relative(y: str, this_year: int | None) -> str:
    """A written year as 今年/去年 when ``this_year`` says so ("2025年" is 去年 in 2026)."""
    if not y.isdigit() or this_year is None:
        return y
    return {this_year: "this_year_before", this_year - 1: "earlier_year_before"}.get(int(y), y)


# The question asks of each year it names ("去年和今年分别能拿多少"): no year's figure is context.
EACH_YEAR = "*"
# … and counts the years it asks of ("两年分别怎么奖"): a figure said of another year than a
# total is that year's own, never a part added to the total.
YEARS_COUNTED = "**"


def year_said(text: str) -> str | None:
    """Which year the last year word of ``text`` names: "earlier_year_before" (去年…),
    "this_year_before" (今年…) or the year written ("2025年度" is "2025"), None when it names
    none. A written year and a relative one are not compared (that needs today)."""
    fr = frames()
    found = [
        (m.end(), which)
        for which in ("earlier_year_before", "this_year_before")
        for m in fr[which].finditer(text)
    ]
    found += [(m.end(), m["y"]) for m in fr["written_year"].finditer(text)]
    return max(found)[1] if found else None


def _earlier_years(
    figures: list[Figure],
    label: Callable[[NumberMention], Label],
    sentence_before: Callable[[NumberMention], str],
    asked_year: str | None = None,
    yearly: set[str] | None = None,
    this_year: int | None = None,
) -> list[Figure]:
    """A yearly amount said for another year than the one asked about (this year unless the
    question names an earlier one) beside the asked year's is context. A figure's year is the
    last year word before it in its sentence. ``yearly``: the slots read as a year's total."""
    yearly = yearly if yearly is not None else set(_raw()["yearly_slots"])

    def relative(y: str | None) -> str | None:
        # "2025年" is 去年 when today is in 2026: written and relative years compare.
        return None if y is None else _relative(y, this_year)

    def year(f: Figure) -> str | None:
        return relative(year_said(sentence_before(f.mention)))

    # "收入去年30万，今年20万": the second figure has the first one's label, not its own.
    of_year = [f for f in figures if f.role == "base" and label(f.mention)[0] in (*yearly, None)]
    if not any(label(f.mention)[0] in yearly for f in of_year):
        return figures  # no yearly amount: no figure's year is looked for
    years = {id(f): year(f) for f in of_year}
    if asked_year in (EACH_YEAR, YEARS_COUNTED):
        return figures
    asked = relative(asked_year) or "this_year_before"
    if asked not in set(years.values()):
        return figures
    said_so = {"this_year_before", "earlier_year_before"}
    elsewhen = {
        i
        for i, y in years.items()
        if y is not None
        and y != asked
        and (this_year is not None or (y in said_so) == (asked in said_so))
    }
    return [Figure(f.mention, "context") if id(f) in elsewhen else f for f in figures]


def _arithmetic(
    figures: list[Figure], rules: Iterable[str], label: Callable[[NumberMention], Label]
) -> list[Figure]:
    """A base with no label at it that equals another figure × a rate (the rules' own, or
    one said in the message), or one of the rules' own money figures, is the asker's
    estimate or a quoted cap — never a new base."""
    rates, caps = rates_and_caps(rules)
    said_rates = [f.value for f in figures if f.role == "rate" and 0 < f.value < 1]
    amounts = [f.value for f in figures if f.role in AMOUNT_ROLES and f.value > 0]
    # Every product of an amount and a rate, sorted: a figure is looked up, not compared
    # with every other (a long message stays fast).
    products = sorted(
        (a * r, a, r) for r in {*said_rates, *rates} if 0 < r < 1 for a in set(amounts)
    )
    keys = [p[0] for p in products]
    listed = frames()["listed_before"]
    enumerated = frames()["enumerated_before"]
    given = frames()["given_before"]
    # The product a value is close to, per (value, approximate): looked up once per value.
    near: dict[tuple[Decimal, bool], tuple[Decimal, Decimal] | None] = {}

    def product_near(value: Decimal, approx: bool) -> tuple[Decimal, Decimal] | None:
        share = Decimal("0.05") if approx else Decimal("0.005")
        slack = max(Decimal(1), value * share)
        i = bisect.bisect_left(keys, value - slack)
        while i < len(products) and keys[i] <= value + slack:
            _product, of, rate = products[i]
            if of != value:
                return of, rate
            i += 1
        return None

    out = []
    fixed_sums = bool(rules) and not _reads_money(rules)
    for f in figures:
        n = f.mention
        if fixed_sums and f.role == "base" and f.value > 0:
            # "评上优秀个人…朋友说一次给五万": measures that give fixed sums read no money
            # figure: one of their own sums is quoted back, any other is what is expected.
            out.append(Figure(n, "cap" if f.value in caps else "estimate", "inferred"))
            continue
        if (
            f.role == "base"
            and f.value in caps
            and _has_amount(figures, f)
            and given.search(n.before)
        ):
            out.append(Figure(n, "cap", "inferred"))  # "同事说每人都是固定给两千"
            continue
        if f.role != "base" or f.value <= 0 or label(n)[1]:
            out.append(f)
            continue
        if listed.search(n.before):
            if not enumerated.search(n.before):
                out.append(f)  # "分别是300万、200万": a list keeps its own reading
                continue
            # "每份按1%算，一份15万一份13万": a figure after its enumerator is the asker's
            # arithmetic where it is exactly an earlier figure times a rate the message said.
            hit = next(
                ((a, r) for a in amounts for r in said_rates if a != f.value and a * r == f.value),
                None,
            )
            found = Figure(n, "estimate", "inferred", of=hit[0], rate=hit[1]) if hit else None
            out.append(found or f)
            continue
        found = None
        key = (f.value, bool(n.approx))
        if key not in near:
            near[key] = product_near(*key)
        if (hit := near[key]) is not None:
            found = Figure(n, "estimate", "inferred", of=hit[0], rate=hit[1])
        if found is None and f.value in caps and _has_amount(figures, f):
            found = Figure(n, "cap", "inferred")
        out.append(found or f)
    return out


@cache
def _reads_money_of(rules: tuple[str, ...]) -> bool:
    had = ("received_", "other_policy")
    return any(
        name.endswith("_yuan") and not name.startswith(had)
        for rule in rules
        for name in RULES[rule].facts
    )


def _reads_money(rules: Iterable[str]) -> bool:
    """Whether any of these measures reads a money figure (a fund, a contract, a revenue…)."""
    return _reads_money_of(tuple(sorted(r for r in rules if r in RULES)))


def _has_amount(figures: list[Figure], f: Figure) -> bool:
    """Another figure is the amount: a lone figure equal to a cap is still the only base."""
    return any(o is not f and o.role in AMOUNT_ROLES for o in figures)


__all__ = [
    "AMOUNT_ROLES",
    "Figure",
    "Label",
    "Role",
    "assign",
    "frames",
    "listed_after",
    "projected",
    "rates_and_caps",
    "span_total",
    "year_said",
]
