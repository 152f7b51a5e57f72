"""Registered projection: how many names bear each word (`word_counts`, see
`habeas.storage.name_key_tables`), filled from the name keys already there.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_WORD = sa.String(60).with_variant(sa.String(60, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "word_counts",
        sa.Column("word", _WORD, nullable=False, comment="The folded word (name_keys.word)."),
        sa.Column("record_type", sa.String(40), nullable=False, comment="Type of the records."),
        sa.Column("sensitivity", sa.String(16), nullable=False, comment="Their sensitivity."),
        sa.Column(
            "role",
            sa.String(8),
            nullable=False,
            comment="The part of the name (name_keys.role): given, initial, surname, married, "
            "name.",
        ),
        sa.Column(
            "names",
            sa.Integer(),
            nullable=False,
            comment="How many name_keys rows bear the word so (always more than 0).",
        ),
        sa.PrimaryKeyConstraint(
            "word", "record_type", "sensitivity", "role", name="pk_word_counts"
        ),
    )
    from habeas.storage.projections.word_counts import backfill_word_counts

    backfill_word_counts(op.get_bind())


def downgrade() -> None:
    op.drop_table("word_counts")
