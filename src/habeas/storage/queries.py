"""Read-side queries over the log and its projections. Rows come back as plain mappings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from habeas.storage import tables as t

__all__ = [
    "active_keys_starting",
    "entries_between",
    "existing_types",
    "find_by_terms",
    "get_records",
    "head_row",
    "history",
    "leaf_hashes",
    "list_columns",
    "record_counts",
    "referrers",
    "stream_records",
    "subject_versions",
]

_CHUNK = 500


def existing_types(conn: Connection, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """key -> (type, status) for those of `keys` in the ledger."""
    out: dict[str, tuple[str, str]] = {}
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), _CHUNK):
        rows = conn.execute(
            select(t.records.c.key, t.records.c.record_type, t.records.c.status).where(
                t.records.c.key.in_(wanted[i : i + _CHUNK])
            )
        )
        out.update({r.key: (r.record_type, r.status) for r in rows})
    return out


def list_columns(conn: Connection, keys: Iterable[str]) -> dict[str, Any]:
    """key -> (key, record_type, status, label, synthetic, sensitivity) of those of `keys`
    in the ledger: what a count or an ordered list needs, without reading the bodies."""
    r = t.records.c
    out: dict[str, Any] = {}
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), _CHUNK):
        rows = conn.execute(
            select(r.key, r.record_type, r.status, r.label, r.synthetic, r.sensitivity).where(
                r.key.in_(wanted[i : i + _CHUNK])
            )
        )
        out.update({row.key: row for row in rows})
    return out


def get_records(conn: Connection, keys: Iterable[str]) -> dict[str, Any]:
    """Current projection rows of `keys`."""
    out: dict[str, Any] = {}
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), _CHUNK):
        rows = conn.execute(select(t.records).where(t.records.c.key.in_(wanted[i : i + _CHUNK])))
        out.update({r.key: r for r in rows})
    return out


def records_of_type(conn: Connection, record_type: str) -> list[Any]:
    """Every active record of one type."""
    return list(
        conn.execute(
            select(t.records)
            .where(t.records.c.record_type == record_type, t.records.c.status == "active")
            .order_by(t.records.c.key)
        )
    )


def referrers(conn: Connection, keys: Iterable[str]) -> list[Any]:
    """(key, path, ref_key) rows of current records that refer to any of `keys`."""
    wanted = list(dict.fromkeys(keys))
    out: list[Any] = []
    for i in range(0, len(wanted), _CHUNK):
        out.extend(
            conn.execute(
                select(t.record_refs).where(t.record_refs.c.ref_key.in_(wanted[i : i + _CHUNK]))
            )
        )
    return out


def refs_from(conn: Connection, keys: Iterable[str]) -> list[Any]:
    """(key, path, ref_key) rows of the references made by `keys`."""
    wanted = list(dict.fromkeys(keys))
    out: list[Any] = []
    for i in range(0, len(wanted), _CHUNK):
        out.extend(
            conn.execute(
                select(t.record_refs).where(t.record_refs.c.key.in_(wanted[i : i + _CHUNK]))
            )
        )
    return out


def subject_versions(
    conn: Connection, subject_key: str, record_type: str, known_at: str | None = None
) -> list[Any]:
    """The latest version of each record about `subject_key`, as the ledger knew it at `known_at`.

    Records whose latest known version is a retraction are left out.
    """
    v = t.record_versions
    cond = [v.c.record_type == record_type]
    if known_at is not None:
        cond.append(v.c.recorded_at <= known_at)
    keys_about = (
        select(v.c.record_key)
        .where(v.c.subject_key == subject_key, v.c.record_type == record_type)
        .distinct()
    )
    latest = (
        select(v.c.record_key, func.max(v.c.version).label("version"))
        .where(v.c.record_key.in_(keys_about), *cond)
        .group_by(v.c.record_key)
        .subquery()
    )
    rows = conn.execute(
        select(v)
        .join(latest, and_(v.c.record_key == latest.c.record_key, v.c.version == latest.c.version))
        .order_by(v.c.position)
    )
    return [r for r in rows if r.op != "retract" and r.subject_key == subject_key]


def find_by_terms(
    conn: Connection, words: Sequence[str], types: Sequence[str] | None = None, limit: int = 50
) -> list[Any]:
    """Records with a name containing every word as a word prefix (folded words)."""
    s = t.search_terms
    cond = [s.c.term.like(f"% {_escape(w)}%", escape="\\") for w in words]
    stmt = select(s.c.key, s.c.record_type, s.c.term).where(*cond)
    if types:
        stmt = stmt.where(s.c.record_type.in_(list(types)))
    return list(conn.execute(stmt.order_by(s.c.record_type, s.c.key).limit(limit * 4)))


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def active_keys_starting(conn: Connection, prefix: str) -> list[str]:
    """The keys of current records that begin with `prefix`, in key order."""
    r = t.records
    stmt = select(r.c.key).where(
        r.c.key.like(f"{_escape(prefix)}%", escape="\\"), r.c.status == "active"
    )
    return [row.key for row in conn.execute(stmt.order_by(r.c.key))]


def find_records_by_key_prefix(conn: Connection, text: str, limit: int = 20) -> list[Any]:
    """Records whose key contains `text`."""
    return list(
        conn.execute(
            select(t.records)
            .where(
                or_(
                    t.records.c.key == text, t.records.c.key.like(f"%{_escape(text)}%", escape="\\")
                )
            )
            .limit(limit)
        )
    )


def history(conn: Connection, key: str) -> list[Any]:
    """Every entry that touched `key`, oldest first."""
    return list(
        conn.execute(
            select(t.entries).where(t.entries.c.record_key == key).order_by(t.entries.c.position)
        )
    )


def head_row(conn: Connection) -> Any:
    """The stored head row."""
    return conn.execute(select(t.head).where(t.head.c.id == 1)).first()


def entries_between(conn: Connection, start: int, end: int, chunk: int = 2000) -> Iterator[Any]:
    """Entries with start <= position < end, in order, fetched in chunks."""
    pos = start
    while pos < end:
        rows = list(
            conn.execute(
                select(t.entries)
                .where(t.entries.c.position >= pos, t.entries.c.position < end)
                .order_by(t.entries.c.position)
                .limit(chunk)
            )
        )
        if not rows:
            return
        yield from rows
        pos = int(rows[-1].position) + 1


def all_entries(conn: Connection, chunk: int = 2000) -> Iterator[Any]:
    """Every stored entry row in position order (gaps and extras included)."""
    last = -1
    while True:
        rows = list(
            conn.execute(
                select(t.entries)
                .where(t.entries.c.position > last)
                .order_by(t.entries.c.position)
                .limit(chunk)
            )
        )
        if not rows:
            return
        yield from rows
        last = int(rows[-1].position)


def leaf_hashes(conn: Connection, size: int) -> list[bytes]:
    """Stored leaf hashes of entries 0..size-1."""
    rows = conn.execute(
        select(t.entries.c.leaf_hash)
        .where(t.entries.c.position < size)
        .order_by(t.entries.c.position)
    )
    return [bytes.fromhex(r.leaf_hash) for r in rows]


def entry_at(conn: Connection, position: int) -> Any:
    """The entry at `position`, or None."""
    return conn.execute(select(t.entries).where(t.entries.c.position == position)).first()


def stream_records(
    conn: Connection, *, active_only: bool = True, chunk: int = 2000
) -> Iterator[Any]:
    """Current records in key order, fetched in chunks (keyset pagination)."""
    last = ""
    while True:
        stmt = select(t.records).where(t.records.c.key > last)
        if active_only:
            stmt = stmt.where(t.records.c.status == "active")
        rows = list(conn.execute(stmt.order_by(t.records.c.key).limit(chunk)))
        if not rows:
            return
        yield from rows
        last = rows[-1].key


def stream_table(
    conn: Connection, table: str, order: Sequence[str], chunk: int = 5000
) -> Iterator[Any]:
    """Every row of a table in the order of its single-column key `order` (keyset pages)."""
    tbl = t.metadata.tables[table]
    (column,) = order
    col = tbl.c[column]
    last: Any = None
    while True:
        stmt = select(tbl).order_by(col).limit(chunk)
        if last is not None:
            stmt = stmt.where(col > last)
        rows = list(conn.execute(stmt))
        if not rows:
            return
        yield from rows
        last = getattr(rows[-1], column)


def record_counts(
    conn: Connection, levels: Iterable[str] | None = None
) -> dict[str, dict[str, int]]:
    """type -> {status: count} (of the records of `levels` of sensitivity; None: all)."""
    out: dict[str, dict[str, int]] = {}
    stmt = select(t.records.c.record_type, t.records.c.status, func.count()).group_by(
        t.records.c.record_type, t.records.c.status
    )
    if levels is not None:
        stmt = stmt.where(t.records.c.sensitivity.in_(list(levels)))
    rows = conn.execute(stmt)
    for rtype, status, n in rows:
        out.setdefault(rtype, {})[status] = int(n)
    return out


def body(row: Any) -> dict[str, Any]:
    """A projection row's record as JSON data."""
    return dict(json.loads(row.body)) if row.body else {}


