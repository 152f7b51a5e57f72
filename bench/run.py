"""Benchmarks: bulk import, verify, export and a whereabouts query at scale.

Generates a synthetic bundle of N people with custody events (streamed to disk, never held
in memory), then times each step on SQLite and, when reachable, PostgreSQL, and records
peak memory (max RSS) of a child process per step so "memory flat whatever the file size"
is measured, not assumed.

    python bench/run.py                      # 20k and 100k records, SQLite and PostgreSQL
    python bench/run.py --records 1000000 --backend sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = os.environ.get(
    "HABEAS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def make_bundle(path: Path, records: int) -> int:
    """A bundle of about `records` records: people, each with 3 custody events."""
    rng = random.Random(42)
    n = 0
    with path.open("w", encoding="utf-8") as f:
        f.write(
            json.dumps(
                {
                    "type": "bundle",
                    "format": "habeas-bundle",
                    "version": 1,
                    "title": "benchmark (synthetic)",
                }
            )
            + "\n"
        )
        cite = [{"source": "source/bench"}]
        f.write(
            json.dumps(
                {
                    "type": "source",
                    "key": "source/bench",
                    "kind": "dataset",
                    "title": "Synthetic benchmark data",
                }
            )
            + "\n"
        )
        f.write(
            json.dumps(
                {
                    "type": "facility",
                    "key": "facility/bench",
                    "name": "Bench Prison",
                    "kind": "prison",
                    "country": "SV",
                    "capacity": 40000,
                    "synthetic": True,
                    "sources": cite,
                }
            )
            + "\n"
        )
        n = 2
        i = 0
        while n < records:
            key = f"person/p{i:08d}"
            f.write(
                json.dumps(
                    {
                        "type": "person",
                        "key": key,
                        "synthetic": True,
                        "full_name": f"Synthetic Person {i} {rng.randrange(10**6)}",
                        "sources": cite,
                    }
                )
                + "\n"
            )
            for j, (kind, day) in enumerate(
                (("apprehended", 1), ("detained", 2), ("admitted", 16))
            ):
                ev = {
                    "type": "custody_event",
                    "key": f"ev/p{i:08d}-{j}",
                    "person": key,
                    "kind": kind,
                    "at": f"2025-03-{day:02d}",
                    "synthetic": True,
                    "sources": cite,
                }
                if kind != "apprehended":
                    ev["facility"] = "facility/bench"
                f.write(json.dumps(ev) + "\n")
            n += 4
            i += 1
    return n


_CHILD = (
    "import resource, sys\n"
    "from habeas.cli.main import cli\n"
    "code = 0\n"
    "try:\n"
    "    cli(sys.argv[1:], prog_name='habeas')\n"
    "except SystemExit as e:\n"
    "    code = e.code or 0\n"
    "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def step(label: str, args: list[str]) -> dict[str, object]:
    """Run one habeas command in a fresh process: wall time and that process's peak RSS."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{label} failed: {done.stderr or done.stdout}")
    rss_kb = int(done.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    return {"step": label, "seconds": round(seconds, 2), "max_rss_mb": round(rss_kb / 1024, 1)}


def run_backend(backend: str, bundle: Path, tmp: Path) -> list[dict[str, object]]:
    if backend == "sqlite":
        db = f"sqlite:///{tmp / 'bench.db'}"
        cleanup = None
    else:
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        db = f"{PG}?options=-csearch_path%3D{schema}"

        def cleanup() -> None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

    try:
        return [
            step("import", ["--db", db, "import", str(bundle)]),
            step("re-import (no change)", ["--db", db, "import", str(bundle)]),
            step("verify", ["--db", db, "verify"]),
            step("whereabouts", ["--db", db, "whereabouts", "person/p00000042", "--json"]),
            step("search", ["--db", db, "search", "Synthetic Person 4242", "--json"]),
            step("export", ["--db", db, "export", "-o", str(tmp / "out.jsonl")]),
        ]
    finally:
        if cleanup:
            cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, nargs="*", default=[20_000, 100_000])
    parser.add_argument("--backend", nargs="*", default=["sqlite", "postgresql"])
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    results = []
    for records in args.records:
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            bundle = tmp / "bench.jsonl"
            count = make_bundle(bundle, records)
            size_mb = bundle.stat().st_size / 2**20
            for backend in args.backend:
                rows = run_backend(backend, bundle, tmp)
                for row in rows:
                    row.update(backend=backend, records=count, bundle_mb=round(size_mb, 1))
                    print(json.dumps(row), flush=True)
                results.extend(rows)
    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / f"bench-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "results": results,
            },
            indent=2,
        )
    )
    print(f"results written to {out}")


if __name__ == "__main__":
    main()
