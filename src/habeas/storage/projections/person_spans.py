"""Projections over each person's custody events folded by the whereabouts rule: the shape
custody spans and whereabouts spans share.

The rule (`habeas.domain.whereabouts`) orders events by the day by which each had
certainly happened, and the answer on a day is the fold of every event of that day or
before. So the answer only changes on an event's day: one fold of the person's events in
the rule's order gives the answer at the end of each such day (`fold_days`), and each
answer becomes a span from that day to the next event day (the last one open). Which
answers become rows is the projection's own choice (its `segments`): custody spans keep
the stretches held in a facility, whereabouts spans keep every answer.

A span depends on all of a person's events and on the person (a retracted person is
nowhere; a more sensitive person is hidden from lower clearances), so any change to a
person or to one of their custody events recomputes all of that person's spans: delete
by person key, insert the new ones. The person an event was about before a correction is
recomputed too (an event moved to another person leaves the first).

Readers count only what they may see: the spans are folded once per clearance level from
the events that level may see (a restricted transfer moves the person only for those
cleared for it), identical answers sharing one row with a clearance range.

These projections read the `records` table in the same transaction, so they are
registered after it; verify rebuilds the spans from `records` once `records` itself has
been checked against the log, so the spans are checked against the log through it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from habeas.domain.access import LEVELS
from habeas.domain.custody import CustodyEvent
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.merges import PersonMerge, absorbed_of
from habeas.domain.people import Person
from habeas.domain.whereabouts import Whereabouts, event_day, fold_days
from habeas.storage import tables as t
from habeas.storage.merge_tables import person_merges
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

__all__ = [
    "RANK",
    "Day",
    "Folded",
    "LevelDays",
    "MergeLinks",
    "PersonSpans",
    "Segments",
    "day_states",
    "event_day",
    "fold_current",
    "fold_levels",
    "merge_links",
]

RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}
"""Clearance rank of each sensitivity level: public 0, restricted 1, confidential 2."""


@dataclass(frozen=True)
class Day:
    """The whereabouts answer from one event day until the next (`until`; None: still)."""

    day: date
    state: Whereabouts
    until: date | None
    closed_by: CustodyEvent | None
    """The event the next day's answer dates from (its `since`): the answer changes there."""


def day_states(person: str, events: Sequence[CustodyEvent]) -> list[Day]:
    """The person's whereabouts folded on each day one of `events` happened by (one fold of
    the events in the rule's order, `fold_days`)."""
    folded = fold_days(person, events)
    return [
        Day(
            day,
            w,
            folded[i + 1][0] if i + 1 < len(folded) else None,
            folded[i + 1][1].since if i + 1 < len(folded) else None,
        )
        for i, (day, w) in enumerate(folded)
    ]


Segments = Callable[[Person, Sequence[Day]], list[dict[str, Any]]]
"""A projection's rows of one person at one clearance level, from the day states folded
from what that level sees; each row holds `_levels`, the sensitivities folded into it (the
row's `sensitivity` is the most sensitive of them and the person's)."""


