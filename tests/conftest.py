"""Shared fixtures. The whole session uses a temporary data directory, never the repo's."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

_SESSION_DATA = Path(tempfile.mkdtemp(prefix="jcg-test-data-"))
os.environ.setdefault("JCG_DATA_DIR", str(_SESSION_DATA))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
for _name in ("JCG_LLM_BASE_URL", "JCG_LLM_MODEL", "JCG_LLM_API_KEY"):
    os.environ.pop(_name, None)  # tests exercise the embedded default unless they opt in


@pytest.fixture(scope="session")
def engine():
    """The embedded default engine (local index, no LLM), built once per test session."""
    from assistant.engine import Assistant
    from assistant.retrieval.hybrid import get_retriever

    return Assistant(get_retriever())


def last_reply(engine, turns: list[str], today):
    """The reply to the last of ``turns``, said one after another in one conversation."""
    from assistant.dialogue.state import Conversation

    conv = Conversation()
    for text in turns:
        reply = engine.reply(conv, text, today)
    return reply


def amounts(reply) -> list[str]:
    """The awards of ``reply``, as decimal strings in sorted order."""
    return sorted(a.amount_yuan for a in reply.awards)


def stop_process(proc: subprocess.Popen) -> None:
    """End a server a test started, politely first."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def recorded(turn_id: str, seconds: float = 20.0) -> dict:
    """A turn of the configured records once it is there: the API writes ``/v1/ask`` and
    ``/v1/check`` turns behind the reply (``records/writer.py``)."""
    from assistant.service.records import get_records

    deadline = time.monotonic() + seconds
    while (turn := get_records().turn(turn_id)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert turn is not None, f"turn {turn_id} not in the records after {seconds} s"
    return turn


# ------------------------------------------------------------------------- PostgreSQL
PG_ADMIN = os.environ.get("JCG_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(f"PostgreSQL not reachable ({reason})")


@contextlib.contextmanager
def postgres_database():
    """A fresh PostgreSQL database (dropped afterwards), as a SQLAlchemy URL."""
    import uuid

    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except Exception as err:  # server down, driver missing …
        _pg_unavailable(str(err).splitlines()[0] if str(err) else type(err).__name__)
    name = f"jcg_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        from assistant.service.records import forget

        forget()  # close pooled connections before the drop
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL database for one test."""
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Each database test runs on SQLite and on a real PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.sqlite3'}"
        from assistant.service.records import forget

        forget()
    else:
        yield request.getfixturevalue("pg_url")
