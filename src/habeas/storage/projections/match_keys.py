"""The person blocking keys as a registered projection (table in
`habeas.storage.match_tables`): rows of one person key that depend only on its current
version, so a `KeyedProjection`."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select

from habeas.domain.base import Record
from habeas.domain.registry import canonical_record
from habeas.match.features import blocking_keys, match_record
from habeas.storage import tables as t
from habeas.storage.match_tables import match_keys
from habeas.storage.projections.registry import KeyedProjection

__all__ = ["MATCH_KEYS", "backfill", "match_key_rows"]


def _rows(key: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"person_key": key, "block_key": k[:120]}
        for k in dict.fromkeys(k[:120] for k in blocking_keys(match_record(key, body)))
    ]


def match_key_rows(key: str, record: Record | None) -> list[dict[str, Any]]:
    """The match_keys rows of one current person (none when retracted or not a person)."""
    if record is None or record.TYPE != "person":
        return []
    return _rows(key, canonical_record(record))


MATCH_KEYS = KeyedProjection(
    match_keys, "person_key", lambda item: match_key_rows(item.key, item.record)
)
"""Each current person's blocking keys."""


def backfill(conn: Connection) -> int:
    """Fill match_keys from the current person records (the migration that adds it does
    so); rows written."""
    written, last = 0, ""
    r = t.records
    while True:
        rows = list(
            conn.execute(
                select(r.c.key, r.c.body)
                .where(r.c.key > last, r.c.status == "active", r.c.record_type == "person")
                .order_by(r.c.key)
                .limit(2000)
            )
        )
        if not rows:
            return written
        new = [row for x in rows for row in _rows(x.key, json.loads(x.body))]
        if new:
            conn.execute(insert(match_keys), new)
        written += len(new)
        last = rows[-1].key
