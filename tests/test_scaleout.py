"""Scale-out, for real: PostgreSQL + a Chroma server + two API processes + a Streamlit instance.

All of them point at one database and one index. A conversation begun on one API process
continues on the other; a 👎 given in the app (a real Chromium) appears in the operations
data; killing one API process while it is answering loses no turn it acknowledged.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from _servers import (
    CHROMIUM,
    ask_in_chat,
    chromium,
    free_port,
    start,
    streamlit_command,
    wait_for,
)
from conftest import postgres_database, stop_process

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 180  # the first API process builds the index in the Chroma server


def wait_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    wait_for(url, proc, log, STARTUP_SECONDS)


def post(url: str, body: dict | None = None, timeout: float = 60) -> dict:
    data = json.dumps(body or {}).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with postgres_database() as pg_url:
        yield from _cluster(pg_url, tmp_path_factory.mktemp("cluster"))


def _cluster(pg_url: str, tmp_path: Path):
    env = {
        **os.environ,
        "JCG_DATABASE_URL": pg_url,
        "CHROMA_HOST": "127.0.0.1",
        "CHROMA_PORT": str(free_port()),
        "JCG_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
    }
    procs: list[subprocess.Popen] = []
    try:
        chroma_log = tmp_path / "chroma.log"
        chroma = start(
            [
                str(BIN / "chroma"),
                "run",
                "--path",
                str(tmp_path / "chroma"),
                "--host",
                "127.0.0.1",
                "--port",
                env["CHROMA_PORT"],
            ],
            env,
            chroma_log,
        )
        procs.append(chroma)
        wait_up(f"http://127.0.0.1:{env['CHROMA_PORT']}/api/v2/heartbeat", chroma, chroma_log)
        apis = []
        for i in range(2):  # one after the other: the first builds the index, the second reopens
            # --workers 1: each API is one process (serve's default is one per core), so a
            # SIGKILL below stops all that answers on its port
            port, log = free_port(), tmp_path / f"api{i}.log"
            proc = start(
                [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "1"],
                env,
                log,
            )
            procs.append(proc)
            wait_up(f"http://127.0.0.1:{port}/healthz", proc, log)
            apis.append((f"http://127.0.0.1:{port}", proc))
        app_port, app_log = free_port(), tmp_path / "streamlit.log"
        app = start(streamlit_command(app_port), env, app_log)
        procs.append(app)
        wait_up(f"http://127.0.0.1:{app_port}/_stcore/health", app, app_log)
        yield {
            "apis": apis,
            "app": f"http://127.0.0.1:{app_port}",
            "db": pg_url,
            "env": env,
            "dir": tmp_path,
        }
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                stop_process(proc)


def test_two_api_processes_one_app_one_database_one_index(cluster):
    from assistant.service.records import Records

    (one, proc_one), (two, _) = cluster["apis"]
    records = Records(cluster["db"])
    assert json.loads(urllib.request.urlopen(f"{one}/healthz").read())["database"] == "postgresql"

    # A conversation begun on one process continues on the other.
    cid = post(f"{one}/v1/conversations")["conversation_id"]
    first = post(f"{one}/v1/conversations/{cid}/messages", {"message": "我们是中试基地"})
    second = post(
        f"{two}/v1/conversations/{cid}/messages", {"message": "服务性收入两百万，能拿多少？"}
    )
    assert (second["awards"][0]["clause"], second["awards"][0]["amount_yuan"]) == (
        "（六）",
        "600000",
    )
    third = post(f"{one}/v1/conversations/{cid}/messages", {"message": "服务性收入改成三百万呢？"})
    assert third["awards"][0]["amount_yuan"] == "900000"
    assert [t["id"] for t in records.conversation_turns(cid)] == [
        first["turn_id"],
        second["turn_id"],
        third["turn_id"],
    ]

    # Kill one process while clients are talking to it: every acknowledged turn is recorded.
    def ask(i: int) -> str | None:
        try:
            return post(f"{one}/v1/ask", {"question": f"怎么入驻晋创谷？（第{i}问）"}, timeout=20)[
                "turn_id"
            ]
        except (OSError, urllib.error.URLError, json.JSONDecodeError):
            return None

    asked = 400
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(ask, i) for i in range(asked)]
        deadline = time.monotonic() + 60  # kill it mid-stream, once a few were answered
        while sum(f.done() for f in futures) < 8 and time.monotonic() < deadline:
            time.sleep(0.01)
        proc_one.send_signal(signal.SIGKILL)
        acknowledged = [t for t in (f.result() for f in futures) if t]
    proc_one.wait(timeout=10)
    assert acknowledged, "no request finished before the kill"
    assert len(acknowledged) < asked, "the kill came too late to test anything"
    # Each acknowledged turn was in the database or in the spool on disk when its reply went
    # out (the records are written behind the reply); a process started on the data directory
    # writes what the killed one left in the spool.
    port, log = free_port(), cluster["dir"] / "api-restarted.log"
    restarted = start(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "1"],
        cluster["env"],
        log,
    )
    try:
        wait_up(f"http://127.0.0.1:{port}/healthz", restarted, log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(records.turn(t) is None for t in acknowledged):
            time.sleep(0.5)
    finally:
        stop_process(restarted)
    assert all(records.turn(t) is not None for t in acknowledged)
    # The conversation goes on on the surviving process.
    fourth = post(f"{two}/v1/conversations/{cid}/messages", {"message": "服务性收入一百万呢？"})
    assert fourth["awards"][0]["amount_yuan"] == "300000"
    assert len(records.conversation_turns(cid)) == 4


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian Chromium not installed")
def test_feedback_given_in_the_app_appears_in_the_operations_data(cluster):
    from playwright.sync_api import expect

    from assistant.service.records import Records

    question = "中试基地服务收入300万能拿多少？"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
        page.goto(cluster["app"], wait_until="domcontentloaded")
        ask_in_chat(page, question, "（六）", 120_000)
        page.get_by_test_id("stFeedback").locator("button").nth(1).click()  # 👎
        expect(page.get_by_text("哪里不对")).to_be_visible(timeout=20_000)
    records = Records(cluster["db"])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not records.feedback(vote="down"):
        time.sleep(0.3)
    (down,) = records.feedback(vote="down")
    assert down["question"] == question and "（六）" in down["clauses"]
    turn = records.turn(down["turn_id"])
    assert turn["channel"] == "app" and turn["outcome"] == "computed"
