"""Search across people, facilities, cases, sources and actors by name."""

from __future__ import annotations

from typing import Any

from habeas.services.lookup import find
from habeas.storage.store import Store

__all__ = ["SEARCH_TYPES", "search"]

SEARCH_TYPES = ("person", "facility", "case", "source", "actor", "transfer", "court")


def search(
    store: Store, text: str, *, types: tuple[str, ...] = SEARCH_TYPES, limit: int = 50
) -> list[dict[str, Any]]:
    """Records whose names contain every word of `text` (case and accents ignored)."""
    with store.read() as conn:
        found = find(conn, text, list(types), limit)
    order = {t: i for i, t in enumerate(types)}
    found.sort(key=lambda f: (order.get(f.type, 99), f.record.synthetic, f.label))
    return [
        {
            "key": f.key,
            "type": f.type,
            "label": f.label,
            "synthetic": f.record.synthetic,
            "unsourced": f.record.unsourced,
        }
        for f in found
    ]
