"""Listing records a page at a time (by type, by words of their names, real or synthetic),
and one record's view, as a principal may see them.

Pages are keyset pages on the record key (stable under concurrent appends: a page never
repeats or skips a record that existed when the listing began). `after` is the last key of the
previous page; `RecordPage.next_after` is None on the last page. With a principal, records
above its clearance are left out as if they did not exist (`habeas.services.visibility`), and
the confidential ones shown are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.text import tokens
from habeas.services.browse import visible_view
from habeas.services.visibility import Visibility
from habeas.storage.listing_queries import page_of_records
from habeas.storage.projections import record_from_row
from habeas.storage.store import Store

__all__ = ["RecordPage", "RecordSummary", "list_records", "visible_view"]


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
    principal: Principal,
) -> RecordPage:
    """Up to `limit` records in key order after the key `after`.

    `text`: every word must begin a word of one of the record's names (case and accents
    ignored); `status`: "active" (default), "retracted", or None for both. A principal not
    cleared for everything sees only current records within its clearance (so a page may
    hold fewer than `limit`; `next_after` still says where the next one starts).
    """
    vis = Visibility.of(store, principal)
    words = tokens(text) if text else []
    if not vis.full and not vis.sees_everything:
        status = "active"
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
        labels = {row.key: str(row.label) for row in rows}
        if not vis.full:
            records = [r for row in rows if row.body and (r := record_from_row(row.body))]
            hidden = vis.hidden(conn, {k for r in records for _p, k, _t in r.references()})
            shown = {r.key: vis.show(r, hidden) for r in records}
            labels = {k: v.label() for k, v in shown.items() if v is not None} | {
                row.key: labels[row.key] for row in rows if row.status != "active"
            }
            vis.saw(row.key for row in rows if row.sensitivity == "confidential")
    vis.audit(store, "records")
    items = [
        RecordSummary(
            row.key,
            row.record_type,
            labels[row.key],
            int(row.version),
            row.status,
            row.recorded_at,
            row.first_recorded_at,
            bool(row.synthetic),
            bool(row.unsourced),
        )
        for row in rows
        if row.key in labels
    ]
    return RecordPage(items, rows[-1].key if more and rows else None)
