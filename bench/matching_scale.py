"""Benchmark: entity resolution at scale — a batch dedupe of N synthetic person records
(time and peak memory), and one incoming record matched against a ledger of N people by
the indexed lookups import-time linking makes (latency, median and 95th percentile).

The records are the domain benchmark's (`bench/domain_people.py`: synthetic, not real
people). The ledger for the latency is a SQLite file holding the tables the matcher reads
(`records`, `match_keys` with its index, `record_refs`, `word_counts`), filled directly rather
than through the writer (which `bench/run.py` measures: the word counts are those the
projection makes of each person's name keys), and asked exactly as `habeas.services.linking`
asks it during an import (`ledger_words` once, then per record `match_body`: the record's
words' shares, candidates by blocking key, their bodies and contexts, then scores); each
record is also asked without the term-frequency adjustment, to compare the two.

    python bench/matching_scale.py                       # 1,000,000 records
    python bench/matching_scale.py --records 200000 --skip-batch
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from domain_people import generate  # noqa: E402

from habeas.domain.registry import parse_record  # noqa: E402
from habeas.match.dedupe import dedupe  # noqa: E402
from habeas.match.features import blocking_keys, match_record  # noqa: E402
from habeas.services.linking import ledger_words, match_body  # noqa: E402
from habeas.storage import tables as t  # noqa: E402
from habeas.storage.match_tables import match_keys  # noqa: E402
from habeas.storage.name_key_tables import word_counts  # noqa: E402
from habeas.storage.projections.name_keys import name_key_rows  # noqa: E402
from habeas.storage.projections.word_counts import count_rows_of  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch(bodies: list[dict[str, object]]) -> None:
    t0 = time.perf_counter()
    records = [match_record(str(b["key"]), b) for b in bodies]
    t1 = time.perf_counter()
    result = dedupe(records, min_weight=0.0)
    t2 = time.perf_counter()
    print(
        f"batch dedupe of {len(records):,} records: {t2 - t0:.1f} s "
        f"(features {t1 - t0:.1f} s, blocking + scoring {t2 - t1:.1f} s), "
        f"{result.compared:,} pairs compared, {len(result.pairs):,} kept, "
        f"{result.skipped_blocks:,} blocks too large; peak memory {peak_mib():.0f} MiB",
        flush=True,
    )


def latency(bodies: list[dict[str, object]], queries: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="habeas-match-"))
    engine = create_engine(f"sqlite:///{folder / 'ledger.db'}")
    tables = [t.entries, t.records, t.record_refs, match_keys, word_counts]
    t.metadata.create_all(engine, tables=tables)
    t0 = time.perf_counter()
    ledger, incoming = bodies[: len(bodies) - queries], bodies[len(bodies) - queries :]
    counts: Counter[tuple[str, str, str, str]] = Counter()
    with engine.begin() as conn:
        for i in range(0, len(ledger), 20_000):
            chunk = ledger[i : i + 20_000]
            conn.execute(
                insert(t.records),
                [
                    {
                        "key": b["key"],
                        "record_type": "person",
                        "version": 1,
                        "position": 0,
                        "status": "active",
                        "body": json.dumps(b),
                        "label": b["full_name"],
                        "recorded_at": "2026-12-03T00:00:00Z",
                        "first_recorded_at": "2026-12-03T00:00:00Z",
                        "unsourced": True,
                        "synthetic": True,
                        "sensitivity": "public",
                    }
                    for b in chunk
                ],
            )
            conn.execute(
                insert(match_keys),
                [
                    {"person_key": b["key"], "block_key": k}
                    for b in chunk
                    for k in dict.fromkeys(blocking_keys(match_record(str(b["key"]), b)))
                ],
            )
            for b in chunk:
                record = parse_record({**b, "unsourced": True})
                counts.update(count_rows_of(name_key_rows(str(b["key"]), "person", record)))
        conn.execute(
            insert(word_counts),
            [
                {"word": w, "record_type": ty, "sensitivity": se, "role": ro, "names": n}
                for (w, ty, se, ro), n in counts.items()
            ],
        )
    print(f"ledger of {len(ledger):,} people built in {time.perf_counter() - t0:.0f} s", flush=True)
    times: dict[bool, list[float]] = {True: [], False: []}
    with engine.connect() as conn:
        s = time.perf_counter()
        words = ledger_words(conn, len(ledger))
        print(
            f"the ledger's word reference (once per import): "
            f"{(time.perf_counter() - s) * 1000:.1f} ms over {len(counts):,} counts",
            flush=True,
        )
        for n, b in enumerate(incoming):
            # each record asked with and without the term-frequency adjustment, in turn
            # first, so both are measured under the same load and cache
            for adjusted in (n % 2 == 0, n % 2 == 1):
                s = time.perf_counter()
                match_body(conn, str(b["key"]), dict(b), words=words if adjusted else None)
                times[adjusted].append((time.perf_counter() - s) * 1000)
    for adjusted, label in ((True, "with"), (False, "without")):
        got = sorted(times[adjusted])
        p95 = got[int(len(got) * 0.95) - 1]
        print(
            f"one incoming record against {len(ledger):,} people, {label} the term-frequency "
            f"adjustment: median {statistics.median(got):.1f} ms, p95 {p95:.1f} ms, "
            f"max {got[-1]:.1f} ms ({len(got)} records; load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    engine.dispose()
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    bodies, _truth = generate(args.records, seed=11)
    if not args.skip_latency:
        latency(bodies, args.queries)
    if not args.skip_batch:
        batch(bodies)


if __name__ == "__main__":
    main()
