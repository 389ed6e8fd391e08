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


def _columns(nullable: bool = False, **types: object) -> list[sa.Column]:
    """Plain columns in the order given (a table's many NOT NULL columns, one line each)."""
    return [sa.Column(name, kind, nullable=nullable) for name, kind in types.items()]


def _turn_fk(**kw: object) -> sa.Column:
    return sa.Column("turn_id", sa.String(36), sa.ForeignKey("turns.id", ondelete="CASCADE"), **kw)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(36), primary_key=True),
        *_columns(channel=sa.String(16), created_at=TS, updated_at=TS, state=JSONType),
        *_columns(turn_count=sa.Integer),
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
        *_columns(seq=sa.Integer, created_at=TS, channel=sa.String(16)),
        *_columns(True, question=sa.Text, reply=JSONType),
        *_columns(intent=sa.String(32), outcome=sa.String(16)),
        *_columns(clauses=JSONType, awards=JSONType, matters=JSONType, latency_ms=sa.Float),
        *_columns(engine_version=sa.String(64), text_removed=sa.Boolean),
    )
    for column in ("conversation_id", "created_at", "intent", "outcome"):
        op.create_index(f"ix_turns_{column}", "turns", [column])
    op.create_table(
        "turn_clauses",
        _turn_fk(primary_key=True),
        sa.Column("clause", sa.String(16), primary_key=True),
    )
    op.create_index("ix_turn_clauses_clause", "turn_clauses", ["clause"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _turn_fk(nullable=True),
        *_columns(True, conversation_id=sa.String(36)),
        *_columns(created_at=TS, vote=sa.String(8)),
        *_columns(True, reason=sa.String(32), comment=sa.Text),
        *_columns(source=sa.String(16)),
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
