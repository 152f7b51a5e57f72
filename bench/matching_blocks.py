"""Benchmark: the batch dedupe's blocking alone at scale — reading N synthetic person records
(`bench/domain_people.py`, not real people) into what the matcher compares, and the
candidate pairs of their blocks (`habeas.match.bulk.bulk_pairs`): time, pairs and peak
memory. What the comparisons then cost is a matter of pairs (`bench/matching_scale.py`).

    python bench/matching_blocks.py --records 1000000
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from domain_people import generate  # noqa: E402

from habeas.match.bulk import bulk_pairs  # noqa: E402
from habeas.match.dedupe import MAX_BLOCK  # noqa: E402
from habeas.match.features import match_record  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--max-block", type=int, default=MAX_BLOCK)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    bodies, _truth = generate(args.records, seed=11)
    t0 = time.perf_counter()
    records = [match_record(str(b["key"]), b) for b in bodies]
    t1 = time.perf_counter()
    left, _right, skipped = bulk_pairs(records, max_block=args.max_block)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(records):,} records: features {t1 - t0:.1f} s, blocking {t2 - t1:.1f} s, "
        f"{len(left):,} candidate pairs ({len(left) / len(records):.1f} a record), "
        f"{skipped:,} blocks over {args.max_block}; peak memory {peak:.0f} MiB "
        f"(load average {os.getloadavg()[0]:.1f} at the end)",
        flush=True,
    )


if __name__ == "__main__":
    main()
