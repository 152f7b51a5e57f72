"""Read-side queries the compliance report needs, beyond `habeas.storage.queries`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select

from habeas.storage import tables as t

__all__ = ["records_referring"]

_CHUNK = 500


def records_referring(
    conn: Connection, keys: Iterable[str], record_types: Sequence[str]
) -> list[Any]:
    """Current active records of `record_types` that refer to any of `keys`, each once.

    One query per chunk of keys: the records joined to their references.
    """
    wanted = list(dict.fromkeys(keys))
    seen: set[str] = set()
    out: list[Any] = []
    for i in range(0, len(wanted), _CHUNK):
        rows = conn.execute(
            select(t.records)
            .join(t.record_refs, t.record_refs.c.key == t.records.c.key)
            .where(
                t.record_refs.c.ref_key.in_(wanted[i : i + _CHUNK]),
                t.records.c.record_type.in_(list(record_types)),
                t.records.c.status == "active",
            )
            .order_by(t.records.c.position)
        )
        for row in rows:
            if row.key not in seen:
                seen.add(row.key)
                out.append(row)
    return out
