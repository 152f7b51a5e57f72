"""The review queue of candidate pairs: two person records that may be one person.

The matcher (`habeas dedupe`, an import) proposes scored pairs (`propose_pairs`); editors
and admins decide each (`decide`): accept (merge the two, `habeas.services.merges`), reject
(remembered: the same pair is never proposed again unless its evidence changes) or skip
(kept in the queue, behind the pending pairs). Every proposal and decision is a `pair`
record written through the one write door, so the queue is in the tamper-evident log and
`habeas verify` rebuilds its projection (`pair_queue`). Readers see only the pairs whose two
people they may see (`queue`).

    propose_pairs(store, LOCAL_OPERATOR, pairs, origin="dedupe")
    decide(store, principal, "person/a|person/b", "accept", "same A-number in both lists")
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from habeas.domain.access import Principal, require
from habeas.domain.base import Sensitivity
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.domain.merges import PairRecord, most_sensitive, pair_key
from habeas.domain.pairs import CandidatePair
from habeas.domain.people import Person
from habeas.domain.registry import canonical_record, parse_record
from habeas.services.merges import MergeResult, merge_in
from habeas.services.sourcing import CitedSource
from habeas.services.visibility import Visibility
from habeas.services.write import WriteSession, writing
from habeas.services.writer import AppendResult
from habeas.storage import merge_queries, queries
from habeas.storage.store import Connection, Store

__all__ = [
    "DECISIONS",
    "OPEN",
    "Decision",
    "ProposeResult",
    "QueuedPair",
    "decide",
    "get_pair",
    "key_of",
    "propose_pairs",
    "queue",
]

DecisionName = Literal["accept", "reject", "skip"]
DECISIONS: tuple[str, ...] = get_args(DecisionName)
OPEN = ("pending", "skipped")
"""The statuses a reviewer still has to decide: pending first, then skipped."""
_STATUS = {"accept": "accepted", "reject": "rejected", "skip": "skipped"}


def key_of(pair: str) -> str:
    """The pair record key of `pair`: a pair id ('person/a|person/b', either way round) or
    the key itself ('pair/…')."""
    text = pair.strip()
    if "|" in text:
        a, _, b = text.partition("|")
        left, right = sorted((a.strip(), b.strip()))
        return pair_key(f"{left}|{right}")
    return text


@dataclass(frozen=True)
class ProposeResult:
    """What `propose_pairs` did with each pair it was given."""

    added: int = 0
    """New pending pairs (and rejected or split ones whose evidence changed: `requeued`)."""
    already_queued: int = 0
    """Pending, skipped or accepted already (a pending one's scores are brought up to date)."""
    rejected_before: int = 0
    """Rejected (or split) before on the same evidence: not proposed again."""
    already_merged: int = 0
    """The two answer as one person already."""
    requeued: int = 0
    keys: tuple[str, ...] = ()
    """The pair keys added."""
    result: AppendResult = field(default_factory=AppendResult)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "added": self.added,
            "already_queued": self.already_queued,
            "rejected_before": self.rejected_before,
            "already_merged": self.already_merged,
            "requeued": self.requeued,
            "keys": list(self.keys),
            "write": self.result.to_json(),
        }


def _people_flags(
    session: WriteSession, keys: Sequence[str]
) -> dict[str, tuple[Sensitivity, bool]]:
    """key -> (sensitivity, synthetic) of the current people among `keys`."""
    session.prefetch(keys)
    out: dict[str, tuple[Sensitivity, bool]] = {}
    for key in keys:
        known = session.current(key)
        if known is None or known.status != "active" or known.record_type != "person":
            continue
        body = json.loads(known.body)
        level = cast(Sensitivity, body.get("sensitivity", "public"))
        out[key] = (level, bool(body.get("synthetic", False)))
    return out


