"""The comparison levels of a batch's candidate pairs, a chunk of pairs at a time, and the
explanations of the pairs kept, in `WORKERS` processes when there is more than one chunk
(forked, so the records and their arrays are shared rather than copied; each chunk's levels
come back as a pattern number and two shares a pair). Nothing depends on how the chunks are
shared out."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from habeas.domain.pairs import CandidatePair
from habeas.match.bulk import Coded, Index, bulk_levels
from habeas.match.compare import FIELDS, compare
from habeas.match.features import MatchRecord
from habeas.match.frequencies import TermFrequencies
from habeas.match.model import Model

__all__ = ["BASE", "CHUNK", "EXPLAINED", "WORKERS", "Scored", "explained", "scored"]

BASE = 8
"""Level numbers are below 8: a pattern is the number sum(level * 8**field)."""
CHUNK = 500_000
"""Pairs compared at once (the arrays of a chunk take some 200 bytes a pair)."""
WORKERS = 2
"""Processes comparing chunks (the machine the batch targets has two cores)."""
_POWERS = BASE ** np.arange(len(FIELDS), dtype=np.int64)

Scored = tuple[npt.NDArray[np.int32], npt.NDArray[np.float32], npt.NDArray[np.float32]]
"""Per pair: the number of its pattern of levels, and the log2 shares of the surname and
given-name words agreed on exactly."""


_work: Callable[[int], Any] | None = None
"""What the forked workers do with the start of a chunk."""


def _run(start: int) -> tuple[int, Any]:
    assert _work is not None
    return start, _work(start)


def _forked(work: Callable[[int], Any], starts: range, workers: int) -> Iterator[tuple[int, Any]]:
    """(start, work(start)) for every start, in `workers` forked processes when there are
    several starts (as they finish), else here (in order)."""
    global _work
    _work = work
    try:
        if workers > 1 and len(starts) > 1 and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            gc.freeze()  # the workers' collections leave the shared objects' pages shared
            try:
                with context.Pool(min(workers, len(starts))) as pool:
                    yield from pool.imap_unordered(_run, starts)
            finally:
                gc.unfreeze()
        else:
            for start in starts:
                yield start, work(start)
    finally:
        _work = None


def scored(
    records: Sequence[MatchRecord],
    coded: Coded,
    left: Index,
    right: Index,
    tf: TermFrequencies | None,
    *,
    workers: int = WORKERS,
    chunk: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Scored:
    """The pattern number and shares of every pair (left[k], right[k]);
    `on_progress(done, total)` is told the pairs compared."""
    total = len(left)
    out: Scored = (
        np.empty(total, dtype=np.int32),
        np.empty(total, dtype=np.float32),
        np.empty(total, dtype=np.float32),
    )
    size = chunk or CHUNK

    def work(start: int) -> Scored:
        i, j = left[start : start + size], right[start : start + size]
        lv, s, g = bulk_levels(records, coded, i, j, tf)
        return (lv @ _POWERS).astype(np.int32), s.astype(np.float32), g.astype(np.float32)

    done = 0
    for start, got in _forked(work, range(0, total, size), workers):
        for column, values in zip(out, got, strict=True):
            column[start : start + len(values)] = values
        done += len(got[0])
        if on_progress is not None:
            on_progress(done, total)
    if on_progress is not None and not total:
        on_progress(0, 0)
    return out


EXPLAINED = 20_000
"""Pairs kept explained at once."""


def explained(
    model: Model,
    records: Sequence[MatchRecord],
    left: Index,
    right: Index,
    *,
    workers: int = WORKERS,
) -> list[CandidatePair]:
    """The pairs (left[k], right[k]) scored by `model` with every field compared in words
    (`habeas.match.compare`), in order."""

    def work(start: int) -> list[CandidatePair]:
        i = left[start : start + EXPLAINED].tolist()
        j = right[start : start + EXPLAINED].tolist()
        return [
            model.score_compared(records[a].key, records[b].key, compare(records[a], records[b]))
            for a, b in zip(i, j, strict=True)
        ]

    done = dict(_forked(work, range(0, len(left), EXPLAINED), workers))
    return [p for start in sorted(done) for p in done[start]]
