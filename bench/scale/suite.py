"""The scale suite: every figure beside its physical limit, measured in the same run.

Generates a seeded synthetic bundle at `--scale` (default 0.01: 10,000 people, about 100,000
custody events, 1,000 cases with 10,000 docket entries and 500 orders; `--full` is scale
1.0), imports it with `habeas import` into a new ledger on each backend, and measures:
import against a bare insert of the very rows it wrote (executemany on SQLite, COPY on
PostgreSQL) with its peak RSS; verify (full and --log-only) against hashlib over the same
bytes and an RFC 6962 root; the in-process questions against the bare SELECTs they need;
HTTP whereabouts against a bare FastAPI endpoint under the same uvicorn settings; inclusion
proofs against their node lookups; pages of the web app against a bare page of the same
bytes. Prints the table and the change since the previous
result at the same scale, and writes the JSON to bench/results/ (see docs/performance.md).

    .venv/bin/python bench/scale/suite.py                    # scale 0.01, SQLite and PostgreSQL
    .venv/bin/python bench/scale/suite.py --full             # scale 1.0 (hours, tens of GB)
    .venv/bin/python bench/scale/suite.py --scale 0.05 --backend sqlite --skip http
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from habeas.storage.store import Store
from scale.generator import write_bundle
from scale.importing import dsn, import_figure, pg_schema_url
from scale.over_http import http_figure
from scale.pages import page_figures
from scale.proofs import proof_figure
from scale.queries import query_figures
from scale.report import compare, previous, table
from scale.verifying import verify_figures

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get(
    "HABEAS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
FAMILIES = ("import", "verify", "queries", "proofs", "pages", "http")


def _pg_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(dsn(PG), connect_timeout=3):
            return True
    except Exception:
        return False


def run_backend(
    backend: str, bundle: Path, tmp: Path, records: int, args: argparse.Namespace
) -> list[dict[str, Any]]:
    schema = None
    if backend == "sqlite":
        db = f"sqlite:///{tmp / 'scale.db'}"
    else:
        schema, db = pg_schema_url(PG)
    out: list[dict[str, Any]] = []

    def done(rows: list[dict[str, Any]]) -> None:
        for r in rows:
            print(json.dumps(r), flush=True)
        out.extend(rows)

    try:
        done([import_figure(backend, bundle, db, tmp, records)])
        store = Store(db)
        try:
            if "verify" not in args.skip:
                done(verify_figures(store, backend))
            if "queries" not in args.skip:
                done(query_figures(store, backend, args.scale, args.samples))
            if "proofs" not in args.skip:
                done([proof_figure(store, backend, args.samples)])
            if "pages" not in args.skip:
                done(page_figures(store, db, backend, args.scale, args.samples))
        finally:
            store.close()
        if "http" not in args.skip:
            people = [f"person/p{i:08d}" for i in range(0, records // 12, 7)][:2000]
            done([http_figure(db, backend, people, args.connections, args.seconds)])
    finally:
        if schema is not None:
            import psycopg

            with psycopg.connect(dsn(PG), autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.01)
    ap.add_argument("--full", action="store_true", help="scale 1.0: the issue's default scale")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--backend", nargs="*", default=["sqlite", "postgresql"])
    ap.add_argument("--skip", nargs="*", default=[], choices=[f for f in FAMILIES if f != "import"])
    ap.add_argument("--samples", type=int, default=200, help="calls per question")
    ap.add_argument("--connections", type=int, default=8, help="HTTP: concurrent connections")
    ap.add_argument("--seconds", type=float, default=10, help="HTTP: seconds of load each")
    ap.add_argument("--output", type=Path, default=ROOT / "bench" / "results")
    args = ap.parse_args()
    if args.full:
        args.scale = 1.0
    backends = [b for b in args.backend if b == "sqlite" or _pg_reachable()]
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load_before = os.getloadavg()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        bundle = tmp / "scale.jsonl"
        t = time.perf_counter()
        counts = write_bundle(bundle, args.scale, args.seed)
        print(
            f"bundle: {counts.records:,} records ({counts.bytes / 2**20:.1f} MiB) in "
            f"{time.perf_counter() - t:.1f} s: {counts.by_type}",
            flush=True,
        )
        for backend in backends:
            (tmp / backend).mkdir()
            results.extend(run_backend(backend, bundle, tmp / backend, counts.records, args))
    data = {
        "date": started,
        "scale": args.scale,
        "seed": args.seed,
        "command": " ".join(sys.argv),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "bundle": {"records": counts.records, "bytes": counts.bytes, "by_type": counts.by_type},
        "results": results,
    }
    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / f"scale-{time.strftime('%Y%m%dT%H%M%S')}.json"
    earlier = previous(args.output, args.scale, exclude=out)
    out.write_text(json.dumps(data, indent=2))
    print()
    print(table(results))
    print()
    la = data["load_average"]
    print(f"load average before {la['before']}, after {la['after']}")
    if earlier is not None:
        print(compare(json.loads(earlier.read_text()), results))
    print(f"results written to {out}")


if __name__ == "__main__":
    main()
