"""What every calculator shares: the 附则 (validity, 就高不重复), caps, and 元 formatting.

A calculator opens a :class:`Sheet`, reads parameters through it (which cites their quotes),
records conditions and steps, and calls :meth:`Sheet.finish`. ``finish`` applies the 附则 in
one place, so no rule can forget the validity window or 就高不重复.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from calculators.inputs import CommonFacts
from calculators.model import Award, Citation, Condition, Installment, Kind, Status
from corpus.clauses import APPENDIX_LABEL, load_policy
from corpus.measures import load_measures
from corpus.parameters import get, plain

CENT = Decimal("0.01")
ZERO = Decimal(0)
# How an unsaid condition reads while an amount is estimated on it (a ruled-out award drops it).
ASSUMED_MET = "（未说明，按已满足估算）"

# 附则's own sentence for 就高不重复 (no figure in it, so it is not a parameter).
SAME_MATTER_QUOTE = (
    "本措施各条款同一事项与国家、省、市各级其他同类政策不一致的，按“就高不重复”原则予以支持"
)


# ------------------------------------------------------------------------- formatting
def quantize(amount: Decimal) -> Decimal:
    """Round to the cent, half up: done once, at the end of a calculation. A zero is +0: an
    input of -0.0 (or -0.004) has no sign worth showing ("-0元")."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP) or ZERO.quantize(CENT)


def format_yuan(amount: Decimal | int) -> str:
    """Money as the policy writes it: 400000 → "40万元", 2000 → "2000元", 12345.6 → "12,345.6元"."""
    q = quantize(Decimal(amount))
    sign, q = ("-", -q) if q < 0 else ("", q)
    if q >= 100_000_000 and q % 1_000_000 == 0:
        return f"{sign}{plain(q / 100_000_000)}亿元"
    if q >= 10_000 and q % 100 == 0:
        return f"{sign}{plain(q / 10_000)}万元"
    if q >= 10_000:
        text = f"{q:,.2f}".rstrip("0").rstrip(".")
        return f"{sign}{text}元"
    return f"{sign}{plain(q)}元"


def format_rate(rate: Decimal) -> str:
    """A ratio in the text's notation: 0.05 → "5%", 0.0002 → "0.2‰"."""
    if rate != 0 and rate < Decimal("0.001"):
        return plain(rate * 1000) + "‰"
    return plain(rate * 100) + "%"


class YearOnly(date):
    """A date said as a year only ("2025年已经通过验收", "今年"): the year's first day where a
    day is needed (the 附则's window starts on a 1 January), shown as "2025年" — never as a
    day nobody said."""


class MonthOnly(date):
    """A date said as a month ("2024年3月验收"): its first day where a day is needed, shown
    as "2024年3月"."""


def format_date(day: date) -> str:
    if isinstance(day, YearOnly):
        return f"{day.year}年"
    if isinstance(day, MonthOnly):
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


# Understanding reads "不到一年" as just under the figure (N − JUST_UNDER), so that "1年以上"
# fails; it is shown as said, "不到1年", never as 0.99年.
JUST_UNDER = Decimal("0.01")


def format_years(years: Decimal | int) -> str:
    value = Decimal(years)
    said = value + JUST_UNDER
    if value > 0 and said == said.to_integral_value() != value:
        return f"不到{plain(said)}年"
    if value != value.quantize(Decimal("0.01")):
        # a duration said in months ("18个月", "一个月") is 1.5 or 0.0833… years: say it so
        months = (value * 12).quantize(Decimal("0.1"))
        if months == months.to_integral_value():
            return f"{plain(months.to_integral_value())}个月"
        return f"约{plain(value.quantize(Decimal('0.01')))}年"
    return f"{plain(value)}年"


# ------------------------------------------------------------------------- the sheet
def validity_window() -> tuple[date, date]:
    """The 附则's 施行 and 有效期 dates."""
    return get("validity_start").value, get("validity_end").value


def in_validity(day: date) -> bool:
    start, end = validity_window()
    return start <= day <= end


