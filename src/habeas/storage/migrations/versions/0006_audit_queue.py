"""The audit queue: reads recorded without the log's write lock (`audit_queue`, a hash chain
of queued read events; on a SQLite file it stays empty, the queue being the sidecar file
`<database>.audit-queue`), and `audit_flushed`, the marker of how far the log has taken it.
See `habeas.storage.audit_tables`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_queue",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
            comment="Monotonic id of the queued item (never reused); the log's audit entry "
            "carries it. Empty on a SQLite file: its queue is the sidecar file's table.",
        ),
        sa.Column(
            "queued_at",
            sa.String(32),
            nullable=False,
            comment="When the read was queued (UTC, microseconds): when the data was shown.",
        ),
        sa.Column(
            "event",
            sa.Text(),
            nullable=False,
            comment="The audit event as canonical JSON: who, what, which records; never the data.",
        ),
        sa.Column(
            "prev_hash",
            sa.String(64),
            nullable=False,
            comment="The hash of the item before this one (64 zeros for the first): "
            "the chain link.",
        ),
        sa.Column(
            "hash",
            sa.String(64),
            nullable=False,
            comment="SHA-256 of prev_hash (hex, ASCII) followed by the event's canonical "
            "bytes, hex.",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_queue")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "audit_flushed",
        sa.Column(
            "id",
            sa.Integer(),
            autoincrement=False,
            nullable=False,
            comment="Always 1: the one marker row (absent until the first flush).",
        ),
        sa.Column(
            "last_queue_id",
            sa.BigInteger(),
            nullable=False,
            comment="The highest queue id whose audit entry is in the log; later flushes "
            "skip ids up to it. Written in the same transaction as those entries.",
        ),
        sa.Column(
            "last_hash",
            sa.String(64),
            nullable=False,
            comment="The chain hash of that item: the next item queued must link to it.",
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_flushed_one_marker")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_flushed")),
    )


def downgrade() -> None:
    op.drop_table("audit_flushed")
    op.drop_table("audit_queue")
