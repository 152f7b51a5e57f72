"""Listing records a page at a time: by type, by words of their names, real or synthetic.

Pages are keyset pages on the record key (stable under concurrent appends: a page never
repeats or skips a record that existed when the listing began). `after` is the last key of the
previous page; `RecordPage.next_after` is None on the last page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from habeas.domain.text import tokens
from habeas.storage.listing_queries import page_of_records
from habeas.storage.store import Store

__all__ = ["RecordPage", "RecordSummary", "list_records"]


@dataclass(frozen=True)
class RecordSummary:
    """One line of a listing."""

    key: str
    type: str
    label: str
    version: int
    status: str
    recorded_at: str
    first_recorded_at: str
    synthetic: bool
    unsourced: bool

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "key": self.key,
            "type": self.type,
            "label": self.label,
            "version": self.version,
            "status": self.status,
            "recorded_at": self.recorded_at,
            "first_recorded_at": self.first_recorded_at,
            "synthetic": self.synthetic,
            "unsourced": self.unsourced,
        }


@dataclass(frozen=True)
class RecordPage:
    """One page of a listing and where the next one starts."""

    items: list[RecordSummary]
    next_after: str | None


def list_records(
    store: Store,
    *,
    record_type: str | None = None,
    text: str | None = None,
    after: str | None = None,
    limit: int = 50,
    synthetic: bool | None = None,
    status: str | None = "active",
) -> RecordPage:
    """Up to `limit` records in key order after the key `after`.

    `text`: every word must begin a word of one of the record's names (case and accents
    ignored); `status`: "active" (default), "retracted", or None for both.
    """
    words = tokens(text) if text else []
    with store.read() as conn:
        rows = page_of_records(
            conn,
            limit=limit + 1,
            after=after,
            record_type=record_type,
            words=words,
            synthetic=synthetic,
            status=status,
        )
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        RecordSummary(
            row.key,
            row.record_type,
            row.label,
            int(row.version),
            row.status,
            row.recorded_at,
            row.first_recorded_at,
            bool(row.synthetic),
            bool(row.unsourced),
        )
        for row in rows
    ]
    return RecordPage(items, rows[-1].key if more and rows else None)
