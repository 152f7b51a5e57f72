"""Batch deduplication: every pair of records that shares a blocking key, compared once,
scored, and kept when it weighs at least the review threshold.

Blocks larger than `max_block` records (a very common surname with a common initial) are
skipped: their pairs are found through the record's other keys (two name words, the date
of birth, an identifier) or not at all; `DedupeResult.skipped_blocks` says how many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from habeas.domain.pairs import CandidatePair
from habeas.match.compare import compare
from habeas.match.features import MatchRecord, blocking_keys
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


def candidate_pairs(
    records: Sequence[MatchRecord], *, max_block: int = MAX_BLOCK
) -> tuple[list[tuple[int, int]], int]:
    """Every pair (i < j) sharing a block, once; and how many blocks were too large."""
    blocks, skipped = blocks_of(records, max_block=max_block)
    of: list[list[int]] = [[] for _ in records]
    for b, m in enumerate(blocks):
        for i in m:
            of[i].append(b)
    out: list[tuple[int, int]] = []
    for i, mine in enumerate(of):
        if not mine:
            continue
        seen: set[int] = set()
        for b in mine:
            seen.update(j for j in blocks[b] if j > i)
        out.extend((i, j) for j in sorted(seen))
    return out, skipped


def dedupe(
    records: Sequence[MatchRecord],
    *,
    model: Model = DEFAULT,
    min_weight: float = 0.0,
    train: bool = True,
    max_block: int = MAX_BLOCK,
    on_progress: Callable[[int, int], None] | None = None,
) -> DedupeResult:
    """Score every blocked pair of `records`; keep those of at least `min_weight` bits.

    `train`: re-estimate the model on these records first (u from random pairs, m and the
    prior by EM over the blocked pairs). `on_progress(done, total)` is told the pairs
    compared so far."""
    pairs, skipped = candidate_pairs(records, max_block=max_block)
    compared = [compare(records[i], records[j]) for i, j in pairs]
    if train and len(records) >= MIN_TRAIN and len(pairs) >= 50:
        model = model.with_u(random_patterns(records, min(20_000, 10 * len(records))))
        patterns: list[Pattern] = [tuple(c.level for c in cs) for cs in compared]
        model = model.trained(patterns, all_pairs=len(records) * (len(records) - 1) // 2)
    kept: list[CandidatePair] = []
    step = max(1, len(pairs) // 100)
    for n, ((i, j), cs) in enumerate(zip(pairs, compared, strict=True)):
        pattern = tuple(c.level for c in cs)
        if model.pattern_weight(pattern) >= min_weight:
            kept.append(model.score_compared(records[i].key, records[j].key, cs))
        if on_progress is not None and n % step == 0:
            on_progress(n, len(pairs))
    if on_progress is not None:
        on_progress(len(pairs), len(pairs))
    kept.sort(key=lambda p: (-p.match_weight, p.id))
    return DedupeResult(tuple(kept), model, len(pairs), skipped)
