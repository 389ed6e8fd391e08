"""Enquiry records in a database: conversations, turns and feedback (SQLAlchemy + Alembic).

``get_records()`` gives the process-wide :class:`Records` for the configured database, with
migrations applied, ``feedback.jsonl`` imported once and the text retention applied.
"""

from __future__ import annotations

import threading

from assistant.service.config import env_snapshot
from assistant.service.records.db import database_url, dispose_all
from assistant.service.records.legacy import legacy_path
from assistant.service.records.outcome import OUTCOME_NAMES, OUTCOMES
from assistant.service.records.store import REASONS, Records, engine_version, vote_of

__all__ = [
    "OUTCOMES",
    "OUTCOME_NAMES",
    "REASONS",
    "Records",
    "engine_version",
    "get_records",
    "vote_of",
]

_records: dict[str, Records] = {}
_by_env: dict[tuple, Records] = {}
_lock = threading.Lock()


def get_records() -> Records:
    """The records of the configured database (one per URL per process).

    Called on every request; the URL is derived again only when a ``JCG_*`` variable changed.
    """
    key = env_snapshot()
    records = _by_env.get(key)
    if records is not None:
        return records
    url = database_url()
    with _lock:
        records = _records.get(url)
        if records is None:
            records = Records(url)
            _start(records)
            _records[url] = records
        _by_env[key] = records
    return records


def _start(records: Records) -> None:

    path = legacy_path()
    if path.exists():
        records.import_feedback_jsonl(path)
    records.apply_retention()


def forget() -> None:
    """Drop cached Records (tests that switch databases)."""

    with _lock:
        _records.clear()
        _by_env.clear()
    dispose_all()
