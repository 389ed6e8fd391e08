"""Reading and writing records: the one place that knows the tables.

Every channel (app, API, batch) writes a turn through :meth:`Records.record_turn` or
:meth:`Records.converse`; the operations page reads through the query methods. Conversation
state lives in ``conversations.state`` so any process can serve the next turn: ``converse``
locks the row, runs the engine and writes state and turn in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.dialogue.state import Conversation
from assistant.nlu.normalize import clean, debris_free, storable_value
from assistant.service.config import Retention, load_config
from assistant.service.records.db import database_url, get_engine
from assistant.service.records.legacy import read_jsonl
from assistant.service.records.models import (
    ConversationRow,
    FeedbackRow,
    MetaRow,
    TurnClauseRow,
    TurnRow,
)
from assistant.service.records.outcome import awards_of, clauses_of, matters_of, outcome_of

LOCAL_TZ = ZoneInfo("Asia/Shanghai")  # days are counted as the service hall lives them
VOTES = {0: "down", 1: "up"}  # st.feedback("thumbs") values
# Reasons offered with a 👎 (the page shows the Chinese; the code is stored).
REASONS: dict[str, str] = {
    "wrong_amount": "金额不对",
    "wrong_clause": "条款不对",
    "not_understood": "没听懂",
    "incomplete": "回答不完整",
    "unclear": "看不明白",
    "other": "其他",
}
IMPORT_KEY = "import:feedback.jsonl"


@cache
def engine_version() -> str:
    """Package version plus a digest of the policy data that produced the answers."""
    try:
        version = metadata.version("jinchuanggu-assistant")
    except metadata.PackageNotFoundError:
        version = "0"
    corpus = Path(__file__).resolve().parents[3] / "corpus"
    digest = hashlib.sha256()
    for path in sorted(corpus.glob("*.yaml")) + sorted(corpus.glob("*.txt")):
        digest.update(path.read_bytes())
    return f"{version}+{digest.hexdigest()[:10]}"


def now_utc() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def day_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """Local calendar days [start, end] as UTC instants [lo, hi)."""
    lo = datetime.combine(start, time(), LOCAL_TZ).astimezone(UTC) if start else None
    hi = (
        datetime.combine(end + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC) if end else None
    )
    return lo, hi


@dataclass(frozen=True)
class Window:
    """Which records a supervisor looks at: local days [start, end] and, optionally, one clause."""

    start: date | None = None
    end: date | None = None
    clause: str | None = None

    def narrow(self, query: Any, created_at: Any) -> Any:
        """``query`` narrowed to rows created in this window and about its clause."""
        lo, hi = day_bounds(self.start, self.end)
        if lo is not None:
            query = query.where(created_at >= lo)
        if hi is not None:
            query = query.where(created_at < hi)
        if self.clause:
            query = query.join(TurnClauseRow, TurnClauseRow.turn_id == TurnRow.id).where(
                TurnClauseRow.clause == self.clause
            )
        return query


class Records:
    """The records of one database."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = get_engine(self.url)
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def retention(self) -> Retention:
        return load_config().retention

    # ----------------------------------------------------------------- conversations
    def new_conversation(
        self, channel: str = "api", conv: Conversation | None = None, conversation_id: str = ""
    ) -> str:
        cid = conversation_id or uuid.uuid4().hex
        if not _storable_id(cid):
            raise ValueError(f"not a conversation id: {cid!r}")
        moment = now_utc()
        with self.session.begin() as s:
            s.add(
                ConversationRow(
                    id=cid,
                    channel=channel,
                    created_at=moment,
                    updated_at=moment,
                    state=(conv or Conversation()).to_dict(),
                    turn_count=0,
                )
            )
        return cid

    def load_conversation(self, conversation_id: str) -> Conversation | None:
        if not _storable_id(conversation_id):
            return None
        with self.session() as s:
            row = s.get(ConversationRow, conversation_id)
            return None if row is None else Conversation.from_dict(row.state)

    def converse(
        self,
        conversation_id: str,
        message: str,
        answer: Callable[[Conversation, str], Any],
        channel: str = "api",
    ) -> tuple[Any, str] | None:
        """Run one turn of a stored conversation; None when there is no such conversation.

        The row is locked (``FOR UPDATE`` / SQLite's write lock) while the engine answers, so
        two workers given two messages of one conversation apply them one after the other.
        """
        if not _storable_id(conversation_id):
            return None  # no such row can exist; PostgreSQL would refuse the NUL itself
        with self.session.begin() as s:
            row = s.get(ConversationRow, conversation_id, with_for_update=True)
            if row is None:
                return None
            conv = Conversation.from_dict(row.state)
            reply = answer(conv, message)
            row.state = storable_value(conv.to_dict())
            row.turn_count += 1
            row.updated_at = now_utc()
            turn_id = self._add_turn(
                s, message, reply, channel=channel, conversation_id=row.id, seq=row.turn_count
            )
        return reply, turn_id

    # ----------------------------------------------------------------- turns
    def record_turn(
        self,
        question: str,
        reply: Any,
        *,
        channel: str,
        conversation_id: str | None = None,
        conversation: Conversation | None = None,
        turn_id: str | None = None,
        created_at: datetime | None = None,
    ) -> str:
        """Store one answered message; with a conversation id its state is saved as well.

        ``created_at`` is when the message was received, for a turn written later (the spool,
        the writer thread); by default, now."""
        if conversation_id is not None and not _storable_id(conversation_id):
            raise ValueError(f"not a conversation id: {conversation_id!r}")
        with self.session.begin() as s:
            seq = 1
            if conversation_id is not None:
                row = s.get(ConversationRow, conversation_id, with_for_update=True)
                moment = now_utc()
                state = storable_value((conversation or Conversation()).to_dict())
                if row is None:
                    row = ConversationRow(
                        id=conversation_id,
                        channel=channel,
                        created_at=moment,
                        updated_at=moment,
                        state=state,
                        turn_count=0,
                    )
                    s.add(row)
                row.turn_count = (row.turn_count or 0) + 1
                row.updated_at = moment
                if conversation is not None:
                    row.state = state
                seq = row.turn_count
                s.flush()
            return self._add_turn(
                s,
                question,
                reply,
                channel=channel,
                conversation_id=conversation_id,
                seq=seq,
                turn_id=turn_id,
                created_at=created_at,
            )

    def record_turns(self, turns: Iterable[Any]) -> None:
        """Several answered turns of no conversation (``spool.Turn``s: question, reply,
        channel, turn id, time received) in one transaction: one commit for all of them."""
        with self.session.begin() as s:
            for turn in turns:
                self._add_turn(
                    s,
                    turn.question,
                    turn.reply,
                    channel=turn.channel,
                    conversation_id=None,
                    seq=1,
                    turn_id=turn.turn_id,
                    created_at=turn.received_at,
                )

    def _add_turn(
        self,
        s: Session,
        question: str,
        reply: Any,
        *,
        channel: str,
        conversation_id: str | None,
        seq: int,
        turn_id: str | None = None,
        created_at: datetime | None = None,
    ) -> str:
        data = reply.to_json_dict() if hasattr(reply, "to_json_dict") else dict(reply)
        # What is stored is the normalised question (the text the engine read) and our own
        # reply with nothing a database refuses: PostgreSQL takes no NUL in text or JSONB, and
        # no encoding carries a lone surrogate.
        data = storable_value(data)
        question = debris_free(question or "")
        keep_text = self.retention.stores_text  # read once per turn
        clauses = clauses_of(data)
        tid = turn_id or uuid.uuid4().hex
        s.add(
            TurnRow(
                id=tid,
                conversation_id=conversation_id,
                seq=seq,
                created_at=_aware(created_at) if created_at else now_utc(),
                channel=channel,
                question=question if keep_text else None,
                reply=data if keep_text else None,
                intent=str(data.get("intent") or "unknown")[:32],
                outcome=outcome_of(data),
                clauses=clauses,
                awards=awards_of(data, with_amounts=keep_text),
                matters=matters_of(data),
                latency_ms=float(data.get("elapsed_ms") or 0.0),
                engine_version=engine_version(),
                text_removed=not keep_text,
            )
        )
        s.flush()  # the turn row exists before rows that point at it
        s.add_all(TurnClauseRow(turn_id=tid, clause=c[:16]) for c in clauses)
        return tid

    # ----------------------------------------------------------------- feedback
    def record_feedback(
        self,
        turn_id: str | None,
        vote: str,
        *,
        reason: str | None = None,
        comment: str | None = None,
        source: str = "app",
        conversation_id: str | None = None,
    ) -> int:
        if vote not in ("up", "down", "cleared"):
            raise ValueError(f"vote must be up, down or cleared, not {vote!r}")
        if reason is not None and reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}; one of {', '.join(REASONS)}")
        with self.session.begin() as s:
            if turn_id is not None and s.get(TurnRow, turn_id) is None:
                raise KeyError(turn_id)
            row = FeedbackRow(
                turn_id=turn_id,
                conversation_id=conversation_id,
                created_at=now_utc(),
                vote=vote,
                reason=reason,
                comment=(debris_free(comment or "") or None)
                if self.retention.stores_text
                else None,
                source=source,
            )
            s.add(row)
            s.flush()
            return row.id

    # ----------------------------------------------------------------- reading
    @staticmethod
    def _turn_dict(row: TurnRow) -> dict[str, Any]:
        reply = row.reply or {}
        return {
            "id": row.id,
            "conversation_id": row.conversation_id,
            "seq": row.seq,
            "created_at": _aware(row.created_at),
            "channel": row.channel,
            "question": row.question,
            "answer": reply.get("answer"),
            "reply": row.reply,
            "intent": row.intent,
            "outcome": row.outcome,
            "clauses": list(row.clauses or []),
            "awards": list(row.awards or []),
            "matters": list(row.matters or []),
            "latency_ms": row.latency_ms,
            "engine_version": row.engine_version,
            "text_removed": row.text_removed,
        }

    def turn(self, turn_id: str) -> dict[str, Any] | None:
        if not _storable_id(turn_id):
            return None
        with self.session() as s:
            row = s.get(TurnRow, turn_id)
            return None if row is None else self._turn_dict(row)

    def conversation_turns(self, conversation_id: str) -> list[dict[str, Any]]:
        if not _storable_id(conversation_id):
            return []
        with self.session() as s:
            rows = s.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.seq, TurnRow.created_at)
            )
            return [self._turn_dict(r) for r in rows]

    def turns(self, window: Window = Window(), limit: int | None = None) -> list[dict[str, Any]]:
        """Turns in the window, newest first."""
        query = window.narrow(select(TurnRow), TurnRow.created_at)
        query = query.order_by(TurnRow.created_at.desc())
        if limit:
            query = query.limit(limit)
        with self.session() as s:
            return [self._turn_dict(r) for r in s.scalars(query)]

    def feedback(self, window: Window = Window(), vote: str | None = None) -> list[dict[str, Any]]:
        """Feedback (the latest per turn wins) with its turn's question and answer."""
        query = select(FeedbackRow, TurnRow).join(
            TurnRow, TurnRow.id == FeedbackRow.turn_id, isouter=True
        )
        query = window.narrow(query, FeedbackRow.created_at)
        query = query.order_by(FeedbackRow.created_at, FeedbackRow.id)
        latest: dict[Any, dict[str, Any]] = {}
        with self.session() as s:
            for fb, turn in s.execute(query):
                entry = {
                    "id": fb.id,
                    "turn_id": fb.turn_id,
                    "conversation_id": fb.conversation_id
                    or (turn.conversation_id if turn else None),
                    "created_at": _aware(fb.created_at),
                    "vote": fb.vote,
                    "reason": fb.reason,
                    "comment": fb.comment,
                    "source": fb.source,
                    "question": turn.question if turn else None,
                    "answer": (turn.reply or {}).get("answer") if turn else None,
                    "clauses": list(turn.clauses or []) if turn else [],
                }
                latest[fb.turn_id or ("fb", fb.id)] = entry
        rows = [e for e in latest.values() if vote is None or e["vote"] == vote]
        return sorted(rows, key=lambda e: e["created_at"], reverse=True)

    def counts(self) -> dict[str, int]:
        with self.session() as s:
            return {
                "conversations": s.scalar(select(func.count()).select_from(ConversationRow)) or 0,
                "turns": s.scalar(select(func.count()).select_from(TurnRow)) or 0,
                "feedback": s.scalar(select(func.count()).select_from(FeedbackRow)) or 0,
            }

    # ----------------------------------------------------------------- retention
    def apply_retention(self, moment: datetime | None = None) -> int:
        """Remove raw text older than the configured window; returns turns changed."""
        retention = self.retention
        if retention.mode == "keep":
            return 0
        moment = moment or now_utc()
        cutoff = moment if retention.mode == "none" else moment - timedelta(days=retention.days)
        with self.session.begin() as s:
            changed = s.execute(
                update(TurnRow)
                .where(TurnRow.created_at < cutoff, TurnRow.text_removed.is_(False))
                .values(question=None, reply=None, text_removed=True)
            ).rowcount
            s.execute(
                update(FeedbackRow)
                .where(FeedbackRow.created_at < cutoff, FeedbackRow.comment.is_not(None))
                .values(comment=None)
            )
        return changed or 0

    # ----------------------------------------------------------------- import
    def import_feedback_jsonl(self, path: Path) -> int | None:
        """Import the pre-database ``feedback.jsonl`` once; None when it was done before."""

        records = read_jsonl(path)
        try:
            with self.session.begin() as s:
                if s.get(MetaRow, IMPORT_KEY) is not None:
                    return None
                s.add(MetaRow(key=IMPORT_KEY, value=json.dumps({"records": len(records)})))
                s.flush()  # a concurrent importer fails here and leaves it to us
                for rec in records:
                    self._import_one(s, rec)
        except IntegrityError:
            return None
        return len(records)

    def _import_one(self, s: Session, rec: dict[str, Any]) -> None:
        try:
            moment = _aware(datetime.fromisoformat(str(rec.get("timestamp"))))
        except ValueError:
            moment = now_utc()
        keep = self.retention.stores_text
        conv_id = str(rec.get("session_id") or "")[:36] or None
        if conv_id and s.get(ConversationRow, conv_id) is None:
            s.add(
                ConversationRow(
                    id=conv_id,
                    channel="import",
                    created_at=moment,
                    updated_at=moment,
                    state=Conversation().to_dict(),
                    turn_count=0,
                )
            )
            s.flush()
        turn_id = str(rec.get("message_id") or "")[:36] or uuid.uuid4().hex
        if s.get(TurnRow, turn_id) is None:
            clauses = [c for c in dict.fromkeys(rec.get("clauses") or []) if isinstance(c, str)]
            s.add(
                TurnRow(
                    id=turn_id,
                    conversation_id=conv_id,
                    seq=0,
                    created_at=moment,
                    channel="import",
                    question=debris_free(str(rec.get("question") or "")) if keep else None,
                    reply=storable_value({"answer": rec.get("answer"), "intent": "imported"})
                    if keep
                    else None,
                    intent="imported",
                    outcome="info",
                    clauses=clauses,
                    awards=[],
                    matters=[],
                    latency_ms=0.0,
                    engine_version="imported",
                    text_removed=not keep,
                )
            )
            s.flush()
            s.add_all(TurnClauseRow(turn_id=turn_id, clause=c[:16]) for c in clauses)
        vote = rec.get("rating") if rec.get("rating") in ("up", "down") else "cleared"
        s.add(
            FeedbackRow(
                turn_id=turn_id,
                conversation_id=conv_id,
                created_at=moment,
                vote=vote,
                reason=_reason(rec.get("reason")),
                comment=debris_free(str(rec["comment"])) if keep and rec.get("comment") else None,
                source="import",
            )
        )

    # ----------------------------------------------------------------- maintenance
    def delete_conversation(self, conversation_id: str) -> None:
        with self.session.begin() as s:
            ids = select(TurnRow.id).where(TurnRow.conversation_id == conversation_id)
            s.execute(delete(FeedbackRow).where(FeedbackRow.turn_id.in_(ids)))
            s.execute(delete(TurnClauseRow).where(TurnClauseRow.turn_id.in_(ids)))
            s.execute(delete(TurnRow).where(TurnRow.conversation_id == conversation_id))
            s.execute(delete(ConversationRow).where(ConversationRow.id == conversation_id))


def _storable_id(key: Any) -> bool:
    """An id a row can have: text of at most 36 characters, no NUL, nothing unencodable."""
    return isinstance(key, str) and 0 < len(key) <= 36 and key == clean(key) and " " not in key


def _reason(reason: Any) -> str | None:
    if not isinstance(reason, str) or not reason:
        return None
    if reason in REASONS:
        return reason
    return next((code for code, words in REASONS.items() if words == reason), "other")


def vote_of(rating: int | None) -> str:
    return VOTES.get(rating, "cleared") if rating is not None else "cleared"


def all_clauses(rows: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(c for r in rows for c in r["clauses"]))
