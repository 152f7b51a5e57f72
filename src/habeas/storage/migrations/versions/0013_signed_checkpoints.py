"""Signed checkpoints (C2SP tlog-checkpoint), the cosignatures witnesses return, the logs
this instance witnesses, and entries found by hash: the `entry_hashes` projection (filled
here from the log) and an index on `ledger_entries.leaf_hash` (see
`habeas.storage.evidence_tables`).

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signed_checkpoints",
        sa.Column(
            "size",
            sa.BigInteger(),
            primary_key=True,
            autoincrement=False,
            comment="Tree size the checkpoint is of (one signed checkpoint per size).",
        ),
        sa.Column("root", sa.String(64), nullable=False, comment="The tree's RFC 6962 root, hex."),
        sa.Column(
            "origin", sa.String(200), nullable=False, comment="The checkpoint's origin line."
        ),
        sa.Column(
            "note",
            sa.Text(),
            nullable=False,
            comment="The C2SP signed note as signed by the log (checkpoint text and signature).",
        ),
        sa.Column(
            "key_id", sa.String(8), nullable=False, comment="The signing key's ID, 8 hex digits."
        ),
        sa.Column(
            "signed_at",
            sa.String(32),
            nullable=False,
            comment="When it was signed, UTC ISO 8601.",
        ),
        sa.CheckConstraint("size >= 0", name="checkpoint_size_not_negative"),
    )
    op.create_table(
        "cosignatures",
        sa.Column(
            "size",
            sa.BigInteger(),
            primary_key=True,
            autoincrement=False,
            comment="The signed checkpoint (by tree size) this cosigns.",
        ),
        sa.Column("cosigner", sa.String(200), primary_key=True, comment="The witness's key name."),
        sa.Column(
            "key_id",
            sa.String(8),
            primary_key=True,
            comment="The witness key's ID (type 0x04).",
        ),
        sa.Column(
            "line", sa.Text(), nullable=False, comment="The C2SP cosignature line, as received."
        ),
        sa.Column(
            "vkey",
            sa.Text(),
            nullable=False,
            comment="The witness's cosigner vkey that checked it.",
        ),
        sa.Column(
            "cosigned_at", sa.BigInteger(), nullable=False, comment="The cosignature's timestamp."
        ),
        sa.Column(
            "received_at",
            sa.String(32),
            nullable=False,
            comment="When it arrived, UTC ISO 8601.",
        ),
    )
    op.create_table(
        "witnessed_logs",
        sa.Column(
            "name", sa.String(200), primary_key=True, comment="The log's key name (its origin)."
        ),
        sa.Column(
            "url", sa.Text(), nullable=False, comment="The base URL of the log's habeas API."
        ),
        sa.Column(
            "vkey", sa.Text(), nullable=False, comment="The log's public key (vkey, type 0x01)."
        ),
        sa.Column(
            "added_at", sa.String(32), nullable=False, comment="When it was added, UTC ISO 8601."
        ),
        sa.Column(
            "last_size",
            sa.BigInteger(),
            nullable=True,
            comment="Largest tree size seen and checked.",
        ),
        sa.Column("last_root", sa.String(64), nullable=True, comment="Its root, hex."),
        sa.Column(
            "last_note", sa.Text(), nullable=True, comment="The signed checkpoint last cosigned."
        ),
        sa.Column("checked_at", sa.String(32), nullable=True, comment="When it was last checked."),
    )

    op.create_table(
        "entry_hashes",
        sa.Column(
            "position",
            sa.BigInteger(),
            primary_key=True,
            autoincrement=False,
            comment="The record entry (its position in the log).",
        ),
        sa.Column(
            "kind",
            sa.String(8),
            primary_key=True,
            comment="entry: SHA-256 of the entry's bytes; copy: SHA-256 of the source copy the "
            "entry's source record names.",
        ),
        sa.Column("hash", sa.String(64), nullable=False, comment="The SHA-256, lower-case hex."),
    )
    op.create_index("ix_entry_hashes_hash", "entry_hashes", ["hash"])
    op.create_index("ix_ledger_entries_leaf_hash", "ledger_entries", ["leaf_hash"])
    from habeas.storage.projections.hashes import backfill

    backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_ledger_entries_leaf_hash", "ledger_entries")
    op.drop_table("entry_hashes")
    op.drop_table("witnessed_logs")
    op.drop_table("cosignatures")
    op.drop_table("signed_checkpoints")
