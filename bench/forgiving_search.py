"""Benchmark: forgiving person search, top 10, over 100,000 and 1,000,000 synthetic people.

Fills a migrated store's name keys with the rows the projection makes for N SYNTHETIC
people (`bench/name_key_fill.py`: the rows an import would write, bulk-written straight
into the table; the ledger writer is measured by bench/run.py, this measures the search),
then times `rank_names` (candidate words, candidates, ranking: everything a search does but
reading the ten records' labels) for misspelt queries of people in the store, and for the
same names spelt right (people whose name no one else in the store bears: among fifty José
Garcías the top 10 cannot hold the one sought). Times are wall clock, and the CPU time of
this process (all of SQLite's work, none of the PostgreSQL server's: on a shared machine
the less disturbed figure), with the load average.

    python bench/forgiving_search.py                          # 100k and 1M people, SQLite
    python bench/forgiving_search.py --people 100000 --backend postgresql
    python bench/forgiving_search.py --people 1000000 --keep /tmp/names-1m.db   # reuse
    python bench/forgiving_search.py --people 1000000 --backend postgresql --keep names_1m
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

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from name_key_fill import bulk_fill, synthetic_people  # noqa: E402
from synthetic_names import misspell  # noqa: E402

from habeas.domain.text import fold  # noqa: E402
from habeas.services.name_search import rank_names  # noqa: E402
from habeas.storage.store import Store  # noqa: E402

PG = os.environ.get(
    "HABEAS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
QUERIES = 300


def fill(store: Store, n: int, seed: int = 11) -> list[tuple[str, str]]:
    """Write the name keys of `n` synthetic people (`bench/name_key_fill.py`, once: a kept
    store filled before with the same seed is reused); their (key, name)."""
    people = synthetic_people(n, seed)
    bulk_fill(store, people)
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
        cpu: list[float] = []
        found = 0
        with store.read() as conn:
            rank_names(conn, "warm up", types=("person",), levels=["public"], limit=10)
            for key, q in queries:
                t0, c0 = time.perf_counter(), time.process_time()
                hits = rank_names(conn, q, types=("person",), levels=["public"], limit=10)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                found += key in {h.key for h in hits}
        print(
            f"{backend:10} {n:>9,} people  {label:11}  "
            f"top-10 p50 {statistics.median(times):6.1f} ms"
            f"  p95 {percentile(times, 0.95):6.1f} ms  p99 {percentile(times, 0.99):6.1f} ms"
            f"  max {max(times):6.1f} ms"
            f"  found in top 10: {found}/{len(queries)}   (fill {built:.0f} s)"
            f"  [this process's CPU: p50 {statistics.median(cpu):.1f} ms"
            f"  p95 {percentile(cpu, 0.95):.1f} ms; load {os.getloadavg()[0]:.1f}]"
        )
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--people", type=int, action="append")
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument(
        "--keep", help="SQLite file (or, with --backend postgresql, schema) to fill once and reuse"
    )
    args = ap.parse_args()
    for n in args.people or [100_000, 1_000_000]:
        if args.backend == "postgresql":
            schema = args.keep or f"bench_{uuid.uuid4().hex[:8]}"
            with Store(PG).engine.begin() as conn:
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
            try:
                run(f"{PG}?options=-csearch_path%3D{schema}", n, "postgresql")
            finally:
                if not args.keep:
                    with Store(PG).engine.begin() as conn:
                        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        elif args.keep:
            run(f"sqlite:///{args.keep}", n, "sqlite")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                run(f"sqlite:///{tmp}/bench.db", n, "sqlite")


if __name__ == "__main__":
    main()
