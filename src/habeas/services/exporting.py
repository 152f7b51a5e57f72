"""Exporting the current state as a bundle that re-imports to the same state."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import IO, Any

from habeas import __version__
from habeas.domain.access import Principal
from habeas.domain.registry import canonical_record
from habeas.ingest.bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from habeas.services.visibility import Visibility
from habeas.storage import queries
from habeas.storage.projections import record_from_row
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
    principal: Principal,
) -> int:
    """Write every active record as a bundle (header first); return the record count.

    With a `principal`, only what it may see is written, redacted (the header says
    `redacted_for`); such a bundle is for reading, and may not import (a reference to a
    withheld record is dangling). LOCAL_OPERATOR: everything, unredacted."""
    vis = Visibility.of(store, principal)
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
        if not vis.full:
            header["redacted_for"] = vis.role
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for data in _visible_records(conn, vis):
            out.write(json.dumps(ordered_record(data), ensure_ascii=False) + "\n")
            n += 1
            if on_record:
                on_record()
    vis.audit(store, "export")
    return n


def _visible_records(conn: Any, vis: Visibility, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Each active record's JSON, as `vis` may see it (withheld records left out)."""
    rows = queries.stream_records(conn)
    if vis.full:
        yield from (json.loads(row.body) for row in rows)
        return
    while batch := list(islice(rows, chunk)):
        records = [record_from_row(row.body) for row in batch if vis.sees_row(row)]
        for shown in vis.show_all(conn, [r for r in records if r is not None]):
            yield canonical_record(shown)
