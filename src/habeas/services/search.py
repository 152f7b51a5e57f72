"""Search across people, facilities, cases, sources and actors by name: the one search
that the public family look-up, the staff search page, the API and the CLI all call.

It forgives typos, spellings that sound alike in Spanish and Portuguese, accents, a
swapped order, particles, married names and initials (`habeas.services.name_search`;
how, in docs/search.md). Results are ranked, best first, and each says why it matched:
"matched: surname, given name ~ Kilmer". Only what the principal may see is searched:
the clearance is applied in the query, before the limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.base import is_key
from habeas.domain.name_search import query_words
from habeas.services.name_search import rank_names
from habeas.services.visibility import Visibility
from habeas.storage import merge_queries, queries
from habeas.storage.store import Connection, Store

__all__ = ["SEARCH_TYPES", "SearchAnswer", "forgiving_search", "search"]

SEARCH_TYPES = ("person", "facility", "case", "source", "actor", "transfer", "court")


@dataclass(frozen=True)
class SearchAnswer:
    """The results of a search, best first, and the query's words no result matched."""

    results: list[dict[str, Any]]
    unmatched: list[str] = field(default_factory=list)


def _result(
    row: Any, score: float, matched: str, name: str, why: list[tuple[str, str, str]]
) -> dict[str, Any]:
    """One result (its sensitivity only for the audit, taken off before it is returned)."""
    return {
        "sensitivity": row.sensitivity,
        "key": row.key,
        "type": row.record_type,
        "label": row.label,
        "synthetic": bool(row.synthetic),
        "unsourced": bool(row.unsourced),
        "score": round(score, 3),
        "matched": matched,
        "name": name,
        "why": [{"kind": k, "part": p, "query": q} for k, p, q in why],
    }


def _as_survivors(
    conn: Connection, vis: Visibility, results: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each person merged into another (by a merge the reader may see) answers as the person
    it was merged into, with the name it matched by: one person, however many records."""
    roots = merge_queries.resolve_people(
        conn, [h["key"] for h in results if h["type"] == "person"], vis.merge_levels
    )
    moved = {k: root for k, root in roots.items() if root != k}
    if not moved:
        return results
    rows = queries.get_records(conn, set(moved.values()))
    out: list[dict[str, Any]] = []
    for h in results:
        root = moved.get(h["key"])
        if root is None:
            out.append(h)
            continue
        row = rows.get(root)
        if row is None or row.status != "active" or not (vis.full or vis.sees_row(row)):
            continue  # the person it answers as is not to be shown: neither is it
        out.append(_result(row, h["score"], h["matched"], h["name"], []) | {"why": h["why"]})
    return out


def forgiving_search(
    store: Store,
    text: str,
    *,
    types: tuple[str, ...] = SEARCH_TYPES,
    limit: int = 50,
    principal: Principal,
) -> SearchAnswer:
    """Records of `types` whose key is `text` or whose names match it forgivingly, of
    those `principal` may see (the local operator, LOCAL_OPERATOR, sees everything), best
    first (ties: the order of `types`, real records before synthetic, by label), at most
    `limit`. Names only are searched: never identifiers, addresses or contacts."""
    vis = Visibility.of(store, principal)
    levels = None if vis.full or vis.sees_everything else sorted(vis.clearance)
    order = {t: i for i, t in enumerate(types)}
    with store.read() as conn:
        results: list[dict[str, Any]] = []
        if is_key(text.strip()):
            row = queries.get_records(conn, [text.strip()]).get(text.strip())
            if (
                row is not None
                and row.status == "active"
                and row.record_type in types
                and (levels is None or row.sensitivity in levels)
            ):
                results.append(_result(row, 2.0, "matched: key", row.label, [("key", "key", "")]))
        ranked = rank_names(conn, text, types=types, levels=levels, limit=limit)
        rows = queries.get_records(conn, [r.key for r in ranked])
        shown = {r["key"] for r in results}
        for r in ranked:
            row = rows.get(r.key)
            if row is None or row.status != "active" or r.key in shown:
                continue
            if not vis.full and not vis.sees_row(row):
                continue  # the index and the record disagree: fail closed
            results.append(_result(row, r.score.score, r.score.explain(), r.name, r.score.parts()))
        results = _as_survivors(conn, vis, results)
    results.sort(key=lambda h: (-h["score"], order.get(h["type"], 99), h["synthetic"], h["label"]))
    once: dict[str, dict[str, Any]] = {}
    for h in results:  # a person found by several merged records: its best match only
        once.setdefault(h["key"], h)
    results = list(once.values())[:limit]
    confidential = [h["key"] for h in results if h.pop("sensitivity") == "confidential"]
    vis.saw(confidential)
    vis.audit(store, "search")
    kept = {h["key"] for h in results}
    matched_words = {m.query.word for r in ranked if r.key in kept for m in r.score.matches}
    unmatched = [q.written for q in query_words(text) if q.word not in matched_words]
    if not results:
        unmatched = [q.written for q in query_words(text)]
    return SearchAnswer(results, unmatched)


def search(
    store: Store,
    text: str,
    *,
    types: tuple[str, ...] = SEARCH_TYPES,
    limit: int = 50,
    principal: Principal,
) -> list[dict[str, Any]]:
    """The results of `forgiving_search`: each with its key, type, label, whether it is
    synthetic or unsourced, its score, what matched ("matched: surname, given name ~
    Kilmer"), the same as parts to translate ("why": kind, part of the name, the query's
    word), and the name it matched by."""
    return forgiving_search(store, text, types=types, limit=limit, principal=principal).results
