"""Records in a database: schema, conversations across processes, turns, feedback, retention.

Every test that touches a database runs on SQLite and on a real PostgreSQL (``db_url``).
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import inspect, text

from assistant.dialogue.state import Conversation
from assistant.nlu.normalize import debris_free
from assistant.service.config import (
    ConfigError,
    Retention,
    check_api_key,
    check_passcode,
    hash_passcode,
)
from assistant.service.feedback import FeedbackStore
from assistant.service.records import Records, engine_version
from assistant.service.records.db import get_engine
from assistant.service.records.legacy import read_jsonl
from assistant.service.records.models import TurnRow
from assistant.service.records.store import Window

AMOUNT_Q = "牵头的省级重点研发项目已验收，省拨经费800万，能拿多少？"


# ------------------------------------------------------------------------- pure parts
def test_conversation_round_trips_through_json():
    conv = Conversation(
        applicant="enterprise",
        facts={"allocation_yuan": Decimal("8000000.5"), "event_date": date(2025, 6, 30)},
        topic="major_project",
        pending="role",
        turns=3,
    )
    data = json.loads(json.dumps(conv.to_dict()))
    back = Conversation.from_dict(data)
    assert back == conv
    assert isinstance(back.facts["allocation_yuan"], Decimal)
    assert Conversation.from_dict(None) == Conversation()


def test_retention_setting_parses_and_refuses_nonsense():
    assert Retention.parse(None).mode == "keep"
    assert Retention.parse("30d") == Retention("days", 30)
    assert not Retention.parse("none").stores_text
    with pytest.raises(ConfigError):
        Retention.parse("forever")


def test_passcode_hash_and_api_keys():
    stored = hash_passcode("晋创谷2025")
    assert "晋创谷2025" not in stored
    assert check_passcode("晋创谷2025", stored)
    assert not check_passcode("晋创谷2024", stored)
    assert not check_passcode("", stored) and not check_passcode("x", None)
    assert not check_passcode("x", "garbage")
    assert check_api_key(None, ())  # no keys configured: open
    assert check_api_key("k2", ("k1", "k2")) and not check_api_key("k3", ("k1", "k2"))
    assert not check_api_key(None, ("k1",))


# ------------------------------------------------------------------------- database
def test_migrations_create_the_schema_once(db_url):
    records = Records(db_url)
    engine = get_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"conversations", "turns", "turn_clauses", "feedback", "meta"} <= tables
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    from assistant.service.records.db import migrate

    migrate(engine)  # a second start applies nothing and breaks nothing
    assert records.counts() == {"conversations": 0, "turns": 0, "feedback": 0}


def test_the_head_revision_is_read_as_alembic_reads_it():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from assistant.service.records.db import MIGRATIONS, head_revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_a_process_on_a_migrated_database_does_not_load_alembic(db_url):
    import subprocess
    import sys
    from pathlib import Path

    Records(db_url)  # migrated here
    check = (
        "import sys\n"
        "from assistant.service.records import Records\n"
        f"Records({db_url!r}).counts()\n"
        "print('alembic' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False"]


def test_a_turn_records_what_the_page_needs(db_url, engine):
    records = Records(db_url)
    conv = Conversation()
    reply = engine.reply(conv, AMOUNT_Q)
    turn_id = records.record_turn(
        AMOUNT_Q, reply, channel="app", conversation_id="s1", conversation=conv
    )
    turn = records.turn(turn_id)
    assert turn["question"] == debris_free(AMOUNT_Q)  # as typed, less the debris (issue 19)
    assert turn["reply"]["answer"] == reply.answer  # the whole Reply JSON
    assert turn["intent"] == reply.intent == "amount"
    assert turn["outcome"] == "computed"
    assert "（三）" in turn["clauses"]
    assert turn["awards"][0]["amount_yuan"] == reply.awards[0].amount_yuan
    assert turn["latency_ms"] == reply.elapsed_ms > 0
    assert turn["engine_version"] == engine_version()
    assert records.load_conversation("s1") == conv  # state saved beside the turn
    assert [t["id"] for t in records.turns(Window(clause="（三）"))] == [turn_id]
    assert records.turns(Window(clause="（九）")) == []


def test_a_conversation_continues_in_another_process(db_url, engine):
    """Two Records objects stand for two workers: state lives only in the database."""
    first, second = Records(db_url), Records(db_url)
    cid = first.new_conversation("api")
    first.converse(cid, "我们是中试基地", engine.reply)
    reply, turn_id = second.converse(cid, "服务性收入两百万，能拿多少？", engine.reply)
    assert reply.awards and reply.awards[0].clause == "（六）"
    turns = first.conversation_turns(cid)
    assert [t["seq"] for t in turns] == [1, 2]
    assert turns[-1]["id"] == turn_id
    assert first.load_conversation(cid).applicant == "pilot_base"
    assert second.converse("no-such-id", "你好", engine.reply) is None


def test_concurrent_messages_to_one_conversation_are_serialised(db_url, engine):
    records = Records(db_url)
    cid = records.new_conversation("api")
    errors: list[BaseException] = []

    def send(i: int) -> None:
        try:
            Records(db_url).converse(cid, f"问题{i}：怎么入驻？", engine.reply)
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    turns = records.conversation_turns(cid)
    assert sorted(t["seq"] for t in turns) == [1, 2, 3, 4, 5, 6]
    assert records.load_conversation(cid).turns == 6  # no lost update of the state


def test_feedback_with_reason_and_latest_vote_wins(db_url, engine):
    records = Records(db_url)
    store = FeedbackStore(records)
    conv = Conversation()
    reply = engine.reply(conv, AMOUNT_Q)
    turn_id = records.record_turn(AMOUNT_Q, reply, channel="app", conversation_id="v1")
    store.record(
        question=AMOUNT_Q, answer=reply.answer, clauses=["（三）"], rating=1, message_id=turn_id
    )
    store.record(
        question=AMOUNT_Q,
        answer=reply.answer,
        clauses=["（三）"],
        rating=0,
        message_id=turn_id,
        reason="wrong_amount",
        comment="应该是40万",
    )
    (row,) = records.feedback()
    assert (row["vote"], row["reason"], row["comment"]) == ("down", "wrong_amount", "应该是40万")
    assert row["question"] == debris_free(AMOUNT_Q) and row["turn_id"] == turn_id
    assert records.feedback(vote="up") == []
    assert records.feedback(Window(clause="（三）")) and not records.feedback(
        Window(clause="（九）")
    )
    with pytest.raises(ValueError):
        records.record_feedback(turn_id, "down", reason="because")
    with pytest.raises(KeyError):
        records.record_feedback("missing", "down")
    # A rating of an answer the records never saw keeps what it rates.
    store.record(question="q", answer="a", clauses=["（九）"], rating=0, message_id="old1")
    assert records.turn("old1")["question"] == "q"


def test_feedback_jsonl_is_imported_once(db_url, tmp_path):
    path = tmp_path / "feedback.jsonl"
    lines = [
        {
            "timestamp": "2026-11-01T08:00:00+00:00",
            "question": "中试基地能拿多少",
            "answer": "……",
            "clauses": ["（六）"],
            "rating": "down",
            "score": 0,
            "message_id": "m-1",
            "session_id": "sess-1",
        },
        {
            "timestamp": "2026-11-02T08:00:00+00:00",
            "question": "你好",
            "answer": "您好",
            "clauses": [],
            "rating": "up",
            "score": 1,
            "message_id": "m-2",
            "session_id": "sess-1",
        },
    ]
    path.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{damaged\n",
        encoding="utf-8",
    )
    assert len(read_jsonl(path)) == 2
    records = Records(db_url)
    assert records.import_feedback_jsonl(path) == 2
    assert records.import_feedback_jsonl(path) is None  # once only
    rows = records.feedback()
    assert {r["vote"] for r in rows} == {"up", "down"}
    down = records.feedback(vote="down")[0]
    assert down["question"] == "中试基地能拿多少" and down["clauses"] == ["（六）"]
    assert records.feedback(Window(date(2026, 11, 2), date(2026, 11, 2)))[0]["vote"] == "up"
    assert records.counts()["turns"] == 2


def test_retention_keeps_only_intents_and_clauses(db_url, engine, monkeypatch):
    records = Records(db_url)
    monkeypatch.setenv("JCG_TEXT_RETENTION", "none")
    reply = engine.reply(Conversation(), "晋中某某科技有限公司，" + AMOUNT_Q)
    turn = records.turn(records.record_turn("晋中某某科技有限公司…", reply, channel="api"))
    assert turn["question"] is None and turn["reply"] is None and turn["text_removed"]
    assert turn["intent"] == "amount" and "（三）" in turn["clauses"]
    assert "amount_yuan" not in turn["awards"][0]


def test_retention_of_n_days_removes_older_text(db_url, engine, monkeypatch):
    records = Records(db_url)
    reply = engine.reply(Conversation(), AMOUNT_Q)
    old = records.record_turn(AMOUNT_Q, reply, channel="api")
    new = records.record_turn(AMOUNT_Q, reply, channel="api")
    with records.session.begin() as s:
        s.get(TurnRow, old).created_at = datetime.now(UTC) - timedelta(days=40)
    monkeypatch.setenv("JCG_TEXT_RETENTION", "30d")
    assert records.apply_retention() == 1
    assert records.turn(old)["question"] is None and records.turn(old)["clauses"]
    assert records.turn(new)["question"] == debris_free(AMOUNT_Q)
    monkeypatch.setenv("JCG_TEXT_RETENTION", "keep")
    assert records.apply_retention() == 0


def test_outcome_reads_the_headline_verdict_first():
    from assistant.service.records.outcome import clauses_of, outcome_of

    assert outcome_of({"headline": {"verdict": "up_to"}, "intent": "amount"}) == "computed"
    assert outcome_of({"headline": {"verdict": "needs_facts"}, "awards": []}) == "asked"
    assert outcome_of({"headline": {"verdict": "not_covered"}}) == "not_covered"
    # replies without a headline (older records) fall back on their fields
    assert outcome_of({"awards": [{"kind": "exact"}], "intent": "amount"}) == "computed"
    assert outcome_of({"awards": [], "follow_up": "请问…", "intent": "amount"}) == "asked"
    assert outcome_of({"intent": "unknown"}) == "none_found"
    assert outcome_of({"intent": "process"}) == "info"
    reply = {
        "citations": [{"clause": "（三）"}, {"clause": "附则"}],
        "matters": [{"clause": "（六）", "status": "computed"}],
    }
    assert clauses_of(reply) == ["（三）", "附则", "（六）"]
