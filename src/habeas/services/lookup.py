"""Finding a record by key or by name, forgiving of case, accents and word order."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from habeas.domain.base import Record, is_key
from habeas.domain.errors import Ambiguous, NotFound
from habeas.domain.text import tokens
from habeas.services.name_search import rank_names
from habeas.storage import queries
from habeas.storage.name_index import find_names
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection

__all__ = ["CLOSEST", "Found", "choose_one", "find", "find_closest", "resolve"]

CLOSEST = 0.05
"""How far below the best forgiving match another is still offered to choose from."""


class Found:
    """A record found by a lookup, with its projection row."""

    def __init__(self, row: Any) -> None:
        self.row = row
        self.key: str = row.key
        self.type: str = row.record_type
        self.label: str = row.label
        record = record_from_row(row.body)
        assert record is not None
        self.record: Record = record


def find(
    conn: Connection,
    text: str,
    types: Sequence[str] | None = None,
    limit: int = 50,
    *,
    levels: Collection[str] | None = None,
) -> list[Found]:
    """Active records whose key is `text` or whose names contain every word of `text` (each
    word the start of a word of one name), best first: a name equal to `text`, then one
    that starts with it, then by relevance (`habeas.storage.name_index`). With `levels`,
    only records of those sensitivity levels, filtered before the limit."""
    if is_key(text):
        rows = queries.get_records(conn, [text])
        row = rows.get(text)
        if (
            row is not None
            and row.status == "active"
            and (not types or row.record_type in types)
            and (levels is None or row.sensitivity in levels)
        ):
            return [Found(row)]
    words = tokens(text)
    if not words:
        return []
    keys = find_names(conn, words, types, levels, limit)
    return _found(conn, keys)


def _found(conn: Connection, keys: list[str]) -> list[Found]:
    rows = queries.get_records(conn, keys)
    return [Found(rows[k]) for k in keys if k in rows and rows[k].status == "active"]


def find_closest(
    conn: Connection,
    text: str,
    types: Sequence[str] | None = None,
    limit: int = 50,
    *,
    levels: Collection[str] | None = None,
) -> list[Found]:
    """The records whose names match every word of `text` forgivingly
    (`habeas.services.name_search`: typos, sounds alike, initials) and score within
    CLOSEST of the best, best first; of `levels` (None: all), filtered in SQL."""
    ranked = [
        r
        for r in rank_names(conn, text, types=types, levels=levels, limit=limit)
        if not r.score.unmatched  # one record is meant: each word of it must match
    ]
    top = ranked[0].score.score if ranked else 0.0
    return _found(conn, [r.key for r in ranked if r.score.score >= top - CLOSEST])


def resolve(conn: Connection, text: str, types: Sequence[str], what: str) -> Found:
    """Exactly one record of `types` matching `text` (`find`; when no name holds every
    word, `find_closest`), or NotFound / Ambiguous."""
    found = find(conn, text, types) or find_closest(conn, text, types)
    return choose_one(found, text, types, what)


def choose_one(found: list[Found], text: str, types: Sequence[str], what: str) -> Found:
    """The one record a name means among `found`, or NotFound / Ambiguous.

    Ties are broken, in order, by: a name equal to the text; the first of `types` that has
    exactly one match; the only real (not synthetic) record.
    """
    if not found:
        raise NotFound(f"no {what} matches {text!r}")
    if len(found) == 1:
        return found[0]
    exact = [f for f in found if tokens(f.label) == tokens(text)]
    if len(exact) == 1:
        return exact[0]
    for rtype in types:  # the first type asked for wins when it alone has one match
        of_type = [f for f in found if f.type == rtype]
        if len(of_type) == 1:
            return of_type[0]
        if of_type:
            break
    real = [f for f in found if not f.record.synthetic]
    if len(real) == 1:
        return real[0]
    names = [f"{f.key} ({f.label})" for f in found[:10]]
    raise Ambiguous(f"{len(found)} records match {text!r}; use a key", names)
