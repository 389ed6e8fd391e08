"""User feedback on answers, kept in the records database (:mod:`assistant.service.records`).

Several Streamlit sessions, app instances and API workers rate answers at once; the database
serialises them and the operations page reads them from there. The file ``feedback.jsonl``
written by earlier versions is imported once when the records are first opened
(:func:`read_jsonl` reads it, skipping a damaged line).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from assistant.service.records import REASONS, get_records

log = logging.getLogger(__name__)


# st.feedback("thumbs") returns 0 for 👎 and 1 for 👍.
RATINGS = {0: "down", 1: "up"}


class FeedbackStore:
    """Ratings of answered turns, stored as feedback rows of the records database."""

    def __init__(self, records: Any | None = None) -> None:
        if records is None:
            records = get_records()
        self.records = records

    def record(
        self,
        *,
        question: str,
        answer: str,
        clauses: Iterable[str],
        rating: int | None,
        message_id: str | None = None,
        session_id: str | None = None,
        reason: str | None = None,
        comment: str | None = None,
        source: str = "app",
    ) -> dict[str, Any]:
        """Store one rating (``rating`` as st.feedback returns it) on the turn ``message_id``.

        A turn the records do not hold yet (an answer given before the database existed, or by
        a caller that does not record turns) is recorded from ``question``/``answer`` first, so
        no rating is ever stored without what it rates.
        """
        vote = RATINGS.get(rating, "cleared") if rating is not None else "cleared"
        reason = reason_code(reason)
        turn_id = message_id
        if turn_id is None or self.records.turn(turn_id) is None:
            turn_id = self.records.record_turn(
                question,
                {
                    "answer": answer,
                    "intent": "unrecorded",
                    "citations": [{"clause": c, "quote": ""} for c in dict.fromkeys(clauses)],
                },
                channel=source,
                conversation_id=session_id,
                turn_id=turn_id,
            )
        feedback_id = self.records.record_feedback(
            turn_id,
            vote,
            reason=reason,
            comment=comment,
            source=source,
            conversation_id=session_id,
        )
        return {
            "id": feedback_id,
            "turn_id": turn_id,
            "question": question,
            "clauses": list(dict.fromkeys(clauses)),
            "rating": vote,
            "score": rating,
            "reason": reason,
            "session_id": session_id,
        }

    def read(self) -> list[dict[str, Any]]:
        """Every turn's latest rating, oldest first, with the question and answer rated."""
        rows = self.records.feedback()
        return [
            {
                **row,
                "rating": row["vote"],
                "message_id": row["turn_id"],
                "session_id": row["conversation_id"],
            }
            for row in sorted(rows, key=lambda r: (r["created_at"], r["id"]))
        ]


def reason_code(reason: str | None) -> str | None:
    """The stored code of a 👎 reason, given the code or the words the page shows."""

    if reason is None or reason in REASONS:
        return reason
    return next((code for code, words in REASONS.items() if words == reason), "other")


def record_answer(
    question: str,
    reply: Any,
    *,
    turn_id: str,
    session_id: str | None,
    conversation: Any | None = None,
    channel: str = "app",
) -> bool:
    """Record one answered turn for the operations page; False (logged) when it could not be.

    A records outage must never cost a visitor their answer, so the caller only learns whether
    it worked.
    """
    try:
        get_records().record_turn(
            question,
            reply,
            channel=channel,
            conversation_id=session_id,
            conversation=conversation,
            turn_id=turn_id,
        )
    except Exception:
        log.exception("could not record the turn")
        return False
    return True
