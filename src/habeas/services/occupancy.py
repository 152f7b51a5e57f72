"""Who is held in a facility on a given day, against its capacity, and how its population
changes over time.

Both answer from the custody-spans projection (`habeas.storage.projections.custody_spans`)
by indexed queries: a count of the facility's spans covering the day, and the spans'
starts and ends. The spans are the whereabouts rule folded once per event day, so the
answer is the one the rule gives for every date and for "now". An instant (a time of day,
`--on 2025-03-16T08:00Z`) can fall between two events of one day, which a day's span
cannot tell apart: for an instant, the people are folded as before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.people import Person
from habeas.domain.whereabouts import fold_whereabouts
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of
from habeas.storage import queries, span_queries
from habeas.storage.projections import record_from_row
from habeas.storage.projections.custody_spans import RANK
from habeas.storage.store import Connection, Store

__all__ = [
    "Occupancy",
    "clearance_rank",
    "facility_events",
    "occupancy",
    "occupancy_in",
    "series_in",
]


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
    conn: Connection, facility_key: str, vis: Visibility
) -> dict[str, list[CustodyEvent]]:
    """person key -> every custody event of each person ever recorded at the facility, of
    what `vis` may see (LOCAL_OPERATOR's: everything): an event above clearance is not
    there, nor is a person above clearance (with all their events), so a count is never
    higher than a list."""
    candidates = queries.subjects_of_referrers(conn, facility_key, "custody_event")
    hidden = vis.hidden(conn, candidates) if not vis.full else set()
    events: dict[str, list[CustodyEvent]] = defaultdict(list)
    for row in queries.records_about(
        conn, [k for k in candidates if k not in hidden], "custody_event"
    ):
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent) and (vis.full or vis.sees(rec)):
            events[rec.person].append(rec)
    return events


def clearance_rank(vis: Visibility) -> int:
    """The clearance rank spans are read at: 2 for everything (None), -1 for nothing."""
    if vis.full or vis.full or vis.sees_everything:
        return max(RANK.values())
    return max((RANK[level] for level in vis.clearance), default=-1)


def occupancy_in(
    conn: Connection, facility: Facility, on: str | None, vis: Visibility
) -> Occupancy:
    """Occupancy of a facility already loaded (used by status and alerts too), counting
    only what `vis` may see: a person or event above clearance is not there."""
    when = parse_as_of(on)
    if isinstance(when, datetime):
        return _occupancy_by_fold(conn, facility, on, when, vis)
    day = when.isoformat() if when is not None else None
    spans = span_queries.held_on(conn, facility.key, day, clearance_rank(vis))
    records = queries.get_records(conn, [k for r in spans for k in (r.person_key, r.opened_by)])
    held: list[tuple[Person, CustodyEvent | None]] = []
    for span in spans:
        person = _record(records, span.person_key)
        since = _record(records, span.opened_by)
        if not isinstance(person, Person) or not isinstance(since, CustodyEvent):
            continue
        if not vis.full:
            shown = vis.show(person)
            if since.sensitivity == "confidential":
                vis.saw([since.key])
            if not isinstance(shown, Person):
                continue
            person = shown
        held.append((person, since))
    held.sort(key=lambda pe: (pe[0].synthetic, pe[0].full_name))
    return Occupancy(facility, on, held)


def _record(rows: dict[str, Any], key: str) -> Any:
    row = rows.get(key)
    return record_from_row(row.body) if row is not None and row.status == "active" else None


def _occupancy_by_fold(
    conn: Connection,
    facility: Facility,
    on: str | None,
    when: date | datetime | None,
    vis: Visibility,
) -> Occupancy:
    """Occupancy by folding every person ever recorded in the facility (for an instant)."""
    events = facility_events(conn, facility.key, vis)
    candidates = list(events)
    people = queries.get_records(conn, candidates)
    held: list[tuple[Person, CustodyEvent | None]] = []
    for key in sorted(candidates):
        w = fold_whereabouts(key, events.get(key, []), when)
        if w.status == "in_custody" and w.facility == facility.key and key in people:
            person = record_from_row(people[key].body)
            if not vis.full and isinstance(person, Person):
                person = vis.show(person)
                if w.since is not None and w.since.sensitivity == "confidential":
                    vis.saw([w.since.key])
            if isinstance(person, Person):
                held.append((person, w.since))
    held.sort(key=lambda pe: (pe[0].synthetic, pe[0].full_name))
    return Occupancy(facility, on, held)


def series_in(
    conn: Connection, facility: Facility, until: date | None, vis: Visibility
) -> list[tuple[date, int]]:
    """How many people the facility held at the end of each day its population changed,
    from the starts and ends of its custody spans (plus the day before the first change,
    and `until` when it is later): a step function, the count holding from each point to
    the next. Counts only what `vis` may see, as `occupancy_in` does."""
    change: dict[str, int] = defaultdict(int)
    for start, end in span_queries.span_bounds(conn, facility.key, clearance_rank(vis)):
        change[start] += 1
        if end is not None:
            change[end] -= 1
    days = [date.fromisoformat(d) for d in sorted(change)]
    if not days:
        return []
    points = [(days[0] - timedelta(days=1), 0)]
    held = 0
    for day in days:
        held += change[day.isoformat()]
        points.append((day, held))
    if until is not None and until > days[-1]:
        points.append((until, held))
    return points


def occupancy(
    store: Store, facility: str, *, on: str | None = None, principal: Principal
) -> Occupancy:
    """Occupancy of the facility named `facility` on `on` (a date; None: now), from what
    `principal` may see (the local operator, LOCAL_OPERATOR, sees everything)."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        found = vis.resolve_shown(conn, facility, ["facility"], "facility")
        assert isinstance(found, Facility)
        result = occupancy_in(conn, found, on, vis)
    vis.audit(store, "occupancy")
    return result
