"""The review queue: drafts that importers find and editors accept or reject.

An importer queues a draft when it finds something that may be a fact but needs a person's
judgement: a docket entry that is an order (accepting it records the order, citing the entry's
source, so its obligations can be recorded next), or a fact an article states (a statement, an
event, a person or facility mentioned). Nothing a draft proposes is in the log until an editor
accepts it; accepting writes the record (as proposed, or as the editor changed it) and marks the
draft in the same transaction, so a draft is never accepted twice or half-accepted.

The same finding is queued once (`NewDraft.dedupe`), so importing a docket or an article again
adds no drafts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR, Principal, require
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.domain.registry import canonical_record, record_errors
from habeas.ledger.entry import format_recorded_at
from habeas.services.audit import author_for
from habeas.services.write import UPDATE, RecordProblems, writing
from habeas.storage import draft_queries as q
from habeas.storage.store import Connection, Store

__all__ = [
    "STATUSES",
    "AcceptedDraft",
    "Draft",
    "NewDraft",
    "accept_draft",
    "count_pending",
    "get_draft",
    "list_drafts",
    "queue_drafts",
    "reject_draft",
]

STATUSES = ("pending", "accepted", "rejected")


@dataclass(frozen=True)
class NewDraft:
    """A finding to queue. `record` is the body accepting it writes (editors may change it);
    `notes` say what the editor should check (matches found, the anchor of a date...)."""

    kind: str
    origin: str
    source: str
    summary: str
    record: Mapping[str, Any]
    excerpt: str | None = None
    notes: Sequence[str] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def record_type(self) -> str:
        return str(self.record.get("type", ""))

    def proposal(self) -> dict[str, Any]:
        """The JSON kept in the queue."""
        return {"record": dict(self.record), "notes": list(self.notes), **dict(self.extra)}

    def dedupe(self) -> str:
        """SHA-256 of what makes two findings the same: origin, kind, record, excerpt."""
        same = {
            "origin": self.origin,
            "kind": self.kind,
            "record": self.record,
            "excerpt": self.excerpt,
        }
        text = json.dumps(same, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Draft:
    """A queued draft."""

    id: int
    kind: str
    record_type: str
    origin: str
    source: str
    summary: str
    record: dict[str, Any]
    notes: list[str]
    extra: dict[str, Any]
    excerpt: str | None
    status: str
    created_at: str
    created_by: str
    decided_at: str | None
    decided_by: str | None
    decision_note: str | None
    result_key: str | None

    @classmethod
    def from_row(cls, row: Any) -> Draft:
        proposal = json.loads(row.proposal)
        record = dict(proposal.pop("record", {}))
        notes = list(proposal.pop("notes", []))
        return cls(
            int(row.id),
            row.kind,
            row.record_type,
            row.origin,
            row.source,
            row.summary,
            record,
            notes,
            proposal,
            row.excerpt,
            row.status,
            row.created_at,
            row.created_by,
            row.decided_at,
            row.decided_by,
            row.decision_note,
            row.result_key,
        )

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "id": self.id,
            "kind": self.kind,
            "record_type": self.record_type,
            "origin": self.origin,
            "source": self.source,
            "summary": self.summary,
            "record": self.record,
            "notes": self.notes,
            "extra": self.extra,
            "excerpt": self.excerpt,
            "status": self.status,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "decided_at": self.decided_at,
            "decided_by": self.decided_by,
            "decision_note": self.decision_note,
            "result_key": self.result_key,
        }


@dataclass(frozen=True)
class AcceptedDraft:
    """What accepting a draft wrote."""

    draft: int
    key: str
    op: str
    position: int | None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"draft": self.draft, "key": self.key, "op": self.op, "position": self.position}


def _now() -> str:
    return format_recorded_at(datetime.now(UTC))


def _may_review(principal: Principal) -> None:
    if principal is not None:
        require(principal.role, "import")


def queue_drafts(conn: Connection, drafts: Iterable[NewDraft], *, created_by: str) -> list[int]:
    """Queue `drafts` in the caller's transaction; the ids of those new to the queue."""
    ids: list[int] = []
    for new in drafts:
        if not new.record_type:
            raise InvalidRecord("a draft's record needs a type", field="record.type")
        row = {
            "kind": new.kind,
            "record_type": new.record_type,
            "origin": new.origin,
            "source": new.source,
            "dedupe": new.dedupe(),
            "summary": new.summary,
            "proposal": json.dumps(new.proposal(), ensure_ascii=False, sort_keys=True),
            "excerpt": new.excerpt,
            "status": "pending",
            "created_at": _now(),
            "created_by": created_by,
        }
        got = q.add_draft(conn, row)
        if got is not None:
            ids.append(got)
    return ids


