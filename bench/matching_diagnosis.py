"""Diagnosis of the domain benchmark: where the matcher's misses come from, and how far any
rule over the compared fields could go on these synthetic records (`bench/domain_people.py`).

Printed, for the records of one seed:

- the recall of the blocking alone (true pairs that share a blocking key);
- habeas's precision and recall at probability 0.5, and the recall among the blocked pairs;
- the true pairs with only names in common: no full date of birth, identifier or
  nationality on both sides (a given name and a surname among thousands of people), and
  those of them with no individual case in common either;
- two ceilings for any classifier of a pair by its comparison levels and the rarity of its
  agreed name words (rounded to a bit): one learnt from the ground truth of the development
  seed and applied to the evaluation seed (an honest supervised reference), and one read
  from the evaluation seed's own truth (in-sample: no rule over these features does better
  on it; it is the Bayes ceiling of these features on this data).

Development seed 3, evaluation seed 7 (the one `bench/matching.py` reports): the matcher
was tuned on seed 3 only.

    python bench/matching_diagnosis.py                 # 20,000 records
    python bench/matching_diagnosis.py --records 50000
    python bench/matching_diagnosis.py --no-context    # the records without their context
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from domain_people import generate, true_pairs  # noqa: E402

from habeas.match.compare import agreement  # noqa: E402
from habeas.match.dedupe import candidate_pairs, dedupe  # noqa: E402
from habeas.match.features import MatchRecord, match_record  # noqa: E402
from habeas.match.frequencies import TermFrequencies, word_shares  # noqa: E402

Feature = tuple[object, ...]


def _records(n: int, seed: int, context: bool) -> tuple[list[MatchRecord], dict[str, int]]:
    bodies, truth = generate(n, seed=seed, context=context)
    return [
        match_record(str(b["key"]), b).with_context(b.get("context", ())) for b in bodies
    ], truth


def _kind(key: str) -> str:
    return key.rsplit("-", 1)[1]


def _name_only(a: MatchRecord, b: MatchRecord) -> bool:
    full = a.dob is not None and b.dob is not None and a.dob[2] and b.dob[2]
    return not (full or (a.identifiers and b.identifiers) or (a.nationality and b.nationality))


def _name_and_group(a: MatchRecord, b: MatchRecord) -> bool:
    """Only names and at most a shared group (a flight, a class case, a facility in a month):
    no individual case in common."""
    return _name_only(a, b) and not any(c.startswith("case:") for c in a.context & b.context)


def _features(
    records: Sequence[MatchRecord], truth: dict[str, int], pairs: list[tuple[int, int]]
) -> list[tuple[Feature, bool]]:
    tf = TermFrequencies(word_shares(records))
    out: list[tuple[Feature, bool]] = []
    for i, j in pairs:
        p, s, g = agreement(records[i], records[j])
        f = (*p, round(tf.log_share("surname", s)), round(tf.log_share("given_name", g)))
        out.append((f, truth[records[i].key] == truth[records[j].key]))
    return out


def _f1(tp: int, found: int, true: int) -> str:
    p = tp / found if found else 0.0
    r = tp / true if true else 0.0
    return f"precision {p:.3f}, recall {r:.3f}, F1 {2 * tp / (found + true):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--dev-seed", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-context", action="store_true", help="the records without context")
    args = parser.parse_args()
    context = not args.no_context
    records, truth = _records(args.records, args.seed, context)
    by_key = {r.key: r for r in records}
    true = true_pairs(truth)
    pairs, skipped = candidate_pairs(records)
    found = {tuple(sorted((records[i].key, records[j].key))) for i, j in pairs}
    blocked = true & found
    print(f"{len(records):,} records (seed {args.seed}), {len(true):,} true pairs")
    print(
        f"blocking: {len(pairs):,} candidate pairs, {skipped} blocks too large; "
        f"recall of the blocking alone {len(blocked) / len(true):.3f}"
    )
    missed = Counter("+".join(sorted(map(_kind, p))) for p in true - found)
    print("  missed by the blocking, by sources:", dict(missed.most_common()))
    result = dedupe(records, min_weight=0.0)
    got = {(p.left, p.right) for p in result.pairs}
    tp = len(got & true)
    print(
        f"habeas at 0.5: {_f1(tp, len(got), len(true))}; recall among blocked "
        f"{tp / len(blocked):.3f}"
    )
    lost = Counter("+".join(sorted(map(_kind, p))) for p in blocked - got)
    print("  blocked but scored below 0.5, by sources:", dict(lost.most_common()))
    only = sum(_name_only(by_key[a], by_key[b]) for a, b in true)
    print(
        f"true pairs with only names in common (no full date of birth, identifier or "
        f"nationality on both): {only:,} ({only / len(true):.0%})"
    )
    weak = sum(_name_and_group(by_key[a], by_key[b]) for a, b in true)
    print(
        f"  of which no individual case in common either (at most a flight, class case or "
        f"facility-month): {weak:,} ({weak / len(true):.0%})"
    )
    dev_records, dev_truth = _records(args.records, args.dev_seed, context)
    dev_pairs, _ = candidate_pairs(dev_records)
    seen: Counter[Feature] = Counter()
    hits: Counter[Feature] = Counter()
    for f, t in _features(dev_records, dev_truth, dev_pairs):
        seen[f] += 1
        hits[f] += t
    evaluated = _features(records, truth, pairs)
    chosen = [t for f, t in evaluated if seen[f] and hits[f] / seen[f] > 0.5]
    print(
        f"supervised reference (levels + name rarity, learnt on seed {args.dev_seed}'s "
        f"truth): {_f1(sum(chosen), len(chosen), len(true))}"
    )
    seen.clear()
    hits.clear()
    for f, t in evaluated:
        seen[f] += 1
        hits[f] += t
    best = [f for f in seen if hits[f] / seen[f] > 0.5]
    print(
        "ceiling of these features on this seed (in-sample): "
        + _f1(sum(hits[f] for f in best), sum(seen[f] for f in best), len(true))
    )


if __name__ == "__main__":
    main()
