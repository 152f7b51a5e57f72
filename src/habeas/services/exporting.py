"""Exporting the current state as a bundle that re-imports to the same state."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import IO, Any

from habeas import __version__
from habeas.ingest.bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from habeas.storage import queries
from habeas.storage.store import Store

__all__ = ["export_bundle", "ordered_record"]

_FIRST = ("type", "key")
_LAST = ("sources", "unsourced", "sensitivity", "synthetic", "note")


def ordered_record(data: dict[str, Any]) -> dict[str, Any]:
    """type and key first, the record's own fields next, sources and flags last."""
    out = {k: data[k] for k in _FIRST if k in data}
    out.update({k: v for k, v in data.items() if k not in _FIRST and k not in _LAST})
    out.update({k: data[k] for k in _LAST if k in data})
    return out


def export_bundle(
    store: Store,
    out: IO[str],
    *,
    title: str | None = None,
    on_record: Callable[[], None] | None = None,
) -> int:
    """Write every active record as a bundle (header first); return the record count."""
    n = 0
    with store.read() as conn:
        head = queries.head_row(conn)
        header = {
            "type": "bundle",
            "format": BUNDLE_FORMAT,
            "version": BUNDLE_VERSION,
            "title": title or "habeas export",
            "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "exported_by": f"habeas {__version__}",
            "ledger": {"size": int(head.size), "root": head.root} if head else None,
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for row in queries.stream_records(conn):
            data = json.loads(row.body)
            out.write(json.dumps(ordered_record(data), ensure_ascii=False) + "\n")
            n += 1
            if on_record:
                on_record()
    return n
