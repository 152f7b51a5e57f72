"""Who is held in a facility on a given day, against its capacity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.people import Person
from habeas.domain.whereabouts import fold_whereabouts
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = ["Occupancy", "occupancy", "occupancy_in"]


@dataclass(frozen=True)
class Occupancy:
    """A facility's population on a day."""

    facility: Facility
    on: str | None
    held: list[tuple[Person, CustodyEvent | None]]

    @property
    def count(self) -> int:
        """People held."""
        return len(self.held)

    @property
    def synthetic_count(self) -> int:
        """How many of them are synthetic demo people."""
        return sum(1 for p, _ in self.held if p.synthetic)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        cap = self.facility.capacity
        return {
            "facility": {
                "key": self.facility.key,
                "name": self.facility.name,
                "country": self.facility.country,
                "capacity": cap,
            },
            "on": self.on,
            "held": self.count,
            "synthetic": self.synthetic_count,
            "capacity": cap,
            "percent_of_capacity": round(100 * self.count / cap, 2) if cap else None,
            "over_capacity": bool(cap is not None and self.count > cap),
            "people": [
                {
                    "key": p.key,
                    "name": p.full_name,
                    "synthetic": p.synthetic,
                    "since": str(e.at) if e else None,
                }
                for p, e in self.held
            ],
        }


def occupancy_in(
    conn: Connection, facility: Facility, on: str | None, vis: Visibility | None = None
) -> Occupancy:
    """Occupancy of a facility already loaded (used by status and alerts too), counting
    only what `vis` may see: a person or event above clearance is not there."""
    when = parse_as_of(on)
    candidates = queries.subjects_of_referrers(conn, facility.key, "custody_event")
    events: dict[str, list[CustodyEvent]] = defaultdict(list)
    for row in queries.records_about(conn, candidates, "custody_event"):
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent) and (vis is None or vis.sees(rec)):
            events[rec.person].append(rec)
    people = queries.get_records(conn, candidates)
    held: list[tuple[Person, CustodyEvent | None]] = []
    for key in sorted(candidates):
        w = fold_whereabouts(key, events.get(key, []), when)
        if w.status == "in_custody" and w.facility == facility.key and key in people:
            person = record_from_row(people[key].body)
            if vis is not None and isinstance(person, Person):
                person = vis.show(person)
                if w.since is not None and w.since.sensitivity == "confidential":
                    vis.saw([w.since.key])
            if isinstance(person, Person):
                held.append((person, w.since))
    held.sort(key=lambda pe: (pe[0].synthetic, pe[0].full_name))
    return Occupancy(facility, on, held)


def occupancy(
    store: Store, facility: str, *, on: str | None = None, principal: Principal | None = None
) -> Occupancy:
    """Occupancy of the facility named `facility` on `on` (a date; None: now), from what
    `principal` may see (None: the local operator, who sees everything)."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        found = vis.resolve_shown(conn, facility, ["facility"], "facility")
        assert isinstance(found, Facility)
        result = occupancy_in(conn, found, on, None if vis.full else vis)
    vis.audit(store, "occupancy")
    return result
