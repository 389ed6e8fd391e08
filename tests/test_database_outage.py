"""Life without the records database (issue 19), on a PostgreSQL cluster this test owns.

The cluster (initdb/pg_ctl in a temporary directory, on a free port) is stopped during a run
and started again: /healthz says 503 {"database": "unreachable"} and 200 once it is back;
/v1/ask keeps answering and spools its turns; conversations answer 503 in Chinese and English,
never 500; and afterwards every answered turn is in the records. ``serve`` starts on a database
that does not answer at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _servers import free_port, start
from conftest import stop_process
from fastapi.testclient import TestClient

from assistant.service.records import forget, get_records

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[1]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"a PostgreSQL cluster is required under CI=true: {reason}")
    pytest.skip(reason)


class Cluster:
    """A throwaway PostgreSQL cluster; as root, its commands run as the postgres user."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="jcg-pg-"))
        self.port = free_port()
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.prefix:
            shutil.chown(self.dir, "postgres")

    def run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self.run(
            str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-o", options,
            "-l", str(self.dir / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists():
        _missing(f"no {PG_BIN / 'initdb'}")
    c = Cluster()
    try:
        c.init()
    except (subprocess.CalledProcessError, OSError) as err:
        shutil.rmtree(c.dir, ignore_errors=True)
        _missing(f"cannot start a cluster: {err}")
    yield c
    forget()
    with contextlib.suppress(subprocess.CalledProcessError):
        c.stop()
    shutil.rmtree(c.dir, ignore_errors=True)


def _until(predicate, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail("timed out waiting")


def test_the_database_goes_away_and_comes_back(cluster, engine, tmp_path, monkeypatch):
    monkeypatch.setenv("JCG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JCG_DATABASE_URL", cluster.url)
    from assistant.service.api import create_app

    answered: list[str] = []
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        cid = client.post("/v1/conversations").json()["conversation_id"]
        said = client.post(f"/v1/conversations/{cid}/messages", json={"message": "我们是中试基地"})
        assert said.status_code == 200
        first = client.post("/v1/ask", json={"question": "中试基地服务收入300万能拿多少"})
        answered.append(first.json()["turn_id"])
        _until(lambda: get_records().turn(answered[0]))  # written behind the reply

        cluster.stop()
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["database"] == "unreachable"
        for question in ("中试基地服务收入300万能拿多少", "孵化器新认定国家级能拿多少"):
            r = client.post("/v1/ask", json={"question": question})
            assert r.status_code == 200 and r.json()["awards"]
            assert r.json()["turn_id"]
            answered.append(r.json()["turn_id"])
        for r in (
            client.post(f"/v1/conversations/{cid}/messages", json={"message": "收入200万"}),
            client.post("/v1/conversations"),
        ):
            assert r.status_code == 503, r.text
            error = r.json()["error"]
            assert error["code"] == "database_unavailable"
            assert "对话" in error["message_zh"] and "database" in error["message_en"]
        assert client.get("/healthz").json()["spooled_turns"] == 2

        time.sleep(0.2)
        back = datetime.now(UTC)
        cluster.start()
        _until(lambda: client.get("/healthz").status_code == 200)
        _until(lambda: client.get("/healthz").json()["spooled_turns"] == 0)
        again = client.post(f"/v1/conversations/{cid}/messages", json={"message": "收入200万"})
        assert again.status_code == 200
    records = get_records()
    for turn_id in answered:
        assert records.turn(turn_id) is not None, turn_id
    for turn_id in answered[1:]:  # spooled: recorded at the time they were asked, not written
        assert records.turn(turn_id)["created_at"] < back
    assert [t["seq"] for t in records.conversation_turns(cid)] == [1, 2]


def test_serve_starts_without_its_database(tmp_path):
    port, dead = free_port(), free_port()  # nothing listens on ``dead``
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "JCG_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{dead}/postgres",
    }
    log = tmp_path / "serve.log"
    proc = start(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)], env=env, log=log
    )
    try:
        import urllib.error
        import urllib.request

        def health() -> int | None:
            if proc.poll() is not None:
                pytest.fail(f"serve exited {proc.returncode}:\n{log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    return r.status
            except urllib.error.HTTPError as err:
                return err.code
            except OSError:
                return None

        assert _until(health, 300) == 503
        text = log.read_text()
        assert "数据库暂不可用" in text and "Traceback" not in text
    finally:
        stop_process(proc)
