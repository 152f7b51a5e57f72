"""Where is this person now (or on a given day, or as the ledger knew it then)?"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.people import Person
from habeas.domain.time import parse_instant
from habeas.domain.whereabouts import Whereabouts, fold_whereabouts
from habeas.ledger.entry import format_recorded_at
from habeas.services.merged_records import MergedRecord, merged_records
from habeas.services.sourcing import CitedSource
from habeas.services.visibility import Visibility
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Store

__all__ = ["WhereaboutsReport", "parse_as_of", "person_events", "whereabouts"]


def parse_as_of(text: str | None) -> date | datetime | None:
    """`--as-of`: a date (the whole day counts) or an instant."""
    if text is None:
        return None
    raw = text.strip()
    if len(raw) == 10 and "T" not in raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return parse_instant(raw)


def parse_known_at(text: str | None) -> str | None:
    """`--known-at`: the recorded-time bound, in the log's format."""
    return format_recorded_at(parse_instant(text)) if text else None


@dataclass(frozen=True)
class WhereaboutsReport:
    """A person's whereabouts with names resolved and sources attached."""

    person: Person
    as_of: str | None
    known_at: str | None
    result: Whereabouts
    labels: dict[str, str]
    facilities: dict[str, Facility]
    sources: dict[str, list[CitedSource]]
    merged: list[MergedRecord] = field(default_factory=list)
    """The records merged into this person that the reader may see."""

    def _event(self, e: CustodyEvent) -> dict[str, Any]:
        return {
            "key": e.key,
            "kind": e.kind,
            "at": str(e.at),
            "when": e.at.human(),
            "precision": e.at.precision.name.lower(),
            "facility": e.facility,
            "facility_name": self.labels.get(e.facility or ""),
            "place": e.place.name if e.place else None,
            "country": e.country
            or (self.facilities[e.facility].country if e.facility in self.facilities else None),
            "custodian": e.custodian,
            "custodian_name": self.labels.get(e.custodian or ""),
            "legal_basis": e.legal_basis,
            "transfer": e.transfer,
            "transfer_name": self.labels.get(e.transfer or ""),
            "certainty": e.certainty,
            "description": e.description,
            "unsourced": e.unsourced,
            "synthetic": e.synthetic,
            "sources": [s.to_json() for s in self.sources.get(e.key, [])],
        }

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (documented in docs/cli.md)."""
        r = self.result
        fac = self.facilities.get(r.facility or "")
        return {
            "person": {
                "key": self.person.key,
                "name": self.person.full_name,
                "synthetic": self.person.synthetic,
            },
            "as_of": self.as_of,
            "known_at": self.known_at,
            "status": r.status,
            "facility": None
            if fac is None
            else {
                "key": fac.key,
                "name": fac.name,
                "country": fac.country,
                "capacity": fac.capacity,
            },
            "place": r.place,
            "country": r.country,
            "custodian": None
            if r.custodian is None
            else {"key": r.custodian, "name": self.labels.get(r.custodian, r.custodian)},
            "since": None
            if r.since is None
            else {
                "at": str(r.since.at),
                "when": r.since.at.human(),
                "event": r.since.key,
                "kind": r.since.kind,
            },
            "legal_basis": r.legal_basis,
            "certainty": r.since.certainty if r.since else None,
            "unsourced": bool(r.since and r.since.unsourced),
            "sources": [s.to_json() for s in self.sources.get(r.since.key, [])] if r.since else [],
            "chain": [self._event(e) for e in r.chain],
            "merged": [m.to_json() for m in self.merged],
        }


def person_events(conn: Any, person_key: str, known_at: str | None) -> list[CustodyEvent]:
    """The person's custody events as the ledger knew them at `known_at` (None: now)."""
    events = []
    for row in queries.subject_versions(conn, person_key, "custody_event", known_at):
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent):
            events.append(rec)
    return events


def whereabouts(
    store: Store,
    who: str,
    *,
    as_of: str | None = None,
    known_at: str | None = None,
    principal: Principal,
) -> WhereaboutsReport:
    """Where `who` (a name or key) was at `as_of`, as recorded by `known_at`, from what
    `principal` may see (the local operator, LOCAL_OPERATOR, sees everything)."""
    when = parse_as_of(as_of)
    known = parse_known_at(known_at)
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        person = vis.resolve_shown(conn, who, ["person"], "person")
        assert isinstance(person, Person)
        events = [
            e for key in vis.people_of(conn, person.key) for e in person_events(conn, key, known)
        ]
        events = vis.show_all(conn, events)
        ref_keys = {k for e in events for k in (e.facility, e.custodian, e.transfer) if k}
        rows = queries.get_records(conn, ref_keys)
        labels = vis.labels(rows)
        facilities: dict[str, Facility] = {}
        for k, r in rows.items():
            rec = record_from_row(r.body)
            if isinstance(rec, Facility) and vis.sees(rec):
                facilities[k] = rec
        result = fold_whereabouts(
            person.key, events, when, {k: f.country for k, f in facilities.items()}
        )
        sources = vis.cited(conn, list(result.chain))
        merged = merged_records(conn, vis, person.key)
    vis.audit(store, "whereabouts")
    return WhereaboutsReport(person, as_of, known, result, labels, facilities, sources, merged)
