"""What the assistant remembers about one conversation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.casefile import CaseFile


@dataclass
class Conversation:
    """Facts said so far are kept and reused by later turns, like a docassemble interview."""

    applicant: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    topic: str | None = None  # calculator rule id under discussion
    pending: str | None = None  # the fact the last follow-up question asked for
    turns: int = 0
    # The case file: the matters told so far, each with its own facts (assistant.casefile).
    case: CaseFile = field(default_factory=CaseFile)

    def reset(self) -> None:
        self.applicant, self.topic, self.pending, self.turns = None, None, None, 0
        self.facts.clear()
        self.case.reset()

    # ----------------------------------------------------------------- persistence
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (Decimal and date facts tagged) so any process can resume it."""
        return {
            "applicant": self.applicant,
            "facts": {k: _encode(v) for k, v in self.facts.items()},
            "topic": self.topic,
            "pending": self.pending,
            "turns": self.turns,
            "case": self.case.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Conversation:
        """The inverse of :meth:`to_dict`; unknown keys are ignored (older/newer records)."""
        data = data or {}
        return cls(
            applicant=data.get("applicant"),
            facts={k: _decode(v) for k, v in (data.get("facts") or {}).items()},
            topic=data.get("topic"),
            pending=data.get("pending"),
            turns=int(data.get("turns") or 0),
            case=CaseFile.from_dict(data.get("case")),
        )


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value
