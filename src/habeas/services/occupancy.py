"""Who is held in a facility on a given day, against its capacity, and how its population
changes over time.

Both answer from the custody-spans projection (`habeas.storage.projections.custody_spans`)
by indexed queries: a count of the facility's spans covering the day, and the spans'
starts and ends. The spans are the whereabouts rule folded once per event day, so the
answer is the one the rule gives for every date and for "now". An instant (a time of day,
`--on 2025-03-16T08:00Z`) can fall between two events of one day, which a day's span
cannot tell apart: for an instant, the few people with an event near it are folded
exactly (`habeas.services.span_reads`), and everyone else answers from the spans.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.people import Person
from habeas.services.span_reads import clearance_rank, fold_people, instant_split
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of
from habeas.storage import queries, span_queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = [
    "PAGE",
    "Occupancy",
    "held_at_instant",
    "held_json",
    "occupancy",
    "occupancy_in",
    "occupancy_summary",
    "series_in",
    "shown_held",
]


PAGE = 500
"""How many of the people held `occupancy` reads by default (None there: everyone)."""


@dataclass(frozen=True)
class Occupancy:
    """A facility's population on a day: how many are held, and the people of the page
    asked for (everyone, or the first ones in order: real people first, by name)."""

    facility: Facility
    on: str | None
    held: list[tuple[Person, CustodyEvent | None]]
    count: int
    """People held (all of them, whatever the page)."""
    synthetic_count: int
    """How many of them are synthetic demo people."""

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            **occupancy_summary(self.facility, self.on, self.count, self.synthetic_count),
            "people": held_json(self.held),
        }


def occupancy_summary(
    facility: Facility, on: str | None, held: int, synthetic: int
) -> dict[str, Any]:
    """The JSON of a facility's population on a day, but for the people listed."""
    cap = facility.capacity
    return {
        "facility": {
            "key": facility.key,
            "name": facility.name,
            "country": facility.country,
            "capacity": cap,
        },
        "on": on,
        "held": held,
        "synthetic": synthetic,
        "capacity": cap,
        "percent_of_capacity": round(100 * held / cap, 2) if cap else None,
        "over_capacity": bool(cap is not None and held > cap),
    }


def held_json(held: list[tuple[Person, CustodyEvent | None]]) -> list[dict[str, Any]]:
    """The JSON of people held: key, name, synthetic flag and since when."""
    return [
        {
            "key": p.key,
            "name": p.full_name,
            "synthetic": p.synthetic,
            "since": str(e.at) if e else None,
        }
        for p, e in held
    ]


def occupancy_in(
    conn: Connection,
    facility: Facility,
    on: str | None,
    vis: Visibility,
    people: int | None = None,
) -> Occupancy:
    """Occupancy of a facility already loaded (used by status and alerts too), counting
    only what `vis` may see: a person or event above clearance is not there. `people`: how
    many of those held to read (None: everyone; 0: none, the counts alone)."""
    when = parse_as_of(on)
    rank = clearance_rank(vis)
    if not isinstance(when, datetime):
        day = when.isoformat() if when is not None else None
        spans = span_queries.held_on(conn, facility.key, day, rank)
        pairs = [(s.person_key, s.opened_by) for s in spans]
        return _occupancy(conn, facility, on, pairs, vis, people)
    return _occupancy(conn, facility, on, held_at_instant(conn, facility, when, vis), vis, people)


def held_at_instant(
    conn: Connection, facility: Facility, when: datetime, vis: Visibility
) -> list[tuple[str, str]]:
    """(person key, event key) of those held at the instant `when`: the spans of the
    steady day, and the few people with an event near it folded at the instant itself
    (`habeas.services.span_reads`)."""
    split = instant_split(conn, when, vis)
    steady = [
        (s.person_key, s.opened_by)
        for s in span_queries.held_on(conn, facility.key, split.steady_day, clearance_rank(vis))
        if s.person_key not in split.changing
    ]
    near = [
        (key, w.since.key)
        for key, w in fold_people(conn, split.changing, when, vis).items()
        if w.status == "in_custody" and w.facility == facility.key and w.since is not None
    ]
    return steady + near


def _occupancy(
    conn: Connection,
    facility: Facility,
    on: str | None,
    pairs: list[tuple[str, str]],
    vis: Visibility,
    people: int | None,
) -> Occupancy:
    """For a reader who sees everything, counted from the records' indexed columns (type,
    status, name, synthetic flag), not their bodies, and only the people of the page are
    read. Anyone else is shown each person as redaction allows and audited for what they
    see, which needs every body: their count is that of the people read."""
    if not vis.full:
        everyone = _held(conn, pairs, vis)
        page = everyone if people is None else everyone[:people]
        return Occupancy(
            facility, on, page, len(everyone), sum(1 for p, _ in everyone if p.synthetic)
        )
    columns = queries.list_columns(conn, [k for pair in pairs for k in pair])
    held = []
    for person_key, event_key in pairs:
        person, since = columns.get(person_key), columns.get(event_key)
        if person is not None and _is(person, "person") and _is(since, "custody_event"):
            held.append((bool(person.synthetic), str(person.label), person_key, event_key))
    held.sort(key=lambda h: (h[0], h[1]))
    chosen = held if people is None else held[:people]
    return Occupancy(
        facility,
        on,
        _held(conn, [(p, e) for _s, _n, p, e in chosen], vis),
        len(held),
        sum(1 for h in held if h[0]),
    )


def _is(row: Any, record_type: str) -> bool:
    return row is not None and row.status == "active" and row.record_type == record_type


def _held(
    conn: Connection, pairs: list[tuple[str, str]], vis: Visibility
) -> list[tuple[Person, CustodyEvent | None]]:
    """`shown_held`, real people first, by name."""
    held = shown_held(conn, pairs, vis)
    held.sort(key=lambda pe: (pe[0].synthetic, pe[0].full_name))
    return held


def shown_held(
    conn: Connection, pairs: list[tuple[str, str]], vis: Visibility
) -> list[tuple[Person, CustodyEvent | None]]:
    """(person, the event they are held since) for each (person key, event key) that `vis`
    may see, in the order of `pairs`."""
    records = queries.get_records(conn, [k for pair in pairs for k in pair])
    held: list[tuple[Person, CustodyEvent | None]] = []
    for person_key, event_key in pairs:
        person = _record(records, person_key)
        since = _record(records, event_key)
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
    return held


def _record(rows: dict[str, Any], key: str) -> Any:
    row = rows.get(key)
    return record_from_row(row.body) if row is not None and row.status == "active" else None


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
    store: Store,
    facility: str,
    *,
    on: str | None = None,
    principal: Principal,
    people: int | None = PAGE,
) -> Occupancy:
    """Occupancy of the facility named `facility` on `on` (a date; None: now), from what
    `principal` may see (the local operator, LOCAL_OPERATOR, sees everything): the counts,
    and the first `people` of those held (None: everyone)."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        found = vis.resolve_shown(conn, facility, ["facility"], "facility")
        assert isinstance(found, Facility)
        result = occupancy_in(conn, found, on, vis, people)
    vis.audit(store, "occupancy")
    return result
