"""Turns written to the records off the request path: a bounded queue and one writer thread.

:meth:`TurnWriter.keep` appends the turn to the spool (on disk when it returns) and queues it;
the reply goes out without waiting for the database; the writer thread writes the turn and
takes it out of the spool. An acknowledged turn is therefore never lost: a process killed with
turns in its queue leaves them in the spool, which the next process started on this data
directory writes (``spool.flush``). A full queue (or a spool that cannot take the turn) makes
``keep`` say no, and the caller writes the turn on the request path as before: nothing is
dropped. While the database is away the writer leaves its turns in the spool for whoever
flushes it when the database is back.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError

from assistant.service.records import spool

QUEUE_SIZE = 256  # turns waiting for the database; more than a second of a busy worker
COMPACT_EVERY = 64  # written turns taken out of the spool at once while the queue stays busy
# Written turns are taken out of the spool when the queue is empty, but at most this often
# (what is left is taken out once the queue has stayed empty this long). Taking them out
# rewrites the spool under its lock (~10 ms with its fsync, more with more lines), which every
# reply's append waits for: after each turn, as the queue empties between two requests under
# load, it was the main thing replies queued behind.
COMPACT_INTERVAL_S = 0.25
# Turns written to the database in one transaction when several are waiting: one commit (and,
# on SQLite, one BEGIN IMMEDIATE and one fsync) for all of them. One at a time the writer fell
# behind eight clients, and a full queue puts the write back on the request path.
WRITE_BATCH = 32
log = logging.getLogger("jcg.records")


class TurnWriter:
    """One per process (per app): ``start()``, ``keep(turn)`` per answered turn, ``close()``.

    ``records`` gives the records to write to; ``healthy`` says whether the database is
    thought reachable (when not, a turn just stays in the spool); ``failed`` hears of a write
    that failed, so the caller can start reconnecting.
    """

    def __init__(
        self,
        records: Callable[[], Any],
        healthy: Callable[[], bool] = lambda: True,
        failed: Callable[[BaseException], None] = lambda err: None,
        size: int | None = None,
    ) -> None:
        self._records, self._healthy, self._failed = records, healthy, failed
        self._queue: queue.Queue[spool.Turn | None] = queue.Queue()
        self._slots = threading.BoundedSemaphore(size or QUEUE_SIZE)
        self._written: list[str] = []
        self._compacted_at = 0.0  # time.monotonic() of the last compaction
        self._thread = threading.Thread(target=self._run, name="jcg-turn-writer", daemon=True)

    def start(self) -> TurnWriter:
        self._thread.start()
        return self

    def keep(self, turn: spool.Turn) -> bool:
        """True when the turn is on disk and queued for the database; False when the queue is
        full, the spool refuses it or the writer has stopped (the caller writes it itself)."""
        if not self._thread.is_alive() or not self._slots.acquire(blocking=False):
            return False
        if not spool.add(turn):
            self._slots.release()
            return False
        self._queue.put(turn)
        return True

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued (for at most ``timeout`` seconds; the rest stays spooled)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            try:
                turn = self._queue.get(timeout=COMPACT_INTERVAL_S if self._written else None)
            except queue.Empty:
                self._compact()
                continue
            batch: list[spool.Turn] = []
            while turn is not None:
                self._slots.release()
                batch.append(turn)
                if len(batch) >= WRITE_BATCH:
                    break
                try:
                    turn = self._queue.get_nowait()
                except queue.Empty:
                    break
            stopping = turn is None
            if batch:
                self._write(batch)
            due = time.monotonic() - self._compacted_at >= COMPACT_INTERVAL_S
            if len(self._written) >= COMPACT_EVERY or (due and self._queue.empty()):
                self._compact()
        self._compact()

    def _write(self, turns: list[spool.Turn]) -> None:
        if not self._healthy():
            return  # they stay in the spool; the reconnector writes them when the database is back
        try:
            records = self._records()
            if len(turns) > 1:
                try:
                    records.record_turns(turns)
                    self._written += [t.turn_id for t in turns]
                    return
                except IntegrityError:  # one was written by a quicker flush: one at a time
                    pass
            for turn in turns:
                try:
                    turn.write(records)
                except IntegrityError:
                    if records.turn(turn.turn_id) is None:  # not a flush that was quicker
                        raise
                self._written.append(turn.turn_id)
        except Exception as err:
            log.warning("%d turn(s) stay spooled: %s", len(turns), err)
            self._failed(err)

    def _compact(self) -> None:
        if not self._written:
            return
        self._compacted_at = time.monotonic()
        try:
            spool.remove(self._written)
        except Exception as err:  # the turns are in the database; a later flush skips them
            log.warning("spool not compacted: %s", err)
        self._written = []