@dataclass(frozen=True)
class PersonSpans:
    """A projection of spans per person (`segments` says which rows each answer makes)."""

    table: Table
    segments: Segments
    what: str
    """What a span is, for verify's messages: "custody events" or similar."""

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.table,)

    def spans_of(
        self, person: Person | None, events: Sequence[CustodyEvent]
    ) -> list[dict[str, Any]]:
        """The rows of one person (None: retracted or absent: no rows), from their current
        custody events in the order they were recorded."""
        return self.rows(person, fold_levels(person, events))

    def rows(self, person: Person | None, folded: Sequence[LevelDays]) -> list[dict[str, Any]]:
        """The rows of one person from their day states at each clearance level."""
        if person is None:
            return []
        rows: list[dict[str, Any]] = []
        last: dict[tuple[Any, ...], dict[str, Any]] = {}
        for level, days in folded:
            for seg in self.segments(person, days):
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

    def rebuilt(
        self, conn: Connection, persons: Sequence[str], folded: Folded | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """person key -> its rows, from the current `records` rows (or from `folded`, the
        persons' day states already worked out by `fold_current` in this transaction)."""
        states = folded if folded is not None else fold_current(conn, persons)
        return {key: self.rows(person, days) for key, (person, days) in states.items()}

    def rebuild(
        self, conn: Connection, persons: Iterable[str], folded: Folded | None = None
    ) -> int:
        """Recompute the rows of `persons` (delete by person key, insert); rows written."""
        keys = sorted(set(persons))
        delete_keys(conn, self.table, "person_key", keys)
        new = [row for rows in self.rebuilt(conn, keys, folded).values() for row in rows]
        if new:
            conn.execute(insert(self.table), new)
        return len(new)

    def rebuild_all(self, conn: Connection) -> int:
        """Recompute every person's rows (the migration that adds the table fills it so,
        before merges of people existed: migration 0011 adds them, so none are followed)."""
        r = t.records
        keys = [row.key for row in conn.execute(select(r.c.key).where(r.c.record_type == "person"))]
        return self.rebuild(conn, keys, fold_current(conn, sorted(keys), follow_merges=False))

    def project(self, conn: Connection, batch: Batch) -> None:
        persons = persons_of(batch.items, previous=True)
        if not persons:
            return
        persons |= _survivors_above(conn, persons)
        # Every spans projection folds the same persons of a batch: the first one to run
        # keeps the fold in the batch's scratch space for the others.
        memo = batch.items[0].memo
        shared = memo.get(_MEMO)
        if shared is None or shared[0] != persons:
            shared = (persons, fold_current(conn, sorted(persons)))
            memo[_MEMO] = shared
        self.rebuild(conn, persons, shared[1])

    def verifier(self, conn: Connection, log: LogState) -> Verifier:
        return _SpansVerifier(self, conn)


LevelDays = tuple[int, list[Day]]
"""One clearance level and the person's day states folded from what it sees."""

Folded = dict[str, tuple[Person | None, list[LevelDays]]]
"""person key -> (the active person, their day states at every level that sees them)."""

_MEMO = "person_spans.folded"


def fold_levels(person: Person | None, events: Sequence[CustodyEvent]) -> list[LevelDays]:
    """The person's day states at each clearance level that may see them, each folded from
    the events that level may see."""
    if person is None:
        return []
    return [
        (level, day_states(person.key, [e for e in events if RANK[e.sensitivity] <= level]))
        for level in range(len(LEVELS))
        if RANK[person.sensitivity] <= level
    ]


def fold_current(conn: Connection, persons: Sequence[str], *, follow_merges: bool = True) -> Folded:
    """The day states of `persons`, from the current `records` rows, following the merges
    of people (`person_merges`, projected before the spans): at each clearance level that
    may see a merge, the survivor's spans are folded from the custody events of everyone
    merged into it, and the absorbed person has none."""
    links = merge_links(conn, persons) if follow_merges else MergeLinks({}, {})
    members = set(persons) | {k for edges in links.children.values() for k, _r in edges}
    current = _current(conn, sorted(members))
    out: Folded = {}
    for key in persons:
        person = current[key][0]
        if person is None:
            out[key] = (None, [])
            continue
        levels: list[LevelDays] = []
        for level in range(len(LEVELS)):
            if RANK[person.sensitivity] > level or links.absorbed.get(key, 99) <= level:
                continue
            events = [
                (position, e)
                for member in links.group(key, level)
                for position, e in current[member][1]
                if RANK[e.sensitivity] <= level
                and (member == key or _sees(current[member][0], level))
            ]
            events.sort(key=lambda pe: pe[0])
            levels.append((level, day_states(key, [e for _p, e in events])))
        out[key] = (person, levels)
    return out


def _sees(person: Person | None, level: int) -> bool:
    return person is not None and RANK[person.sensitivity] <= level


@dataclass
class MergeLinks:
    """The merges among some people: who absorbed whom (with the merge's clearance rank)."""

    children: dict[str, list[tuple[str, int]]]
    """survivor -> (absorbed, the merge's rank), at any depth below the people asked for."""
    absorbed: dict[str, int]
    """absorbed person (among those asked for) -> the rank of the merge that absorbed it."""

    def group(self, key: str, level: int) -> list[str]:
        """`key` and everyone merged into it by merges a reader of `level` may see."""
        out = [key]
        todo = [key]
        while todo:
            for child, rank in self.children.get(todo.pop(), []):
                if rank <= level and child not in out:
                    out.append(child)
                    todo.append(child)
        return out


def merge_links(conn: Connection, persons: Sequence[str]) -> MergeLinks:
    """The merges below `persons` (their absorbed people, at any depth), and the merges
    that absorbed any of them."""
    m = person_merges
    links = MergeLinks({}, {})
    for i in range(0, len(persons), CHUNK):
        chunk = list(persons[i : i + CHUNK])
        for row in conn.execute(
            select(m.c.absorbed_key, m.c.sensitivity).where(m.c.absorbed_key.in_(chunk))
        ):
            links.absorbed[row.absorbed_key] = RANK[row.sensitivity]
    frontier = sorted(set(persons))
    seen = set(frontier)
    while frontier:
        nxt: list[str] = []
        for i in range(0, len(frontier), CHUNK):
            for row in conn.execute(
                select(m.c.survivor_key, m.c.absorbed_key, m.c.sensitivity).where(
                    m.c.survivor_key.in_(frontier[i : i + CHUNK])
                )
            ):
                links.children.setdefault(row.survivor_key, []).append(
                    (row.absorbed_key, RANK[row.sensitivity])
                )
                if row.absorbed_key not in seen:
                    seen.add(row.absorbed_key)
                    nxt.append(row.absorbed_key)
        frontier = sorted(nxt)
    for edges in links.children.values():
        edges.sort()
    return links


def _survivors_above(conn: Connection, persons: Iterable[str]) -> set[str]:
    """Every survivor above `persons` in chains of merges (their spans hold their events)."""
    m = person_merges
    out: set[str] = set()
    frontier = sorted(set(persons))
    while frontier:
        found: set[str] = set()
        for i in range(0, len(frontier), CHUNK):
            for row in conn.execute(
                select(m.c.survivor_key).where(m.c.absorbed_key.in_(frontier[i : i + CHUNK]))
            ):
                if row.survivor_key not in out:
                    found.add(row.survivor_key)
        out |= found
        frontier = sorted(found)
    return out


def _current(
    conn: Connection, persons: Sequence[str]
) -> dict[str, tuple[Person | None, list[tuple[int, CustodyEvent]]]]:
    """person key -> (the active person, their active custody events with their log
    positions, in record order)."""
    r = t.records
    out: dict[str, tuple[Person | None, list[tuple[int, CustodyEvent]]]] = {}
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
        events: dict[str, list[tuple[int, CustodyEvent]]] = defaultdict(list)
        for row in conn.execute(
            select(r.c.position, r.c.body)
            .where(
                r.c.subject_key.in_(chunk),
                r.c.record_type == "custody_event",
                r.c.status == "active",
            )
            .order_by(r.c.position)
        ):
            ev = record_from_row(row.body)
            if isinstance(ev, CustodyEvent):
                events[ev.person].append((int(row.position), ev))
        for key in chunk:
            out[key] = (people.get(key), events.get(key, []))
    return out


def persons_of(items: Iterable[Projected], previous: bool) -> set[str]:
    """The persons whose spans `items` change (with `previous`: also the person a corrected
    event was about before)."""
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
        elif kind == "merge" and previous:  # both people's spans change, and back on a split
            rec = item.record
            if isinstance(rec, PersonMerge):
                out |= {rec.survivor, rec.absorbed}
            else:
                out.add(absorbed_of(item.key))
                if item.previous_subject:
                    out.add(item.previous_subject)
    return out


class _SpansVerifier(Verifier):
    def __init__(self, p: PersonSpans, conn: Connection) -> None:
        self.p = p
        self.conn = conn
        self.persons: set[str] = set()
        self.columns = column_names(p.table)

    def current(self, items: Sequence[Projected]) -> None:
        self.persons |= persons_of(items, previous=False)

    def finish(self) -> int:
        checked = 0
        table = self.p.table
        ordered = sorted(self.persons)
        for i in range(0, len(ordered), CHUNK):
            chunk = ordered[i : i + CHUNK]
            want = self.p.rebuilt(self.conn, chunk)
            stored: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
            for row in self.conn.execute(select(table).where(table.c.person_key.in_(chunk))):
                stored[row.person_key].append(as_tuple(row._mapping, self.columns))
            for key in chunk:
                rows = [as_tuple(r, self.columns) for r in want[key]]
                wrong = differs(stored.get(key, []), rows)
                if wrong:
                    raise LedgerCorrupt(
                        f"{table.name} rows of {key} do not match its {self.p.what}: {wrong}"
                    )
                checked += len(rows)
        if count_rows(self.conn, table) != checked:
            extra = extra_key(self.conn, table, "person_key", self.persons)
            raise LedgerCorrupt(
                f"{table.name} holds rows the log does not make"
                + (f" (for {extra}, who has no custody events in the log)" if extra else "")
            )
        return checked
