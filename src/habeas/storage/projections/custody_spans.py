"""The custody-spans projection: each person's custody events folded, by the whereabouts
rule itself, into the stretches in which the person is held in one facility.

The rule (`habeas.domain.whereabouts`) orders events by the day by which each had
certainly happened, and the answer on a day is the fold of every event of that day or
before. So the answer only changes on an event's day: fold the person's events once per
such day, and each answer "in custody in a facility" becomes a span from that day to the
next event day (the last one open). Occupancy on a date is then a count of the spans of a
facility that cover it, and the series over a year is the spans' starts and ends.

A span depends on all of a person's events and on the person (a retracted person is
nowhere; a more sensitive person is hidden from lower clearances), so any change to a
person or to one of their custody events recomputes all of that person's spans: delete
by person key, insert the new ones. The person an event was about before a correction is
recomputed too (an event moved to another person leaves the first).

Readers count only what they may see: the spans are folded once per clearance level from
the events that level may see (a restricted transfer moves the person only for those
cleared for it), identical answers sharing one row with a clearance range.

This projection reads the `records` table in the same transaction, so it is registered
after it; verify rebuilds the spans from `records` once `records` itself has been checked
against the log, so the spans are checked against the log through it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from habeas.domain.access import LEVELS
from habeas.domain.custody import CustodyEvent
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.people import Person
from habeas.domain.whereabouts import event_sort_key, fold_whereabouts
from habeas.storage import tables as t
from habeas.storage.projections.core import record_from_row
from habeas.storage.projections.registry import (
    CHUNK,
    Batch,
    LogState,
    Projected,
    Verifier,
    as_tuple,
    column_names,
    count_rows,
    delete_keys,
    differs,
    extra_key,
)
from habeas.storage.span_tables import custody_spans

__all__ = ["CUSTODY_SPANS", "RANK", "event_day", "rebuild_all", "spans_of"]

RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}
"""Clearance rank of each sensitivity level: public 0, restricted 1, confidential 2."""


def event_day(event: CustodyEvent) -> date:
    """The day from which the whereabouts rule counts the event as happened."""
    return date.fromisoformat(event_sort_key(event)[0])


def _segments(person: str, events: Sequence[CustodyEvent]) -> list[dict[str, Any]]:
    days = sorted({event_day(e) for e in events})
    states = [fold_whereabouts(person, events, d) for d in days]
    out: list[dict[str, Any]] = []
    for i, (day, w) in enumerate(zip(days, states, strict=True)):
        if w.status != "in_custody" or not w.facility or w.since is None:
            continue
        after = states[i + 1].since if i + 1 < len(days) else None
        out.append(
            {
                "person_key": person,
                "opened_by": w.since.key,
                "facility_key": w.facility,
                "custodian_key": w.custodian,
                "from_date": day.isoformat(),
                "from_at": str(w.since.at),
                "from_precision": w.since.at.precision.name.lower(),
                "to_date": days[i + 1].isoformat() if i + 1 < len(days) else None,
                "to_at": str(after.at) if after else None,
                "to_precision": after.at.precision.name.lower() if after else None,
                "closed_by": after.key if after else None,
                "_levels": [w.since.sensitivity, after.sensitivity if after else "public"],
            }
        )
    return out


def spans_of(person: Person | None, events: Sequence[CustodyEvent]) -> list[dict[str, Any]]:
    """The custody_spans rows of one person (None: retracted or absent: no spans), from
    their current custody events in the order they were recorded."""
    if person is None:
        return []
    rows: list[dict[str, Any]] = []
    last: dict[tuple[Any, ...], dict[str, Any]] = {}
    for level in range(len(LEVELS)):
        if RANK[person.sensitivity] > level:
            continue
        seen = [e for e in events if RANK[e.sensitivity] <= level]
        for seg in _segments(person.key, seen):
            levels = [person.sensitivity, *seg.pop("_levels")]
            seg["sensitivity"] = LEVELS[max(RANK[x] for x in levels)]
            ident = tuple(sorted(seg.items(), key=lambda kv: kv[0]))
            row = last.get(ident)
            if row is not None and row["clearance_hi"] == level - 1:
                row["clearance_hi"] = level
                continue
            row = {**seg, "clearance_lo": level, "clearance_hi": level}
            rows.append(row)
            last[ident] = row
    return rows


def _rebuilt(conn: Connection, persons: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """person key -> its span rows, from the current `records` rows."""
    r = t.records
    out: dict[str, list[dict[str, Any]]] = {}
    for i in range(0, len(persons), CHUNK):
        chunk = list(persons[i : i + CHUNK])
        people: dict[str, Person] = {}
        for row in conn.execute(
            select(r.c.key, r.c.body).where(
                r.c.key.in_(chunk), r.c.record_type == "person", r.c.status == "active"
            )
        ):
            rec = record_from_row(row.body)
            if isinstance(rec, Person):
                people[row.key] = rec
        events: dict[str, list[CustodyEvent]] = defaultdict(list)
        for row in conn.execute(
            select(r.c.body)
            .where(
                r.c.subject_key.in_(chunk),
                r.c.record_type == "custody_event",
                r.c.status == "active",
            )
            .order_by(r.c.position)
        ):
            ev = record_from_row(row.body)
            if isinstance(ev, CustodyEvent):
                events[ev.person].append(ev)
        for key in chunk:
            out[key] = spans_of(people.get(key), events.get(key, []))
    return out


def _persons_of(items: Iterable[Projected], previous: bool) -> set[str]:
    out: set[str] = set()
    for item in items:
        kind = item.entry.record_type
        if kind == "person":
            out.add(item.key)
        elif kind == "custody_event":
            rec = item.record
            if isinstance(rec, CustodyEvent):
                out.add(rec.person)
            if previous and item.previous_subject:
                out.add(item.previous_subject)
    return out


def rebuild(conn: Connection, persons: Iterable[str]) -> int:
    """Recompute the spans of `persons` (delete by person key, insert); rows written."""
    keys = sorted(set(persons))
    delete_keys(conn, custody_spans, "person_key", keys)
    new = [row for rows in _rebuilt(conn, keys).values() for row in rows]
    if new:
        conn.execute(insert(custody_spans), new)
    return len(new)


def rebuild_all(conn: Connection) -> int:
    """Recompute every person's spans (the migration that adds the table fills it so)."""
    keys = [
        row.key
        for row in conn.execute(select(t.records.c.key).where(t.records.c.record_type == "person"))
    ]
    return rebuild(conn, keys)


