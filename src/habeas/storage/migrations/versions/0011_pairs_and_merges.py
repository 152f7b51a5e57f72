"""Registered projections: the review queue of candidate pairs (`pair_queue`) and the merges
of people (`person_merges`), from the `pair` and `merge` records (new record types, so no
ledger holds any yet: nothing to fill).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pair_queue",
        sa.Column("key", sa.String(200), primary_key=True, comment="The current pair record."),
        sa.Column(
            "left_key",
            sa.String(200),
            nullable=False,
            comment="The person whose key sorts first.",
        ),
        sa.Column("right_key", sa.String(200), nullable=False, comment="The other person."),
        sa.Column(
            "status",
            sa.String(16),
            nullable=False,
            comment="pending, accepted, rejected, skipped or split (merged, then split again).",
        ),
        sa.Column(
            "probability_ppm",
            sa.Integer(),
            nullable=False,
            comment="The model's probability of a match, in parts per million.",
        ),
        sa.Column(
            "weight_millibits",
            sa.Integer(),
            nullable=False,
            comment="Total match weight in thousandths of a bit.",
        ),
        sa.Column(
            "conflict",
            sa.Boolean(),
            nullable=False,
            comment="True when an identifier conflicts (never linked automatically).",
        ),
        sa.Column(
            "fingerprint",
            sa.String(64),
            nullable=False,
            comment="SHA-256 of the evidence: a rejected pair returns only when it changes.",
        ),
        sa.Column(
            "origin",
            sa.String(200),
            nullable=False,
            comment="Who proposed it (dedupe, import…).",
        ),
        sa.Column(
            "sensitivity",
            sa.String(16),
            nullable=False,
            comment="The pair record's sensitivity (the most sensitive of its two people).",
        ),
        sa.Column(
            "recorded_at",
            sa.String(32),
            nullable=False,
            comment="When its current version was recorded.",
        ),
    )
    op.create_index("ix_pair_queue_status", "pair_queue", ["status", "probability_ppm"])
    op.create_index("ix_pair_queue_left", "pair_queue", ["left_key"])
    op.create_index("ix_pair_queue_right", "pair_queue", ["right_key"])
    op.create_table(
        "person_merges",
        sa.Column("key", sa.String(200), primary_key=True, comment="The current merge record."),
        sa.Column(
            "absorbed_key",
            sa.String(200),
            nullable=False,
            unique=True,
            comment="The person absorbed: reads of this key answer for the survivor.",
        ),
        sa.Column("survivor_key", sa.String(200), nullable=False, comment="The person kept."),
        sa.Column("pair_key", sa.String(200), nullable=True, comment="The pair accepted, if any."),
        sa.Column(
            "sensitivity",
            sa.String(16),
            nullable=False,
            comment="The merge record's sensitivity (the most sensitive of its two people).",
        ),
    )
    op.create_index("ix_person_merges_survivor", "person_merges", ["survivor_key"])


def downgrade() -> None:
    op.drop_table("person_merges")
    op.drop_table("pair_queue")
