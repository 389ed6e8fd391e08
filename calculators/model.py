"""What every calculator returns: an award with its amount, kind, steps and citations.

The result is data, not prose, so the assistant can phrase it and a test can check it.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel


class Kind(StrEnum):
    """Whether an amount is what the policy grants or only the most it may grant."""

    EXACT = "exact"  # the text fixes the figure (e.g. 5%、30万元)
    UP_TO = "up_to"  # the text says 不超过 / 最高: a ceiling, not a promise
    NO_FIXED_AMOUNT = "no_fixed_amount"  # the text sets no figure at all


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Condition(BaseModel):
    """One eligibility condition a rule needs, and whether the facts show it."""

    text: str  # the condition in Chinese, e.g. "项目已通过验收"
    status: Status
    clause: str


class Citation(BaseModel):
    clause: str  # "（三）" or "附则", exactly as written
    quote: str  # a verbatim substring of the policy text


class Installment(BaseModel):
    year: int  # 1-based year of the schedule
    amount_yuan: Decimal | None  # None where the text fixes the total but not the split


class Award(BaseModel):
    """The outcome of one rule for one situation."""

    rule: str  # calculator id, e.g. "major_project_lead"
    clause: str
    measure: str  # the measure's title, e.g. "支持开展关键核心技术攻关"
    amount_yuan: Decimal = Decimal(0)
    kind: Kind
    # pydantic copies a mutable default per instance, so ``[]`` is safe here.
    schedule: list[Installment] = []
    steps: list[str] = []
    conditions: list[Condition] = []
    citations: list[Citation] = []
    units: list[str] = []
    notes: list[str] = []
    # The amount as the sums of the persons it is for, where the text gives each person a sum
    # of their own (（七）"分别给予博士、硕士研究生10万元、5万元"): one entry per person.
    parts: list[Decimal] = []

    @property
    def blocked(self) -> bool:
        """True when a stated fact rules the award out (amount is then 0)."""
        return any(c.status == Status.NOT_MET for c in self.conditions)

    @property
    def assumptions(self) -> list[Condition]:
        return [c for c in self.conditions if c.status == Status.UNKNOWN]
