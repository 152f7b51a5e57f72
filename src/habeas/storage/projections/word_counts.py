"""The word counts projection (table `word_counts` in `habeas.storage.name_key_tables`):
how many name_keys rows bear each word, per part of the name, record type and sensitivity.

Kept on each append by the difference a batch makes: the name_keys rows its corrected and
retracted records had (read by key before the name keys projection replaces them, so this
one is registered before it) are taken off, those of their current versions added; a count
that falls to 0 is deleted. Verify rebuilds the counts from the current records and
compares them, row by row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from habeas.domain.errors import LedgerCorrupt
from habeas.storage.name_key_tables import name_keys, word_counts
from habeas.storage.projections.name_keys import item_name_key_rows
from habeas.storage.projections.registry import (
    CHUNK,
    Batch,
    LogState,
    Projected,
    Verifier,
    differs,
)

__all__ = ["WORD_COUNTS", "WordCounts", "backfill_word_counts", "count_rows_of"]

Counted = tuple[str, str, str, str]
"""(word, record_type, sensitivity, role): the key of one count."""


def count_rows_of(rows: Iterable[Mapping[str, Any]]) -> Counter[Counted]:
    """The counts some name_keys rows make."""
    return Counter((r["word"], r["record_type"], r["sensitivity"], r["role"]) for r in rows)


def _old_rows(conn: Connection, keys: Sequence[str]) -> Counter[Counted]:
    n = name_keys
    out: Counter[Counted] = Counter()
    for i in range(0, len(keys), CHUNK):
        stmt = select(n.c.word, n.c.record_type, n.c.sensitivity, n.c.role).where(
            n.c.key.in_(keys[i : i + CHUNK])
        )
        out.update(tuple(r) for r in conn.execute(stmt))
    return out


def _add(conn: Connection, change: Mapping[Counted, int]) -> None:
    """Add each change to its count (a new count from 0), then drop the counts at 0."""
    c = word_counts
    rows = [
        {"word": w, "record_type": t, "sensitivity": s, "role": r, "names": d}
        for (w, t, s, r), d in sorted(change.items())
        if d
    ]
    if not rows:
        return
    upsert: Any = pg_insert(c) if conn.dialect.name == "postgresql" else sqlite_insert(c)
    upsert = upsert.on_conflict_do_update(
        index_elements=[c.c.word, c.c.record_type, c.c.sensitivity, c.c.role],
        set_={"names": c.c.names + upsert.excluded.names},
    )
    conn.execute(upsert, rows)
    fell = [k for k, d in change.items() if d < 0]
    key = tuple_(c.c.word, c.c.record_type, c.c.sensitivity, c.c.role)
    for i in range(0, len(fell), CHUNK):
        conn.execute(delete(c).where(key.in_(fell[i : i + CHUNK]), c.c.names <= 0))


class WordCounts:
    """The registered projection (see the module)."""

    name = "word_counts"
    tables: tuple[Table, ...] = (word_counts,)

    def project(self, conn: Connection, batch: Batch) -> None:
        latest = batch.latest()
        replaced = [i.key for i in latest if i.key in batch.replaced]
        change: Counter[Counted] = Counter()
        change.subtract(_old_rows(conn, replaced))
        for item in latest:
            change.update(count_rows_of(item_name_key_rows(item)))
        _add(conn, change)

    def verifier(self, conn: Connection, log: LogState) -> Verifier:
        return _CountVerifier(conn)


class _CountVerifier(Verifier):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.want: Counter[Counted] = Counter()

    def current(self, items: Sequence[Projected]) -> None:
        for item in items:
            self.want.update(count_rows_of(item_name_key_rows(item)))

    def finish(self) -> int:
        c = word_counts
        stmt = select(c.c.word, c.c.record_type, c.c.sensitivity, c.c.role, c.c.names)
        stored = [tuple(r) for r in self.conn.execute(stmt)]
        want = [(*k, n) for k, n in self.want.items() if n]
        wrong = differs(stored, want)
        if wrong:
            raise LedgerCorrupt(f"word_counts do not match the log: {wrong}")
        return len(want)


WORD_COUNTS = WordCounts()
"""How many names bear each word (forgiving search's rarest words, linking's word shares)."""


def backfill_word_counts(conn: Connection) -> int:
    """Fill word_counts from the name_keys rows (the migration that adds it does so: the
    name keys are the projection of the current records); counts written."""
    n = name_keys
    group = (n.c.word, n.c.record_type, n.c.sensitivity, n.c.role)
    rows = select(*group, func.count()).group_by(*group)
    cols = ["word", "record_type", "sensitivity", "role", "names"]
    result = conn.execute(insert(word_counts).from_select(cols, rows))
    return int(result.rowcount or 0)
