"""Alembic environment: runs on the connection :func:`assistant.service.records.db.migrate` passes."""

from __future__ import annotations

from alembic import context

from assistant.service.records.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # the `alembic` command line: use the configured URL
    from assistant.service.records.db import make_engine

    connection = make_engine(context.config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
