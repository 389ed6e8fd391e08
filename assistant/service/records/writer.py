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
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError

from assistant.service.records import spool

QUEUE_SIZE = 256  # turns waiting for the database; more than a second of a busy worker
COMPACT_EVERY = 64  # written turns taken out of the spool at once while the queue stays busy
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
        while True:
            turn = self._queue.get()
            if turn is None:
                break
            self._slots.release()
            self._write(turn)
            if self._queue.empty() or len(self._written) >= COMPACT_EVERY:
                self._compact()
        self._compact()

    def _write(self, turn: spool.Turn) -> None:
        if not self._healthy():
            return  # it stays in the spool; the reconnector writes it when the database is back
        try:
            records = self._records()
            try:
                turn.write(records)
            except IntegrityError:
                if records.turn(turn.turn_id) is None:  # not a flush that was quicker
                    raise
        except Exception as err:
            log.warning("turn %s stays spooled: %s", turn.turn_id, err)
            self._failed(err)
            return
        self._written.append(turn.turn_id)

    def _compact(self) -> None:
        if not self._written:
            return
        try:
            spool.remove(self._written)
        except Exception as err:  # the turns are in the database; a later flush skips them
            log.warning("spool not compacted: %s", err)
        self._written = []
