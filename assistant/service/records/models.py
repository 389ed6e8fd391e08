"""The records schema: conversations, their turns, and feedback on turns.

A turn keeps what the operations page and later analysis need without re-running the engine:
the question, the whole Reply as JSON, and the derived columns that are filtered and counted
(intent, outcome, clauses, awards, matter statuses). ``turn_clauses`` makes "per measure" a
plain indexed query on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class ConversationRow(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))  # app | api | import
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[dict[str, Any]] = mapped_column(JSONType)  # Conversation.to_dict()
    turn_count: Mapped[int] = mapped_column(Integer, default=0)


class TurnRow(Base):
    __tablename__ = "turns"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer, default=0)  # 1-based within its conversation
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # app | api | check | match | import
    question: Mapped[str | None] = mapped_column(Text)  # None once retention removed it
    reply: Mapped[dict[str, Any] | None] = mapped_column(JSONType)  # Reply JSON (blocks incl.)
    intent: Mapped[str] = mapped_column(String(32), index=True)
    outcome: Mapped[str] = mapped_column(String(16), index=True)
    clauses: Mapped[list[str]] = mapped_column(JSONType)
    awards: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    matters: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    engine_version: Mapped[str] = mapped_column(String(64))
    text_removed: Mapped[bool] = mapped_column(Boolean, default=False)


class TurnClauseRow(Base):
    __tablename__ = "turn_clauses"

    turn_id: Mapped[str] = mapped_column(
        ForeignKey("turns.id", ondelete="CASCADE"), primary_key=True
    )
    clause: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)


class FeedbackRow(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    turn_id: Mapped[str | None] = mapped_column(
        ForeignKey("turns.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    vote: Mapped[str] = mapped_column(String(8))  # up | down | cleared
    reason: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # app | api | import


class MetaRow(Base):
    """One-time facts about this database, e.g. that feedback.jsonl was imported."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
