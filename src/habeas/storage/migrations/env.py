"""Alembic environment: runs migrations on the connection habeas hands it."""

from __future__ import annotations

from alembic import context

from habeas.storage.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - habeas always passes a connection
    raise RuntimeError("habeas migrations run through habeas.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    transaction_per_migration=True,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
