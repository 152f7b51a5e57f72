"""The whereabouts-spans projection: every whereabouts answer of each person, from the day
it begins until the next (the shape and its rules: `habeas.storage.projections.person_spans`).

The status report's "where is everyone now" is the open spans; an alert's "whereabouts
unknown since" is the open (or covering) spans whose answer is unknown; both are indexed
queries instead of a fold of every custody event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from habeas.domain.people import Person
from habeas.storage.projections.person_spans import Day, PersonSpans
from habeas.storage.span_tables import whereabouts_spans

__all__ = ["WHEREABOUTS_SPANS"]


def _segments(person: Person, days: Sequence[Day]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in days:
        w, after = d.state, d.closed_by
        if w.since is None:
            continue
        out.append(
            {
                "person_key": person.key,
                "opened_by": w.since.key,
                "status": w.status,
                "facility_key": w.facility,
                "place": w.place,
                "country": w.country,
                "custodian_key": w.custodian,
                "legal_basis": w.legal_basis,
                "from_date": d.day.isoformat(),
                "from_at": str(w.since.at),
                "from_precision": w.since.at.precision.name.lower(),
                "opened_kind": w.since.kind,
                "opened_sensitivity": w.since.sensitivity,
                "to_date": d.until.isoformat() if d.until else None,
                "closed_by": after.key if after else None,
                "synthetic": person.synthetic,
                "_levels": [w.since.sensitivity, after.sensitivity if after else "public"],
            }
        )
    return out


WHEREABOUTS_SPANS = PersonSpans(whereabouts_spans, _segments, "custody events")
"""Registered in `habeas.storage.projections`, after `records`."""
