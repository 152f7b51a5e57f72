"""The benchmarks' fast fill of the name keys (bench/name_key_fill.py) writes exactly the
rows (and word counts) an ordinary import of the same SYNTHETIC people writes, on each backend: the
shortcut that makes a million people measurable cannot drift from the projection."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.importing import import_bundle
from habeas.storage.name_key_tables import name_keys, word_counts
from habeas.storage.store import Store
from tests.conftest import write_bundle

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from name_key_fill import SOURCE, bulk_fill, person_line, synthetic_people


def table(store: Store) -> list[tuple[Any, ...]]:
    """The people's name keys, in key order (the source's own are not the fill's)."""
    n = name_keys
    stmt = select(n).where(n.c.record_type == "person").order_by(*n.primary_key)
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(stmt)]


def counts(store: Store) -> list[tuple[Any, ...]]:
    c = word_counts
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(select(c).order_by(*c.primary_key))]


def test_the_fast_fill_writes_the_rows_an_import_of_the_same_people_writes(
    store: Store, tmp_path: Path
) -> None:
    people = synthetic_people(400, seed=3)
    assert max(Counter(name for _k, name in people).values()) > 1  # shared names: copied rows
    bundle = write_bundle(tmp_path / "people.jsonl", [SOURCE, *(person_line(*p) for p in people)])
    import_bundle(store, bundle, principal=LOCAL_OPERATOR)
    imported = table(store)
    imported_counts = counts(store)
    assert len(imported) > 2 * len(people)
    with store.engine.begin() as conn:
        conn.execute(delete(name_keys).where(name_keys.c.record_type == "person"))
    assert bulk_fill(store, people) is True
    assert table(store) == imported
    assert counts(store) == imported_counts
    assert bulk_fill(store, people) is False  # a filled store is kept as it is
    assert table(store) == imported
