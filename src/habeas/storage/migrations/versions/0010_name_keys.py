"""Registered projection: name keys (every significant word of every name of each current
record, with its phonetic key and part of the name; see `habeas.storage.name_key_tables`),
filled from the current records.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_WORD = sa.String(60).with_variant(sa.String(60, collation="C"), "postgresql")
_INDEXED = {"word": ["word"], "sound": ["sound", "word"], "drow": ["drow"]}


def upgrade() -> None:
    op.create_table(
        "name_keys",
        sa.Column("key", sa.String(200), nullable=False, comment="The current record."),
        sa.Column(
            "name_no",
            sa.Integer(),
            nullable=False,
            autoincrement=False,
            comment="Which of the record's names (Record.names(), in order; 0 the first).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            autoincrement=False,
            comment="The word's place among the significant words of that name (0 the first).",
        ),
        sa.Column(
            "word",
            _WORD,
            nullable=False,
            comment="The word folded (lower case, no accents; habeas.domain.text.fold).",
        ),
        sa.Column(
            "sound",
            _WORD,
            nullable=False,
            comment="Its phonetic key (habeas.domain.phonetics.phonetic_key); '' for a number.",
        ),
        sa.Column("drow", _WORD, nullable=False, comment="The folded word reversed."),
        sa.Column(
            "role",
            sa.String(8),
            nullable=False,
            comment="The part of the name: given, initial, surname or married (a person); "
            "name (any other record).",
        ),
        sa.Column(
            "written",
            sa.String(60),
            nullable=False,
            comment="The word as written in the name (case and accents kept), for explanations.",
        ),
        sa.Column("record_type", sa.String(40), nullable=False, comment="Type of the record."),
        sa.Column(
            "sensitivity",
            sa.String(16),
            nullable=False,
            comment="The record's sensitivity: a search returns only the levels its reader "
            "may see.",
        ),
        sa.PrimaryKeyConstraint("key", "name_no", "position", name=op.f("pk_name_keys")),
    )
    for name, columns in _INDEXED.items():
        op.create_index(
            f"ix_name_keys_{name}", "name_keys", [*columns, "record_type", "sensitivity", "key"]
        )
    # A ledger that already holds records gets their name keys now, by the projection's
    # own rule, so search and `habeas verify` agree from the first read.
    from habeas.storage.projections.name_keys import backfill_name_keys

    backfill_name_keys(op.get_bind())


def downgrade() -> None:
    for name in _INDEXED:
        op.drop_index(f"ix_name_keys_{name}", table_name="name_keys")
    op.drop_table("name_keys")
