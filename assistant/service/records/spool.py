"""Answered turns kept on local disk while the records database is away, written when it is back.

``/v1/ask`` still answers without the database (the engine needs none); its turn goes to a
bounded JSON-lines file in ``JCG_DATA_DIR`` under a file lock, with the turn id the client was
given, and :func:`flush` writes them to the database once it answers again. A turn already
there (a flush interrupted half-way) is skipped, so no answered turn is lost or doubled.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from filelock import FileLock
from sqlalchemy.exc import IntegrityError

from assistant.service.records.legacy import data_dir

SPOOL_FILE = "turns-spool.jsonl"
MAX_BYTES = 8 * 1024 * 1024  # ~4,000 answered turns; beyond that a turn is logged, not kept
log = logging.getLogger("jcg.records")


def spool_path() -> Path:
    return data_dir() / SPOOL_FILE


def _lock() -> FileLock:
    return FileLock(str(spool_path()) + ".lock", timeout=30)


def add(turn_id: str, question: str, reply: dict[str, Any], channel: str) -> bool:
    """Keep one answered turn; False when the spool is full (the turn is then only logged)."""
    path = spool_path()
    line = json.dumps(
        {"turn_id": turn_id, "question": question, "reply": reply, "channel": channel},
        ensure_ascii=False,
        default=str,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock():
        if path.exists() and path.stat().st_size + len(line) > MAX_BYTES:
            log.error("turn spool full (%s bytes): turn %s not kept", MAX_BYTES, turn_id)
            return False
        with path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
    return True


def pending() -> int:
    path = spool_path()
    if not path.exists():
        return 0
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def flush(records: Any) -> int:
    """Write the kept turns to ``records``; returns how many were written. A turn that fails
    for another reason than being there already stays in the spool for the next flush."""
    path = spool_path()
    if not path.exists() or path.stat().st_size == 0:
        return 0
    written, keep = 0, []
    with _lock():
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        for i, line in enumerate(lines):
            try:
                turn = json.loads(line)
            except json.JSONDecodeError:
                continue
            if records.turn(turn["turn_id"]) is not None:
                continue
            try:
                records.record_turn(
                    turn["question"],
                    turn["reply"],
                    channel=turn["channel"],
                    turn_id=turn["turn_id"],
                )
                written += 1
            except IntegrityError:
                continue
            except Exception:
                keep = lines[i:]  # the database went away again: the rest waits
                break
        path.write_text("".join(x + "\n" for x in keep), encoding="utf-8")
    if written:
        log.warning("wrote %d spooled turn(s) to the records", written)
    return written
