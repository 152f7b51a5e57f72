"""The comparison levels of a batch's candidate pairs, a chunk of pairs at a time, in
`WORKERS` processes when there is more than one chunk (forked, so the records and their
arrays are shared rather than copied; each chunk's levels come back as a pattern number and
two shares a pair). The levels do not depend on how the chunks are shared out."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from habeas.match.bulk import Coded, Ints, bulk_levels
from habeas.match.compare import FIELDS
from habeas.match.features import MatchRecord
from habeas.match.frequencies import TermFrequencies

__all__ = ["BASE", "CHUNK", "WORKERS", "Scored", "scored"]

BASE = 8
"""Level numbers are below 8: a pattern is the number sum(level * 8**field)."""
CHUNK = 1_000_000
"""Pairs compared at once (the arrays of a chunk take some 200 bytes a pair)."""
WORKERS = 2
"""Processes comparing chunks (the machine the batch targets has two cores)."""
_POWERS = BASE ** np.arange(len(FIELDS), dtype=np.int64)

Scored = tuple[npt.NDArray[np.int32], npt.NDArray[np.float32], npt.NDArray[np.float32]]
"""Per pair: the number of its pattern of levels, and the log2 shares of the surname and
given-name words agreed on exactly."""


@dataclass(frozen=True)
class _Batch:
    records: Sequence[MatchRecord]
    coded: Coded
    left: Ints
    right: Ints
    tf: TermFrequencies | None
    chunk: int


_batch: _Batch | None = None
"""The batch being scored, as the forked workers find it."""


def _score(start: int) -> tuple[int, Scored]:
    b = _batch
    assert b is not None
    end = min(start + b.chunk, len(b.left))
    lv, s, g = bulk_levels(b.records, b.coded, b.left[start:end], b.right[start:end], b.tf)
    return start, ((lv @ _POWERS).astype(np.int32), s.astype(np.float32), g.astype(np.float32))


def scored(
    records: Sequence[MatchRecord],
    coded: Coded,
    left: Ints,
    right: Ints,
    tf: TermFrequencies | None,
    *,
    workers: int = WORKERS,
    chunk: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Scored:
    """The pattern number and shares of every pair (left[k], right[k]);
    `on_progress(done, total)` is told the pairs compared."""
    global _batch
    total = len(left)
    out: Scored = (
        np.empty(total, dtype=np.int32),
        np.empty(total, dtype=np.float32),
        np.empty(total, dtype=np.float32),
    )
    size = chunk or CHUNK
    starts = range(0, total, size)
    done = 0

    def put(start: int, got: Scored) -> None:
        nonlocal done
        for column, values in zip(out, got, strict=True):
            column[start : start + len(values)] = values
        done += len(got[0])
        if on_progress is not None:
            on_progress(done, total)

    _batch = _Batch(records, coded, left, right, tf, size)
    try:
        forks = "fork" in multiprocessing.get_all_start_methods()
        if workers > 1 and len(starts) > 1 and forks:
            context = multiprocessing.get_context("fork")
            with context.Pool(min(workers, len(starts))) as pool:
                for start, got in pool.imap_unordered(_score, starts):
                    put(start, got)
        else:
            for start in starts:
                put(*_score(start))
    finally:
        _batch = None
    if on_progress is not None and not total:
        on_progress(0, 0)
    return out
