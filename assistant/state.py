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

    # ----------------------------------------------------------------- named operations
    # The app's sidebar corrects or removes a fact of one matter; the next answer uses it.
    def correct_fact(self, matter: int, name: str, value: Any) -> None:
        """Set one fact of one matter (and of the single-matter state when it is that one)."""
        self.case.correct_fact(matter, name, value, source="（手动更正）")
        if self.case.matters[matter].rule == self.topic:
            self.facts[name] = value

    def retract_fact(self, matter: int, name: str) -> None:
        """Forget one fact of one matter."""
        self.case.retract_fact(matter, name)
        if self.case.matters[matter].rule == self.topic:
            self.facts.pop(name, None)

    def remove_matter(self, matter: int) -> None:
        """Drop one matter; the topic under discussion goes with it if it was its only one."""
        rule = self.case.matters[matter].rule
        self.case.remove_matter(matter)
        if rule == self.topic and not self.case.of_rule(rule):
            self.topic, self.pending = None, None

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