def list_drafts(
    store: Store,
    *,
    principal: Principal,
    status: str | None = "pending",
    kinds: Sequence[str] = (),
    origin: str | None = None,
    source: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[Draft]:
    """Drafts oldest first (editors and admins only: drafts are unreviewed)."""
    _may_review(principal)
    if status is not None and status not in STATUSES:
        raise InvalidRecord(f"unknown status {status!r}: use {', '.join(STATUSES)}", field="status")
    with store.read() as conn:
        rows = q.list_drafts(
            conn,
            status=status,
            kinds=kinds,
            origin=origin,
            source=source,
            limit=limit,
            offset=offset,
        )
    return [Draft.from_row(r) for r in rows]


def count_pending(store: Store) -> int:
    """How many drafts wait for review."""
    with store.read() as conn:
        return q.count_drafts(conn, "pending")


def get_draft(store: Store, draft_id: int, *, principal: Principal) -> Draft:
    """One draft (NotFound if there is none with that number)."""
    _may_review(principal)
    with store.read() as conn:
        row = q.get_draft(conn, draft_id)
    if row is None:
        raise NotFound(f"no draft number {draft_id}")
    return Draft.from_row(row)


def _with_citation(body: dict[str, Any], draft: Draft) -> dict[str, Any]:
    """The body, citing the draft's source (with its excerpt) unless it already does."""
    sources = list(body.get("sources") or [])
    if not any(isinstance(s, Mapping) and s.get("source") == draft.source for s in sources):
        cite: dict[str, Any] = {"source": draft.source}
        if draft.excerpt:
            cite["excerpt"] = draft.excerpt
        sources.append(cite)
    return {**body, "sources": sources}


def accept_draft(
    store: Store,
    draft_id: int,
    *,
    record: Mapping[str, Any] | None = None,
    note: str | None = None,
    principal: Principal,
) -> AcceptedDraft:
    """Write the draft's record (or `record`, the editor's version of it), citing the draft's
    source with its excerpt, and mark the draft accepted — in one transaction.

    Raises RecordProblems naming every bad field, Conflict if the draft was decided already
    or its key is taken by a different record, NotFound if there is no such draft."""
    _may_review(principal)
    with writing(store, principal=principal or LOCAL_OPERATOR) as session:
        tx = session.tx
        row = q.get_draft(tx.conn, draft_id)
        if row is None:
            raise NotFound(f"no draft number {draft_id}")
        draft = Draft.from_row(row)
        if draft.status != "pending":
            raise Conflict(f"draft {draft_id} was {draft.status} already")
        body = _with_citation(dict(record if record is not None else draft.record), draft)
        parsed, errors = record_errors(body)
        if parsed is None:
            raise RecordProblems(errors or [("record", "not a valid record")])
        session.check_references(parsed)
        known = session.current(parsed.key)
        if (
            known is not None
            and known.status == "active"
            and json.loads(known.body or "{}") != canonical_record(parsed)
        ):
            raise Conflict(
                f"{parsed.key} is already in the ledger with other content: "
                "give the draft another key, or correct that record instead"
            )
        # the same content again (or a retracted record restored): the draft's own rule
        entry = session.put(parsed, expect=UPDATE, reason=f"accepted draft {draft_id}", check=False)
        decided = q.decide_draft(
            tx.conn,
            draft_id,
            {
                "status": "accepted",
                "decided_at": _now(),
                "decided_by": author_for(principal),
                "decision_note": note,
                "result_key": parsed.key,
            },
        )
        if not decided:  # pragma: no cover - the row was read in this transaction
            raise Conflict(f"draft {draft_id} was decided meanwhile")
    return AcceptedDraft(
        draft_id,
        parsed.key,
        entry.op if entry is not None else "unchanged",
        entry.position if entry is not None else None,
    )


def reject_draft(store: Store, draft_id: int, reason: str, *, principal: Principal) -> Draft:
    """Mark a pending draft rejected, saying why; nothing is written to the log."""
    _may_review(principal)
    if not reason or not reason.strip():
        raise InvalidRecord("a rejection needs a reason", field="reason")
    with store.write() as tx:
        row = q.get_draft(tx.conn, draft_id)
        if row is None:
            raise NotFound(f"no draft number {draft_id}")
        if row.status != "pending":
            raise Conflict(f"draft {draft_id} was {row.status} already")
        q.decide_draft(
            tx.conn,
            draft_id,
            {
                "status": "rejected",
                "decided_at": _now(),
                "decided_by": author_for(principal),
                "decision_note": reason.strip(),
            },
        )
        row = q.get_draft(tx.conn, draft_id)
    return Draft.from_row(row)
