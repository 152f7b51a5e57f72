"""The audit trail: who read confidential data, who changed accounts, who wrote what — when.

Every audit entry is appended to the same tamper-evident log as the records (op `audit`, no
projection rows), so `habeas verify` covers it and nobody can quietly remove a line. An entry
says who, when, what and which records — never the data itself: no field value, no password,
no token. Record writes are entries of the log already (assert, correct, retract, each with
`recorded_by`); `audit_trail` shows them beside the audit entries.

An audit event is plain JSON:

    {"action": "read", "user": "ana", "role": "editor", "what": "timeline",
     "records": ["person/x", "ev/x-3"], "level": "confidential"}
    {"action": "account.add", "user": "local", "role": "admin",
     "account": "ana", "account_role": "editor"}

Reads are audited without waiting for writers (docs/access.md): a read's event is queued in
the store's durable audit queue (`habeas.storage.audit_queue`), never in a write transaction
of its own, and `flush_audit` moves the queue into the log in batches, each entry carrying
its queue id and chain hash (`"queue": {"id": 7, "hash": "…"}`) and the time of the read
(`read_at`). Within `audit_scope()` (one web or API request, one command) the reads of every
service call are merged into one queued item per reader, queued when the scope ends (the web
faces queue it just before the response starts); outside a scope each read queues its own.
Account changes and other writes are audited inside their own write transaction
(`audit_in`), as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR, Principal, require
from habeas.domain.errors import LedgerCorrupt
from habeas.ledger.entry import format_recorded_at
from habeas.services.writer import LedgerWriter, default_author
from habeas.storage import account_queries
from habeas.storage.audit_queue import (
    GENESIS,
    QueuedAudit,
    flushed_marker,
    save_flushed_marker,
)
from habeas.storage.log_queries import entry_of
from habeas.storage.store import Store, WriteTx

__all__ = [
    "FLUSH_BATCH",
    "MAX_KEYS_PER_ENTRY",
    "AuditCollector",
    "audit_event",
    "audit_in",
    "audit_read",
    "audit_scope",
    "audit_trail",
    "audit_write",
    "author_for",
    "flush_audit",
]

FLUSH_BATCH = 500
"""Queued items moved into the log per write transaction."""

MAX_KEYS_PER_ENTRY = 1000
"""A read of more records than this (an export) is recorded as several entries."""


def author_for(principal: Principal) -> str:
    """The `recorded_by` of entries made for `principal`: 'user:ana', or 'cli:<os user>'
    for the local operator."""
    if principal == LOCAL_OPERATOR:
        return default_author()
    if principal.username is None:
        return "public"
    return f"user:{principal.username}"


def audit_event(principal: Principal, action: str, **details: Any) -> dict[str, Any]:
    """The JSON of one audit event: the action, who did it (user and role), and details."""
    return {"action": action, "user": principal.username, "role": principal.role, **details}


def audit_in(tx: WriteTx, principal: Principal, action: str, **details: Any) -> None:
    """Append one audit entry inside a write transaction that is already open."""
    writer = LedgerWriter(tx, author=author_for(principal))
    writer.audit(audit_event(principal, action, **details))
    writer.finish()


def _append(store: Store, principal: Principal, events: list[dict[str, Any]]) -> int:
    if not events:
        return 0
    with store.write() as tx:
        writer = LedgerWriter(tx, author=author_for(principal))
        for event in events:
            writer.audit(event)
        writer.finish()
    return len(events)


def _chunks(keys: Iterable[str]) -> list[list[str]]:
    ordered = sorted(set(keys))
    return [ordered[i : i + MAX_KEYS_PER_ENTRY] for i in range(0, len(ordered), MAX_KEYS_PER_ENTRY)]


def _read_events(
    principal: Principal, keys: Iterable[str], what: str, level: str
) -> list[dict[str, Any]]:
    read_at = format_recorded_at(datetime.now(UTC))
    return [
        audit_event(principal, "read", what=what, records=chunk, level=level, read_at=read_at)
        for chunk in _chunks(keys)
    ]


def _enqueue(store: Store, events: list[dict[str, Any]]) -> int:
    queue = store.audit_queue
    for event in events:
        queue.enqueue(event)
    return len(events)


@dataclass
class _Reads:
    store: Store
    principal: Principal
    level: str
    keys: set[str] = field(default_factory=set)
    whats: list[str] = field(default_factory=list)


class AuditCollector:
    """The confidential reads of one request or command, merged into one queued item per
    store, reader and level (one per 1000 keys)."""

    def __init__(self) -> None:
        self._reads: dict[tuple[int, Principal, str], _Reads] = {}
        self._lock = threading.Lock()
        self.queued_into: dict[int, Store] = {}

    def add(
        self, store: Store, principal: Principal, keys: Iterable[str], what: str, level: str
    ) -> None:
        """Note that `principal` was shown `level` data of `keys` by `what`."""
        with self._lock:
            reads = self._reads.setdefault(
                (id(store), principal, level), _Reads(store, principal, level)
            )
            reads.keys.update(keys)
            if what not in reads.whats:
                reads.whats.append(what)

    def pending(self) -> bool:
        """True if reads were collected and not yet queued."""
        with self._lock:
            return bool(self._reads)

    def enqueue(self) -> int:
        """Queue what was collected (durably) and start afresh; returns the items queued."""
        with self._lock:
            taken, self._reads = list(self._reads.values()), {}
        n = 0
        for reads in taken:
            events = _read_events(reads.principal, reads.keys, ", ".join(reads.whats), reads.level)
            n += _enqueue(reads.store, events)
            if events:
                self.queued_into[id(reads.store)] = reads.store
        return n


_SCOPE: ContextVar[AuditCollector | None] = ContextVar("habeas_audit_scope", default=None)


@contextmanager
def audit_scope(*, flush: bool = False) -> Iterator[AuditCollector]:
    """Merge the reads audited within the block (one request, one command) into one queued
    item per reader, queued when the block ends; with `flush`, the stores queued into are
    then flushed into the log. A scope inside another is a scope of its own (each request
    of `habeas serve`, inside the command's scope, queues its own item)."""
    collector = AuditCollector()
    token = _SCOPE.set(collector)
    try:
        yield collector
    finally:
        _SCOPE.reset(token)
        collector.enqueue()
        if flush:
            for store in collector.queued_into.values():
                flush_audit(store)


def audit_read(
    store: Store,
    principal: Principal,
    record_keys: Iterable[str],
    what: str,
    *,
    level: str = "confidential",
) -> int:
    """Record that `principal` was shown `level` data of `record_keys` by `what` (a service
    name: "timeline", "export"…), in the durable audit queue: never a write transaction of
    the log. Within an `audit_scope` the keys join the scope's one item (0 is returned);
    outside one, one item per 1000 keys is queued (none when there are no keys) before this
    returns, and their number is returned. `flush_audit` moves them into the log."""
    keys = set(record_keys)
    if not keys:
        return 0
    scope = _SCOPE.get()
    if scope is not None:
        scope.add(store, principal, keys, what, level)
        return 0
    return _enqueue(store, _read_events(principal, keys, what, level))


def _author_of(event: dict[str, Any]) -> str:
    user = event.get("user")
    return f"user:{user}" if user else "public"


def _check_chain(items: list[QueuedAudit], last_hash: str) -> None:
    expected = last_hash
    for item in items:
        if item.prev_hash != expected:
            raise LedgerCorrupt(
                f"audit queue item {item.id} does not follow the item before it (an item "
                "was removed, inserted or edited): nothing was flushed"
            )
        if not item.intact():
            raise LedgerCorrupt(
                f"audit queue item {item.id} was changed after it was queued "
                "(its hash does not match its event): nothing was flushed"
            )
        expected = item.hash


def _broken_link(queue_id: int) -> LedgerCorrupt:
    return LedgerCorrupt(
        f"the audit queue does not continue from the log: item {queue_id}, the last one "
        "flushed, is missing from the queue or changed (was the database copied or restored "
        "without its .audit-queue file?): nothing was flushed"
    )


def _nothing_pending(store: Store) -> bool:
    """True, without the log's write lock, when the queue holds nothing the log lacks."""
    queue = store.audit_queue
    newest = queue.newest()
    if newest is None:
        return True
    with store.read() as conn:
        marker = flushed_marker(conn)
    if marker is None or (newest.id, newest.hash) != marker:
        return False
    oldest = queue.pending(1)
    if oldest and oldest[0].id < newest.id:
        queue.forget(newest.id)  # the log has them: a flush died before clearing the queue
    return True


def flush_audit(store: Store, *, batch: int = FLUSH_BATCH) -> int:
    """Move the queued audit events into the log: one write transaction per `batch` items,
    each item one audit entry carrying `"queue": {"id", "hash"}`, and the `audit_flushed`
    marker moved in the same transaction. Items at or below the marker (in the log already:
    a flush that died before clearing the queue) are skipped, so flushing twice writes each
    item once. A broken chain raises LedgerCorrupt naming the item, and nothing is flushed.
    Takes no write lock when nothing is pending. Returns the entries appended."""
    queue = store.audit_queue
    total = 0
    while not _nothing_pending(store):
        with store.write() as tx:
            writer = LedgerWriter(tx)  # locks the log's head: one flusher at a time
            marker = flushed_marker(tx.conn)
            last_id, last_hash = marker or (0, GENESIS)
            if marker is not None:
                anchor = queue.item(last_id)
                if anchor is None or anchor.hash != last_hash:
                    raise _broken_link(last_id)
            items = queue.pending(batch, after=last_id)
            if not items:
                return total
            _check_chain(items, last_hash)
            for item in items:
                writer.author = _author_of(item.event)
                writer.audit({**item.event, "queue": {"id": item.id, "hash": item.hash}})
            writer.finish()
            save_flushed_marker(tx.conn, items[-1].id, items[-1].hash)
        queue.forget(items[-1].id)
        total += len(items)
    return total


def audit_write(
    store: Store,
    principal: Principal,
    what: str,
    record_keys: Iterable[str] = (),
    **details: Any,
) -> int:
    """Record a write that is not itself an entry of the log (a setting changed, a file
    exported for a court); `details` are plain JSON and must hold no secret."""
    chunks = _chunks(record_keys) or [[]]
    events = [audit_event(principal, "write", what=what, records=c, **details) for c in chunks]
    return _append(store, principal, events)


def _user_of(recorded_by: str) -> str:
    prefix, sep, rest = recorded_by.partition(":")
    return rest if sep and prefix in ("user", "web", "api") else recorded_by


def audit_trail(
    store: Store,
    limit: int = 100,
    user: str | None = None,
    *,
    writes: bool = True,
    principal: Principal,
) -> list[dict[str, Any]]:
    """The latest `limit` lines of the trail, newest first: audit entries and (with `writes`)
    record writes, of one `user` or of everyone. Each line says who, when, what and which
    records; never the data. Admins only (the local operator is one)."""
    require(principal.role, "admin")
    flush_audit(store)  # what an admin reads is complete
    out: list[dict[str, Any]] = []
    if limit <= 0:
        return out
    with store.read() as conn:
        for row in account_queries.log_entries_newest_first(conn, audit_only=not writes):
            entry = entry_of(row)
            recorded_by = entry.recorded_by
            if row.op == "audit":
                event = entry.record or {}
                line = {
                    **{k: v for k, v in event.items() if k not in ("user", "role")},
                    "user": event.get("user"),
                    "role": event.get("role"),
                }
            else:
                line = {
                    "action": row.op,
                    "user": _user_of(recorded_by),
                    "role": None,
                    "what": row.record_type,
                    "records": [row.record_key],
                }
            if user is not None and user not in (line["user"], recorded_by):
                continue
            out.append(
                {
                    "position": int(row.position),
                    "recorded_at": row.recorded_at,
                    "recorded_by": recorded_by,
                    **line,
                }
            )
            if len(out) >= limit:
                break
    return out
