"""What the assistant remembers about one conversation."""

from __future__ import annotations

from dataclasses import dataclass, field
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
