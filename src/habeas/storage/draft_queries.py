"""Reading and writing the review queue of drafts (`habeas.storage.import_tables.drafts`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from habeas.storage.import_tables import drafts as d

__all__ = ["add_draft", "count_drafts", "decide_draft", "get_draft", "list_drafts"]


def add_draft(conn: Connection, row: dict[str, Any]) -> int | None:
    """Queue a draft unless one with the same `dedupe` is queued already (in any status);
    its id if queued now, else None."""
    seen = conn.execute(select(d.c.id).where(d.c.dedupe == row["dedupe"])).first()
    if seen is not None:
        return None
    result = conn.execute(insert(d).values(**row))
    key = result.inserted_primary_key
    return int(key[0]) if key else None


def get_draft(conn: Connection, draft_id: int) -> Any | None:
    """The row of draft `draft_id`, or None."""
    return conn.execute(select(d).where(d.c.id == draft_id)).first()


def list_drafts(
    conn: Connection,
    *,
    status: str | None = "pending",
    kinds: Sequence[str] = (),
    origin: str | None = None,
    source: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[Any]:
    """Drafts oldest first, filtered by status, kinds, origin or source."""
    query = select(d)
    if status:
        query = query.where(d.c.status == status)
    if kinds:
        query = query.where(d.c.kind.in_(list(kinds)))
    if origin:
        query = query.where(d.c.origin == origin)
    if source:
        query = query.where(d.c.source == source)
    return list(conn.execute(query.order_by(d.c.id).limit(limit).offset(offset)))


def count_drafts(conn: Connection, status: str = "pending") -> int:
    """How many drafts have this status."""
    return int(conn.execute(select(func.count()).where(d.c.status == status)).scalar_one())


def decide_draft(conn: Connection, draft_id: int, values: dict[str, Any]) -> bool:
    """Mark a pending draft accepted or rejected; False if it was no longer pending."""
    result = conn.execute(
        update(d).where(d.c.id == draft_id, d.c.status == "pending").values(**values)
    )
    return result.rowcount == 1
