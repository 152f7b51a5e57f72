"""The review queue of candidate pairs and the merges of people as registered projections
(tables in `habeas.storage.merge_tables`): one row per current `pair` record, one per
current (not retracted) `merge` record. Both depend only on their record's current
version, so they are `KeyedProjection`s."""

from __future__ import annotations

from typing import Any

from habeas.domain.merges import PairRecord, PersonMerge
from habeas.storage.merge_tables import pair_queue, person_merges
from habeas.storage.projections.registry import KeyedProjection, Projected

__all__ = ["PAIR_QUEUE", "PERSON_MERGES", "merge_rows", "pair_rows"]


def pair_rows(item: Projected) -> list[dict[str, Any]]:
    """The pair_queue row of a current pair record (none when retracted)."""
    record = item.record
    if not isinstance(record, PairRecord):
        return []
    return [
        {
            "key": record.key,
            "left_key": record.left,
            "right_key": record.right,
            "status": record.status,
            "probability_ppm": record.probability_ppm,
            "weight_millibits": record.weight_millibits,
            "conflict": record.conflict,
            "fingerprint": record.fingerprint,
            "origin": record.origin[:200],
            "sensitivity": record.sensitivity,
            "recorded_at": item.entry.recorded_at,
        }
    ]


def merge_rows(item: Projected) -> list[dict[str, Any]]:
    """The person_merges row of a current merge record (none once split: retracted)."""
    record = item.record
    if not isinstance(record, PersonMerge):
        return []
    return [
        {
            "key": record.key,
            "absorbed_key": record.absorbed,
            "survivor_key": record.survivor,
            "pair_key": record.pair,
            "sensitivity": record.sensitivity,
        }
    ]


PAIR_QUEUE = KeyedProjection(pair_queue, "key", pair_rows)
"""The review queue: each candidate pair and its status."""

PERSON_MERGES = KeyedProjection(person_merges, "key", merge_rows)
"""Which person each absorbed person now answers as."""
