"""Benchmark: forgiving person search, top 10, over 100,000 and 1,000,000 synthetic people.

Fills a migrated store's name keys with the rows the projection makes
(`habeas.storage.projections.name_keys.name_key_rows`) for N SYNTHETIC people
(`bench/synthetic_names.py`), written straight into the table (the ledger writer is
measured by bench/run.py; this measures the search), then times `rank_names` (candidate
words, candidates, ranking: everything a search does but reading the ten records' labels)
for misspelt queries of people in the store, and for the same names spelt right (people
whose name no one else in the store bears: among fifty José Garcías the top 10 cannot
hold the one sought).

    python bench/forgiving_search.py                          # 100k and 1M people, SQLite
    python bench/forgiving_search.py --people 100000 --backend postgresql
    python bench/forgiving_search.py --people 1000000 --keep /tmp/names-1m.db   # reuse
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_names import misspell, synthetic_name  # noqa: E402

from habeas.domain.people import Person  # noqa: E402
from habeas.domain.text import fold  # noqa: E402
from habeas.services.name_search import rank_names  # noqa: E402
from habeas.storage.name_key_tables import name_keys  # noqa: E402
from habeas.storage.projections.name_keys import name_key_rows  # noqa: E402
from habeas.storage.store import Store  # noqa: E402

PG = os.environ.get(
    "HABEAS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
QUERIES = 300


def person(i: int, name: str) -> Person:
    """A SYNTHETIC person (built without validation: the projection reads only names)."""
    return Person.model_construct(
        key=f"person/syn-{i:07d}", full_name=name, aliases=[], synthetic=True
    )


def fill(store: Store, n: int, seed: int = 11) -> list[tuple[str, str]]:
    """Write the name keys of `n` synthetic people; their (key, name)."""
    rng = random.Random(seed)
    people = [(f"person/syn-{i:07d}", synthetic_name(rng)) for i in range(n)]
    with store.engine.begin() as conn:
        count = conn.execute(select(func.count()).select_from(name_keys)).scalar_one()
        if count:
            return people  # a kept store, filled before with the same seed
        for index in name_keys.indexes:
            conn.execute(text(f"DROP INDEX {index.name}"))
        batch: list[dict[str, Any]] = []
        for i, (key, name) in enumerate(people):
            batch.extend(name_key_rows(key, "person", person(i, name)))
            if len(batch) >= 20000:
                conn.execute(insert(name_keys), batch)
                batch = []
        if batch:
            conn.execute(insert(name_keys), batch)
        for index in name_keys.indexes:
            index.create(conn)
        if store.backend == "sqlite":
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE name_keys"))
    return people


def unique(people: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The people whose name no one else bears (folded): only for them is "the person
    sought is in the top 10" a fair question."""
    seen = Counter(fold(name) for _k, name in people)
    return [(k, name) for k, name in people if seen[fold(name)] == 1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def run(url: str, n: int, backend: str) -> None:
    store = Store(url)
    store.migrate()
    started = time.perf_counter()
    people = fill(store, n)
    built = time.perf_counter() - started
    rng = random.Random(5)
    sample = rng.sample(unique(people), QUERIES)
    for label, queries in (
        ("misspelt", [(k, misspell(rng, name)) for k, name in sample]),
        ("spelt right", list(sample)),
    ):
        times: list[float] = []
        found = 0
        with store.read() as conn:
            rank_names(conn, "warm up", types=("person",), levels=["public"], limit=10)
            for key, q in queries:
                t0 = time.perf_counter()
                hits = rank_names(conn, q, types=("person",), levels=["public"], limit=10)
                times.append((time.perf_counter() - t0) * 1000)
                found += key in {h.key for h in hits}
        print(
            f"{backend:10} {n:>9,} people  {label:11}  "
            f"top-10 p50 {statistics.median(times):6.1f} ms"
            f"  p95 {percentile(times, 0.95):6.1f} ms  max {max(times):6.1f} ms"
            f"  found in top 10: {found}/{len(queries)}   (fill {built:.0f} s)"
        )
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--people", type=int, action="append")
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--keep", help="SQLite file to fill once and reuse")
    args = ap.parse_args()
    for n in args.people or [100_000, 1_000_000]:
        if args.backend == "postgresql":
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            with Store(PG).engine.begin() as conn:
                conn.execute(text(f"CREATE SCHEMA {schema}"))
            try:
                run(f"{PG}?options=-csearch_path%3D{schema}", n, "postgresql")
            finally:
                with Store(PG).engine.begin() as conn:
                    conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        elif args.keep:
            run(f"sqlite:///{args.keep}", n, "sqlite")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                run(f"sqlite:///{tmp}/bench.db", n, "sqlite")


if __name__ == "__main__":
    main()
