"""The log, its head, and the projections of records, versions, references and search names.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column(
            "position",
            sa.BigInteger(),
            autoincrement=False,
            nullable=False,
            comment="Place in the log, from 0; the primary key, so two appends cannot share it.",
        ),
        sa.Column(
            "op", sa.String(16), nullable=False, comment="assert, correct, retract or audit."
        ),
        sa.Column(
            "record_type", sa.String(40), nullable=False, comment="Type of the record concerned."
        ),
        sa.Column(
            "record_key", sa.String(200), nullable=False, comment="Key of the record concerned."
        ),
        sa.Column(
            "version", sa.Integer(), nullable=False, comment="Version of the record this makes."
        ),
        sa.Column(
            "recorded_at",
            sa.String(32),
            nullable=False,
            comment="When the ledger learned it: UTC, ISO 8601 with microseconds.",
        ),
        sa.Column(
            "body",
            sa.Text(),
            nullable=False,
            comment="The entry's canonical JSON, exactly the bytes the leaf hash commits to.",
        ),
        sa.Column(
            "leaf_hash", sa.String(64), nullable=False, comment="SHA-256(0x00 || body), hex."
        ),
        sa.Column(
            "tree_root",
            sa.String(64),
            nullable=False,
            comment="Root of the Merkle tree of entries 0..position, hex.",
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_ledger_entries_position_not_negative")),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_ledger_entries")),
    )
    op.create_index("ix_ledger_entries_record_key", "ledger_entries", ["record_key", "position"])
    op.create_index("ix_ledger_entries_recorded_at", "ledger_entries", ["recorded_at"])

    op.create_table(
        "ledger_head",
        sa.Column(
            "id", sa.Integer(), autoincrement=False, nullable=False, comment="Always 1: one row."
        ),
        sa.Column("size", sa.BigInteger(), nullable=False, comment="Number of entries in the log."),
        sa.Column(
            "root", sa.String(64), nullable=False, comment="Merkle root of the whole log, hex."
        ),
        sa.Column(
            "frontier",
            sa.Text(),
            nullable=False,
            comment="JSON list of hex subtree roots along the right edge of the tree.",
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_ledger_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_head")),
    )

    op.create_table(
        "record_versions",
        sa.Column(
            "position",
            sa.BigInteger(),
            autoincrement=False,
            nullable=False,
            comment="The entry that made this version.",
        ),
        sa.Column("record_key", sa.String(200), nullable=False, comment="Key of the record."),
        sa.Column(
            "version", sa.Integer(), nullable=False, comment="1 for the first assertion, then +1."
        ),
        sa.Column("op", sa.String(16), nullable=False, comment="assert, correct or retract."),
        sa.Column("record_type", sa.String(40), nullable=False, comment="Type of the record."),
        sa.Column(
            "recorded_at", sa.String(32), nullable=False, comment="When the ledger learned it."
        ),
        sa.Column(
            "body",
            sa.Text(),
            nullable=True,
            comment="The record's canonical JSON; null if retracted.",
        ),
        sa.Column(
            "subject_key",
            sa.String(200),
            nullable=True,
            comment="The record this one is chiefly about (a custody event's person).",
        ),
        sa.Column(
            "valid_start",
            sa.String(32),
            nullable=True,
            comment="When the fact happened: first instant of its span, UTC ISO 8601.",
        ),
        sa.Column(
            "valid_date",
            sa.String(10),
            nullable=True,
            comment="When the fact happened: its calendar date in its own zone.",
        ),
        sa.ForeignKeyConstraint(
            ["position"],
            ["ledger_entries.position"],
            name=op.f("fk_record_versions_position_ledger_entries"),
        ),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_record_versions")),
        sa.UniqueConstraint("record_key", "version", name="uq_record_versions_key_version"),
    )
    op.create_index("ix_record_versions_subject", "record_versions", ["subject_key", "record_type"])

    op.create_table(
        "records",
        sa.Column("key", sa.String(200), nullable=False, comment="The record's key."),
        sa.Column("record_type", sa.String(40), nullable=False, comment="Its type."),
        sa.Column("version", sa.Integer(), nullable=False, comment="Its current version."),
        sa.Column(
            "position",
            sa.BigInteger(),
            nullable=False,
            comment="The entry that made the current version.",
        ),
        sa.Column("status", sa.String(16), nullable=False, comment="active or retracted."),
        sa.Column(
            "body", sa.Text(), nullable=True, comment="Current canonical JSON; null if retracted."
        ),
        sa.Column("label", sa.Text(), nullable=False, comment="One-line name for lists."),
        sa.Column(
            "recorded_at", sa.String(32), nullable=False, comment="When this version was recorded."
        ),
        sa.Column(
            "first_recorded_at",
            sa.String(32),
            nullable=False,
            comment="When the record was first recorded.",
        ),
        sa.Column(
            "subject_key", sa.String(200), nullable=True, comment="What it is chiefly about."
        ),
        sa.Column(
            "valid_start", sa.String(32), nullable=True, comment="When it happened (UTC start)."
        ),
        sa.Column(
            "valid_date", sa.String(10), nullable=True, comment="When it happened (local date)."
        ),
        sa.Column("unsourced", sa.Boolean(), nullable=False, comment="Recorded without a source."),
        sa.Column("synthetic", sa.Boolean(), nullable=False, comment="Invented demo or test data."),
        sa.Column(
            "sensitivity",
            sa.String(16),
            nullable=False,
            comment="public, restricted or confidential.",
        ),
        sa.ForeignKeyConstraint(
            ["position"],
            ["ledger_entries.position"],
            name=op.f("fk_records_position_ledger_entries"),
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_records")),
    )
    op.create_index("ix_records_type", "records", ["record_type", "key"])
    op.create_index("ix_records_subject", "records", ["subject_key", "record_type"])

    op.create_table(
        "record_refs",
        sa.Column("key", sa.String(200), nullable=False, comment="The referring record (current)."),
        sa.Column(
            "path", sa.String(200), nullable=False, comment="The field that holds the reference."
        ),
        sa.Column("ref_key", sa.String(200), nullable=False, comment="The record referred to."),
        sa.PrimaryKeyConstraint("key", "path", name=op.f("pk_record_refs")),
    )
    op.create_index("ix_record_refs_ref_key", "record_refs", ["ref_key"])

    op.create_table(
        "search_terms",
        sa.Column("key", sa.String(200), nullable=False, comment="The record found by this name."),
        sa.Column(
            "term",
            sa.String(500),
            nullable=False,
            comment="A name folded for search: lower case, no accents, single spaces, "
            "with a space at each end so word prefixes match with LIKE '% word%'.",
        ),
        sa.Column("record_type", sa.String(40), nullable=False, comment="Type of the record."),
        sa.PrimaryKeyConstraint("key", "term", name=op.f("pk_search_terms")),
    )
    op.create_index("ix_search_terms_type", "search_terms", ["record_type"])


def downgrade() -> None:
    raise NotImplementedError("habeas migrations only go forward: the log is append-only")
