"""A fast fill of the name keys for the search benchmarks: N SYNTHETIC people in minutes.

An ordinary import of a million people writes a million log entries and every projection
(about 2.5 hours on the project's machine). The search reads only the name keys, so the
benchmarks write those alone, and exactly as the projection would:

1. each SYNTHETIC person is the record an import of the bundle line `person_line` would
   validate (`habeas.domain.registry.parse_record`);
2. its rows are the projection's own (`habeas.storage.projections.name_keys.name_key_rows`),
   made once per distinct name and copied with each person's key (the rows depend on the
   key only in the key column);
3. they are bulk-written into a migrated store with its indexes dropped (SQLite:
   `executemany` in one transaction; PostgreSQL: `COPY`), then the indexes are built
   again, the word counts made from them (`word_counts`, as the projection keeps them),
   and the tables analysed (on PostgreSQL `VACUUM ANALYZE`, as autovacuum would do
   soon after: without a visibility map no index-only scan is possible, and a count of
   the bearers of one word reads the heap).

tests/storage/test_name_key_fill.py checks that a filled table equals the one an ordinary
import of the same people writes, so this shortcut cannot drift from the projection.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, delete, func, select, text
from synthetic_names import synthetic_name

from habeas.domain.registry import parse_record
from habeas.storage.name_key_tables import name_keys, word_counts
from habeas.storage.projections.name_keys import name_key_rows
from habeas.storage.projections.word_counts import backfill_word_counts
from habeas.storage.store import Store

__all__ = ["SOURCE", "bulk_fill", "person_line", "synthetic_people"]

SOURCE = {
    "type": "source",
    "key": "source/bench-names",
    "kind": "dataset",
    "title": "Synthetic names for the search benchmarks",
}
"""The one source every synthetic person cites."""

_COLUMNS = [c.name for c in name_keys.columns]
_BATCH = 50_000


def synthetic_people(n: int, seed: int = 11) -> list[tuple[str, str]]:
    """`n` SYNTHETIC people as (key, full name), the same for the same seed."""
    rng = random.Random(seed)
    return [(f"person/syn-{i:07d}", synthetic_name(rng)) for i in range(n)]


def person_line(key: str, name: str) -> dict[str, Any]:
    """The bundle line of one SYNTHETIC person."""
    return {
        "type": "person",
        "key": key,
        "full_name": name,
        "synthetic": True,
        "sources": [{"source": SOURCE["key"]}],
    }


def _rows(people: list[tuple[str, str]]) -> Iterator[tuple[Any, ...]]:
    """The projection's rows of each person, as tuples in the table's column order."""
    made: dict[str, list[dict[str, Any]]] = {}
    for key, name in people:
        template = made.get(name)
        if template is None:
            record = parse_record(person_line(key, name))
            template = made[name] = name_key_rows(key, "person", record)
        for row in template:
            yield tuple(key if c == "key" else row[c] for c in _COLUMNS)


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(conn: Connection, backend: str, rows: Iterator[tuple[Any, ...]]) -> None:
    raw: Any = conn.connection.driver_connection
    names = ", ".join(_COLUMNS)
    if backend == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY name_keys ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in _COLUMNS)
    cur = raw.cursor()
    for batch in _batches(rows):
        cur.executemany(f"INSERT INTO name_keys ({names}) VALUES ({marks})", batch)


def bulk_fill(store: Store, people: list[tuple[str, str]]) -> bool:
    """Write the name keys of `people` (see the module) into the migrated `store`; False
    (nothing written) when it already holds people's name keys (a kept store)."""
    with store.engine.begin() as conn:
        filled = select(func.count()).where(name_keys.c.record_type == "person")
        if conn.execute(filled).scalar_one():
            return False
        for index in name_keys.indexes:
            conn.execute(text(f"DROP INDEX {index.name}"))
        _write(conn, store.backend, _rows(people))
        for index in name_keys.indexes:
            index.create(conn)
        conn.execute(delete(word_counts))  # the counts, as the projection keeps them
        backfill_word_counts(conn)
        if store.backend == "sqlite":
            conn.execute(text("ANALYZE"))
    if store.backend == "postgresql":  # as autovacuum would: statistics, visibility map
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE name_keys, word_counts")
            )
    return True
