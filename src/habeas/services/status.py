"""The status report: what the ledger holds, where the named people are, how full facilities are."""

from __future__ import annotations

from typing import Any

from habeas.domain.access import Principal, can
from habeas.domain.custody import Facility
from habeas.services.alerts import status_sections
from habeas.services.occupancy import occupancy_in
from habeas.services.span_reads import clearance_rank
from habeas.services.visibility import Visibility
from habeas.storage import draft_queries, queries, span_queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = ["people_now", "status_report"]


def people_now(
    conn: Connection, vis: Visibility, *, include_synthetic: bool = False
) -> list[dict[str, Any]]:
    """Where every real person (with `include_synthetic`, every person) is now, from the
    open whereabouts spans at the reader's clearance (folded from what that clearance
    sees); a facility or custodian above it is named as withheld, and a confidential
    opening event shown is noted for the audit."""
    real = None if include_synthetic else False
    spans = span_queries.whereabouts_now(conn, clearance_rank(vis), synthetic=real)
    keys = {k for r in spans for k in (r.person_key, r.facility_key, r.custodian_key) if k}
    rows = queries.get_records(conn, sorted(keys))
    labels = {k: r.label for k, r in rows.items()} if vis.full else vis.labels(rows)
    people = []
    for span in spans:
        if span.person_key not in rows:
            continue
        if not vis.full and span.opened_sensitivity == "confidential":
            vis.saw([span.opened_by])
        people.append(
            {
                "key": span.person_key,
                "name": labels[span.person_key],
                "status": span.status,
                "facility": labels.get(span.facility_key or "", span.place),
                "country": span.country,
                "custodian": labels.get(span.custodian_key or ""),
                "since": span.from_at,
            }
        )
    return people


def status_report(
    store: Store, *, as_of: str | None = None, principal: Principal
) -> dict[str, Any]:
    """A summary of the ledger (stable JSON; the CLI renders it as tables), from what
    `principal` may see (the local operator, LOCAL_OPERATOR, sees everything): records above its
    clearance are neither counted nor named."""
    vis = Visibility.of(store, principal)
    levels = None if vis.full or vis.sees_everything else sorted(vis.clearance)
    with store.read() as conn:
        head = queries.head_row(conn)
        counts = queries.record_counts(conn, levels)
        people = people_now(conn, vis)
        facilities = []
        for row in queries.records_of_type(conn, "facility"):
            fac = record_from_row(row.body)
            if not vis.full and isinstance(fac, Facility):
                fac = vis.show(fac)
            if isinstance(fac, Facility) and fac.capacity:
                occ = occupancy_in(conn, fac, as_of, vis)
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
        sections = status_sections(conn, as_of, vis=vis)
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
