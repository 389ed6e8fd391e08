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
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

from assistant.compose import totals
from assistant.presentation import (
    ESTIMATE_NOTE,
    KIND_NAMES,
    award_name,
    clause_heading,
    fact_lines,
    quotes_by_clause,
    stamp,
)
from assistant.render.markdown import main_markdown
from assistant.reply import Reply, status_word
from calculators.common import format_date, format_yuan
from calculators.model import Award, Kind, Status

TEMPLATES = Path(__file__).with_name("templates")

PRINT_CSS = (TEMPLATES / "print.css").read_text(encoding="utf-8")


@dataclass
class Detail:
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
    exact: str
    ceiling: str
    conclusion: str  # Markdown of the reply's headline and body
    details: list[Detail] = field(default_factory=list)
    citations: list[tuple[str, list[str]]] = field(default_factory=list)
    units: str = ""
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
    if award.kind == Kind.NO_FIXED_AMOUNT:
        return "原文未规定金额"
    if any(c.status == Status.NOT_MET for c in award.conditions):
        return "0元（条件不满足）"
    if award.kind == Kind.UP_TO:
        return f"最高 {format_yuan(award.amount_yuan)}"
    return format_yuan(award.amount_yuan)


def total_text(awards: list[Award]) -> str:
    exact, ceiling = totals(awards)
    if not (exact or ceiling):
        return "暂无可计算的金额（补充项目、金额等情况后可重新生成）"
    parts = [f"确定金额合计 {format_yuan(exact)}"] if exact else []
    if ceiling:
        parts.append(f"上限合计 {format_yuan(ceiling)}（“最高/不超过”，不是承诺）")
    return "；".join(parts)


def _detail(award: Award) -> Detail:
    return Detail(
        title=f"{award.clause}{award_name(award)}",
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


def build(
    reply: Reply, applicant_name: str, facts: Mapping[str, Any], now: datetime | None = None
) -> Report:
    s, awards = stamp(), list(reply.details)
    exact, ceiling = totals(awards)
    return Report(
        applicant=applicant_name,
        when=when_text(now),
        day=format_date(now or datetime.now()),
        title=s.title,
        validity=s.validity,
        validity_sentence=s.validity_sentence,
        note=ESTIMATE_NOTE,
        facts=[("主体类型", applicant_name), *fact_lines(dict(facts))],
        rows=[
            Row(f"{a.clause}{a.measure}", award_name(a), amount_text(a), KIND_NAMES[a.kind.value])
            for a in awards
        ],
        total=total_text(awards),
        exact=format_yuan(exact) if exact else "",
        ceiling=format_yuan(ceiling) if ceiling else "",
        conclusion=main_markdown(reply),
        details=[_detail(a) for a in awards],
        citations=[
            (clause_heading(label), quotes)
            for label, quotes in quotes_by_clause(reply.citations).items()
        ],
        units="、".join(reply.units),
        caveats=list(reply.caveats),
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