@dataclass(frozen=True)
class CustodySpans:
    """The custody_spans projection (see the module)."""

    table: Table = custody_spans

    @property
    def name(self) -> str:
        return "custody_spans"

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.table,)

    def project(self, conn: Connection, batch: Batch) -> None:
        persons = _persons_of(batch.items, previous=True)
        if persons:
            rebuild(conn, persons)

    def verifier(self, conn: Connection, log: LogState) -> Verifier:
        return _SpansVerifier(conn)


class _SpansVerifier(Verifier):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.persons: set[str] = set()
        self.columns = column_names(custody_spans)

    def current(self, items: Sequence[Projected]) -> None:
        self.persons |= _persons_of(items, previous=False)

    def finish(self) -> int:
        checked = 0
        ordered = sorted(self.persons)
        for i in range(0, len(ordered), CHUNK):
            chunk = ordered[i : i + CHUNK]
            want = _rebuilt(self.conn, chunk)
            stored: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
            for row in self.conn.execute(
                select(custody_spans).where(custody_spans.c.person_key.in_(chunk))
            ):
                stored[row.person_key].append(as_tuple(row._mapping, self.columns))
            for key in chunk:
                rows = [as_tuple(r, self.columns) for r in want[key]]
                wrong = differs(stored.get(key, []), rows)
                if wrong:
                    raise LedgerCorrupt(
                        f"custody_spans rows of {key} do not match its custody events: {wrong}"
                    )
                checked += len(rows)
        if count_rows(self.conn, custody_spans) != checked:
            extra = extra_key(self.conn, custody_spans, "person_key", self.persons)
            raise LedgerCorrupt(
                "custody_spans holds rows the log does not make"
                + (f" (for {extra}, who has no custody events in the log)" if extra else "")
            )
        return checked


CUSTODY_SPANS = CustodySpans()
"""Registered in `habeas.storage.projections`, after `records`."""
