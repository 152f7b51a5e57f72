"""Compliance over the demo ledger: as the ledger knows it now, and as it knew it then.

`habeas compliance` now reads two readings of every obligation when a court's act known only
by its day falls around the moment asked (rule 2 of docs/compliance.md), and `--known-at`
rebuilds the ledger as it stood at a recorded time from the record versions (for one case,
only the versions of the records it reads; for every order, every version recorded by then).
This times both, for the case of the reference story and for every order of the ledger, at
the moments the story tests ask about.

    .venv/bin/python bench/compliance.py              # SQLite, median of 5
    .venv/bin/python bench/compliance.py --runs 9 --json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from habeas.domain.access import LOCAL_OPERATOR  # noqa: E402
from habeas.services.compliance import compliance  # noqa: E402
from habeas.services.database import load_demo  # noqa: E402
from habeas.storage.store import Store  # noqa: E402

CASE = "8:25-cv-00951"
MOMENTS = ("2025-04-07T00:30-04:00", "2025-04-08T00:01-04:00", "2025-05-01", "2025-06-07")


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    """Median wall time of `runs` calls, in milliseconds (one warm-up call first)."""
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        load_demo(store)
        later = "2100-01-01"
        rows = []
        for scope in (CASE, None):
            for moment in MOMENTS:
                now = median_ms(
                    lambda s=scope, m=moment: compliance(
                        store, s, as_of=m, principal=LOCAL_OPERATOR
                    ),
                    args.runs,
                )
                then = median_ms(
                    lambda s=scope, m=moment: compliance(
                        store, s, as_of=m, known_at=later, principal=LOCAL_OPERATOR
                    ),
                    args.runs,
                )
                rows.append({"case": scope or "(every order)", "as_of": moment,
                             "now_ms": round(now, 1), "known_at_ms": round(then, 1)})  # fmt: skip
    if args.json:
        print(json.dumps({"backend": "sqlite", "runs": args.runs, "rows": rows}, indent=2))
        return
    print(f"compliance, SQLite, median of {args.runs} (ms)")
    print(f"{'case':<16} {'as of':<24} {'now':>8} {'--known-at':>11}")
    for r in rows:
        print(f"{r['case']:<16} {r['as_of']:<24} {r['now_ms']:>8} {r['known_at_ms']:>11}")


if __name__ == "__main__":
    main()
