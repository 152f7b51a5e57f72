"""Stored copies of sources: content-addressed bytes keyed by their SHA-256.

Not the log: see `habeas.storage.copy_tables`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_copies",
        sa.Column(
            "sha256",
            sa.String(64),
            nullable=False,
            comment="SHA-256 of the bytes, lower-case hex.",
        ),
        sa.Column(
            "media_type",
            sa.String(200),
            nullable=False,
            comment="MIME type, e.g. application/pdf.",
        ),
        sa.Column("size", sa.BigInteger(), nullable=False, comment="Length of the bytes."),
        sa.Column("bytes", sa.LargeBinary(), nullable=False, comment="The copy itself."),
        sa.Column(
            "stored_at",
            sa.String(32),
            nullable=False,
            comment="When it was first stored (UTC).",
        ),
        sa.Column(
            "retrieved_from",
            sa.Text(),
            nullable=True,
            comment="Where the copy was taken from (a URL).",
        ),
        sa.Column(
            "retrieval_method",
            sa.String(40),
            nullable=False,
            comment="How it was taken: upload, download or other.",
        ),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_source_copies_sha256_hex")),
        sa.CheckConstraint("size >= 0", name=op.f("ck_source_copies_size_not_negative")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_source_copies")),
    )


def downgrade() -> None:
    op.drop_table("source_copies")
