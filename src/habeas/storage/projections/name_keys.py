"""The name keys projection (table in `habeas.storage.name_key_tables`): every significant
word of every name of each current record, with its phonetic key and its part of the name.

A `KeyedProjection`: the rows depend only on the record's current version (a correction or
retraction replaces them), and verify rebuilds and compares them.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, insert

from habeas.domain.base import Record
from habeas.domain.names import NameRole, name_tokens, parse_name
from habeas.domain.people import Person
from habeas.domain.phonetics import phonetic_key
from habeas.domain.text import fold
from habeas.storage.name_key_tables import name_keys
from habeas.storage.projections.indexes import active_batches
from habeas.storage.projections.registry import KeyedProjection, Projected

__all__ = [
    "NAME_KEYS",
    "backfill_name_keys",
    "item_name_key_rows",
    "name_key_rows",
    "name_words",
]

_WORD = re.compile(r"\w+")
_MAX = 60


def name_words(record: Record) -> list[list[tuple[str, str, str]]]:
    """For each name of `record` (Record.names(), in order; [] for a name already seen):
    its significant words as (folded word, role, word as written)."""
    given: set[str] = set()
    family: set[str] = set()
    is_person = isinstance(record, Person)
    if isinstance(record, Person):
        given = set(name_tokens(record.given_names or ""))
        family = set(name_tokens(record.surnames or ""))
    out: list[list[tuple[str, str, str]]] = []
    seen: set[str] = set()
    for name in record.names():
        folded = fold(name)
        if not folded or folded in seen:
            out.append([])
            continue
        seen.add(folded)
        written = {fold(w): w for w in reversed(_WORD.findall(name))}
        words: list[tuple[str, str, str]] = []
        if is_person:
            for word, role in parse_name(name).words():
                known: NameRole = role
                if word in family and role != "married":
                    known = "surname"
                elif word in given:
                    known = "given"
                words.append((word, known, written.get(word, word)))
        else:
            words = [(w, "name", written.get(w, w)) for w in name_tokens(name)]
        out.append(words)
    return out


def name_key_rows(key: str, record_type: str, record: Record | None) -> list[dict[str, Any]]:
    """The name_keys rows of one current record (none when retracted)."""
    if record is None:
        return []
    rows: list[dict[str, Any]] = []
    for name_no, words in enumerate(name_words(record)):
        for position, (word, role, written) in enumerate(words):
            w = word[:_MAX]
            rows.append(
                {
                    "key": key,
                    "name_no": name_no,
                    "position": position,
                    "word": w,
                    "sound": phonetic_key(w)[:_MAX],
                    "drow": w[::-1],
                    "role": role,
                    "written": written[:_MAX],
                    "record_type": record_type,
                    "sensitivity": record.sensitivity,
                }
            )
    return rows


def item_name_key_rows(item: Projected) -> list[dict[str, Any]]:
    """The name_keys rows of one projected entry, made once (kept in its memo: the word
    counts projection reads them too)."""
    rows = item.memo.get("name_keys")
    if rows is None:
        rows = item.memo["name_keys"] = name_key_rows(item.key, item.entry.record_type, item.record)
    return list(rows)


NAME_KEYS = KeyedProjection(name_keys, "key", item_name_key_rows)
"""The words and phonetic keys of each current record's names (forgiving search)."""


def backfill_name_keys(conn: Connection) -> int:
    """Fill name_keys from the current `records` rows (migration 0010); rows written."""
    written = 0
    for batch in active_batches(conn):
        out = [r for row, record in batch for r in name_key_rows(row.key, row.record_type, record)]
        if out:
            conn.execute(insert(name_keys), out)
        written += len(out)
    return written
