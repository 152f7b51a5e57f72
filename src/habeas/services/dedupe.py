"""`habeas dedupe`: every person of the ledger matched against every other (by blocking),
the model re-estimated on the ledger's own pairs, and the pairs above the review threshold
proposed to the review queue. A pair already decided (rejected, merged) is the queue's to
refuse again; dedupe never merges on its own."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from habeas.config import Settings, get_settings
from habeas.domain.access import Principal, require
from habeas.domain.pairs import CandidatePair
from habeas.match.dedupe import dedupe
from habeas.match.features import match_record
from habeas.match.model import DEFAULT, Model
from habeas.services.pair_review import propose_pairs
from habeas.storage import match_queries
from habeas.storage.store import Store

__all__ = ["DedupeReport", "dedupe_ledger"]


@dataclass(frozen=True)
class DedupeReport:
    """What a dedupe found and proposed."""

    people: int
    compared: int
    pairs: tuple[CandidatePair, ...]
    proposed: int
    """Pairs added to the review queue (not those queued, rejected or merged before)."""
    model: Model
    skipped_blocks: int
    min_probability: float

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "people": self.people,
            "compared": self.compared,
            "proposed": self.proposed,
            "min_probability": self.min_probability,
            "skipped_blocks": self.skipped_blocks,
            "model": self.model.to_json(),
            "pairs": [p.to_json() for p in self.pairs],
        }


def dedupe_ledger(
    store: Store,
    *,
    principal: Principal,
    min_probability: float | None = None,
    train: bool = True,
    propose: bool = True,
    model: Model = DEFAULT,
    settings: Settings | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> DedupeReport:
    """Match the whole ledger; propose the pairs of at least `min_probability` (default
    HABEAS_MATCH_REVIEW) unless `propose` is False. `on_progress(stage, done, total)`."""
    if not isinstance(principal, Principal):
        raise TypeError("dedupe needs a principal (LOCAL_OPERATOR at the command line)")
    require(principal.role, "write")
    floor = (
        (settings or get_settings()).match_review if min_probability is None else min_probability
    )
    floor = min(max(floor, 1e-9), 1 - 1e-9)
    with store.read() as conn:
        bodies = list(match_queries.people(conn))
        if on_progress is not None:
            on_progress("read", len(bodies), len(bodies))
        ctx = match_queries.contexts(conn, [k for k, _ in bodies])
    records = [match_record(k, b).with_context(ctx.get(k, ())) for k, b in bodies]

    def told(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress("compare", done, total)

    result = dedupe(
        records,
        model=model,
        min_weight=math.log2(floor / (1 - floor)),
        train=train,
        on_progress=told,
    )
    proposed = 0
    if propose and result.pairs:
        proposed = propose_pairs(store, principal, result.pairs, origin="dedupe").added
    return DedupeReport(
        people=len(records),
        compared=result.compared,
        pairs=result.pairs,
        proposed=proposed,
        model=result.model,
        skipped_blocks=result.skipped_blocks,
        min_probability=floor,
    )
