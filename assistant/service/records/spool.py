"""Answered turns on local disk until they are in the records database.

A ``/v1/ask`` or ``/v1/check`` turn is appended here (fsync'd, under a file lock) before its
reply goes out; the writer thread (``writer.py``) then moves it to the database and
:func:`remove` takes it out again. While the database is away the turns simply stay, and
:func:`flush` writes them once it answers; a process that starts on this data directory does
the same, so a turn whose process was killed before writing it is recovered at restart. A
turn already in the database (a flush interrupted half-way, or two processes flushing at once)
is skipped, so no acknowledged turn is lost or doubled. Each turn keeps the time it was
received, which is the time its record gets.

The file is a bounded JSON-lines file in ``JCG_DATA_DIR``, shared by the processes that use
that directory. The threads of one process append by group commit (:class:`_GroupCommit`):
the turns that arrive while one append is on its way to the disk go together in the next
one, so eight concurrent replies wait for one or two fsyncs instead of queueing for eight.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock
from sqlalchemy.exc import IntegrityError

from assistant.service.records.legacy import data_dir

SPOOL_FILE = "turns-spool.jsonl"
MAX_BYTES = 8 * 1024 * 1024  # ~4,000 answered turns; beyond that a turn is logged, not kept
LOCK_POLL_S = 0.002
log = logging.getLogger("jcg.records")


@dataclass(frozen=True)
class Turn:
    """One answered turn as the spool keeps it."""

    turn_id: str
    question: str
    reply: dict[str, Any]
    channel: str
    received_at: datetime

    @classmethod
    def answered(cls, turn_id: str, question: str, reply: Any, channel: str) -> Turn:
        """A turn answered now (``reply`` a Reply or its JSON dict)."""
        data = reply.to_json_dict() if hasattr(reply, "to_json_dict") else dict(reply)
        return cls(turn_id, question, data, channel, datetime.now(UTC))

    def line(self) -> str:
        return json.dumps(
            {
                "turn_id": self.turn_id,
                "question": self.question,
                "reply": self.reply,
                "channel": self.channel,
                "received_at": self.received_at.isoformat(),
            },
            ensure_ascii=False,
            default=str,
        )

    @classmethod
    def parse(cls, line: str) -> Turn | None:
        try:
            data = json.loads(line)
            received = data.get("received_at")
            return cls(
                turn_id=data["turn_id"],
                question=data["question"],
                reply=data["reply"],
                channel=data["channel"],
                # a line spooled before turns kept their time: the best left is now
                received_at=datetime.fromisoformat(received) if received else datetime.now(UTC),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, records: Any) -> None:
        records.record_turn(
            self.question,
            self.reply,
            channel=self.channel,
            turn_id=self.turn_id,
            created_at=self.received_at,
        )


def spool_path() -> Path:
    return data_dir() / SPOOL_FILE


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    """The spool's lock, across the processes on this data directory. Waiting for it checks
    every LOCK_POLL_S: filelock's default of 50 ms added up to 50 ms to a reply whenever the
    other worker was appending or compacting (a few ms of holding)."""
    with FileLock(str(spool_path()) + ".lock", timeout=30).acquire(poll_interval=LOCK_POLL_S):
        yield


def add(turn: Turn) -> bool:
    """Keep one answered turn, on disk when this returns; False when the spool is full or
    cannot be written (the caller then writes the turn to the database itself)."""
    return _appends.add(turn)


def _append(turns: list[Turn]) -> list[bool]:
    """Append ``turns`` with one write and one fsync, under the spool's lock; per turn,
    whether it is on disk (not when the spool is full or cannot be written)."""
    path = spool_path()
    kept = [False] * len(turns)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock():
            size = path.stat().st_size if path.exists() else 0
            lines = []
            for i, turn in enumerate(turns):
                line = turn.line() + "\n"
                size += len(line.encode())
                if size > MAX_BYTES:
                    log.error(
                        "turn spool full (%s bytes): turn %s not kept", MAX_BYTES, turn.turn_id
                    )
                    size -= len(line.encode())
                    continue
                lines.append(line)
                kept[i] = True
            if not lines:
                return kept
            with path.open("a", encoding="utf-8") as out:
                if out.tell() and not _ends_a_line(path):  # a crash cut the last append short
                    lines.insert(0, "\n")
                out.write("".join(lines))
                out.flush()
                os.fsync(out.fileno())
    except OSError as err:
        for turn in turns:
            log.error("turn spool not writable (%s): turn %s not kept", err, turn.turn_id)
        return [False] * len(turns)
    return kept


class _GroupCommit:
    """The appends of this process's threads: one thread at a time writes and fsyncs every
    turn waiting (its own among them), the others wait for the write that carries theirs.
    Each turn is still on disk before its ``add`` returns."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._waiting: list[list] = []  # [turn, kept (None until written)]
        self._writing = False

    def add(self, turn: Turn) -> bool:
        entry: list = [turn, None]
        with self._cond:
            self._waiting.append(entry)
            while self._writing and entry[1] is None:
                self._cond.wait()
            if entry[1] is not None:  # carried by another thread's write
                return entry[1]
            self._writing = True
            batch, self._waiting = self._waiting, []
        kept = [False] * len(batch)
        try:
            kept = _append([e[0] for e in batch])
        finally:
            with self._cond:
                for e, ok in zip(batch, kept, strict=True):
                    e[1] = ok
                self._writing = False
                self._cond.notify_all()
        return entry[1]


_appends = _GroupCommit()


def pending() -> int:
    path = spool_path()
    if not path.exists():
        return 0
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def remove(turn_ids: Iterable[str]) -> None:
    """Take turns that are in the database out of the spool (and any line a crash cut short)."""
    gone = set(turn_ids)
    path = spool_path()
    if not gone or not path.exists():
        return
    with _lock():
        lines = _lines(path)
        keep = [x for x in lines if (t := Turn.parse(x)) is not None and t.turn_id not in gone]
        if len(keep) != len(lines):
            _rewrite(path, keep)


def flush(records: Any) -> int:
    """Write the kept turns to ``records``; returns how many were written. When the database
    fails again, that turn and the rest stay for the next flush. The spool is not locked while
    the database is written, so a slow database never holds up a reply's ``add``."""
    path = spool_path()
    if not path.exists() or path.stat().st_size == 0:
        return 0
    with _lock():
        turns = [t for x in _lines(path) if (t := Turn.parse(x)) is not None]
    written, done = 0, []
    for turn in turns:
        if records.turn(turn.turn_id) is None:
            try:
                turn.write(records)
                written += 1
            except IntegrityError:
                if records.turn(turn.turn_id) is None:  # refused, not written meanwhile
                    log.error("spooled turn %s refused by the database", turn.turn_id)
                    continue
            except Exception:
                break  # the database went away again: the rest waits
        done.append(turn.turn_id)
    remove(done)
    if written:
        log.warning("wrote %d spooled turn(s) to the records", written)
    return written


def _lines(path: Path) -> list[str]:
    return [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _ends_a_line(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def _rewrite(path: Path, lines: list[str]) -> None:
    """Replace the file as a whole: a crash leaves the old file or the new one, never half."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write("".join(x + "\n" for x in lines))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
