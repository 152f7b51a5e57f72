"""The scale suite's generator and limits (bench/scale/): the generator is seeded, streams,
makes only synthetic people in the shape the suite promises, and its bundle imports cleanly;
the bare baselines write the rows the import wrote and compute the ledger's own root."""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import inspect, text

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.importing import import_bundle
from habeas.services.verify import verify_ledger
from habeas.storage.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from scale.generator import Shape, records, write_bundle
from scale.importing import dsn
from scale.limits import bare_copy_postgres, bare_insert_sqlite, hash_limit

TINY = 0.0001
"""100 people, about 1,000 events, 10 cases, 5 orders."""


def test_the_same_seed_makes_the_same_bundle_and_another_seed_another() -> None:
    assert list(records(TINY, seed=3)) == list(records(TINY, seed=3))
    assert list(records(TINY, seed=3)) != list(records(TINY, seed=4))


def test_records_stream_one_at_a_time_even_at_the_full_scale() -> None:
    stream = records(1.0)
    assert isinstance(stream, Iterator)
    first = list(itertools.islice(stream, 6000))
    assert Counter(r["type"] for r in first)["person"] > 300


def test_every_record_is_synthetic_and_people_have_3_to_15_events() -> None:
    recs = list(records(0.001))
    assert all(r.get("synthetic") is True for r in recs)
    people = [r for r in recs if r["type"] == "person"]
    assert len(people) == Shape.at(0.001).persons
    events = Counter(r["person"] for r in recs if r["type"] == "custody_event")
    assert set(events) == {p["key"] for p in people}
    assert min(events.values()) >= 3
    assert max(events.values()) <= 15
    assert 8 <= sum(events.values()) / len(people) <= 11


def test_names_follow_several_conventions_and_facilities_differ_greatly_in_size() -> None:
    recs = list(records(0.001))
    people = [r for r in recs if r["type"] == "person"]
    assert any(p.get("initials_only") for p in people)
    assert any(" bin " in p["full_name"] for p in people)
    assert any(len(p.get("surnames", "").split()) >= 2 for p in people)
    assert any(len(p["full_name"].split()) == 1 for p in people)
    held = Counter(r["facility"] for r in recs if r["type"] == "custody_event" and "facility" in r)
    sizes = sorted(held.values(), reverse=True)
    assert sizes[0] > 10 * sizes[len(sizes) // 2]


def test_a_tiny_bundle_imports_verifies_and_its_rows_are_written_again_by_the_baseline(
    store: Store, tmp_path: Path
) -> None:
    counts = write_bundle(tmp_path / "scale.jsonl", TINY, seed=5)
    result = import_bundle(store, tmp_path / "scale.jsonl", principal=LOCAL_OPERATOR)
    assert result.size == counts.records
    report = verify_ledger(store)
    with store.read() as conn:
        bodies = [
            str(r[0]).encode()
            for r in conn.execute(text("SELECT body FROM ledger_entries ORDER BY position"))
        ]
        tables = inspect(conn).get_table_names()
        total = sum(
            int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() or 0)
            for t in tables
            if t != "name_index_fts" and not t.startswith("name_index_fts_")
        )
    n, _seconds, root = hash_limit(bodies)
    assert (n, root.hex()) == (report.size, report.root)
    if store.engine.dialect.name == "sqlite":
        bare = bare_insert_sqlite(Path(str(store.engine.url.database)), tmp_path / "bare.db")
    else:
        url = store.engine.url.render_as_string(hide_password=False)
        bare = bare_copy_postgres(dsn(url), url.rsplit("search_path%3D", 1)[1])
    assert bare.rows == total
