"""Who a facility holds on a day, a page at a time: the facility's custody spans covering
the day (`habeas.storage.span_tables`) joined to the current rows of the people and of the
events they are held since, counted and ordered in SQL (real people first, then by name),
so a page reads only its own rows however many the facility holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select

from habeas.storage import tables as t
from habeas.storage.span_tables import custody_spans as s

__all__ = ["HeldCounts", "held_counts", "held_rows", "person_labels"]

_person = t.records.alias("person")
_event = t.records.alias("event")


@dataclass(frozen=True)
class HeldCounts:
    """How many people a facility holds on a day, and how many of them are synthetic."""

    total: int
    synthetic: int


def _label(conn: Connection, column: Any) -> Any:
    """The name column ordered by code point on every backend, as Python sorts strings."""
    return column.collate("C") if conn.dialect.name == "postgresql" else column


def _spans() -> Any:
    """The custody spans joined to the current rows of their person and opening event
    (by key alone: a span refers to a person and a custody event by construction)."""
    person = and_(
        _person.c.key == s.c.person_key,
        _person.c.status == "active",
    )
    event = and_(
        _event.c.key == s.c.opened_by,
        _event.c.status == "active",
    )
    return s.join(_person, person).join(_event, event)


def _covering(facility_key: str, on: str | None, rank: int) -> list[Any]:
    """The spans of `facility_key` covering the day `on` (None: now) at clearance `rank`."""
    when: Any = s.c.to_date.is_(None)
    if on is not None:
        when = and_(s.c.from_date <= on, or_(s.c.to_date.is_(None), s.c.to_date > on))
    return [
        s.c.facility_key == facility_key,
        s.c.clearance_lo <= rank,
        s.c.clearance_hi >= rank,
        when,
    ]


def held_counts(conn: Connection, facility_key: str, on: str | None, rank: int) -> HeldCounts:
    """The people `facility_key` holds on the day `on` (ISO date; None: now) for clearance
    `rank`, and the synthetic among them."""
    synthetic = func.coalesce(func.sum(case((_person.c.synthetic, 1), else_=0)), 0)
    stmt = select(func.count(), synthetic).select_from(_spans())
    row = conn.execute(stmt.where(*_covering(facility_key, on, rank))).one()
    return HeldCounts(int(row[0]), int(row[1]))


def held_rows(
    conn: Connection, facility_key: str, on: str | None, rank: int, offset: int, limit: int
) -> list[tuple[str, str]]:
    """(person key, opening event key) of the spans `held_counts` counts, real people
    first, then by name and key, from `offset`, at most `limit` of them."""
    stmt = (
        select(s.c.person_key, s.c.opened_by)
        .select_from(_spans())
        .where(*_covering(facility_key, on, rank))
        .order_by(_person.c.synthetic, _label(conn, _person.c.label), s.c.person_key)
        .offset(offset)
        .limit(limit)
    )
    return [(r.person_key, r.opened_by) for r in conn.execute(stmt)]


def person_labels(conn: Connection, keys: Iterable[str]) -> dict[str, tuple[bool, str]]:
    """(synthetic, label) of each current person among `keys`, for ordering a list of
    people without reading their bodies."""
    wanted = list(dict.fromkeys(keys))
    out: dict[str, tuple[bool, str]] = {}
    for i in range(0, len(wanted), 500):
        rows = conn.execute(
            select(t.records.c.key, t.records.c.synthetic, t.records.c.label).where(
                t.records.c.key.in_(wanted[i : i + 500]),
                t.records.c.status == "active",
                t.records.c.record_type == "person",
            )
        )
        out.update({r.key: (bool(r.synthetic), r.label) for r in rows})
    return out
