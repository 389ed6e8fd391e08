"""Conversations, turns, turn clauses, feedback and meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("state", JSONType, nullable=False),
        sa.Column("turn_count", sa.Integer, nullable=False),
    )
    op.create_index("ix_conversations_created_at", "conversations", ["created_at"])
    op.create_table(
        "turns",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "conversation_id",
            sa.String(36),
            sa.ForeignKey("conversations.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("question", sa.Text, nullable=True),
        sa.Column("reply", JSONType, nullable=True),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("clauses", JSONType, nullable=False),
        sa.Column("awards", JSONType, nullable=False),
        sa.Column("matters", JSONType, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("engine_version", sa.String(64), nullable=False),
        sa.Column("text_removed", sa.Boolean, nullable=False),
    )
    for column in ("conversation_id", "created_at", "intent", "outcome"):
        op.create_index(f"ix_turns_{column}", "turns", [column])
    op.create_table(
        "turn_clauses",
        sa.Column(
            "turn_id",
            sa.String(36),
            sa.ForeignKey("turns.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("clause", sa.String(16), primary_key=True),
    )
    op.create_index("ix_turn_clauses_clause", "turn_clauses", ["clause"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "turn_id", sa.String(36), sa.ForeignKey("turns.id", ondelete="CASCADE"), nullable=True
        ),
        sa.Column("conversation_id", sa.String(36), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("vote", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
    )
    for column in ("turn_id", "conversation_id", "created_at"):
        op.create_index(f"ix_feedback_{column}", "feedback", [column])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("meta", "feedback", "turn_clauses", "turns", "conversations"):
        op.drop_table(table)
