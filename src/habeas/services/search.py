"""Search across people, facilities, cases, sources and actors by name."""

from __future__ import annotations

from typing import Any

from habeas.domain.access import Principal
from habeas.services.visibility import Visibility
from habeas.storage.store import Store

__all__ = ["SEARCH_TYPES", "search"]

SEARCH_TYPES = ("person", "facility", "case", "source", "actor", "transfer", "court")


def search(
    store: Store,
    text: str,
    *,
    types: tuple[str, ...] = SEARCH_TYPES,
    limit: int = 50,
    principal: Principal,
) -> list[dict[str, Any]]:
    """Records whose names contain every word of `text` (case and accents ignored; each
    word the start of a word of one name), ranked (`habeas.services.lookup.find`), of
    those `principal` may see (the local operator, LOCAL_OPERATOR, sees everything). Names only
    are searched: never identifiers, addresses or contacts."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        found = vis.find(conn, text, list(types), limit)
    vis.saw(f.key for f in found if f.row.sensitivity == "confidential")
    vis.audit(store, "search")
    # Grouped by type (in the order asked for), real records first, and within that in
    # the index's rank: a name equal to the text, then one that starts with it, then the rest.
    order = {t: i for i, t in enumerate(types)}
    rank = {f.key: i for i, f in enumerate(found)}
    found.sort(key=lambda f: (order.get(f.type, 99), f.record.synthetic, rank[f.key]))
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
