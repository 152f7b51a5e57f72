"""The status report: what the ledger holds, where the named people are, how full facilities are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from habeas.domain.access import Principal, can
from habeas.domain.custody import Facility
from habeas.services.alerts import status_sections
from habeas.services.occupancy import occupancy_in
from habeas.services.span_reads import clearance_rank, fold_people, instant_split
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of
from habeas.storage import draft_queries, queries, span_queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = ["people_now", "status_report"]


@dataclass(frozen=True)
class _Answer:
    person: str
    status: str
    facility: str | None
    place: str | None
    country: str | None
    custodian: str | None
    since_at: str
    since_key: str
    since_level: str


def _answers(
    conn: Connection, vis: Visibility, as_of: str | None, include_synthetic: bool
) -> list[_Answer]:
    """Each person's answer at `as_of` (None: now): the spans covering the day; for an
    instant, those of the steady day and the people with an event near it folded."""
    real = None if include_synthetic else False
    rank = clearance_rank(vis)
    when = parse_as_of(as_of)
    if not isinstance(when, datetime):
        day = when.isoformat() if when is not None else None
        spans = span_queries.whereabouts_now(conn, rank, on=day, synthetic=real)
        changing: frozenset[str] = frozenset()
        folded = {}
    else:
        split = instant_split(conn, when, vis)
        changing = split.changing
        spans = span_queries.whereabouts_now(conn, rank, on=split.steady_day, synthetic=real)
        folded = fold_people(conn, changing, when, vis)
        flags = queries.get_records(conn, sorted(folded))
        folded = {
            k: w
            for k, w in folded.items()
            if k in flags and (include_synthetic or not flags[k].synthetic)
        }
    out = [
        _Answer(
            s.person_key,
            s.status,
            s.facility_key,
            s.place,
            s.country,
            s.custodian_key,
            s.from_at,
            s.opened_by,
            s.opened_sensitivity,
        )
        for s in spans
        if s.person_key not in changing
    ]
    out += [
        _Answer(
            k,
            w.status,
            w.facility,
            w.place,
            w.country,
            w.custodian,
            str(w.since.at),
            w.since.key,
            w.since.sensitivity,
        )
        for k, w in folded.items()
        if w.since is not None
    ]
    return sorted(out, key=lambda a: a.person)


def people_now(
    conn: Connection,
    vis: Visibility,
    *,
    as_of: str | None = None,
    include_synthetic: bool = False,
) -> list[dict[str, Any]]:
    """Where every real person (with `include_synthetic`, every person) is at `as_of`
    (None: now), from the whereabouts spans at the reader's clearance (folded from what
    that clearance sees); a facility or custodian above it is named as withheld, and a
    confidential opening event shown is noted for the audit."""
    answers = _answers(conn, vis, as_of, include_synthetic)
    keys = {k for a in answers for k in (a.person, a.facility, a.custodian) if k}
    rows = queries.get_records(conn, sorted(keys))
    labels = {k: r.label for k, r in rows.items()} if vis.full else vis.labels(rows)
    people = []
    for a in answers:
        if a.person not in rows:
            continue
        if not vis.full and a.since_level == "confidential":
            vis.saw([a.since_key])
        people.append(
            {
                "key": a.person,
                "name": labels[a.person],
                "status": a.status,
                "facility": labels.get(a.facility or "", a.place),
                "country": a.country,
                "custodian": labels.get(a.custodian or ""),
                "since": a.since_at,
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
        people = people_now(conn, vis, as_of=as_of)
        facilities = []
        for row in queries.records_of_type(conn, "facility"):
            fac = record_from_row(row.body)
            if not vis.full and isinstance(fac, Facility):
                fac = vis.show(fac)
            if isinstance(fac, Facility) and fac.capacity:
                occ = occupancy_in(conn, fac, as_of, vis, people=0)
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
