"""Cases by court and docket number, from the case index (one indexed query)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, or_, select

from habeas.storage import tables as t
from habeas.storage.index_tables import case_index

__all__ = ["cases_by_number"]


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
