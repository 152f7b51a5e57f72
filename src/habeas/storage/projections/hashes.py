"""Entries by hash (`entry_hashes`): find the entry whose bytes have a given SHA-256, or the
entries of a source record naming a stored copy by its SHA-256.

Each record entry makes its rows once and they never change (an `EntryProjection`): its
`entry` row (SHA-256 of the entry's canonical bytes) and, for a source whose record gives the
copy's `sha256`, a `copy` row. A leaf hash is found by the index on `ledger_entries.leaf_hash`
instead, which covers audit entries too.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Connection, and_, insert, select

from habeas.domain.sources import Source
from habeas.storage import tables as t
from habeas.storage.evidence_tables import entry_hashes
from habeas.storage.projections.registry import EntryProjection, Projected

__all__ = ["ENTRY_HASHES", "backfill", "hash_rows"]


def _rows(position: int, body: bytes, copy_sha256: str | None) -> list[dict[str, Any]]:
    rows = [{"position": position, "kind": "entry", "hash": hashlib.sha256(body).hexdigest()}]
    if copy_sha256:
        rows.append({"position": position, "kind": "copy", "hash": copy_sha256.lower()})
    return rows


def hash_rows(item: Projected) -> list[dict[str, Any]]:
    """The entry_hashes rows of one record entry."""
    record = item.record
    copy = record.sha256 if isinstance(record, Source) else None
    return _rows(item.entry.position, item.entry.canonical(), copy)


ENTRY_HASHES = EntryProjection(entry_hashes, "position", hash_rows)


def backfill(conn: Connection) -> int:
    """Fill entry_hashes from the log written before (the migration that adds it); rows."""
    e, v = t.entries, t.record_versions
    written, last = 0, -1
    while True:
        rows = list(
            conn.execute(
                select(e.c.position, e.c.body, e.c.record_type, v.c.body.label("record"))
                .select_from(
                    e.outerjoin(
                        v, and_(v.c.record_key == e.c.record_key, v.c.version == e.c.version)
                    )
                )
                .where(e.c.position > last, e.c.op != "audit")
                .order_by(e.c.position)
                .limit(2000)
            )
        )
        if not rows:
            return written
        new: list[dict[str, Any]] = []
        for row in rows:
            copy = None
            if row.record_type == "source" and row.record:
                copy = json.loads(row.record).get("sha256")
            new.extend(_rows(int(row.position), row.body.encode("utf-8"), copy))
        conn.execute(insert(entry_hashes), new)
        written += len(new)
        last = int(rows[-1].position)
