"""Registered projections: whereabouts spans (every whereabouts answer of each person, from
the day it begins until the next; see `habeas.storage.span_tables`), filled from the
current records.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "whereabouts_spans",
        sa.Column("person_key", sa.String(200), nullable=False, comment="The person."),
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
            "status",
            sa.String(16),
            nullable=False,
            comment="The answer: in_custody, released, removed, unknown or died.",
        ),
        sa.Column(
            "facility_key", sa.String(200), nullable=True, comment="The facility (in custody)."
        ),
        sa.Column(
            "place", sa.Text(), nullable=True, comment="The place named, when no facility is."
        ),
        sa.Column(
            "country", sa.String(2), nullable=True, comment="The country, as the rule infers it."
        ),
        sa.Column(
            "custodian_key", sa.String(200), nullable=True, comment="Who holds them (in custody)."
        ),
        sa.Column(
            "legal_basis", sa.Text(), nullable=True, comment="On what authority, as recorded."
        ),
        sa.Column(
            "from_date",
            sa.String(10),
            nullable=False,
            comment="First day of this answer: the day by which the opening event had certainly "
            "happened, ISO 8601.",
        ),
        sa.Column(
            "from_at",
            sa.String(80),
            nullable=False,
            comment="The opening event's time as recorded, at its own precision.",
        ),
        sa.Column("from_precision", sa.String(8), nullable=False, comment="Precision of from_at."),
        sa.Column(
            "opened_kind", sa.String(40), nullable=False, comment="The opening event's kind."
        ),
        sa.Column(
            "opened_sensitivity",
            sa.String(16),
            nullable=False,
            comment="The opening event's own sensitivity (audited when confidential and shown).",
        ),
        sa.Column(
            "to_date",
            sa.String(10),
            nullable=True,
            comment="First day of the next answer (as the rule reads the next event); None: now.",
        ),
        sa.Column(
            "closed_by",
            sa.String(200),
            nullable=True,
            comment="The custody event the next answer dates from (None: still the answer).",
        ),
        sa.Column(
            "synthetic",
            sa.Boolean(),
            nullable=False,
            comment="The person is a synthetic demo or test person.",
        ),
        sa.Column(
            "sensitivity",
            sa.String(16),
            nullable=False,
            comment="The most sensitive of the person and the events opening and closing it.",
        ),
        sa.CheckConstraint(
            "clearance_lo >= 0 AND clearance_lo <= clearance_hi AND clearance_hi <= 2",
            name=op.f("ck_whereabouts_spans_clearance_range"),
        ),
        sa.PrimaryKeyConstraint(
            "person_key", "opened_by", "clearance_lo", name=op.f("pk_whereabouts_spans")
        ),
    )
    op.create_index(
        "ix_whereabouts_spans_status",
        "whereabouts_spans",
        ["status", "from_date", "to_date"],
    )
    op.create_index("ix_whereabouts_spans_from", "whereabouts_spans", ["from_date"])
    op.create_index("ix_whereabouts_spans_now", "whereabouts_spans", ["to_date", "person_key"])
    # A ledger that already holds custody events gets its spans now, by the projection's
    # own rule, so `habeas verify`, the status report and the alerts agree from the first read.
    from habeas.storage.projections.whereabouts_spans import WHEREABOUTS_SPANS

    WHEREABOUTS_SPANS.rebuild_all(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_whereabouts_spans_now", table_name="whereabouts_spans")
    op.drop_index("ix_whereabouts_spans_from", table_name="whereabouts_spans")
    op.drop_index("ix_whereabouts_spans_status", table_name="whereabouts_spans")
    op.drop_table("whereabouts_spans")
