"""Reading and writing the stored copies of sources (`habeas.storage.copy_tables`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, insert, select

from habeas.storage import tables as t
from habeas.storage.copy_tables import source_copies as c

__all__ = ["all_copies", "citing_sources", "get_copy", "has_copy", "put_copy"]


def has_copy(conn: Connection, sha256: str) -> bool:
    """True if a copy with this hash is stored."""
    return conn.execute(select(c.c.sha256).where(c.c.sha256 == sha256)).first() is not None


def put_copy(conn: Connection, row: dict[str, Any]) -> bool:
    """Store a copy (a row of `source_copies`) unless one with its hash is there already;
    True if it was stored now."""
    if has_copy(conn, row["sha256"]):
        return False
    conn.execute(insert(c).values(**row))
    return True


def get_copy(conn: Connection, sha256: str) -> Any | None:
    """The row of the copy with this hash, or None."""
    return conn.execute(select(c).where(c.c.sha256 == sha256)).first()


def all_copies(conn: Connection, chunk: int = 20) -> Iterator[Any]:
    """Every stored copy in hash order, read `chunk` rows at a time (keyset pages, so no
    cursor stays open if the caller stops early)."""
    after = ""
    while True:
        rows = list(
            conn.execute(select(c).where(c.c.sha256 > after).order_by(c.c.sha256).limit(chunk))
        )
        yield from rows
        if len(rows) < chunk:
            return
        after = rows[-1].sha256


def citing_sources(conn: Connection, sha256: str) -> list[Any]:
    """Current `records` rows of the active sources whose `sha256` is this hash."""
    r = t.records
    rows = conn.execute(
        select(r).where(
            r.c.record_type == "source",
            r.c.status == "active",
            r.c.body.contains(f'"sha256":"{sha256}"'),
        )
    )
    return list(rows)
