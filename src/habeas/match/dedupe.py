"""Batch deduplication: every pair of records that shares a blocking key, compared once,
scored, and kept when it weighs at least the review threshold.

Blocks larger than `max_block` records (a very common surname with a common initial) are
skipped: their pairs are found through the record's other keys (two name words, the date
of birth, an identifier) or not at all; `DedupeResult.skipped_blocks` says how many.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from habeas.domain.pairs import CandidatePair, Comparison
from habeas.match.compare import agreement, compare
from habeas.match.features import MatchRecord, blocking_keys
from habeas.match.frequencies import CAP, TermFrequencies, word_shares
from habeas.match.model import DEFAULT, Model, Pattern, random_patterns

__all__ = ["DedupeResult", "blocks_of", "candidate_pairs", "dedupe"]

MAX_BLOCK = 150
"""The largest block compared in full."""
MIN_TRAIN = 1000
"""Fewer records than this: the model is not re-estimated (too little to learn from)."""


@dataclass(frozen=True)
class DedupeResult:
    """The pairs kept, best first, the model that scored them, and what it took."""

    pairs: tuple[CandidatePair, ...]
    model: Model
    compared: int
    skipped_blocks: int


def blocks_of(
    records: Sequence[MatchRecord], *, max_block: int = MAX_BLOCK
) -> tuple[list[list[int]], int]:
    """For each record, the indexes of the blocks it is in; and how many blocks were too
    large. Blocks are returned through `candidate_pairs`."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for k in blocking_keys(r):
            members[k].append(i)
    blocks = [m for m in members.values() if 1 < len(m) <= max_block]
    skipped = sum(1 for m in members.values() if len(m) > max_block)
    return blocks, skipped


def iter_pairs(
    records: Sequence[MatchRecord], *, max_block: int = MAX_BLOCK
) -> tuple[Iterator[tuple[int, int]], int]:
    """Every pair (i < j) sharing a block, once, record by record; and how many blocks were
    too large."""
    blocks, skipped = blocks_of(records, max_block=max_block)
    of: list[list[int]] = [[] for _ in records]
    for b, m in enumerate(blocks):
        for i in m:
            of[i].append(b)

    def pairs() -> Iterator[tuple[int, int]]:
        for i, mine in enumerate(of):
            if not mine:
                continue
            seen: set[int] = set()
            for b in mine:
                seen.update(j for j in blocks[b] if j > i)
            for j in sorted(seen):
                yield i, j

    return pairs(), skipped


def candidate_pairs(
    records: Sequence[MatchRecord], *, max_block: int = MAX_BLOCK
) -> tuple[list[tuple[int, int]], int]:
    """Every pair (i < j) sharing a block, once; and how many blocks were too large."""
    found, skipped = iter_pairs(records, max_block=max_block)
    return list(found), skipped


def dedupe(
    records: Sequence[MatchRecord],
    *,
    model: Model = DEFAULT,
    min_weight: float = 0.0,
    train: bool = True,
    max_block: int = MAX_BLOCK,
    term_frequencies: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
) -> DedupeResult:
    """Score every blocked pair of `records`; keep those of at least `min_weight` bits.

    `train`: re-estimate the model on these records first (u from random pairs, m and the
    prior from the blocked pairs). `term_frequencies`: adjust the names' weights by how
    common the agreed words are among these records (`habeas.match.frequencies`).
    `on_progress(done, total)` is told the records done.

    Memory stays small at scale: each pair is kept as two record numbers and the number of
    its pattern of levels (10 bytes); only the pairs kept are compared again for their
    explanation."""
    found, skipped = iter_pairs(records, max_block=max_block)
    left, right, which = array("I"), array("I"), array("H")
    shares_s, shares_g = array("f"), array("f")
    tf = TermFrequencies(word_shares(records))
    observed: dict[tuple[str, Comparison], tuple[float, int]] = {}
    numbers: dict[Pattern, int] = {}
    step = max(1, len(records) // 100)
    last = -1
    for i, j in found:
        pattern, surname, given = agreement(records[i], records[j])
        n = numbers.setdefault(pattern, len(numbers))
        left.append(i)
        right.append(j)
        which.append(n)
        for field_name, level, words, into in (
            ("surname", pattern[0], surname, shares_s),
            ("given_name", pattern[1], given, shares_g),
        ):
            share = tf.log_share(field_name, words)
            into.append(share)
            if words:
                total, count = observed.get((field_name, level), (0.0, 0))
                observed[(field_name, level)] = (total + share, count + 1)
        if on_progress is not None and i // step != last:
            last = i // step
            on_progress(i, len(records))
    if on_progress is not None:
        on_progress(len(records), len(records))
    patterns = list(numbers)
    if train and len(records) >= MIN_TRAIN and len(which) >= 50:
        model = model.with_u(random_patterns(records, min(20_000, 10 * len(records))))
        counts = Counter(which)
        model = model.trained(
            {p: counts[n] for n, p in enumerate(patterns)},
            all_pairs=len(records) * (len(records) - 1) // 2,
        )
    if term_frequencies:
        tf = tf.with_reference(observed)
        model = model.with_tf(tf)
        reference = tf.reference
    else:
        reference = {}
    weights = [model.pattern_weight(p) for p in patterns]

    def adjusted(n: int, share_s: float, share_g: float) -> float:
        w = weights[n]
        p = patterns[n]
        for field_name, level, share in (
            ("surname", p[0], share_s),
            ("given_name", p[1], share_g),
        ):
            ref = reference.get((field_name, level))
            if ref is not None and share:
                w += max(-CAP, min(CAP, ref - share))
        return w

    kept = [
        model.score_compared(records[i].key, records[j].key, compare(records[i], records[j]))
        for i, j, n, a, b in zip(left, right, which, shares_s, shares_g, strict=True)
        if adjusted(n, a, b) >= min_weight
    ]
    kept.sort(key=lambda p: (-p.match_weight, p.id))
    return DedupeResult(tuple(kept), model, len(which), skipped)
