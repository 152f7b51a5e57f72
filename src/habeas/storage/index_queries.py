"""Reads answered by the case and obligation indexes (`habeas.storage.index_tables`): one
indexed query each, instead of reading and parsing every record of a type."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, or_, select

from habeas.storage import tables as t
from habeas.storage.index_tables import case_index, obligation_index

__all__ = ["cases_by_number", "obligations_effective_by"]


def cases_by_number(conn: Connection, court_key: str, core: str, normal: str) -> list[Any]:
    """The current `records` rows of the cases of `court_key` whose docket number has the
    core `core` (when not empty) or compares as `normal`, in key order."""
    c = case_index
    same = c.c.docket_number_normal == normal
    if core:
        same = or_(c.c.docket_number_core == core, same)
    return list(
        conn.execute(
            select(t.records)
            .join(c, c.c.key == t.records.c.key)
            .where(c.c.court_key == court_key, same, t.records.c.status == "active")
            .order_by(c.c.key)
        )
    )


def obligations_effective_by(
    conn: Connection, bound: str | None, levels: Collection[str] | None = None
) -> list[Any]:
    """The current `records` rows of the obligations that can be in effect by `bound` (UTC
    ISO 8601; None: all): those whose own start of effect is not after it, or that bind
    from their order. Of sensitivity `levels` (None: all); in key order."""
    o = obligation_index
    stmt = (
        select(t.records).join(o, o.c.key == t.records.c.key).where(t.records.c.status == "active")
    )
    if bound is not None:
        stmt = stmt.where(or_(o.c.effective_start.is_(None), o.c.effective_start <= bound))
    if levels is not None:
        stmt = stmt.where(o.c.sensitivity.in_(list(levels)))
    return list(conn.execute(stmt.order_by(t.records.c.key)))
