"""Custody spans: a projection of each person's custody events into stretches of time in
which the whereabouts rule (`habeas.domain.whereabouts`) holds them in one facility.

One row is one stretch of an unchanged answer: held in this facility, by this custodian,
since this event. It begins on the day by which its opening event had certainly happened
and ends on the day the next event of the person changes the answer (None: still held).
Dates keep the precision of the events: the row holds the events' own times as recorded
(`from_at`, `to_at`, with their precision) and the calendar days the rule derives from
them, never an invented time of day.

A reader may only count what they may see, so a person's spans are folded once per
clearance level from the events that level sees; identical answers share one row, whose
`clearance_lo`..`clearance_hi` say which levels it is the answer for. Written and checked
by `habeas.storage.projections.custody_spans`.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Index, Integer, String, Table

from habeas.storage.tables import metadata

__all__ = ["custody_spans"]

custody_spans = Table(
    "custody_spans",
    metadata,
    Column("person_key", String(200), primary_key=True, comment="The person held."),
    Column(
        "opened_by",
        String(200),
        primary_key=True,
        comment="The custody event the answer dates from (the whereabouts' `since`).",
    ),
    Column(
        "clearance_lo",
        Integer,
        primary_key=True,
        autoincrement=False,
        comment="Lowest clearance this span is the answer for: 0 public, 1 restricted, "
        "2 confidential (folded from the person and events that level may see).",
    ),
    Column(
        "clearance_hi",
        Integer,
        nullable=False,
        comment="Highest clearance this span is the answer for (0, 1 or 2).",
    ),
    Column("facility_key", String(200), nullable=False, comment="The facility holding them."),
    Column("custodian_key", String(200), nullable=True, comment="Who holds them (None: not said)."),
    Column(
        "from_date",
        String(10),
        nullable=False,
        comment="First day held here: the day by which the opening event had certainly "
        "happened (for a month-only event, the month's last day), ISO 8601.",
    ),
    Column(
        "from_at",
        String(80),
        nullable=False,
        comment="The opening event's time as recorded, at its own precision.",
    ),
    Column(
        "from_precision",
        String(8),
        nullable=False,
        comment="Precision of from_at: year, month, day, minute or second.",
    ),
    Column(
        "to_date",
        String(10),
        nullable=True,
        comment="First day no longer held here (as the rule reads the next event); "
        "None: still held.",
    ),
    Column("to_at", String(80), nullable=True, comment="The closing event's time as recorded."),
    Column("to_precision", String(8), nullable=True, comment="Precision of to_at."),
    Column(
        "closed_by",
        String(200),
        nullable=True,
        comment="The custody event from which the answer changes (None: still held).",
    ),
    Column(
        "sensitivity",
        String(16),
        nullable=False,
        comment="The most sensitive of the person and the events folded into this span: "
        "public, restricted or confidential.",
    ),
    CheckConstraint(
        "clearance_lo >= 0 AND clearance_lo <= clearance_hi AND clearance_hi <= 2",
        name="clearance_range",
    ),
)
Index(
    "ix_custody_spans_facility",
    custody_spans.c.facility_key,
    custody_spans.c.from_date,
    custody_spans.c.to_date,
)
Index("ix_custody_spans_person", custody_spans.c.person_key, custody_spans.c.from_date)
