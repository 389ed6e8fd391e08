"""The 政策体检 report: one structure, rendered by two Jinja2 templates.

:func:`build` gathers everything a report says (stamp, facts, results, details, sources) once;
``report.md.j2`` writes it as Markdown and ``report.html.j2`` as a self-contained printable page
with autoescape on. Markdown from the reply's blocks becomes HTML through markdown-it-py with
raw HTML disabled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from assistant.answer import compose
from assistant.answer.presentation import (
    ESTIMATE_NOTE,
    KIND_NAMES,
    clause_heading,
    fact_lines,
    field_label,
    quotes_by_clause,
    stamp,
)
from assistant.answer.render.awards import (
    CEILING,
    FIRM,
    KIND_WORDS,
    REVIEWED,
    amount_kind,
    award_titles,
    figured,
    kind_sums,
)
from assistant.answer.render.markdown import emphasised, join, main_markdown
from assistant.answer.reply import Reply
from assistant.answer.status import status_word
from assistant.dialogue.facts import show
from calculators.common import format_date, format_yuan
from calculators.model import Award, Kind, Status

TEMPLATES = Path(__file__).with_name("templates")

PRINT_CSS = (TEMPLATES / "print.css").read_text(encoding="utf-8")


@dataclass
class Detail:
    """One award with a figure: its heading, amount, conditions, steps and 责任单位."""

    title: str
    amount: str
    conditions: list[tuple[str, str]]
    steps: list[str]
    schedule: list[str]
    notes: list[str]
    units: str


@dataclass
class Row:
    measure: str
    name: str
    amount: str
    kind: str


@dataclass
class Brief:
    """A measure without a figure, in one line: what it is, its clause and who to ask."""

    title: str
    measure: str  # the clause's title where it differs from ``title`` (a part of the clause)
    units: str


@dataclass
class Report:
    applicant: str
    when: str
    day: str
    title: str
    validity: str
    validity_sentence: str
    note: str
    facts: list[tuple[str, str]]
    rows: list[Row]
    total: str
    exact: str  # the firm amounts' sum (确定)
    ceiling: str  # the ceilings' sum (最高)
    conclusion: str  # Markdown: the reply's headline and what to tell next
    reviewed: str = ""  # the amounts a review still decides, as a sentence (never in exact)
    reviewed_amount: str = ""
    details: list[Detail] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)
    citations: list[tuple[str, list[str]]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    @property
    def stamp(self) -> list[str]:
        return stamp_lines()


def stamp_lines() -> list[str]:
    """Policy, validity window and the estimate note: the head of every download."""
    s = stamp()
    return [
        f"政策：《{s.title}》",
        f"有效期：{s.validity}（附则：{s.validity_sentence}）",
        ESTIMATE_NOTE,
    ]


def when_text(now: datetime | None) -> str:
    moment = now or datetime.now()
    return f"{format_date(moment)} {moment:%H:%M}"


# Kinds and statuses are compared by value (StrEnum ==), never by identity: an award built by an
# engine that imported calculators.model before a module reload must still be recognised.
def amount_text(award: Award) -> str:
    """The amount with its kind in front (确定 / 最高 / 经申报和评审), as every headline says it."""
    if award.kind == Kind.NO_FIXED_AMOUNT:
        return "原文未规定金额"
    if any(c.status == Status.NOT_MET for c in award.conditions):
        return "0元（条件不满足）"
    kind = amount_kind(award)
    return f"{KIND_WORDS[kind]} {format_yuan(award.amount_yuan)}" if kind else "—"


def cell_text(award: Award) -> str:
    """The amount in the results table, whose next column names its kind."""
    text = amount_text(award)
    return text if amount_kind(award) == CEILING or "元" not in text else text.split(" ")[-1]


def kind_text(award: Award) -> str:
    kind = amount_kind(award)
    if kind == CEILING:
        return "上限（最高，不是承诺）"
    return KIND_WORDS[kind] if kind else KIND_NAMES[Kind(award.kind).value]


def reviewed_text(awards: list[Award], titles: list[str]) -> str:
    """The amounts the text grants only after a review, apart from the firm total."""
    counted = [
        (title, a)
        for title, a in zip(titles, awards, strict=True)
        if amount_kind(a) == REVIEWED and not a.blocked and a.amount_yuan
    ]
    if not counted:
        return ""
    amount = format_yuan(sum((a.amount_yuan for _, a in counted), Decimal(0)))
    names = "、".join(title for title, _ in counted)
    return f"经申报和评审的 {amount}（{names}：评审通过后才确定）"


def total_text(awards: list[Award], titles: list[str] | None = None) -> str:
    """Like with like: 确定金额合计 …；另有上限合计 …，经申报和评审的 …"""
    sums = kind_sums(awards)
    if not sums:
        return "暂无可计算的金额（补充项目、金额等情况后可重新生成）"
    reviewed = reviewed_text(awards, titles or [f"{a.clause}{a.measure}" for a in awards])
    return compose.like_with_like(sums, reviewed)


def _detail(award: Award, title: str) -> Detail:
    return Detail(
        title=title,
        amount=amount_text(award),
        conditions=[(status_word(c.status), c.text) for c in award.conditions],
        steps=list(award.steps),
        schedule=[
            f"第{i.year}年："
            + ("原文未分年列明" if i.amount_yuan is None else format_yuan(i.amount_yuan))
            for i in award.schedule
        ],
        notes=list(award.notes),
        units="、".join(award.units),
    )


def _brief(award: Award, title: str) -> Brief:
    measure = f"{award.clause}{award.measure}"
    return Brief(title, "" if measure == title else award.measure, "、".join(award.units))


def conclusion_markdown(reply: Reply) -> str:
    """A reply about awards: what to tell next (the awards are listed in the report itself),
    and the headline when it is not just the totals printed above. Any other reply (the
    newcomer's overview) in full."""
    if not reply.details:
        return main_markdown(reply)
    summed = kind_sums(reply.details)
    headline = emphasised(reply.headline) if reply.headline and not summed else ""
    return join(reply.not_covered or "", headline, reply.follow_up or "")


def matter_lines(reply: Reply, facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Each item of a measure (the form's "第二个项目") with what was said of it alone: the
    facts it shares with the applicant are listed once above."""

    lines = []
    for m in reply.matters:
        own = [
            f"{field_label(k)}：{v}"
            for k, v in m.facts.items()
            if k not in facts or show(k, facts[k]) != v
        ]
        if m.rule and own:
            lines.append((f"{m.clause}{m.label}", "；".join(own)))
    return lines


def build(
    reply: Reply, applicant_name: str, facts: Mapping[str, Any], now: datetime | None = None
) -> Report:
    """Figured awards in full, each under its own heading; figureless measures one line each;
    sources limited to the quotes the amounts rest on (a short report prints on two pages)."""
    s, awards, titles = stamp(), list(reply.details), award_titles(reply)
    sums = kind_sums(awards)
    shown = [(t, a) for t, a in zip(titles, awards, strict=True) if figured(a)]
    in_stamp = {s.validity_sentence, ESTIMATE_NOTE, compose.ESTIMATE_NOTE}
    return Report(
        applicant=applicant_name,
        when=when_text(now),
        day=format_date(now or datetime.now()),
        title=s.title,
        validity=s.validity,
        validity_sentence=s.validity_sentence,
        note=ESTIMATE_NOTE,
        facts=[("主体类型", applicant_name), *fact_lines(dict(facts)), *matter_lines(reply, facts)],
        rows=[
            Row(f"{a.clause}{a.measure}", t.removeprefix(a.clause), cell_text(a), kind_text(a))
            for t, a in shown
        ],
        total=total_text(awards, titles),
        exact=format_yuan(sums[FIRM]) if FIRM in sums else "",
        ceiling=format_yuan(sums[CEILING]) if CEILING in sums else "",
        reviewed=reviewed_text(awards, titles),
        reviewed_amount=format_yuan(sums[REVIEWED]) if REVIEWED in sums else "",
        conclusion=conclusion_markdown(reply),
        details=[_detail(a, t) for t, a in shown],
        briefs=[_brief(a, t) for t, a in zip(titles, awards, strict=True) if not figured(a)],
        citations=[
            (clause_heading(label), quotes)
            for label, quotes in quotes_by_clause(
                [c for _, a in shown for c in a.citations]
            ).items()
        ],
        caveats=[c for c in reply.caveats if not any(part in c for part in in_stamp)],
    )


@cache
def _env(autoescape: bool) -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_to_html(text: str) -> str:
    """Our own Markdown (bold, lists, quotes, tables) as HTML; raw HTML is shown as text."""
    return _MD.render(text).strip()


def as_markdown(report: Report) -> str:
    text = _env(False).get_template("report.md.j2").render(r=report)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def as_html(report: Report) -> str:
    return (
        _env(True)
        .get_template("report.html.j2")
        .render(
            r=report, css=Markup(PRINT_CSS), conclusion=Markup(markdown_to_html(report.conclusion))
        )
    )
