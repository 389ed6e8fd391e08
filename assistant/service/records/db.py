"""Database engines and migrations.

SQLite in ``JCG_DATA_DIR`` is the embedded default; ``JCG_DATABASE_URL`` selects another
database (``postgresql://…`` is served by psycopg 3). Migrations are Alembic revisions shipped in
this package and applied when a process first opens the database; concurrent starters are
serialised (an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite). A database already
at the newest revision (every worker after the first process) is told by one query, and Alembic
(~12 MB and ~0.2 s of imports per process) is not loaded at all.
"""

from __future__ import annotations

import ast
import os
import threading
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from assistant.service.config import load_config
from assistant.settings import load_settings

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_FILE = "records.sqlite3"
MIGRATION_LOCK = 7_302_012  # pg_advisory_xact_lock key: "issue 12"

_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_lock = threading.Lock()


def database_url() -> str:
    """``JCG_DATABASE_URL`` (normalised to psycopg 3) or the SQLite file in the data dir."""
    url = load_config().database_url
    if url is None:
        data_dir = load_settings().data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{data_dir / SQLITE_FILE}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the one writer
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
            # Take the write lock up front: a turn reads a conversation's state and writes it
            # back, and two processes must not interleave that.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def get_engine(url: str | None = None) -> Engine:
    """One engine (and pool) per URL per process, migrated on first use."""
    url = url or database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = make_engine(url)
        if url not in _migrated:
            migrate(engine)
            _migrated.add(url)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is there already)."""
    head = head_revision()
    if head is not None and stored_revision(engine) == head:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@cache
def head_revision() -> str | None:
    """The newest revision of ``migrations/versions``, read from the files' ``revision`` and
    ``down_revision`` without importing Alembic; None when they do not form one chain with one
    head (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                try:
                    found[target.id] = ast.literal_eval(value)
                except ValueError:
                    return None
        revision, down = found.get("revision"), found.get("down_revision")
        if not isinstance(revision, str):
            continue  # not a revision file (__init__.py)
        revisions.add(revision)
        parents.update([down] if isinstance(down, str) else (down or ()))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: not migrated, or unreadable)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def dispose_all() -> None:
    """Close every pool (tests that drop their database call this first)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _migrated.clear()


def _after_fork_in_child() -> None:
    """A forked child must not share its parent's pooled connections (SQLAlchemy's advice)."""
    for engine in _engines.values():
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork_in_child)
