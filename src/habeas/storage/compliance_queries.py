"""Read-side queries the compliance report needs, beyond `habeas.storage.queries`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, select

from habeas.storage import tables as t

__all__ = ["keys_referring", "records_referring", "revised_keys", "versions_known_at"]

_CHUNK = 500


def records_referring(
    conn: Connection, keys: Iterable[str], record_types: Sequence[str]
) -> list[Any]:
    """Current active records of `record_types` that refer to any of `keys`, each once.

    One query per chunk of keys: the records whose key is among the referrers of the chunk
    (read from the index on `record_refs.ref_key`), so the work follows the references, never
    the number of records of those types (a join let SQLite scan every record of the types).
    """
    wanted = list(dict.fromkeys(keys))
    seen: set[str] = set()
    out: list[Any] = []
    for i in range(0, len(wanted), _CHUNK):
        referrers = select(t.record_refs.c.key).where(
            t.record_refs.c.ref_key.in_(wanted[i : i + _CHUNK])
        )
        rows = conn.execute(
            select(t.records)
            .where(
                t.records.c.key.in_(referrers),
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


def versions_known_at(
    conn: Connection,
    known_at: str,
    record_types: Sequence[str] | None = None,
    *,
    keys: Iterable[str] | None = None,
    subjects: Iterable[str] | None = None,
) -> list[Any]:
    """The version of each record the ledger held at `known_at` (a recorded-time string),
    retractions left out, in log order: the ledger as it stood then. `keys`, `subjects`:
    only those records (by key), or the versions about those subjects."""
    if keys is not None or subjects is not None:
        wanted = list(dict.fromkeys(keys if keys is not None else subjects or ()))
        out: list[Any] = []
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            out += _versions(conn, known_at, record_types, keys is not None, chunk)
        return sorted(out, key=lambda r: r.position)
    return _versions(conn, known_at, record_types, False, None)


def _versions(
    conn: Connection,
    known_at: str,
    record_types: Sequence[str] | None,
    by_key: bool,
    chunk: list[str] | None,
) -> list[Any]:
    v = t.record_versions
    cond = [v.c.recorded_at <= known_at]
    if record_types is not None:
        cond.append(v.c.record_type.in_(list(record_types)))
    if chunk is not None:
        cond.append((v.c.record_key if by_key else v.c.subject_key).in_(chunk))
    latest = (
        select(v.c.record_key, func.max(v.c.version).label("version"))
        .where(*cond)
        .group_by(v.c.record_key)
        .subquery()
    )
    rows = conn.execute(
        select(v)
        .join(latest, and_(v.c.record_key == latest.c.record_key, v.c.version == latest.c.version))
        .order_by(v.c.position)
    )
    return [r for r in rows if r.op != "retract" and r.body is not None]


def revised_keys(conn: Connection, record_types: Sequence[str]) -> set[str]:
    """Keys of the records of `record_types` with more than one version (corrected or
    retracted at some time): their references then may differ from the projection's now."""
    v = t.record_versions
    rows = conn.execute(
        select(v.c.record_key)
        .where(v.c.record_type.in_(list(record_types)))
        .group_by(v.c.record_key)
        .having(func.count() > 1)
    )
    return {r.record_key for r in rows}


def keys_referring(conn: Connection, keys: Iterable[str]) -> set[str]:
    """Keys of the records whose current version refers to any of `keys` (any status)."""
    wanted = list(dict.fromkeys(keys))
    out: set[str] = set()
    for i in range(0, len(wanted), _CHUNK):
        rows = conn.execute(
            select(t.record_refs.c.key).where(t.record_refs.c.ref_key.in_(wanted[i : i + _CHUNK]))
        )
        out |= {r.key for r in rows}
    return out
