"""Listing current records a page at a time (keyset pagination on the key), for the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from habeas.storage import tables as t

__all__ = ["page_of_records"]


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def page_of_records(
    conn: Connection,
    *,
    limit: int,
    after: str | None = None,
    record_type: str | None = None,
    words: Sequence[str] = (),
    synthetic: bool | None = None,
    status: str | None = "active",
) -> list[Any]:
    """Up to `limit` projection rows in key order, after the key `after`.

    `words`: folded words that must each begin a word of one of the record's names (the
    search index); `status`: "active", "retracted" or None for both.
    """
    r, s = t.records, t.search_terms
    stmt = select(r).order_by(r.c.key).limit(limit)
    if after is not None:
        stmt = stmt.where(r.c.key > after)
    if record_type is not None:
        stmt = stmt.where(r.c.record_type == record_type)
    if status is not None:
        stmt = stmt.where(r.c.status == status)
    if synthetic is not None:
        stmt = stmt.where(r.c.synthetic.is_(synthetic))
    for word in words:
        named = select(s.c.key).where(s.c.term.like(f"% {_escape(word)}%", escape="\\"))
        stmt = stmt.where(r.c.key.in_(named))
    return list(conn.execute(stmt))
