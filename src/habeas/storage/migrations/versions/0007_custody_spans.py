"""Registered projections: custody spans (each person's custody folded into stretches held
in one facility; see `habeas.storage.span_tables`), filled from the current records.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "custody_spans",
        sa.Column("person_key", sa.String(200), nullable=False, comment="The person held."),
        sa.Column(
            "opened_by",
            sa.String(200),
            nullable=False,
            comment="The custody event the answer dates from (the whereabouts' `since`).",
        ),
        sa.Column(
            "clearance_lo",
            sa.Integer(),
            nullable=False,
            autoincrement=False,
            comment="Lowest clearance this span is the answer for: 0 public, 1 restricted, "
            "2 confidential (folded from the person and events that level may see).",
        ),
        sa.Column(
            "clearance_hi",
            sa.Integer(),
            nullable=False,
            comment="Highest clearance this span is the answer for (0, 1 or 2).",
        ),
        sa.Column(
            "facility_key", sa.String(200), nullable=False, comment="The facility holding them."
        ),
        sa.Column(
            "custodian_key",
            sa.String(200),
            nullable=True,
            comment="Who holds them (None: not said).",
        ),
        sa.Column(
            "from_date",
            sa.String(10),
            nullable=False,
            comment="First day held here: the day by which the opening event had certainly "
            "happened (for a month-only event, the month's last day), ISO 8601.",
        ),
        sa.Column(
            "from_at",
            sa.String(80),
            nullable=False,
            comment="The opening event's time as recorded, at its own precision.",
        ),
        sa.Column(
            "from_precision",
            sa.String(8),
            nullable=False,
            comment="Precision of from_at: year, month, day, minute or second.",
        ),
        sa.Column(
            "to_date",
            sa.String(10),
            nullable=True,
            comment="First day no longer held here (as the rule reads the next event); "
            "None: still held.",
        ),
        sa.Column(
            "to_at", sa.String(80), nullable=True, comment="The closing event's time as recorded."
        ),
        sa.Column("to_precision", sa.String(8), nullable=True, comment="Precision of to_at."),
        sa.Column(
            "closed_by",
            sa.String(200),
            nullable=True,
            comment="The custody event from which the answer changes (None: still held).",
        ),
        sa.Column(
            "sensitivity",
            sa.String(16),
            nullable=False,
            comment="The most sensitive of the person and the events folded into this span: "
            "public, restricted or confidential.",
        ),
        sa.CheckConstraint(
            "clearance_lo >= 0 AND clearance_lo <= clearance_hi AND clearance_hi <= 2",
            name=op.f("ck_custody_spans_clearance_range"),
        ),
        sa.PrimaryKeyConstraint(
            "person_key", "opened_by", "clearance_lo", name=op.f("pk_custody_spans")
        ),
    )
    op.create_index(
        "ix_custody_spans_facility",
        "custody_spans",
        ["facility_key", "from_date", "to_date"],
    )
    op.create_index("ix_custody_spans_person", "custody_spans", ["person_key", "from_date"])
    # A ledger that already holds custody events gets its spans now, by the projection's
    # own rule, so `habeas verify` and occupancy agree from the first read.
    from habeas.storage.projections.custody_spans import rebuild_all

    rebuild_all(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_custody_spans_person", table_name="custody_spans")
    op.drop_index("ix_custody_spans_facility", table_name="custody_spans")
    op.drop_table("custody_spans")
