"""Indexed reads of custody spans (`habeas.storage.span_tables`): who a facility holds on a
day, and where its population changes. Every query takes the reader's clearance rank
(0 public, 1 restricted, 2 confidential; -1 sees nothing) and returns only the spans
folded for that level, so nothing above clearance is counted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, or_, select

from habeas.storage.span_tables import custody_spans as s

__all__ = ["held_on", "span_bounds"]


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
