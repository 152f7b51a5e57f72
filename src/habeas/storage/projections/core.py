"""The four core projections: current records, every version, references, search names.

Each is derived from the log alone (`project_entry` makes one entry's rows), registered in
`habeas.storage.projections`, written by the writer and rebuilt and compared by verify.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from habeas.domain.base import Record
from habeas.domain.registry import parse_record
from habeas.domain.text import fold
from habeas.ledger.canonical import canonical_text
from habeas.ledger.entry import Entry
from habeas.storage import tables as t
from habeas.storage.projections.registry import (
    Batch,
    EntryProjection,
    KeyedProjection,
    Projected,
)

__all__ = [
    "RECORDS",
    "RECORD_REFS",
    "RECORD_VERSIONS",
    "SEARCH_TERMS",
    "EntryRows",
    "project_entry",
    "record_from_row",
]


@dataclass(frozen=True)
class EntryRows:
    """The rows one entry contributes to the core projection tables."""

    version_row: dict[str, Any]
    record_row: dict[str, Any]
    refs: list[dict[str, Any]]
    terms: list[dict[str, Any]]


def _valid(record: Record | None) -> tuple[str | None, str | None]:
    when = record.when() if record is not None else None
    if when is None:
        return None, None
    start = when.start_utc().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return start, when.local_date().isoformat()


def project_entry(
    entry: Entry, first_recorded_at: str | None = None, record: Record | None = None
) -> EntryRows:
    """The projection rows for `entry`; pass `record` when it is already parsed."""
    if record is None and entry.record is not None:
        record = parse_record(entry.record)
    body = canonical_text(entry.record) if entry.record is not None else None
    valid_start, valid_date = _valid(record)
    subject = record.subject() if record is not None else None
    version_row = {
        "position": entry.position,
        "record_key": entry.record_key,
        "version": entry.version,
        "op": entry.op,
        "record_type": entry.record_type,
        "recorded_at": entry.recorded_at,
        "body": body,
        "subject_key": subject,
        "valid_start": valid_start,
        "valid_date": valid_date,
    }
    record_row = {
        "key": entry.record_key,
        "record_type": entry.record_type,
        "version": entry.version,
        "position": entry.position,
        "status": "retracted" if entry.op == "retract" else "active",
        "body": body,
        "label": record.label() if record is not None else entry.record_key,
        "recorded_at": entry.recorded_at,
        "first_recorded_at": first_recorded_at or entry.recorded_at,
        "subject_key": subject,
        "valid_start": valid_start,
        "valid_date": valid_date,
        "unsourced": bool(record.unsourced) if record is not None else False,
        "synthetic": bool(record.synthetic) if record is not None else False,
        "sensitivity": record.sensitivity if record is not None else "public",
    }
    refs: list[dict[str, Any]] = []
    terms: list[dict[str, Any]] = []
    if record is not None:
        refs = [
            {"key": entry.record_key, "path": path, "ref_key": ref}
            for path, ref, _types in record.references()
        ]
        seen: set[str] = set()
        for name in record.names():
            folded = fold(name)
            if folded and folded not in seen:
                seen.add(folded)
                terms.append(
                    {
                        "key": entry.record_key,
                        "term": f" {folded} "[:500],
                        "record_type": entry.record_type,
                    }
                )
    return EntryRows(version_row, record_row, refs, terms)


def record_from_row(body: str | None) -> Record | None:
    """The record stored in a projection row's body."""
    return parse_record(json.loads(body)) if body else None


def _rows(item: Projected) -> EntryRows:
    rows = item.memo.get("core")
    if rows is None:
        rows = item.memo["core"] = project_entry(item.entry, item.first_recorded_at, item.record)
    assert isinstance(rows, EntryRows)
    return rows


@dataclass(frozen=True)
class _Records(KeyedProjection):
    """`records`: one row per key, its current version; upserted (a retracted record keeps
    its row, with status 'retracted'), keeping the first time it was recorded."""

    def project(self, conn: Connection, batch: Batch) -> None:
        rows = [_rows(item).record_row for item in batch.latest()]
        if not rows:
            return
        dialect = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        stmt = dialect(t.records)
        keep = ("key", "first_recorded_at")
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.records.c.key],
            set_={c.name: stmt.excluded[c.name] for c in t.records.columns if c.name not in keep},
        )
        conn.execute(stmt, rows)


RECORDS = _Records(t.records, "key", lambda item: [_rows(item).record_row])
"""Current records: one row per key."""

RECORD_VERSIONS = EntryProjection(
    t.record_versions, "position", lambda item: [_rows(item).version_row]
)
"""Every version of every record: one row per record entry."""

RECORD_REFS = KeyedProjection(t.record_refs, "key", lambda item: _rows(item).refs)
"""What each current record refers to, by field."""

SEARCH_TERMS = KeyedProjection(t.search_terms, "key", lambda item: _rows(item).terms)
"""The names each current record is found by."""
