"""Custody spans and whereabouts spans.

Custody spans: a projection of each person's custody events into stretches of time in
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

Whereabouts spans: the same fold, every answer kept (in custody, released, removed,
unknown, died), with what a status report or an alert shows of it: so "where is everyone
now" and "whose whereabouts have been unknown for a month" are indexed queries. Written and
checked by `habeas.storage.projections.whereabouts_spans`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Column, Index, Integer, String, Table, Text

from habeas.storage.tables import metadata

__all__ = ["custody_spans", "whereabouts_spans"]


def _identity(person: str) -> list[Column[Any]]:
    """The key of a span (person, opening event, lowest clearance) and its clearance range."""
    return [
        Column("person_key", String(200), primary_key=True, comment=person),
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
    ]


custody_spans = Table(
    "custody_spans",
    metadata,
    *_identity("The person held."),
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

whereabouts_spans = Table(
    "whereabouts_spans",
    metadata,
    *_identity("The person."),
    Column(
        "status",
        String(16),
        nullable=False,
        comment="The answer: in_custody, released, removed, unknown or died.",
    ),
    Column("facility_key", String(200), nullable=True, comment="The facility (in custody)."),
    Column("place", Text, nullable=True, comment="The place named, when no facility is."),
    Column("country", String(2), nullable=True, comment="The country, as the rule infers it."),
    Column("custodian_key", String(200), nullable=True, comment="Who holds them (in custody)."),
    Column("legal_basis", Text, nullable=True, comment="On what authority, as recorded."),
    Column(
        "from_date",
        String(10),
        nullable=False,
        comment="First day of this answer: the day by which the opening event had certainly "
        "happened, ISO 8601.",
    ),
    Column(
        "from_at",
        String(80),
        nullable=False,
        comment="The opening event's time as recorded, at its own precision.",
    ),
    Column("from_precision", String(8), nullable=False, comment="Precision of from_at."),
    Column("opened_kind", String(40), nullable=False, comment="The opening event's kind."),
    Column(
        "opened_sensitivity",
        String(16),
        nullable=False,
        comment="The opening event's own sensitivity (audited when confidential and shown).",
    ),
    Column(
        "to_date",
        String(10),
        nullable=True,
        comment="First day of the next answer (as the rule reads the next event); None: now.",
    ),
    Column(
        "closed_by",
        String(200),
        nullable=True,
        comment="The custody event the next answer dates from (None: still the answer).",
    ),
    Column(
        "synthetic",
        Boolean,
        nullable=False,
        comment="The person is a synthetic demo or test person.",
    ),
    Column(
        "sensitivity",
        String(16),
        nullable=False,
        comment="The most sensitive of the person and the events opening and closing it.",
    ),
    CheckConstraint(
        "clearance_lo >= 0 AND clearance_lo <= clearance_hi AND clearance_hi <= 2",
        name="clearance_range",
    ),
)
Index(
    "ix_whereabouts_spans_status",
    whereabouts_spans.c.status,
    whereabouts_spans.c.from_date,
    whereabouts_spans.c.to_date,
)
Index("ix_whereabouts_spans_from", whereabouts_spans.c.from_date)
Index("ix_whereabouts_spans_now", whereabouts_spans.c.to_date, whereabouts_spans.c.person_key)
