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

__all__ = ["Occupancy", "facility_events", "occupancy", "occupancy_in"]


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


def facility_events(
    conn: Connection, facility_key: str, vis: Visibility | None
) -> dict[str, list[CustodyEvent]]:
    """person key -> every custody event of each person ever recorded at the facility, of
    what `vis` may see (None: everything): an event above clearance is not there, nor is a
    person above clearance (with all their events), so a count is never higher than a list."""
    candidates = queries.subjects_of_referrers(conn, facility_key, "custody_event")
    hidden = vis.hidden(conn, candidates) if vis is not None else set()
    events: dict[str, list[CustodyEvent]] = defaultdict(list)
    for row in queries.records_about(
        conn, [k for k in candidates if k not in hidden], "custody_event"
    ):
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent) and (vis is None or vis.sees(rec)):
            events[rec.person].append(rec)
    return events


def occupancy_in(
    conn: Connection, facility: Facility, on: str | None, vis: Visibility | None = None
) -> Occupancy:
    """Occupancy of a facility already loaded (used by status and alerts too), counting
    only what `vis` may see: a person or event above clearance is not there."""
    when = parse_as_of(on)
    events = facility_events(conn, facility.key, vis)
    candidates = list(events)
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
    store: Store, facility: str, *, on: str | None = None, principal: Principal
) -> Occupancy:
    """Occupancy of the facility named `facility` on `on` (a date; None: now), from what
    `principal` may see (the local operator, LOCAL_OPERATOR, sees everything)."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        found = vis.resolve_shown(conn, facility, ["facility"], "facility")
        assert isinstance(found, Facility)
        result = occupancy_in(conn, found, on, None if vis.full else vis)
    vis.audit(store, "occupancy")
    return result
