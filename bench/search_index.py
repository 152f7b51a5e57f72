"""Benchmark: name search and the docket importer's case lookup, old way against new.

Writes N synthetic records (people with two-word names, and one case in twenty, all in
one court) through the ordinary writer, then times, per query, the old way and the new:

- search: `LIKE '% word%'` over `search_terms` (the old query) against the name index
  (FTS5 on SQLite, pg_trgm GIN on PostgreSQL), both for a rare and a common word pair;
- case lookup: reading and parsing every case (the old `_find_case`) against one indexed
  query on (court, docket_number_core).

    python bench/search_index.py                       # 100,000 records, SQLite
    python bench/search_index.py --records 100000 --backend postgresql
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from habeas.domain.courts_records import Case  # noqa: E402
from habeas.domain.docket_keys import normalise_docket_number  # noqa: E402
from habeas.domain.docket_numbers import docket_number_core  # noqa: E402
from habeas.domain.registry import parse_record  # noqa: E402
from habeas.domain.text import tokens  # noqa: E402
from habeas.services.writer import ledger_writer  # noqa: E402
from habeas.storage import index_queries, queries  # noqa: E402
from habeas.storage import tables as t  # noqa: E402
from habeas.storage.name_index import find_names  # noqa: E402
from habeas.storage.projections import record_from_row  # noqa: E402
from habeas.storage.store import Store  # noqa: E402

PG = os.environ.get(
    "HABEAS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
GIVEN = ["Ana", "Luis", "Maria", "Jose", "Carmen", "Pedro", "Rosa", "Juan", "Elena", "Omar"]
SURNAMES = [f"Surname{i:04d}" for i in range(2000)] + ["Garcia", "Lopez", "Martinez"]
SOURCE = "source/bench"


def fill(store: Store, n: int) -> None:
    rng = random.Random(7)
    cite = [{"source": SOURCE}]
    with ledger_writer(store, author="bench") as w:
        w.put(
            parse_record(
                {
                    "type": "source",
                    "key": SOURCE,
                    "kind": "court_document",
                    "title": "Benchmark source",
                    "synthetic": True,
                }
            )
        )
        w.put(
            parse_record(
                {
                    "type": "court",
                    "key": "court/mdd",
                    "court_id": "mdd",
                    "name": "District of Maryland",
                    "sources": cite,
                }
            )
        )
        for i in range(n):
            if i % 20 == 0:
                rec = {
                    "type": "case",
                    "key": f"case/mdd-8-25-cv-{i:05d}",
                    "court": "court/mdd",
                    "docket_number": f"8:25-cv-{i:05d}-PX",
                    "caption": f"{rng.choice(SURNAMES)} v. Noem",
                    "synthetic": True,
                    "sources": cite,
                }
            else:
                name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
                rec = {
                    "type": "person",
                    "key": f"person/p{i}",
                    "full_name": name,
                    "synthetic": True,
                    "sources": cite,
                }
            w.put(parse_record(rec))


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def old_find_case(conn: Any, court: str, number: str) -> str | None:
    want = normalise_docket_number(number)
    for row in queries.records_of_type(conn, "case"):
        rec = record_from_row(row.body)
        if (
            isinstance(rec, Case)
            and rec.court == court
            and normalise_docket_number(rec.docket_number) == want
        ):
            return rec.key
    return None


def new_find_case(conn: Any, court: str, number: str) -> str | None:
    want = normalise_docket_number(number)
    rows = index_queries.cases_by_number(conn, court, docket_number_core(number), want)
    return str(rows[0].key) if rows else None


def old_search(conn: Any, words: list[str]) -> list[str]:
    s = t.search_terms
    stmt = select(s.c.key).where(*[s.c.term.like(f"% {w}%") for w in words]).limit(50)
    return [r.key for r in conn.execute(stmt)]


def run(url: str, n: int, backend: str) -> None:
    store = Store(url)
    store.migrate()
    start = time.perf_counter()
    fill(store, n)
    print(f"{backend}: wrote {n:,} records in {time.perf_counter() - start:.1f} s")
    if backend == "postgresql":
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    number = f"8:25-cv-{(n // 2) // 20 * 20}"  # the short form of a case's number
    with store.read() as conn:
        rows = [
            (
                "case lookup (old: parse every case)",
                lambda: old_find_case(conn, "court/mdd", number),
            ),
            ("case lookup (new: case_index)", lambda: new_find_case(conn, "court/mdd", number)),
        ]
        for q in ("surname0042 surname1999", "maria garcia", "ana"):
            words = tokens(q)
            rows.append((f"search {q!r} (old: LIKE)", lambda w=words: old_search(conn, w)))
            rows.append((f"search {q!r} (new: index)", lambda w=words: find_names(conn, w)))
        for label, fn in rows:
            seconds, result = timed(fn)
            size = len(result) if isinstance(result, list) else result
            print(f"  {label:<52} {seconds * 1000:9.2f} ms   -> {size}")
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = ap.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.records, "sqlite")
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        run(f"{PG}?options=-csearch_path%3D{schema}", args.records, "postgresql")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