class Sheet:
    """Working paper of one calculation: steps, conditions, citations, then an Award."""

    def __init__(self, rule: str, clause: str, facts: CommonFacts):
        self.rule = rule
        self.clause = load_policy().clause(clause)
        self.facts = facts
        self.steps: list[str] = []
        self.conditions: list[Condition] = []
        self.citations: list[Citation] = []
        self.notes: list[str] = []

    # -- sources
    def cite(self, clause: str, quote: str) -> None:
        if quote not in load_policy().clause(clause).body:
            raise ValueError(f"引文不在条款 {clause} 中：{quote}")
        citation = Citation(clause=clause, quote=quote)
        if citation not in self.citations:
            self.citations.append(citation)

    def p(self, name: str):
        """A parameter's value; its quote becomes a citation of the award."""
        parameter = get(name)
        self.cite(parameter.measure, parameter.quote)
        return parameter.value

    def kind_of(self, name: str) -> Kind:
        return Kind.UP_TO if get(name).is_ceiling else Kind.EXACT

    # -- conditions
    def condition(
        self,
        requirement: str,
        fact: bool | None,
        *,
        fail: str | None = None,
        clause: str | None = None,
    ) -> Status:
        """Record one condition; ``None`` facts are unknown and assumed met."""
        if fact is None:
            status, text = Status.UNKNOWN, f"{requirement}{ASSUMED_MET}"
        elif fact:
            status, text = Status.MET, requirement
        else:
            status = Status.NOT_MET
            text = f"{requirement}——不满足（{fail}）" if fail else f"{requirement}——按您所述不满足"
        self.conditions.append(Condition(text=text, status=status, clause=clause or self.label))
        return status

    @property
    def label(self) -> str:
        return self.clause.label

    # -- steps
    def step(self, text: str) -> None:
        self.steps.append(text)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def rate(self, base_name: str, base: Decimal, rate: Decimal, *, ceiling: bool) -> Decimal:
        """base × rate, written out: "省拨经费 800万元 × 5% = 40万元"."""
        raw = base * rate
        head = "最高" if ceiling else ""
        self.step(
            f"{base_name} {format_yuan(base)} × {head}{format_rate(rate)} = {format_yuan(raw)}"
        )
        return raw

    def cap(self, amount: Decimal, cap: Decimal, why: str, *, exact: bool) -> Decimal:
        """min(amount, cap), saying whether the cap bound."""
        if amount > cap:
            word = "封顶为" if exact else "以上限计"
            self.step(
                f"{format_yuan(amount)} 超过{why} {format_yuan(cap)}，{word} {format_yuan(cap)}"
            )
            return cap
        self.step(f"{format_yuan(amount)} 未超过{why} {format_yuan(cap)}")
        return amount

    def remaining(self, cap: Decimal, received: Decimal, why: str) -> Decimal:
        """What is left of a cumulative cap after what was already received."""
        left = max(ZERO, cap - received)
        if received:
            self.step(
                f"{why} {format_yuan(cap)} − 已获 {format_yuan(received)} = "
                f"剩余额度 {format_yuan(left)}"
            )
        return left

    def cap_yearly(
        self, amount: Decimal, cap: Decimal, received: Decimal, why: str, *, exact: bool
    ) -> Decimal:
        """Apply a yearly cumulative cap, net of what this year already paid."""
        left = self.remaining(cap, received, why)
        return self.cap(amount, left, "本年度可用额度" if received else why, exact=exact)

    def yearly_share(
        self, base_name: str, base: Decimal, rate_name: str, cap_name: str, why: str
    ) -> Award:
        """The common shape of （四）（五）（六）（十一）（十二）: base × rate, capped per year net of
        what this year already paid, then the 附则. The rate's quote decides exact vs up_to."""
        kind = self.kind_of(rate_name)
        raw = self.rate(base_name, base, self.p(rate_name), ceiling=kind is Kind.UP_TO)
        received = self.facts.received_this_year_yuan
        amount = self.cap_yearly(raw, self.p(cap_name), received, why, exact=kind is Kind.EXACT)
        return self.finish(amount, kind)

    def rule_share(self) -> Award:
        """:meth:`yearly_share` as the rule's entry in corpus/measures.yaml words it: ``base``
        (the fact), ``base_name``, ``rate`` and ``cap`` (by default its first two parameters)
        and ``cap_name``. Every rule of that shape reads it there, coded or generic."""
        spec = load_measures().rules[self.rule]
        extra = spec.extra
        return self.yearly_share(
            extra.get("base_name", ""),
            getattr(self.facts, extra["base"]),
            extra.get("rate", spec.parameters[0]),
            extra.get("cap", spec.parameters[1]),
            extra.get("cap_name", "年度最高"),
        )

    # -- the 附则, then the award
    def _validity(self) -> None:
        start, end = validity_window()
        window = f"{format_date(start)}至{format_date(end)}"
        requirement = f"事项发生在本措施有效期内（{window}）"
        day = self.facts.event_date
        if day is None:
            self.condition(requirement, None, clause=APPENDIX_LABEL)
            return
        self.p("validity_start")
        self.p("validity_end")
        inside = start <= day <= end
        self.condition(
            requirement,
            inside,
            fail=f"事项日期 {format_date(day)} 不在有效期内",
            clause=APPENDIX_LABEL,
        )

    def _same_matter(self, amount: Decimal, kind: Kind, schedule: list[Installment]) -> Decimal:
        other = self.facts.other_policy_award_yuan
        if other is None:
            return amount
        self.cite(APPENDIX_LABEL, SAME_MATTER_QUOTE)
        higher = max(amount, other)
        added = max(ZERO, amount - other)
        self.step(
            f"同一事项已获其他同类政策支持 {format_yuan(other)}，按“就高不重复”原则只按较高者支持："
            f"较高者为 {format_yuan(higher)}，本政策只补足差额 "
            f"max(0, {format_yuan(amount)} − {format_yuan(other)}) = {format_yuan(added)}"
        )
        if kind is Kind.UP_TO:
            self.note("本政策金额是上限，补足的差额同样是上限，以评审核定为准。")
        if schedule and added != amount:
            self.note(
                "分年安排按本政策标准列示，未扣减其他政策已获金额；实际分年兑现以主管部门为准。"
            )
        return added

    def finish(
        self,
        amount: Decimal,
        kind: Kind,
        schedule: list[Installment] | None = None,
        parts: list[Decimal] | None = None,
    ) -> Award:
        """The award; ``parts`` are its per-person sums, kept only while they still add up to
        the amount (a rule-out or a grant from another policy changes it)."""
        schedule = list(schedule or [])
        self._validity()
        blocked = [c.text for c in self.conditions if c.status is Status.NOT_MET]
        if blocked:
            self.step(f"有条件不满足，本条金额为 0 元：{'；'.join(blocked)}。")
            # Nothing is granted, and that is certain: a ruled-out award is never a ceiling.
            amount, schedule, kind = ZERO, [], Kind.EXACT
            # Nor was anything estimated, so an unsaid condition was assumed nothing.
            self.conditions = [
                c.model_copy(update={"text": c.text.replace(ASSUMED_MET, "（未说明）")})
                if c.status is Status.UNKNOWN
                else c
                for c in self.conditions
            ]
        else:
            amount = self._same_matter(max(ZERO, amount), kind, schedule)
            unknown = [c for c in self.conditions if c.status is Status.UNKNOWN]
            if unknown:
                self.note("部分条件未说明，以上按条件均满足估算；请以实际情况为准。")
        schedule = [
            Installment(
                year=i.year,
                amount_yuan=None if i.amount_yuan is None else quantize(i.amount_yuan),
            )
            for i in schedule
        ]
        return Award(
            rule=self.rule,
            clause=self.label,
            measure=self.clause.title,
            amount_yuan=quantize(amount),
            kind=kind,
            schedule=schedule,
            steps=self.steps,
            conditions=self.conditions,
            citations=self.citations,
            units=list(self.clause.units),
            notes=self.notes,
            parts=[quantize(p) for p in parts]
            if parts and len(parts) > 1 and sum(parts) == amount
            else [],
        )
