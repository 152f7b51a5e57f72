"""The custody-spans projection: each person's custody events folded, by the whereabouts
rule itself, into the stretches in which the person is held in one facility (the shape
and its rules: `habeas.storage.projections.person_spans`).

Occupancy on a date is then a count of the spans of a facility that cover it, and the
series over a year is the spans' starts and ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from habeas.domain.custody import CustodyEvent
from habeas.domain.people import Person
from habeas.storage.projections.person_spans import RANK, Day, PersonSpans, event_day
from habeas.storage.span_tables import custody_spans

__all__ = ["CUSTODY_SPANS", "RANK", "event_day", "rebuild_all", "spans_of"]


def _segments(person: Person, days: Sequence[Day]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in days:
        w, after = d.state, d.closed_by
        if w.status != "in_custody" or not w.facility or w.since is None:
            continue
        out.append(
            {
                "person_key": person.key,
                "opened_by": w.since.key,
                "facility_key": w.facility,
                "custodian_key": w.custodian,
                "from_date": d.day.isoformat(),
                "from_at": str(w.since.at),
                "from_precision": w.since.at.precision.name.lower(),
                "to_date": d.until.isoformat() if d.until else None,
                "to_at": str(after.at) if after else None,
                "to_precision": after.at.precision.name.lower() if after else None,
                "closed_by": after.key if after else None,
                "_levels": [w.since.sensitivity, after.sensitivity if after else "public"],
            }
        )
    return out


CUSTODY_SPANS = PersonSpans(custody_spans, _segments, "custody events")
"""Registered in `habeas.storage.projections`, after `records`."""


def spans_of(person: Person | None, events: Sequence[CustodyEvent]) -> list[dict[str, Any]]:
    """The custody_spans rows of one person (None: retracted or absent: no spans), from
    their current custody events in the order they were recorded."""
    return CUSTODY_SPANS.spans_of(person, events)


def rebuild_all(conn: Connection) -> int:
    """Recompute every person's spans (the migration that adds the table fills it so)."""
    return CUSTODY_SPANS.rebuild_all(conn)