def propose_pairs(
    store: Store, principal: Principal, pairs: Sequence[CandidatePair], *, origin: str
) -> ProposeResult:
    """Add `pairs` to the queue as pending, in one write, from `origin` (dedupe, an import…).

    A pair already pending, skipped or accepted is not added twice; one rejected (or merged
    and split) before is proposed again only when its evidence changed (its fingerprint,
    `habeas.domain.merges.evidence_fingerprint`); one whose two people are merged already is
    left out. A pair naming a key that is not a current person is refused (nothing is
    written). Editors and admins (importers) only."""
    if not origin or not origin.strip():
        raise InvalidRecord("a proposal names its origin", field="origin")
    counts = {"added": 0, "queued": 0, "rejected": 0, "merged": 0, "requeued": 0}
    added: list[str] = []
    with writing(store, principal=principal, action="import", kind="pairs") as session:
        people = sorted({k for p in pairs for k in (p.left, p.right)})
        flags = _people_flags(session, people)
        missing = [k for k in people if k not in flags]
        if missing:
            raise InvalidRecord(
                f"a pair names {missing[0]!r}, which is not a current person", field="left"
            )
        roots = merge_queries.resolve_people(session.tx.conn, people)
        session.prefetch(pair_key(p.id) for p in pairs)
        seen: set[str] = set()
        for pair in pairs:
            key = pair_key(pair.id)
            if key in seen:
                counts["queued"] += 1
                continue
            seen.add(key)
            if roots[pair.left] == roots[pair.right]:
                counts["merged"] += 1
                continue
            level = most_sensitive([flags[pair.left][0], flags[pair.right][0]])
            synthetic = flags[pair.left][1] or flags[pair.right][1]
            record = PairRecord.proposed(
                pair, origin=origin.strip(), sensitivity=level, synthetic=synthetic
            )
            known = session.current(key)
            if known is None:
                session.put(record, reason=f"proposed by {origin}")
                counts["added"] += 1
                added.append(key)
                continue
            before = json.loads(known.body) if known.body else {}
            status = before.get("status", "pending")
            if known.status != "active":
                status = "rejected"  # a pair record withdrawn by hand counts as judged
            if status in ("rejected", "split"):
                if before.get("fingerprint") == record.fingerprint:
                    counts["rejected"] += 1
                    continue
                session.put(
                    record,
                    expect=known.version,
                    reason=f"proposed again by {origin}: the evidence changed",
                )
                counts["added"] += 1
                counts["requeued"] += 1
                added.append(key)
                continue
            counts["queued"] += 1
            if status in ("pending", "skipped") and before.get("fingerprint") != record.fingerprint:
                update = record.model_copy(update={"status": status})
                session.put(
                    PairRecord.model_validate(canonical_record(update)),
                    expect=known.version,
                    reason=f"scored again by {origin}",
                )
    assert session.result is not None
    return ProposeResult(
        added=counts["added"],
        already_queued=counts["queued"],
        rejected_before=counts["rejected"],
        already_merged=counts["merged"],
        requeued=counts["requeued"],
        keys=tuple(added),
        result=session.result,
    )


