"""The status report: what the ledger holds, where the named people are, how full facilities are."""

from __future__ import annotations

from typing import Any

from habeas.domain.custody import Facility
from habeas.domain.people import Person
from habeas.domain.whereabouts import fold_whereabouts
from habeas.ledger.projection import record_from_row
from habeas.services.alerts import status_sections
from habeas.services.occupancy import occupancy_in
from habeas.services.whereabouts import person_events
from habeas.storage import queries
from habeas.storage.store import Store

__all__ = ["status_report"]


def status_report(store: Store, *, as_of: str | None = None) -> dict[str, Any]:
    """A summary of the ledger (stable JSON; the CLI renders it as tables)."""
    with store.read() as conn:
        head = queries.head_row(conn)
        counts = queries.record_counts(conn)
        people = []
        for row in queries.records_of_type(conn, "person"):
            person = record_from_row(row.body)
            if not isinstance(person, Person) or person.synthetic:
                continue
            events = person_events(conn, person.key, None)
            if not events:
                continue
            w = fold_whereabouts(person.key, events, None)
            labels = queries.get_records(conn, [k for k in (w.facility, w.custodian) if k])
            people.append(
                {
                    "key": person.key,
                    "name": person.full_name,
                    "status": w.status,
                    "facility": labels[w.facility].label if w.facility in labels else w.place,
                    "country": w.country,
                    "custodian": labels[w.custodian].label if w.custodian in labels else None,
                    "since": str(w.since.at) if w.since else None,
                }
            )
        facilities = []
        for row in queries.records_of_type(conn, "facility"):
            fac = record_from_row(row.body)
            if isinstance(fac, Facility) and fac.capacity:
                occ = occupancy_in(conn, fac, as_of)
                facilities.append(
                    {
                        "key": fac.key,
                        "name": fac.name,
                        "held": occ.count,
                        "synthetic": occ.synthetic_count,
                        "capacity": fac.capacity,
                        "over_capacity": occ.count > fac.capacity,
                    }
                )
        sections = status_sections(conn, as_of)
        unsourced = queries.count_flag(conn, "unsourced")
        synthetic = queries.count_flag(conn, "synthetic")
    return {
        "database": store.url,
        "backend": store.backend,
        "ledger": {"size": int(head.size), "root": head.root},
        "records": {k: v.get("active", 0) for k, v in sorted(counts.items())},
        "retracted": sum(v.get("retracted", 0) for v in counts.values()),
        "unsourced": unsourced,
        "synthetic": synthetic,
        "people": people,
        "facilities": facilities,
        **sections,
    }
