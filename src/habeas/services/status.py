"""The status report: what the ledger holds, where the named people are, how full facilities are."""

from __future__ import annotations

from typing import Any

from habeas.domain.access import Principal, can
from habeas.domain.custody import Facility
from habeas.domain.people import Person
from habeas.domain.whereabouts import fold_whereabouts
from habeas.services.alerts import status_sections
from habeas.services.occupancy import occupancy_in
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import person_events
from habeas.storage import draft_queries, queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Store

__all__ = ["status_report"]


def status_report(
    store: Store, *, as_of: str | None = None, principal: Principal
) -> dict[str, Any]:
    """A summary of the ledger (stable JSON; the CLI renders it as tables), from what
    `principal` may see (the local operator, LOCAL_OPERATOR, sees everything): records above its
    clearance are neither counted nor named."""
    vis = Visibility.of(store, principal)
    scope = vis
    levels = None if vis.full or vis.sees_everything else sorted(vis.clearance)
    with store.read() as conn:
        head = queries.head_row(conn)
        counts = queries.record_counts(conn, levels)
        people = []
        for row in queries.records_of_type(conn, "person"):
            person = record_from_row(row.body)
            if not scope.full and isinstance(person, Person):
                person = scope.show(person)
            if not isinstance(person, Person) or person.synthetic:
                continue
            events = person_events(conn, person.key, None)
            if not scope.full:
                events = scope.show_all(conn, events)
            if not events:
                continue
            w = fold_whereabouts(person.key, events, None)
            rows = queries.get_records(conn, [k for k in (w.facility, w.custodian) if k])
            labels = {k: r.label for k, r in rows.items()} if scope.full else scope.labels(rows)
            if not scope.full and w.since is not None and w.since.sensitivity == "confidential":
                scope.saw([w.since.key])
            people.append(
                {
                    "key": person.key,
                    "name": person.full_name,
                    "status": w.status,
                    "facility": labels.get(w.facility or "", w.place),
                    "country": w.country,
                    "custodian": labels.get(w.custodian or ""),
                    "since": str(w.since.at) if w.since else None,
                }
            )
        facilities = []
        for row in queries.records_of_type(conn, "facility"):
            fac = record_from_row(row.body)
            if not scope.full and isinstance(fac, Facility):
                fac = scope.show(fac)
            if isinstance(fac, Facility) and fac.capacity:
                occ = occupancy_in(conn, fac, as_of, scope)
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
        sections = status_sections(conn, as_of, vis=scope)
        unsourced = queries.count_flag(conn, "unsourced", levels)
        synthetic = queries.count_flag(conn, "synthetic", levels)
        reviews = principal is None or can(principal.role, "import")
        pending = draft_queries.count_drafts(conn, "pending") if reviews else None
    vis.audit(store, "status")
    return {
        "database": store.url,
        "backend": store.backend,
        "ledger": {"size": int(head.size), "root": head.root},
        "records": {k: v.get("active", 0) for k, v in sorted(counts.items())},
        "retracted": sum(v.get("retracted", 0) for v in counts.values()),
        "unsourced": unsourced,
        "synthetic": synthetic,
        "drafts_pending": pending,
        "people": people,
        "facilities": facilities,
        **sections,
    }
