"""The engine's answer to one message, as structured blocks every channel renders.

This is the contract the CLI (`--json`), the app, the exports and the HTTP API read; keep field
names stable. ``answer`` is the CLI Markdown rendering of the blocks (see
:mod:`assistant.answer.render.markdown`); nobody parses it back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from assistant.answer.render.markdown import answer_markdown
from assistant.answer.status import STATUS_OF
from calculators.model import Award, Citation, Kind

Verdict = Literal[
    "amount", "up_to", "zero", "not_eligible", "needs_facts", "not_covered", "info", "none_found"
]
ConditionStatus = Literal["met", "unmet", "unknown"]


class AwardSummary(BaseModel):
    clause: str
    measure: str
    amount_yuan: str  # a decimal string, e.g. "400000"
    kind: Kind
    steps: list[str]

    @classmethod
    def of(cls, award: Award, amount: Decimal | None = None) -> AwardSummary:
        amount = (award.amount_yuan if amount is None else amount).normalize()
        text = format(amount, "f") if amount == amount.to_integral() else str(amount)
        return cls(
            clause=award.clause,
            measure=award.measure,
            amount_yuan=text,
            kind=award.kind,
            steps=award.steps,
        )

    @classmethod
    def each(cls, award: Award) -> list[AwardSummary]:
        """One summary per person where the text gives each a sum of their own (a doctor's
        10万 and a master's 5万 are two awards, as a service window reads them out), else one."""
        return [cls.of(award, p) for p in award.parts] or [cls.of(award)]


class Headline(BaseModel):
    """One plain sentence that stands alone: the amount or the verdict, and why for a 0."""

    text: str
    verdict: Verdict
    amount_yuan: str | None = None
    # Parts of ``text`` a channel may emphasise (the amount, "不能"); plain substrings of it.
    emphasis: list[str] = Field(default_factory=list)


class ConditionLine(BaseModel):
    clause: str
    text: str
    status: ConditionStatus

    @classmethod
    def of(cls, condition: Any) -> ConditionLine:
        return cls(clause=condition.clause, text=condition.text, status=STATUS_OF[condition.status])


class StepGroup(BaseModel):
    """How one award was computed, step by step, under the measure it belongs to."""

    clause: str
    title: str
    lines: list[str]


class UnitLine(BaseModel):
    clause: str
    units: list[str]


class MatterSummary(BaseModel):
    clause: str
    rule: str | None = None
    label: str
    facts: dict[str, Any] = Field(default_factory=dict)
    status: Literal["computed", "needs_facts", "not_eligible", "not_covered"]
    award: int | None = None  # index into ``awards``


class Retrieved(BaseModel):
    clause: str
    score: float


class Reply(BaseModel):
    answer: str = ""  # the CLI Markdown rendering of the blocks below
    intent: str
    headline: Headline | None = None
    not_covered: str | None = None
    body: list[str] = Field(default_factory=list)  # plain text; only **bold** and "- " lines
    steps: list[StepGroup] = Field(default_factory=list)
    conditions: list[ConditionLine] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    unit_lines: list[UnitLine] = Field(default_factory=list)
    caveats: list[str] = Field(default_factory=list)
    follow_up: str | None = None
    matters: list[MatterSummary] = Field(default_factory=list)
    awards: list[AwardSummary] = Field(default_factory=list)
    retrieved: list[Retrieved] = Field(default_factory=list)
    elapsed_ms: float = 0.0
    units: list[str] = Field(default_factory=list)
    # Full calculator results, for the app's expanders and the self-check report.
    details: list[Award] = Field(default_factory=list, exclude=True)

    @model_validator(mode="after")
    def _derived(self) -> Reply:
        if not self.units:
            self.units = list(dict.fromkeys(u for line in self.unit_lines for u in line.units))
        if not self.answer:
            self.render()
        return self

    def render(self) -> Reply:
        """Set ``answer`` from the blocks (after a block was changed)."""
        self.answer = answer_markdown(self)
        return self

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def unit_lines(pairs: Any) -> list[UnitLine]:
    """(clause, units) pairs merged per clause, in first-seen order, each unit once."""
    merged: dict[str, list[str]] = {}
    for clause, units in pairs:
        line = merged.setdefault(clause, [])
        line += [u for u in units if u not in line]
    return [UnitLine(clause=c, units=u) for c, u in merged.items() if u]
