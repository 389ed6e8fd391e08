"""What the page shows beside the engine's answer, as plain functions a test can call.

The validity stamp, quote highlighting in a clause, the split of an answer into its direct part
and its supporting blocks, "我的情况", and the 政策体检 form's fields (derived from the fact
vocabulary through the Rule API, so a new fact appears in the form without touching the page).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from assistant.dialogue.casefile import ORDINALS, data
from assistant.dialogue.facts import APPLICANT_NAMES
from calculators.common import format_date, in_validity, validity_window
from calculators.facts import label as fact_label
from calculators.facts import vocabulary
from calculators.inputs import VALUE_NAMES
from corpus.clauses import Clause, load_policy

ESTIMATE_NOTE = "金额为依据政策原文的估算，最终以责任单位审核认定为准。"
KIND_NAMES = {"exact": "确定", "up_to": "上限", "no_fixed_amount": "无固定金额"}
UNSET = "未说明"
YES, NO = "是", "否"


# ------------------------------------------------------------------------- the stamp
@dataclass(frozen=True)
class Stamp:
    """Policy title and validity window, read from the corpus, never typed in the page."""

    title: str
    start: date
    end: date
    validity_sentence: str  # the 附则 sentence that sets the window, verbatim

    @property
    def validity(self) -> str:
        return f"{format_date(self.start)} 至 {format_date(self.end)}"

    def active_on(self, day: date) -> bool:
        return in_validity(day)


@cache
def stamp() -> Stamp:
    policy = load_policy()
    start, end = validity_window()
    return Stamp(policy.title, start, end, policy.appendix.sentence("有效期"))


# ------------------------------------------------------------------------- clauses
def _intervals(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    spans = []
    for quote in quotes:
        if not quote:
            continue
        start = text.find(quote)
        while start != -1:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, quotes: list[str]) -> str:
    """``text`` HTML-escaped, with every occurrence of each quote wrapped in ``<mark>``."""
    pieces = [q for quote in quotes for q in quote.split("\n") if q.strip()]
    out, pos = [], 0
    for s, e in _intervals(text, pieces):
        out.append(html.escape(text[pos:s], quote=False))
        out.append("<mark>" + html.escape(text[s:e], quote=False) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def clause_html(clause: Clause, quotes: list[str]) -> str:
    """The clause's paragraphs as Markdown-safe HTML, quotes highlighted."""
    return "\n\n".join(highlight(p, quotes) for p in clause.paragraphs)


def quotes_by_clause(citations: list[Any]) -> dict[str, list[str]]:
    """Citations ({clause, quote} objects or dicts) grouped by clause, in policy order."""
    labels = load_policy().labels()
    grouped: dict[str, list[str]] = {}
    for c in citations:
        label = c["clause"] if isinstance(c, dict) else c.clause
        quote = c["quote"] if isinstance(c, dict) else c.quote
        if label in labels:
            grouped.setdefault(label, [])
            if quote not in grouped[label]:
                grouped[label].append(quote)
    return dict(sorted(grouped.items(), key=lambda kv: labels.index(kv[0])))


def clause_heading(label: str) -> str:
    return load_policy().clause(label).heading


# ------------------------------------------------------------------------- user text
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|<>~$])")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]`\"']+", re.IGNORECASE)


def escape_markdown(text: str, *, html_entities: bool = False) -> str:
    """What a visitor typed, shown as typed: no link, image, heading or list is made of it
    (``![x](http://…)`` must not fetch anything on the clerk's screen).

    A bare URL goes into a code span, so no viewer turns it into a link and it keeps no
    stray backslash. ``html_entities`` also escapes ``<``/``&`` for files a viewer may open
    with raw HTML enabled.
    """
    out, pos = [], 0
    for match in [*_URL.finditer(text), None]:
        end = match.start() if match else len(text)
        part = html.escape(text[pos:end], quote=False) if html_entities else text[pos:end]
        out.append(_MD_SPECIAL.sub(r"\\\1", part))
        if match:
            out.append(f"`{match.group()}`")
            pos = match.end()
    return "".join(out)


