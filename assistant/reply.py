"""The engine's answer to one message: Markdown for people plus the structured parts.

This is the contract the CLI (`--json`) and the app render; keep field names stable.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from calculators.model import Award, Citation, Kind


class AwardSummary(BaseModel):
    clause: str
    measure: str
    amount_yuan: str  # a decimal string, e.g. "400000"
    kind: Kind
    steps: list[str]

    @classmethod
    def of(cls, award: Award) -> AwardSummary:
        amount = award.amount_yuan.normalize()
        text = format(amount, "f") if amount == amount.to_integral() else str(amount)
        return cls(
            clause=award.clause,
            measure=award.measure,
            amount_yuan=text,
            kind=award.kind,
            steps=award.steps,
        )


class Retrieved(BaseModel):
    clause: str
    score: float


class Reply(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    awards: list[AwardSummary] = Field(default_factory=list)
    follow_up: str | None = None
    retrieved: list[Retrieved] = Field(default_factory=list)
    intent: str
    elapsed_ms: float = 0.0
    units: list[str] = Field(default_factory=list)
    # Full calculator results, for the app's expanders and the self-check report.
    details: list[Award] = Field(default_factory=list, exclude=True)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
