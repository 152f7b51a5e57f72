"""Held-out evaluation of forgiving search: recall@10 of misspelt names of SYNTHETIC people.

The people and the misspellings come from `bench/synthetic_names.py` with seeds of their
own, apart from every example the search's rules were written against (tests/domain and
the demo): a seeded misspeller of keyboard slips, spellings by ear, dropped accents,
swapped order, initials and dropped surnames. Recall@10: how often the person whose name
was misspelt is among the ten results, over people whose name no one else bears.

    python bench/search_recall.py                     # 20,000 people, 1,000 queries
    python bench/search_recall.py --people 5000 --queries 500 --seed 3
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from forgiving_search import fill, unique  # noqa: E402
from synthetic_names import misspell  # noqa: E402

from habeas.services.name_search import rank_names  # noqa: E402
from habeas.storage.store import Store  # noqa: E402


def recall_at_10(store: Store, people: int, queries: int, seed: int) -> tuple[float, Counter[str]]:
    """Recall@10 over `queries` misspelt names of `people` synthetic people; and the
    misses by the first word of what was typed (to read them)."""
    everyone = fill(store, people, seed=seed)
    rng = random.Random(seed + 1000)
    found = 0
    missed: Counter[str] = Counter()
    with store.read() as conn:
        for key, name in rng.sample(unique(everyone), queries):
            typed = misspell(rng, name)
            hits = rank_names(conn, typed, types=("person",), limit=10)
            if key in {h.key for h in hits}:
                found += 1
            else:
                missed[f"{name} -> {typed}"] += 1
    return found / queries, missed


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--queries", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--show", type=int, default=10, help="misses to print")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/recall.db")
        store.migrate()
        recall, missed = recall_at_10(store, args.people, args.queries, args.seed)
        store.close()
    print(
        f"recall@10 {recall:.3f} over {args.queries} misspelt names of "
        f"{args.people:,} synthetic people (seed {args.seed})"
    )
    for line, _n in missed.most_common(args.show):
        print("  missed:", line)


if __name__ == "__main__":
    main()