# ------------------------------------------------------------------------- facts
def _rules() -> dict[str, Any]:
    from calculators.registry import RULES

    return RULES


def field_label(name: str) -> str:
    return fact_label(name)


def show_value(name: str, value: Any) -> str:
    if value is None:
        return UNSET
    if isinstance(value, bool):
        return YES if value else NO
    if name.endswith("_yuan"):
        from calculators.common import format_yuan

        try:
            return format_yuan(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            return str(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return VALUE_NAMES.get(str(value), str(value))


def fact_lines(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, shown value) of every stated fact, amounts in 万元/元 as a person reads them."""
    return [(field_label(k), show_value(k, v)) for k, v in facts.items() if v is not None]


def award_name(award: Any) -> str:
    """What one award is for, finer than the clause title: two rules may share a clause."""
    rules = _rules()
    if award.rule in rules:
        return rules[award.rule].name
    from calculators.descriptive import DESCRIPTIVE

    for d in DESCRIPTIVE:
        if d.rule == award.rule and d.key != d.clause:
            return d.key.removeprefix(d.clause)
    return award.measure


def profile_lines(applicant: str | None, topic: str | None, facts: dict[str, Any]) -> list[str]:
    """ "我的情况": what the assistant currently assumes, one line each."""
    lines = []
    if applicant:
        lines.append(f"主体类型：{APPLICANT_NAMES.get(applicant, applicant)}")
    rules = _rules()
    if topic and topic in rules:
        lines.append(f"正在讨论：{rules[topic].clause}{rules[topic].name}")
    for name, value in facts.items():
        lines.append(f"{field_label(name)}：{show_value(name, value)}")
    return lines


# ------------------------------------------------------------------------- 体检 form
WAN = "万元"
YUAN = "元"
# Rules whose every figure is below 1万元 (培训费资助 2000元) ask their amounts in 元: a visitor
# does not think of a 8000元 training fee as 0.8万元.
SMALL_AMOUNT_YUAN = Decimal(10_000)
# An amount entered in 万元 at or above this (10亿元) is probably typed in 元: say so.
LARGE_WAN = Decimal(100_000)
# An amount entered in 元 below this is probably typed in 万元.
SMALL_YUAN = Decimal(100)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    help: str
    widget: str  # yuan (entered in ``unit``) | int | number | bool | choice | date
    options: tuple[str, ...] = ()
    required: bool = False
    unit: str = ""  # for yuan fields: the unit the form asks in, 万元 or 元
    shared_with: tuple[str, ...] = ()  # other measures the same value is used for

    @property
    def full_label(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label

    @property
    def placeholder(self) -> str:
        return f"{UNSET}（单位：{self.unit}）" if self.unit else UNSET


@dataclass(frozen=True)
class FieldGroup:
    rule: str
    title: str
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)
    # The fields said of one item ("＋ 再添加一个项目"), and what one item is called; empty
    # for a measure whose facts are all the applicant's.
    item_fields: tuple[str, ...] = ()
    noun: str = ""

    @property
    def applicant_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.name not in self.item_fields)

    @property
    def per_item(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.name in self.item_fields)

    def item_label(self, n: int) -> str:
        """The ``n``-th item (from 1) as the report names it: 第二个项目."""

        return f"第{ORDINALS[n - 1] if n <= len(ORDINALS) else n}个{self.noun}"


# A fact's kind (corpus/facts.yaml) → the form widget that asks it.
WIDGETS = {"count": "int"}


def implied_facts(applicant: str) -> dict[str, str]:
    """Facts the applicant type already answers: a 中试基地 need not be asked its platform type
    (corpus/measures.yaml ``implied_facts``)."""
    from corpus.measures import load_measures

    return dict(load_measures().implied_facts.get(applicant, {}))


def _amount_unit(rule: Any) -> str:
    from calculators.registry import rule_parameters

    figures = [Decimal(str(p.value)) for p in rule_parameters(rule.id) if p.unit == "yuan"]
    return YUAN if figures and max(figures) < SMALL_AMOUNT_YUAN else WAN


def _unit_help(description: str, unit: str) -> str:
    """The calculators describe amounts in 元; the form may ask in 万元: never say both."""
    text = description.replace("（元）", "").rstrip("。")
    example = "例如 800万元 填 800" if unit == WAN else "例如 8000元 填 8000"
    # Plain text: the 政策体检 form's tooltip and the batch template's 说明 sheet both show it,
    # and a spreadsheet shows "**万元**" as typed.
    return f"{text}。单位：{unit}（{example}）。"


def form_groups(applicant: str) -> list[FieldGroup]:
    """The facts that matter for this applicant, grouped by the measure that needs them.

    A fact shared by several measures (e.g. 已认定登记) is asked once, under the first. The
    per-matter facts every rule shares (event date, other policy's award) are left out: a
    体检 covers several matters at once, so one value for all of them would mislead.
    """
    from calculators.registry import rules_for_applicant

    common = set(vocabulary().common)
    seen: set[str] = set(implied_facts(applicant))
    rules = rules_for_applicant(applicant)
    groups = []
    for rule in rules:
        specs = []
        for name in rule.facts:
            if name in common or name in seen:
                continue
            seen.add(name)
            fact = rule.fact(name)
            unit = _amount_unit(rule) if fact.kind == "yuan" else ""
            shared = tuple(f"{r.clause}{r.name}" for r in rules if r is not rule and r.takes(name))
            help_text = _unit_help(fact.description, unit) if unit else fact.description
            if shared:  # the engine takes one value per fact: say where else it counts
                help_text = f"{help_text}\n\n同一数值也用于：{'、'.join(shared)}。"
            specs.append(
                FieldSpec(
                    name=name,
                    label=fact.label,
                    help=help_text,
                    widget=WIDGETS.get(fact.kind, fact.kind),
                    options=fact.options,
                    required=fact.required,
                    unit=unit,
                    shared_with=shared,
                )
            )
        if specs:
            # A fact asked once for several measures stays the applicant's, never one item's.
            items = tuple(
                s.name for s in specs if s.name in _matter_facts(rule.id) and not s.shared_with
            )
            noun = _casefile_data()["nouns"].get(rule.id, "事项") if items else ""
            title = f"{rule.clause}{rule.name}"
            groups.append(FieldGroup(rule.id, title, tuple(specs), items, noun))
    return groups


def _casefile_data() -> dict[str, Any]:

    return data()


def _matter_facts(rule: str) -> tuple[str, ...]:
    """The facts of one matter of ``rule`` (assistant/dialogue/casefile.yaml ``matter_facts``)."""
    return tuple(_casefile_data().get("matter_facts", {}).get(rule, ()))


def option_label(value: str | None) -> str:
    return UNSET if value is None else VALUE_NAMES.get(value, value)


def to_fact(spec: FieldSpec, raw: Any) -> Any:
    """One form value as the engine's fact; ``None`` when the user left it blank."""
    if raw is None or raw == "" or raw == UNSET:
        return None
    if spec.widget == "yuan":  # entered in spec.unit (万元 unless the form says 元)
        factor = 1 if spec.unit == YUAN else 10_000
        amount = (Decimal(str(raw)) * factor).quantize(Decimal("0.01"))
        return amount.to_integral_value() if amount == amount.to_integral_value() else amount
    if spec.widget == "bool":
        return raw == YES if raw in (YES, NO) else bool(raw)
    if spec.widget == "int":
        return int(raw)
    if spec.widget == "number":
        return Decimal(str(raw))
    return raw


def _unit_warning(spec: FieldSpec, value: Any, where: str = "") -> str | None:
    """One amount that looks typed in the wrong unit (800万 typed as 8000000 in a 万元 box)."""
    from calculators.common import format_yuan

    if spec.widget != "yuan" or value in (None, "", UNSET):
        return None
    entered = Decimal(str(value))
    yuan = to_fact(spec, value)
    if spec.unit == WAN and entered >= LARGE_WAN:
        return (
            f"{where}“{spec.label}”填的是 {format(entered.normalize(), 'f')} 万元，"
            f"即 {format_yuan(yuan)}。本栏单位是万元；如果您填的是元，请除以 10000 后重填。"
        )
    if spec.unit == YUAN and 0 < entered < SMALL_YUAN:
        return (
            f"{where}“{spec.label}”填的是 {format_yuan(yuan)}。本栏单位是元；"
            "如果您填的是万元，请乘以 10000 后重填。"
        )
    return None


Items = dict[str, list[dict[str, Any]]]  # rule → each item's raw values, in the form's order


def unit_warnings(applicant: str, raw: dict[str, Any], items: Items | None = None) -> list[str]:
    """Amounts that look typed in the wrong unit, each item's named when there are several."""
    warnings = []
    for group in form_groups(applicant):
        rows = (items or {}).get(group.rule, [])
        for spec in group.fields:
            if spec.name not in group.item_fields or not rows:
                warnings.append(_unit_warning(spec, raw.get(spec.name)))
                continue
            for n, values in enumerate(rows, 1):
                where = f"{group.item_label(n)}的" if len(rows) > 1 else ""
                warnings.append(_unit_warning(spec, values.get(spec.name), where))
    return [w for w in warnings if w]


def facts_from_form(applicant: str, raw: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = dict(implied_facts(applicant))
    for group in form_groups(applicant):
        for spec in group.fields:
            value = to_fact(spec, raw.get(spec.name))
            if value is not None:
                facts[spec.name] = value
    return facts


@dataclass
class FormInput:
    """What the 体检 form says: the applicant's facts, several items as matters, and the
    items left empty (the page asks to fill or remove them rather than guess)."""

    facts: dict[str, Any]
    matters: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)


def read_form(applicant: str, raw: dict[str, Any], items: Items | None = None) -> FormInput:
    """The form's values as engine.self_check takes them.

    One item of a measure is plain facts, exactly as before items existed; several are one
    matter each (``(rule, its own facts)``), computed one by one over the applicant's facts.
    """
    result = FormInput(facts_from_form(applicant, raw))
    for group in form_groups(applicant):
        rows = (items or {}).get(group.rule, [])
        specs = {s.name: s for s in group.per_item}
        own = [
            {n: v for n, s in specs.items() if (v := to_fact(s, row.get(n))) is not None}
            for row in rows
        ]
        if len(own) > 1:
            result.empty += [group.item_label(n) for n, o in enumerate(own, 1) if not o]
        filled = [o for o in own if o]
        if len(filled) > 1:
            result.matters += [(group.rule, o) for o in filled]
        elif filled:
            result.facts.update(filled[0])
    return result


# ------------------------------------------------------------------------- parameters
UNIT_NAMES = {"yuan": "元", "ratio": "比例", "count": "数量", "year": "年", "date": "日期"}


def format_parameter(value: Any, unit: str) -> str:
    from calculators.common import format_rate, format_yuan

    if unit == "yuan":
        return format_yuan(Decimal(value))
    if unit == "ratio":
        return format_rate(Decimal(value))
    if unit == "year":
        return f"{value}年"
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def parameter_rows(label: str) -> list[dict[str, str]]:
    """Each figure of one clause as a row of the clause browser's table."""
    from corpus.parameters import load_parameters

    rows = []
    for p in load_parameters().values():
        if p.measure != label:
            continue
        rows.append(
            {
                "说明": p.description,
                "数值": format_parameter(p.value, p.unit),
                "单位": UNIT_NAMES.get(p.unit, p.unit),
                "类型": "上限" if p.kind == "up_to" else "确定",
                "原文": p.quote,
            }
        )
    return rows
