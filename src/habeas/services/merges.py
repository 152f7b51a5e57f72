"""Merging two person records into one person, and splitting them again.

A merge is a `merge` record (`habeas.domain.merges.PersonMerge`) written through the one
write door: who (the entry's author), why (`reason`), the pair it accepted and that pair's
explanation, and the override reason when identifiers conflict. Neither person's record is
touched. While the merge is current, reads follow it: the absorbed key resolves to the
survivor (`resolve_person`), and whereabouts, custody, cases and search answer for the
survivor with the absorbed person's records included (`merged_group`). A split retracts the
merge record (with its reason), so every read answers exactly as before the merge, and the
log keeps both.

    merge_people(store, LOCAL_OPERATOR, survivor="person/a", absorbed="person/b",
                 reason="same A-number in two court lists")
    split_people(store, LOCAL_OPERATOR, absorbed="person/b", reason="two brothers")
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.domain.merges import (
    PairRecord,
    PersonMerge,
    conflicting_identifiers,
    most_sensitive,
)
from habeas.domain.merges import (
    merge_key as key_of_merge,
)
from habeas.domain.people import Person
from habeas.domain.registry import parse_record
from habeas.services.write import WriteSession, writing
from habeas.services.writer import AppendResult
from habeas.storage import merge_queries
from habeas.storage.store import Connection, Store

__all__ = [
    "MergeResult",
    "SplitResult",
    "answers_as",
    "merge_in",
    "merge_people",
    "merged_group",
    "resolve_people",
    "resolve_person",
    "split_in",
    "split_people",
]


@dataclass(frozen=True)
class MergeResult:
    """What a merge wrote."""

    key: str
    survivor: str
    absorbed: str
    result: AppendResult
    conflicts: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "merge": self.key,
            "survivor": self.survivor,
            "absorbed": self.absorbed,
            "conflicts": list(self.conflicts),
            "write": self.result.to_json(),
        }


class SplitResult(MergeResult):
    """What a split wrote (the same shape as a merge's)."""


# -- reads that follow merges ---------------------------------------------------------------
def resolve_person(conn: Connection, key: str) -> str:
    """The person `key` answers as now: itself, or the survivor it was merged into."""
    return merge_queries.resolve_people(conn, [key])[key]


def resolve_people(conn: Connection, keys: Iterable[str]) -> dict[str, str]:
    """key -> the person each answers as now (`resolve_person` for many)."""
    return merge_queries.resolve_people(conn, keys)


def merged_group(conn: Connection, key: str) -> list[str]:
    """Every person record that is the person `key` answers as: its survivor first, then
    everyone merged into it (at any depth)."""
    return merge_queries.group_of(conn, resolve_person(conn, key))


def answers_as(store: Store, key: str, *, principal: Principal) -> str:
    """The person `key` answers as for `principal`: the survivor of a merge it may see, else
    `key` itself (an absorbed person's page says whom it answers as). NotFound
    for a key that is no current person `principal` may see."""
    from habeas.services.visibility import Visibility
    from habeas.storage import queries

    vis = Visibility.of(store, principal)
    with store.read() as conn:
        row = queries.get_records(conn, [key]).get(key)
        if (
            row is None
            or row.status != "active"
            or row.record_type != "person"
            or not (vis.full or vis.sees_row(row))
        ):
            raise NotFound(f"no person with key {key!r}")
        return merge_queries.resolve_people(conn, [key], vis.merge_levels)[key]


# -- writing --------------------------------------------------------------------------------
def _body(session: WriteSession, key: str, what: str) -> tuple[Any, dict[str, Any]]:
    known = session.current(key)
    if known is None or known.status != "active":
        state = "retracted" if known is not None else "not in the ledger"
        raise NotFound(f"{what} {key!r}: {state}")
    return known, json.loads(known.body)


def _person(session: WriteSession, key: str, what: str) -> Person:
    known, body = _body(session, key, what)
    if known.record_type != "person":
        raise InvalidRecord(f"{key!r} is a {known.record_type}, not a person", field=what)
    record = parse_record(body)
    assert isinstance(record, Person)
    return record


def merge_in(
    session: WriteSession,
    *,
    survivor: str,
    absorbed: str,
    reason: str,
    pair: PairRecord | None = None,
    override: str | None = None,
) -> PersonMerge:
    """Write the merge of `absorbed` into `survivor` inside an open write (`writing`)."""
    why = (reason or "").strip()
    if not why:
        raise InvalidRecord("a merge needs a reason", field="reason")
    if survivor == absorbed:
        raise InvalidRecord("a person cannot be merged into themself", field="absorbed")
    kept = _person(session, survivor, "survivor")
    gone = _person(session, absorbed, "absorbed")
    conn = session.tx.conn
    merged = merge_queries.survivors_of(conn, [survivor, absorbed])
    if absorbed in merged:
        raise Conflict(f"{absorbed} is merged into {merged[absorbed]} already: split it first")
    if survivor in merged:
        root = resolve_person(conn, survivor)
        raise Conflict(f"{survivor} is merged into {root}: merge into {root} instead")
    conflicts = conflicting_identifiers(kept, gone)
    if conflicts and not (override and override.strip()):
        raise InvalidRecord(
            f"the identifiers conflict ({', '.join(conflicts)}): a merge of two records "
            "with different numbers needs an explicit override reason",
            field="override",
        )
    try:
        key = key_of_merge(absorbed)
    except ValueError as e:
        raise InvalidRecord(str(e).partition(": ")[2], field="absorbed") from e
    record = PersonMerge(
        type="merge",
        key=key,
        unsourced=True,
        sensitivity=most_sensitive([kept.sensitivity, gone.sensitivity]),
        synthetic=kept.synthetic or gone.synthetic,
        survivor=survivor,
        absorbed=absorbed,
        reason=why,
        pair=pair.key if pair is not None else None,
        explanation=pair.explanation if pair is not None else None,
        override=override.strip() if conflicts and override else None,
        conflicts=conflicts,
    )
    known = session.current(record.key)
    session.put(record, expect=known.version if known is not None else "new", reason=why)
    return record


def merge_people(
    store: Store,
    principal: Principal,
    *,
    survivor: str,
    absorbed: str,
    reason: str,
    pair: str | None = None,
    override: str | None = None,
) -> MergeResult:
    """Merge the person `absorbed` into `survivor`, saying why; with `pair` (a pair id or
    key), as accepting that pair (`habeas.services.pair_review.decide`). Refused: a person
    already absorbed, a survivor that is absorbed, conflicting identifiers without an
    `override` reason. Editors and admins only."""
    if pair is not None:
        from habeas.services.pair_review import decide

        decision = decide(
            store,
            principal,
            pair,
            "accept",
            reason,
            survivor=survivor,
            override=override,
        )
        assert decision.merge is not None
        return decision.merge
    with writing(store, principal=principal, kind="merge") as session:
        record = merge_in(
            session, survivor=survivor, absorbed=absorbed, reason=reason, override=override
        )
    assert session.result is not None
    return MergeResult(record.key, survivor, absorbed, session.result, tuple(record.conflicts))


def split_in(session: WriteSession, *, key: str, reason: str) -> PersonMerge:
    """Retract the merge `key` inside an open write; the pair it accepted becomes 'split'."""
    why = (reason or "").strip()
    if not why:
        raise InvalidRecord("a split needs a reason", field="reason")
    known = session.current(key)
    if known is None or known.record_type != "merge":
        raise NotFound(f"no merge {key!r}")
    if known.status != "active":
        raise Conflict(f"{key} is split already")
    record = parse_record(json.loads(known.body))
    assert isinstance(record, PersonMerge)
    session.retract(key, why, expect_version=known.version)
    if record.pair is not None:
        pk, body = _body(session, record.pair, "pair")
        pair = parse_record(body)
        assert isinstance(pair, PairRecord)
        split = PairRecord.model_validate(
            {**body, "status": "split", "reason": why, "decided_by": session.author}
        )
        session.put(split, expect=pk.version, reason=why)
    return record


def split_people(
    store: Store,
    principal: Principal,
    *,
    reason: str,
    absorbed: str | None = None,
    merge_key: str | None = None,
) -> SplitResult:
    """Undo the merge that absorbed `absorbed` (or the merge record `merge_key`): every read
    answers again as before it. The pair it accepted is marked split, so it is not proposed
    again unless its evidence changes. Editors and admins only."""
    if (absorbed is None) == (merge_key is None):
        raise InvalidRecord("name the absorbed person or the merge, one of them", field="absorbed")
    try:
        key = merge_key if merge_key is not None else key_of_merge(str(absorbed))
    except ValueError as e:  # a key too long to have been merged
        raise NotFound(f"no merge absorbs {str(absorbed)[:40]!r}…") from e
    with writing(store, principal=principal, kind="split") as session:
        record = split_in(session, key=key, reason=reason)
    assert session.result is not None
    return SplitResult(key, record.survivor, record.absorbed, session.result)
