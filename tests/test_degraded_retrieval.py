"""Chroma server mode when the server goes away: BM25 and keywords carry on, nothing alarming
reaches the visitor, the status records it, and the client reconnects when the server is back,
including a server restarted on an empty path (the collection is added again)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import stop_process

from assistant.dialogue.state import Conversation
from assistant.engine import Assistant
from assistant.retrieval.hybrid import Retriever
from assistant.retrieval.vectorstore import collection_name
from assistant.settings import load_settings

QUESTION = "我们是中试基地，协议任务已完成，服务性收入300万，能拿多少？"
CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(path: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_process(proc)
                pytest.fail("chroma server did not start")
            time.sleep(0.3)


def remote(tmp_path: Path, port: int):
    return replace(
        load_settings(tmp_path), embedder="hash", chroma_host="127.0.0.1", chroma_port=port
    )


@pytest.fixture
def no_wait(monkeypatch):
    from assistant.retrieval.vectorstore import ChromaIndex

    monkeypatch.setattr(ChromaIndex, "RECONNECT_EVERY_S", 0.0)


def test_server_down_at_start_answers_without_a_traceback(tmp_path, caplog, no_wait):
    with caplog.at_level("WARNING"):
        retriever = Retriever(remote(tmp_path, _free_port()))
    assert not retriever.status()["available"]
    assert "Traceback" not in caplog.text and "BM25" in caplog.text
    reply = Assistant(retriever).reply(Conversation(), QUESTION)
    assert reply.intent != "error" and "换个说法" not in reply.answer
    assert [a.amount_yuan for a in reply.awards] == ["900000"]
    # The reply settles its rule without the dense channel (issue 21); a search uses it.
    assert retriever.search(QUESTION).hits[0].clause == "（六）"
    assert retriever.status()["degraded_queries"] >= 1


@pytest.mark.skipif(not CHROMA.exists(), reason="chroma CLI not installed")
def test_server_that_goes_away_and_comes_back_empty(tmp_path, no_wait):
    port = _free_port()
    server = start_server(tmp_path / "first", port)
    try:
        retriever = Retriever(remote(tmp_path, port))
        name = collection_name(retriever.embedders[0].name)
        assert retriever.index.built == [name]
        healthy = Assistant(retriever).reply(Conversation(), QUESTION)
        # The reply settles its rule without the dense channel (issue 21); a search uses it.
        healthy_hits = retriever.search(QUESTION).hits
        assert retriever.status()["available"]
    finally:
        stop_process(server)

    down = Assistant(retriever).reply(Conversation(), QUESTION)
    assert down.intent != "error" and "换个说法" not in down.answer
    assert down.awards == healthy.awards
    assert down.retrieved and down.retrieved[0].clause == healthy.retrieved[0].clause
    assert retriever.search(QUESTION).hits[0].clause == healthy_hits[0].clause
    status = retriever.status()
    assert not status["available"] and status["last_error"]

    server = start_server(tmp_path / "second-empty", port)
    try:
        back = Assistant(retriever).reply(Conversation(), QUESTION)
        back_hits = retriever.search(QUESTION).hits
        assert retriever.status()["available"]
        assert retriever.index.built == [name, name]  # re-added on the empty server
        assert back.awards == healthy.awards
        assert [h.clause for h in back.retrieved] == [h.clause for h in healthy.retrieved]
        assert [h.clause for h in back_hits] == [h.clause for h in healthy_hits]
    finally:
        stop_process(server)
