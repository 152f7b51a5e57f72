"""Every entry that touched a record: assertions, corrections (with reasons), retractions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from habeas.domain.access import Principal, can
from habeas.domain.errors import NotFound
from habeas.domain.registry import canonical_record, parse_record
from habeas.ledger.entry import Entry
from habeas.services.visibility import WITHHELD, Visibility
from habeas.storage import queries
from habeas.storage.log_queries import entry_of
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


def history(store: Store, key: str, *, principal: Principal) -> list[HistoryLine]:
    """The full history of the record `key`, oldest first, as `principal` may see it (the
    local operator, LOCAL_OPERATOR, sees everything). A record whose latest version is above
    clearance has no history for that principal; an earlier version above clearance is
    listed without its record or reason."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        rows = queries.history(conn, key)
        bodies = [_said(entry_of(row)) for row in rows]
        if rows and not vis.full:
            bodies = _visible_bodies(conn, vis, rows, bodies, key)
    if not rows:
        raise NotFound(f"no record with key {key!r} has ever been recorded")
    vis.audit(store, "history")
    out = []
    for row, body in zip(rows, bodies, strict=True):
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


def _said(entry: Entry) -> dict[str, Any]:
    """What an entry says, whatever its format: who, why, what it replaces, the record."""
    return {
        "recorded_by": entry.recorded_by,
        "reason": entry.reason,
        "supersedes": entry.supersedes,
        "record": entry.record,
    }


def _visible_bodies(
    conn: Any, vis: Visibility, rows: list[Any], bodies: list[dict[str, Any]], key: str
) -> list[dict[str, Any]]:
    """The entries' bodies with each version's record redacted for `vis`."""
    missing = NotFound(f"no record with key {key!r} has ever been recorded")
    if any(row.op == "audit" for row in rows):
        if not can(vis.role, "admin"):
            raise missing
        return bodies
    records = [parse_record(b["record"]) if b.get("record") else None for b in bodies]
    latest = next((r for r in reversed(records) if r is not None), None)
    if latest is None or not vis.sees(latest):
        raise missing
    hidden = vis.hidden(conn, {k for r in records if r for _p, k, _t in r.references()})
    out = []
    for body, record in zip(bodies, records, strict=True):
        body = dict(body)
        if record is not None:
            shown = vis.show(record, hidden)
            body["record"] = canonical_record(shown) if shown is not None else None
            if shown is None:
                body["reason"] = None
        if vis.role == "public":
            body["recorded_by"] = WITHHELD
        out.append(body)
    return out
