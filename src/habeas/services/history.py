"""Every entry that touched a record: assertions, corrections (with reasons), retractions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from habeas.domain.errors import NotFound
from habeas.storage import queries
from habeas.storage.store import Store

__all__ = ["HistoryLine", "history"]


@dataclass(frozen=True)
class HistoryLine:
    """One entry of a record's history."""

    position: int
    op: str
    version: int
    recorded_at: str
    recorded_by: str
    reason: str | None
    supersedes: int | None
    record: dict[str, Any] | None
    leaf_hash: str

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "position": self.position,
            "op": self.op,
            "version": self.version,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
            "reason": self.reason,
            "supersedes": self.supersedes,
            "record": self.record,
            "leaf_hash": self.leaf_hash,
        }


def history(store: Store, key: str) -> list[HistoryLine]:
    """The full history of the record `key`, oldest first."""
    with store.read() as conn:
        rows = queries.history(conn, key)
    if not rows:
        raise NotFound(f"no record with key {key!r} has ever been recorded")
    out = []
    for row in rows:
        body = json.loads(row.body)
        out.append(
            HistoryLine(
                int(row.position),
                row.op,
                int(row.version),
                row.recorded_at,
                body.get("recorded_by", ""),
                body.get("reason"),
                body.get("supersedes"),
                body.get("record"),
                row.leaf_hash,
            )
        )
    return out
