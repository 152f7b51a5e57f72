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
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR, Principal, require
from habeas.services.writer import LedgerWriter, default_author
from habeas.storage import account_queries
from habeas.storage.log_queries import entry_of
from habeas.storage.store import Store, WriteTx

__all__ = [
    "MAX_KEYS_PER_ENTRY",
    "audit_event",
    "audit_in",
    "audit_read",
    "audit_trail",
    "audit_write",
    "author_for",
]

MAX_KEYS_PER_ENTRY = 1000
"""A read of more records than this (an export) is recorded as several entries."""


def author_for(principal: Principal | None) -> str:
    """The `recorded_by` of entries made for `principal`: 'user:ana', or 'cli:<os user>'."""
    if principal is None or principal == LOCAL_OPERATOR:
        return default_author()
    if principal.username is None:
        return "public"
    return f"user:{principal.username}"


def audit_event(principal: Principal | None, action: str, **details: Any) -> dict[str, Any]:
    """The JSON of one audit event: the action, who did it (user and role), and details."""
    who = principal or LOCAL_OPERATOR
    return {"action": action, "user": who.username, "role": who.role, **details}


def audit_in(tx: WriteTx, principal: Principal | None, action: str, **details: Any) -> None:
    """Append one audit entry inside a write transaction that is already open."""
    writer = LedgerWriter(tx, author=author_for(principal))
    writer.audit(audit_event(principal, action, **details))
    writer.finish()


def _append(store: Store, principal: Principal | None, events: list[dict[str, Any]]) -> int:
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


def audit_read(
    store: Store,
    principal: Principal | None,
    record_keys: Iterable[str],
    what: str,
    *,
    level: str = "confidential",
) -> int:
    """Record that `principal` was shown `level` data of `record_keys` by `what` (a service
    name: "timeline", "export"…). One entry per 1000 keys; none when there are no keys.
    Returns the number of entries appended."""
    events = [
        audit_event(principal, "read", what=what, records=chunk, level=level)
        for chunk in _chunks(record_keys)
    ]
    return _append(store, principal, events)


def audit_write(
    store: Store,
    principal: Principal | None,
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
