"""The answers the spans projections must give, computed the slow way: by folding every
custody event of every person (what occupancy, the status report and the alerts did before
the projections). Tests compare the indexed answers with these."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.people import Person
from habeas.domain.whereabouts import Whereabouts, fold_whereabouts
from habeas.services.visibility import Visibility
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection


def visible_events(conn: Connection, vis: Visibility) -> dict[str, list[CustodyEvent]]:
    """person key -> every custody event `vis` may see, of every person `vis` may see."""
    events: dict[str, list[CustodyEvent]] = defaultdict(list)
    rows = sorted(queries.records_of_type(conn, "custody_event"), key=lambda r: r.position)
    for row in rows:  # in the order recorded, as the rule breaks ties
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent) and (vis.full or vis.sees(rec)):
            events[rec.person].append(rec)
    people = {row.key: row for row in queries.records_of_type(conn, "person")}
    for person in list(events):
        row = people.get(person)
        if row is None or not (vis.full or vis.sees_row(row)):
            del events[person]
    return events


def fold_all(
    conn: Connection, when: date | datetime | None, vis: Visibility
) -> dict[str, Whereabouts]:
    """Every visible person's whereabouts at `when`, by folding all their events."""
    return {p: fold_whereabouts(p, evs, when) for p, evs in visible_events(conn, vis).items()}


def held_by_fold(
    conn: Connection, facility: Facility, when: date | datetime | None, vis: Visibility
) -> list[tuple[str, str | None]]:
    """(person, since event) held in `facility` at `when`, real people first, by name."""
    people = {row.key: record_from_row(row.body) for row in queries.records_of_type(conn, "person")}
    held = []
    for key, w in fold_all(conn, when, vis).items():
        person = people.get(key)
        if w.status == "in_custody" and w.facility == facility.key and isinstance(person, Person):
            held.append((person, w.since.key if w.since else None))
    held.sort(key=lambda pe: (pe[0].synthetic, pe[0].full_name))
    return [(p.key, e) for p, e in held]


def unknown_by_fold(
    events: dict[str, list[CustodyEvent]], when: date | datetime | None
) -> list[tuple[str, str]]:
    """(person, since event) of every person whose whereabouts are unknown at `when`, from
    `visible_events`."""
    folded = (fold_whereabouts(p, evs, when) for p, evs in events.items())
    return sorted(
        (w.person, w.since.key) for w in folded if w.status == "unknown" and w.since is not None
    )


def now_by_fold(conn: Connection, vis: Visibility) -> list[tuple[str, str, str | None, str]]:
    """(person, status, facility, since) of every real visible person with events, now."""
    people = {row.key: record_from_row(row.body) for row in queries.records_of_type(conn, "person")}
    out = []
    for key, w in sorted(fold_all(conn, None, vis).items()):
        person = people.get(key)
        if isinstance(person, Person) and not person.synthetic and w.since is not None:
            out.append((key, w.status, w.facility, str(w.since.at)))
    return out
