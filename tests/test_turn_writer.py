"""Records off the request path (issue 21): a reply does not wait for the records database,
and an acknowledged turn is never lost (issue 19): it is on disk in the spool before the reply,
written by the writer thread, or written on the request path when the queue is full, and a
turn whose process died before writing it is written by the next process to start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import recorded
from fastapi.testclient import TestClient

from assistant.service.api import create_app
from assistant.service.records import get_records, spool
from assistant.service.records import writer as writer_module
from assistant.service.records.store import Records

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "中试基地服务收入300万能拿多少"


class Gate:
    """A slow database for the app's background threads (the writer, the reconnector's
    flush): their turn writes wait until ``open()``; the request path's own writes do not."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.entered = threading.Event()

    def open(self) -> None:
        self.opened.set()

    def is_open(self) -> bool:
        return self.opened.is_set()


def _spool_drained(seconds: float = 10.0) -> int:
    """The spool's pending turns once it is emptied: a turn is written to the database first
    and taken out of the spool after, so the row can be seen before the spool is empty."""
    deadline = time.monotonic() + seconds
    while spool.pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    return spool.pending()


@pytest.fixture
def gate(monkeypatch):
    gate = Gate()

    def slowed(write):
        def slow(self, *args, **kwargs):
            if threading.current_thread().name.startswith("jcg-"):
                gate.entered.set()
                assert gate.opened.wait(60), "the gate was never opened"
            return write(self, *args, **kwargs)

        return slow

    for name in ("record_turn", "record_turns"):  # one turn, or several in one transaction
        monkeypatch.setattr(Records, name, slowed(getattr(Records, name)))
    yield gate
    gate.open()  # the app's shutdown drains the queue


@pytest.fixture
def where(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JCG_DATABASE_URL", db_url)
    return tmp_path


def test_the_reply_does_not_wait_for_a_slow_database(engine, where, gate):
    with TestClient(create_app(engine)) as client:
        started = time.monotonic()
        r = client.post("/v1/ask", json={"question": QUESTION})
        assert r.status_code == 200 and r.json()["awards"][0]["amount_yuan"] == "900000"
        assert time.monotonic() - started < 30 and not gate.is_open()
        turn_id = r.json()["turn_id"]
        assert get_records().turn(turn_id) is None  # not written yet …
        assert spool.pending() == 1  # … but on disk
        replied = datetime.now(UTC)
        time.sleep(0.2)
        gate.open()
        turn = recorded(turn_id)
        assert turn["question"] == QUESTION and turn["outcome"] == "computed"
        assert turn["created_at"] <= replied  # when it was received, not when it was written
        assert _spool_drained() == 0


def test_a_full_queue_writes_on_the_request_path(engine, where, gate, monkeypatch):
    monkeypatch.setattr(writer_module, "QUEUE_SIZE", 1)
    with TestClient(create_app(engine)) as client:
        ids = [client.post("/v1/ask", json={"question": QUESTION}).json()["turn_id"]]
        assert gate.entered.wait(20)  # the writer took the first turn and is writing it
        ids += [client.post("/v1/ask", json={"question": QUESTION}).json()["turn_id"] for _ in "ab"]
        records = get_records()
        # one in the writer, one queued, and the third written before its reply
        assert [records.turn(t) is not None for t in ids] == [False, False, True]
        gate.open()
        assert all(recorded(t) for t in ids)
    assert records.counts()["turns"] == 3 and spool.pending() == 0


CHILD = """
import os, signal, sys, threading
from fastapi.testclient import TestClient
from assistant.service.api import create_app
from assistant.service.records.store import Records

def stuck(self, *args, **kwargs):  # the database never takes a turn in this process
    threading.Event().wait()
Records.record_turn = stuck

class Reply:
    def to_json_dict(self):
        return {"answer": "可以申请。", "intent": "info"}

class Engine:
    def reply(self, conversation, text):
        return Reply()

client = TestClient(create_app(Engine())).__enter__()
r = client.post("/v1/ask", json={"question": sys.argv[1]})
print(r.status_code, r.json()["turn_id"], flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_turn_queued_when_the_process_dies_is_written_at_restart(where, engine):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), "晋创谷在哪里"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == -9, child.stderr[-2000:]
    status, turn_id = child.stdout.split()
    assert status == "200"
    assert get_records().turn(turn_id) is None  # acknowledged, never written …
    (line,) = spool.spool_path().read_text(encoding="utf-8").splitlines()
    received = datetime.fromisoformat(json.loads(line)["received_at"])
    time.sleep(0.2)
    with TestClient(create_app(engine)):  # … until a process starts on this data directory
        turn = recorded(turn_id)
    assert turn["question"] == "晋创谷在哪里" and turn["answer"] == "可以申请。"
    assert turn["created_at"] == received  # the time it was received, not of the replay
    assert _spool_drained() == 0


def test_turns_waiting_together_go_in_one_transaction(where, gate):
    """A writer that fell behind writes the turns waiting in one transaction; a turn a flush
    wrote meanwhile sends it back to one at a time, and each turn is written once."""
    records = get_records()
    batches: list[int] = []
    several = Records.record_turns

    def counted(self, turns):
        turns = list(turns)
        batches.append(len(turns))
        return several(self, turns)

    reply = {"answer": "可以申请。", "intent": "info"}
    turns = [spool.Turn.answered(f"t{i}", f"问题{i}", reply, "api") for i in range(7)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Records, "record_turns", counted)
        writer = writer_module.TurnWriter(get_records).start()
        assert writer.keep(turns[0]) and gate.entered.wait(20)  # the writer is held on it
        assert all(writer.keep(t) for t in turns[1:4])
        gate.open()
        for t in turns[:4]:
            recorded(t.turn_id)
        turns[5].write(records)  # a flush was quicker for this one
        gate.opened.clear()
        gate.entered.clear()
        assert writer.keep(turns[4]) and gate.entered.wait(20)
        assert writer.keep(turns[5]) and writer.keep(turns[6])
        gate.open()
        writer.close()
    assert batches == [3, 2]  # turns 1-3 waited together, then 5-6 (5 was there already)
    assert all(records.turn(t.turn_id) for t in turns)
    assert records.counts()["turns"] == 7 and spool.pending() == 0
