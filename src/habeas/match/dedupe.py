"""Batch deduplication: every pair of records that shares a blocking key, compared once,
scored, and kept when it weighs at least the review threshold.

The blocking and the comparisons run in bulk over arrays (`habeas.match.bulk`): the pairs
of every block at once, then each field's level for a whole chunk of pairs. Only the pairs
kept are compared again, one by one, for the words of their explanation.

Blocks larger than `max_block` records (a very common surname with a common initial) are
skipped: their pairs are found through the record's other keys (two name words, the date
of birth, an identifier) or not at all; `DedupeResult.skipped_blocks` says how many.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from habeas.domain.pairs import CandidatePair, Comparison
from habeas.match.bulk import CODES, EXACT, bulk_pairs, code_records
from habeas.match.compare import FIELDS
from habeas.match.features import MatchRecord
from habeas.match.frequencies import CAP, TermFrequencies, word_shares
from habeas.match.model import DEFAULT, Model, Pattern, random_patterns
from habeas.match.scoring import BASE, WORKERS, explained, scored

__all__ = ["DedupeResult", "candidate_pairs", "dedupe", "iter_pairs"]

MAX_BLOCK = 150
"""The largest block compared in full."""
WEIGHED = 1_000_000
"""Pairs weighed at once (the pattern's weight and the names' adjustment, 8 bytes each)."""
MIN_TRAIN = 1000
"""Fewer records than this: the model is not re-estimated (too little to learn from)."""


@dataclass(frozen=True)
class DedupeResult:
    """The pairs kept, best first, the model that scored them, and what it took."""

    pairs: tuple[CandidatePair, ...]
    model: Model
    compared: int
    skipped_blocks: int


def candidate_pairs(
    records: Sequence[MatchRecord], *, max_block: int = MAX_BLOCK
) -> tuple[list[tuple[int, int]], int]:
    """Every pair (i < j) sharing a block, once, in order; and how many blocks were too
    large."""
    left, right, skipped = bulk_pairs(records, max_block=max_block)
    return list(zip(left.tolist(), right.tolist(), strict=True)), skipped


def iter_pairs(
    records: Sequence[MatchRecord], *, max_block: int = MAX_BLOCK
) -> tuple[Iterator[tuple[int, int]], int]:
    """As `candidate_pairs`, one pair at a time."""
    pairs, skipped = candidate_pairs(records, max_block=max_block)
    return iter(pairs), skipped


def _pattern(code: int) -> Pattern:
    return tuple(CODES[(code // BASE**f) % BASE] for f in range(len(FIELDS)))


def dedupe(
    records: Sequence[MatchRecord],
    *,
    model: Model = DEFAULT,
    min_weight: float = 0.0,
    train: bool = True,
    max_block: int = MAX_BLOCK,
    term_frequencies: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
    workers: int = WORKERS,
) -> DedupeResult:
    """Score every blocked pair of `records`; keep those of at least `min_weight` bits.

    `train`: re-estimate the model on these records first (u from random pairs, m and the
    prior from the blocked pairs). `term_frequencies`: adjust the names' weights by how
    common the agreed words are among these records (`habeas.match.frequencies`).
    `on_progress(done, total)` is told the pairs compared. `workers`: the processes
    comparing the pairs' chunks (`habeas.match.scoring`).

    Memory stays small at scale: each pair is kept as two record numbers, the number of its
    pattern of levels and the shares of its agreed names (24 bytes); only the pairs kept are
    compared again for their explanation."""
    # in key order, so each pair is read with the key that sorts first on the left (as
    # `compare.agreement` reads it)
    records = sorted(records, key=lambda r: r.key)
    left, right, skipped = bulk_pairs(records, max_block=max_block)
    total = len(left)
    coded = code_records(records)
    tf = TermFrequencies(word_shares(records))
    codes, shares_s, shares_g = scored(
        records, coded, left, right, tf, workers=workers, on_progress=on_progress
    )
    counts = np.bincount(codes, minlength=BASE ** len(FIELDS))
    present = np.flatnonzero(counts)
    patterns = [_pattern(int(c)) for c in present.tolist()]
    if train and len(records) >= MIN_TRAIN and total >= 50:
        model = model.with_u(random_patterns(records, min(20_000, 10 * len(records))))
        model = model.trained(
            dict(zip(patterns, counts[present].tolist(), strict=True)),
            all_pairs=len(records) * (len(records) - 1) // 2,
        )
    weight = np.zeros(len(counts), dtype=np.float64)
    weight[present] = [model.pattern_weight(p) for p in patterns]
    references: list[tuple[int, float]] = []
    if term_frequencies and total:
        observed: dict[tuple[str, Comparison], tuple[float, int]] = {}
        for f, (field_name, shares) in enumerate((("surname", shares_s), ("given_name", shares_g))):
            exact = ((codes // BASE**f) % BASE) == EXACT
            if exact.any():
                observed[(field_name, "exact")] = (
                    float(shares[exact].astype(np.float64).sum()),
                    int(exact.sum()),
                )
                references.append((f, observed[(field_name, "exact")][0] / int(exact.sum())))
        tf = tf.with_reference(observed)
        model = model.with_tf(tf)
    found: list[npt.NDArray[np.int64]] = []
    for start in range(0, total, WEIGHED):
        part = codes[start : start + WEIGHED]
        weights = weight[part]
        for f, reference in references:
            shares = (shares_s, shares_g)[f][start : start + WEIGHED]
            exact = ((part // BASE**f) % BASE) == EXACT
            weights += np.where(exact, np.clip(reference - shares, -CAP, CAP), 0.0)
        found.append(start + np.flatnonzero(weights >= min_weight - 1e-3))
    keep = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    kept = explained(model, records, left[keep], right[keep], workers=workers)
    kept = [p for p in kept if p.match_weight >= min_weight]
    kept.sort(key=lambda p: (-p.match_weight, p.id))
    return DedupeResult(tuple(kept), model, total, skipped)