def entries_at(conn: Connection, positions: Sequence[int]) -> dict[int, Any]:
    """Entries by position."""
    out: dict[int, Any] = {}
    wanted = list(dict.fromkeys(positions))
    for i in range(0, len(wanted), _CHUNK):
        rows = conn.execute(
            select(t.entries).where(t.entries.c.position.in_(wanted[i : i + _CHUNK]))
        )
        out.update({int(r.position): r for r in rows})
    return out


def terms_of(conn: Connection, keys: Sequence[str]) -> list[Any]:
    """Stored search terms of `keys`."""
    out: list[Any] = []
    for i in range(0, len(keys), _CHUNK):
        out.extend(
            conn.execute(
                select(t.search_terms).where(t.search_terms.c.key.in_(list(keys[i : i + _CHUNK])))
            )
        )
    return out


def table_count(conn: Connection, table: str) -> int:
    """Rows in a table."""
    tbl = t.metadata.tables[table]
    return int(conn.execute(select(func.count()).select_from(tbl)).scalar_one())


def records_about(conn: Connection, subjects: Sequence[str], record_type: str) -> list[Any]:
    """Current active records of `record_type` whose subject is one of `subjects`."""
    out: list[Any] = []
    wanted = list(dict.fromkeys(subjects))
    for i in range(0, len(wanted), _CHUNK):
        out.extend(
            conn.execute(
                select(t.records)
                .where(
                    t.records.c.subject_key.in_(wanted[i : i + _CHUNK]),
                    t.records.c.record_type == record_type,
                    t.records.c.status == "active",
                )
                .order_by(t.records.c.position)
            )
        )
    return out


def subjects_of_referrers(conn: Connection, key: str, record_type: str) -> list[str]:
    """Subjects of current records of `record_type` that refer to `key`."""
    rows = conn.execute(
        select(t.records.c.subject_key)
        .distinct()
        .join(t.record_refs, t.record_refs.c.key == t.records.c.key)
        .where(
            t.record_refs.c.ref_key == key,
            t.records.c.record_type == record_type,
            t.records.c.status == "active",
        )
    )
    return [r.subject_key for r in rows if r.subject_key]


def count_flag(conn: Connection, column: str, levels: Iterable[str] | None = None) -> int:
    """Active records with a true flag column (unsourced, synthetic), of `levels` of
    sensitivity (None: all)."""
    stmt = (
        select(func.count())
        .select_from(t.records)
        .where(t.records.c[column].is_(True), t.records.c.status == "active")
    )
    if levels is not None:
        stmt = stmt.where(t.records.c.sensitivity.in_(list(levels)))
    return int(conn.execute(stmt).scalar_one())