# -- reading the queue ----------------------------------------------------------------------
@dataclass(frozen=True)
class QueuedPair:
    """A pair as a reviewer sees it: the pair, the two people side by side (as the reader
    may see them) with their sources, and when it was last changed."""

    pair: PairRecord
    left: Person
    right: Person
    sources: dict[str, list[CitedSource]]
    recorded_at: str

    @property
    def key(self) -> str:
        return self.pair.key

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (CLI --json and the API)."""
        p = self.pair

        def person(rec: Person) -> dict[str, Any]:
            return {
                "key": rec.key,
                "name": rec.full_name,
                "record": canonical_record(rec),
                "sources": [s.to_json() for s in self.sources.get(rec.key, [])],
            }

        return {
            "key": p.key,
            "id": p.pair_id,
            "status": p.status,
            "probability": p.probability,
            "match_weight": p.match_weight,
            "conflict": p.conflict,
            "model": p.model,
            "origin": p.origin,
            "explanation": p.explanation,
            "evidence": [e.to_json() for e in p.evidence],
            "decided_by": p.decided_by,
            "reason": p.reason,
            "survivor": p.survivor,
            "recorded_at": self.recorded_at,
            "left": person(self.left),
            "right": person(self.right),
        }


def _may_review(principal: Principal) -> Visibility:
    vis = Visibility(principal)
    if not vis.full:
        require(vis.role, "read")
        if vis.role == "public":
            require(vis.role, "write")  # the public never sees the queue: sign in
    return vis


def _views(conn: Connection, vis: Visibility, rows: Sequence[Any]) -> list[QueuedPair]:
    bodies = queries.get_records(conn, {k for r in rows for k in (r.key, r.left_key, r.right_key)})
    out: list[QueuedPair] = []
    for row in rows:
        pair = parse_record(json.loads(bodies[row.key].body))
        people = [bodies.get(row.left_key), bodies.get(row.right_key)]
        if not isinstance(pair, PairRecord) or any(
            p is None or p.status != "active" for p in people
        ):
            continue
        records = [parse_record(json.loads(p.body)) for p in people if p is not None]
        shown = vis.show_all(conn, [pair, *records])
        if len(shown) != 3:  # a person (or the pair) above clearance: the pair is not shown
            continue
        left, right = shown[1], shown[2]
        assert isinstance(left, Person) and isinstance(right, Person)
        out.append(QueuedPair(pair, left, right, vis.cited(conn, [left, right]), row.recorded_at))
    return out


def queue(
    store: Store,
    *,
    principal: Principal,
    statuses: Sequence[str] = OPEN,
    limit: int = 50,
    offset: int = 0,
) -> list[QueuedPair]:
    """The pairs of `statuses` (by default the open ones: pending, then skipped), most
    probable first, that `principal` may see: both people within clearance. Signed-in
    readers only."""
    bad = [s for s in statuses if s not in ("pending", "accepted", "rejected", "skipped", "split")]
    if bad:
        raise InvalidRecord(f"unknown pair status {bad[0]!r}", field="status")
    vis = _may_review(principal)
    levels = None if vis.full or vis.sees_everything else vis.clearance
    with store.read() as conn:
        out: list[QueuedPair] = []
        at = offset
        while len(out) < limit:  # rows the reader may not see are skipped, never cut the page
            rows = merge_queries.pair_rows(
                conn, statuses=list(statuses), levels=levels, limit=limit, offset=at
            )
            if not rows:
                break
            at += len(rows)
            out.extend(_views(conn, vis, rows))
        out = out[:limit]
    vis.audit(store, "pairs")
    return out


def get_pair(store: Store, pair: str, *, principal: Principal) -> QueuedPair:
    """One pair by id or key, whatever its status, if `principal` may see both people."""
    vis = _may_review(principal)
    key = key_of(pair)
    with store.read() as conn:
        rows = merge_queries.pair_rows_of(conn, [key])
        views = _views(conn, vis, rows)
    if not views:
        raise NotFound(f"no pair {pair!r}")
    vis.audit(store, "pair")
    return views[0]


# -- deciding -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """What a decision wrote: the pair as it is now, and the merge when it was accepted."""

    key: str
    pair_id: str
    status: str
    merge: MergeResult | None
    result: AppendResult

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "key": self.key,
            "id": self.pair_id,
            "status": self.status,
            "merge": self.merge.to_json() if self.merge is not None else None,
            "write": self.result.to_json(),
        }


def _survivor_of(session: WriteSession, pair: PairRecord) -> str:
    """The person kept by default: the one recorded first (the left one on a tie)."""
    a, b = session.current(pair.left), session.current(pair.right)
    assert a is not None and b is not None
    return pair.right if b.first_recorded_at < a.first_recorded_at else pair.left


def decide(
    store: Store,
    principal: Principal,
    pair: str,
    decision: str,
    reason: str | None,
    *,
    survivor: str | None = None,
    override: str | None = None,
) -> Decision:
    """Accept (merge), reject or skip the pair `pair` (its id or key), saying why (accept
    and reject need a reason). Accepting keeps `survivor` (by default the person recorded
    first) and absorbs the other; a pair with conflicting identifiers needs an `override`
    reason. Only pending or skipped pairs are decided. Editors and admins only."""
    if decision not in DECISIONS:
        raise InvalidRecord(
            f"unknown decision {decision!r} (accept, reject or skip)", field="decision"
        )
    why = (reason or "").strip()
    if decision != "skip" and not why:
        raise InvalidRecord(f"to {decision} a pair needs a reason", field="reason")
    key = key_of(pair)
    merged: Any = None
    with writing(store, principal=principal, kind=f"pair:{decision}") as session:
        known = session.current(key)
        if known is None or known.record_type != "pair" or known.status != "active":
            raise NotFound(f"no pair {pair!r}")
        record = parse_record(json.loads(known.body))
        assert isinstance(record, PairRecord)
        if record.status not in OPEN:
            raise Conflict(f"the pair {record.pair_id} is {record.status} already")
        kept: str | None = None
        if decision == "accept":
            kept = survivor or _survivor_of(session, record)
            if kept not in (record.left, record.right):
                raise InvalidRecord(f"{kept!r} is not one of the pair", field="survivor")
            gone = record.right if kept == record.left else record.left
            merged = merge_in(
                session, survivor=kept, absorbed=gone, reason=why, pair=record, override=override
            )
        data = canonical_record(record)
        data.update(status=_STATUS[decision], decided_by=session.author)
        data["reason"] = why or None
        data["survivor"] = kept
        updated = PairRecord.model_validate({k: v for k, v in data.items() if v is not None})
        session.put(updated, expect=known.version, reason=why or decision)
    assert session.result is not None
    merge = None
    if merged is not None:
        merge = MergeResult(
            merged.key, merged.survivor, merged.absorbed, session.result, tuple(merged.conflicts)
        )
    return Decision(key, record.pair_id, _STATUS[decision], merge, session.result)
