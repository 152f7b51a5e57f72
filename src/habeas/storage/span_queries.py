"""Indexed reads of custody spans and whereabouts spans (`habeas.storage.span_tables`): who
a facility holds on a day, where its population changes, where everyone is now, whose
answer is "unknown", and who has an event near a moment. Every query takes the reader's
clearance rank (0 public, 1 restricted, 2 confidential; -1 sees nothing) and returns only
the spans folded for that level, so nothing above clearance is counted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from habeas.storage.span_tables import custody_spans as s
from habeas.storage.span_tables import whereabouts_spans as w

__all__ = [
    "held_on",
    "persons_changing",
    "span_bounds",
    "whereabouts_now",
    "whereabouts_with_status",
]


def held_on(conn: Connection, facility_key: str, on: str | None, rank: int) -> list[Any]:
    """Spans of `facility_key` covering the day `on` (ISO date; None: now, after every
    event), for clearance `rank`: (person_key, opened_by) ordered by person."""
    stmt = select(s.c.person_key, s.c.opened_by).where(
        s.c.facility_key == facility_key, s.c.clearance_lo <= rank, s.c.clearance_hi >= rank
    )
    if on is None:
        stmt = stmt.where(s.c.to_date.is_(None))
    else:
        stmt = stmt.where(s.c.from_date <= on, or_(s.c.to_date.is_(None), s.c.to_date > on))
    return list(conn.execute(stmt.order_by(s.c.person_key)))


def span_bounds(conn: Connection, facility_key: str, rank: int) -> list[tuple[str, str | None]]:
    """(from_date, to_date) of every span of `facility_key` for clearance `rank`."""
    stmt = select(s.c.from_date, s.c.to_date).where(
        s.c.facility_key == facility_key, s.c.clearance_lo <= rank, s.c.clearance_hi >= rank
    )
    return [(r.from_date, r.to_date) for r in conn.execute(stmt)]


def _at_rank(rank: int) -> Any:
    return and_(w.c.clearance_lo <= rank, w.c.clearance_hi >= rank)


def _on(on: str | None) -> Any:
    if on is None:
        return w.c.to_date.is_(None)
    return and_(w.c.from_date <= on, or_(w.c.to_date.is_(None), w.c.to_date > on))


def whereabouts_now(
    conn: Connection, rank: int, *, on: str | None = None, synthetic: bool | None = None
) -> list[Any]:
    """Every person's whereabouts answer on the day `on` (ISO date; None: now, after every
    event), for clearance `rank`, ordered by person key; `synthetic` False leaves synthetic
    people out."""
    stmt = select(w).where(_on(on), _at_rank(rank))
    if synthetic is not None:
        stmt = stmt.where(w.c.synthetic == synthetic)
    return list(conn.execute(stmt.order_by(w.c.person_key)))


def whereabouts_with_status(
    conn: Connection, status: str, on: str | None, rank: int, persons: Sequence[str] = ()
) -> list[Any]:
    """The spans whose answer is `status` on the day `on` (ISO date; None: now), for
    clearance `rank`, ordered by person key; `persons` also returns theirs whatever status."""
    when = _on(on)
    which = w.c.status == status
    if persons:
        which = or_(which, w.c.person_key.in_(list(persons)))
    stmt = select(w).where(when, which, _at_rank(rank)).order_by(w.c.person_key)
    return list(conn.execute(stmt))


def persons_changing(conn: Connection, first: str, last: str, rank: int) -> set[str]:
    """Persons whose whereabouts answer changes on a day from `first` to `last` (ISO dates,
    both included), for clearance `rank`: those with an event on one of those days."""
    stmt = (
        select(w.c.person_key)
        .where(w.c.from_date >= first, w.c.from_date <= last, _at_rank(rank))
        .distinct()
    )
    return {row.person_key for row in conn.execute(stmt)}
