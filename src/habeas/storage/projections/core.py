"""From a log entry to the projection rows it makes: one function, used on append and verify.

The projections (current records, every version, references, search names) are derived
from the log alone, so `habeas verify` can rebuild them and compare.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from habeas.domain.base import Record
from habeas.domain.registry import parse_record
from habeas.domain.text import fold
from habeas.ledger.canonical import canonical_text
from habeas.ledger.entry import Entry

__all__ = ["Projection", "project_entry", "record_from_row"]


@dataclass(frozen=True)
class Projection:
    """The rows one entry contributes to the projection tables."""

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
) -> Projection:
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
    return Projection(version_row, record_row, refs, terms)


def record_from_row(body: str | None) -> Record | None:
    """The record stored in a projection row's body."""
    return parse_record(json.loads(body)) if body else None
