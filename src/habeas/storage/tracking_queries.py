"""Reading and writing tracked CourtListener dockets and webhook deliveries
(`habeas.storage.import_tables.tracked_dockets` and `webhook_deliveries`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from habeas.storage.import_tables import tracked_dockets as td
from habeas.storage.import_tables import webhook_deliveries as wd

__all__ = [
    "add_delivery",
    "get_delivery",
    "get_tracked",
    "list_tracked",
    "track",
    "tracked_for_case",
    "update_tracked",
]


def get_tracked(conn: Connection, courtlistener_id: int) -> Any | None:
    """The tracking row of a CourtListener docket, or None."""
    return conn.execute(select(td).where(td.c.courtlistener_id == courtlistener_id)).first()


def tracked_for_case(conn: Connection, case_key: str) -> list[Any]:
    """The tracking rows feeding a case."""
    return list(conn.execute(select(td).where(td.c.case_key == case_key)))


def list_tracked(conn: Connection) -> list[Any]:
    """Every tracked docket, in the order tracking began."""
    return list(conn.execute(select(td).order_by(td.c.added_at, td.c.courtlistener_id)))


def track(conn: Connection, row: dict[str, Any]) -> bool:
    """Start tracking a docket; if it is tracked already, update its case, court and number
    (how far it got is kept). True if tracking began now."""
    known = get_tracked(conn, row["courtlistener_id"])
    if known is None:
        conn.execute(insert(td).values(entries_seen=0, **row))
        return True
    keep = {k: row[k] for k in ("case_key", "court_id", "docket_number") if k in row}
    conn.execute(update(td).where(td.c.courtlistener_id == row["courtlistener_id"]).values(**keep))
    return False


def update_tracked(conn: Connection, courtlistener_id: int, values: dict[str, Any]) -> None:
    """Change a tracking row: its cursor, last_modified, last_synced_at, last_error,
    entries_seen."""
    conn.execute(update(td).where(td.c.courtlistener_id == courtlistener_id).values(**values))


def get_delivery(conn: Connection, idempotency_key: str) -> Any | None:
    """The delivery recorded under this key, or None."""
    return conn.execute(select(wd).where(wd.c.idempotency_key == idempotency_key)).first()


def add_delivery(conn: Connection, row: dict[str, Any]) -> bool:
    """Record a delivery; False (and nothing written) when its key is recorded already."""
    if get_delivery(conn, row["idempotency_key"]) is not None:
        return False
    conn.execute(insert(wd).values(**row))  # a racing twin fails here: Conflict, rolled back
    return True
