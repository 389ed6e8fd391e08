"""User feedback on answers: one JSON object per line in ``<data dir>/feedback.jsonl``.

Several Streamlit sessions (threads) and several server processes may rate answers at the same
moment, so every append holds an exclusive ``flock`` on the file and is flushed and fsynced
before the lock is released: a line is either written whole or not at all, and it survives a
restart of the app.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.settings import load_settings

FEEDBACK_FILE = "feedback.jsonl"

# st.feedback("thumbs") returns 0 for 👎 and 1 for 👍.
RATINGS = {0: "down", 1: "up"}


def data_dir() -> Path:
    """``$JCG_DATA_DIR`` if set, else ``<repo>/data`` (read at call time, so tests can switch it)."""
    return load_settings().data_dir


class FeedbackStore:
    """Append-only JSONL of ratings; safe for concurrent writers."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / FEEDBACK_FILE

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def record(
        self,
        *,
        question: str,
        answer: str,
        clauses: Iterable[str],
        rating: int | None,
        reason: str | None = None,
        message_id: str | None = None,
        session_id: str | None = None,
    ) -> dict[str, Any]:
        """Append one rating (``rating`` as st.feedback returns it) and return the record.

        ``reason`` is the optional "why" a 👎 may carry (金额不对 / 条款不对 / 没听懂 / 其他); it is
        appended as a further record of the same ``message_id``.
        """
        entry = {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "question": question,
            "answer": answer,
            "clauses": list(dict.fromkeys(clauses)),
            "rating": RATINGS.get(rating, "cleared") if rating is not None else "cleared",
            "score": rating,
            "reason": reason,
            "message_id": message_id,
            "session_id": session_id,
        }
        self.append(entry)
        return entry

    def read(self) -> list[dict[str, Any]]:
        """Every record, oldest first; a damaged line (e.g. from a full disk) is skipped."""
        if not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            try:
                lines = handle.read().splitlines()
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        records = []
        for line in lines:
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                records.append(value)
        return records
