"""Queries over the account tables (and the few over the log that access control needs).

Plain functions over a Connection, like `habeas.storage.queries`; the services decide what
they mean. Times are the log's format (UTC ISO 8601 with microseconds), which sorts as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from habeas.storage import account_tables as a
from habeas.storage import tables as t

__all__ = [
    "clear_failures",
    "count_failures",
    "delete_session",
    "delete_sessions",
    "delete_stale_sessions",
    "failures_since",
    "get_session",
    "get_setting",
    "get_token",
    "get_token_by_hash",
    "get_user",
    "insert_session",
    "insert_token",
    "insert_user",
    "list_tokens",
    "list_users",
    "log_entries_newest_first",
    "prune_failures",
    "record_failure",
    "revoke_tokens",
    "sensitivities",
    "set_setting",
    "touch_session",
    "touch_token",
    "update_user",
]

_CHUNK = 500


# -- users -----------------------------------------------------------------------------------
def get_user(conn: Connection, username: str) -> Any:
    """The user row (removed accounts too), or None."""
    return conn.execute(select(a.users).where(a.users.c.username == username)).first()


def insert_user(conn: Connection, **values: Any) -> None:
    """Add a user row."""
    conn.execute(insert(a.users).values(**values))


def update_user(conn: Connection, username: str, **values: Any) -> None:
    """Change a user row."""
    conn.execute(update(a.users).where(a.users.c.username == username).values(**values))


def list_users(conn: Connection, *, include_removed: bool = False) -> list[Any]:
    """User rows in name order."""
    stmt = select(a.users).order_by(a.users.c.username)
    if not include_removed:
        stmt = stmt.where(a.users.c.removed_at.is_(None))
    return list(conn.execute(stmt))


# -- sessions --------------------------------------------------------------------------------
def insert_session(conn: Connection, **values: Any) -> None:
    """Add a session row."""
    conn.execute(insert(a.sessions).values(**values))


def get_session(conn: Connection, token_hash: str) -> Any:
    """The session and its account's role and removal time, or None."""
    return conn.execute(
        select(a.sessions, a.users.c.role, a.users.c.removed_at)
        .join(a.users, a.users.c.username == a.sessions.c.username)
        .where(a.sessions.c.token_hash == token_hash)
    ).first()


def touch_session(conn: Connection, token_hash: str, at: str) -> None:
    """Record that a session was used."""
    conn.execute(
        update(a.sessions).where(a.sessions.c.token_hash == token_hash).values(last_seen_at=at)
    )


def delete_session(conn: Connection, token_hash: str) -> None:
    """End one session."""
    conn.execute(delete(a.sessions).where(a.sessions.c.token_hash == token_hash))


def delete_sessions(conn: Connection, username: str, *, keep: str | None = None) -> None:
    """End every session of `username` (but the one whose hash is `keep`)."""
    s = a.sessions
    stmt = delete(s).where(s.c.username == username)
    if keep is not None:
        stmt = stmt.where(s.c.token_hash != keep)
    conn.execute(stmt)


def delete_stale_sessions(conn: Connection, now: str, idle_before: str) -> None:
    """End the sessions past their end, and those unused since `idle_before`."""
    s = a.sessions
    conn.execute(delete(s).where(or_(s.c.expires_at <= now, s.c.last_seen_at <= idle_before)))


# -- API tokens ------------------------------------------------------------------------------
def insert_token(conn: Connection, **values: Any) -> None:
    """Add a token row."""
    conn.execute(insert(a.api_tokens).values(**values))


def get_token(conn: Connection, token_id: str) -> Any:
    """The token row with this public id, or None."""
    return conn.execute(select(a.api_tokens).where(a.api_tokens.c.token_id == token_id)).first()


def get_token_by_hash(conn: Connection, token_hash: str) -> Any:
    """The token with this hash and its account's role and removal time, or None."""
    return conn.execute(
        select(a.api_tokens, a.users.c.role, a.users.c.removed_at)
        .join(a.users, a.users.c.username == a.api_tokens.c.username)
        .where(a.api_tokens.c.token_hash == token_hash)
    ).first()


def touch_token(conn: Connection, token_id: str, at: str) -> None:
    """Record that a token was used."""
    conn.execute(
        update(a.api_tokens).where(a.api_tokens.c.token_id == token_id).values(last_used_at=at)
    )


def revoke_tokens(
    conn: Connection, at: str, *, token_id: str | None = None, username: str | None = None
) -> list[str]:
    """Revoke one token or every valid token of a user; the ids revoked."""
    k = a.api_tokens
    cond: list[ColumnElement[bool]] = [k.c.revoked_at.is_(None)]
    if token_id is not None:
        cond.append(k.c.token_id == token_id)
    if username is not None:
        cond.append(k.c.username == username)
    ids = [r.token_id for r in conn.execute(select(k.c.token_id).where(*cond))]
    if ids:
        conn.execute(update(k).where(k.c.token_id.in_(ids)).values(revoked_at=at))
    return ids


def list_tokens(conn: Connection, username: str | None = None) -> list[Any]:
    """Token rows (never their hashes' tokens), by user and creation time."""
    k = a.api_tokens
    stmt = select(
        k.c.token_id, k.c.username, k.c.label, k.c.created_at, k.c.last_used_at, k.c.revoked_at
    ).order_by(k.c.username, k.c.created_at, k.c.token_id)
    if username is not None:
        stmt = stmt.where(k.c.username == username)
    return list(conn.execute(stmt))


# -- failed sign-ins -------------------------------------------------------------------------
def record_failure(conn: Connection, username: str, client: str, at: str) -> None:
    """Remember one failed sign-in."""
    conn.execute(insert(a.login_attempts).values(username=username, client=client, at=at))


def failures_since(conn: Connection, username: str, client: str, since: str) -> list[str]:
    """Times of the failed sign-ins of `username` from `client` since `since`, oldest first."""
    la = a.login_attempts
    rows = conn.execute(
        select(la.c.at)
        .where(la.c.username == username, la.c.client == client, la.c.at > since)
        .order_by(la.c.at)
    )
    return [r.at for r in rows]


def count_failures(conn: Connection, client: str, since: str) -> tuple[int, str | None]:
    """Failed sign-ins from `client` (any user name) since `since`, and the oldest of them."""
    la = a.login_attempts
    row = conn.execute(
        select(func.count(), func.min(la.c.at)).where(la.c.client == client, la.c.at > since)
    ).one()
    return int(row[0]), row[1]


def clear_failures(conn: Connection, username: str, client: str) -> None:
    """Forget the failed sign-ins of `username` from `client` (after a success)."""
    la = a.login_attempts
    conn.execute(delete(la).where(la.c.username == username, la.c.client == client))


def prune_failures(conn: Connection, before: str) -> None:
    """Forget failed sign-ins older than `before`."""
    conn.execute(delete(a.login_attempts).where(a.login_attempts.c.at <= before))


# -- settings --------------------------------------------------------------------------------
def get_setting(conn: Connection, name: str) -> str | None:
    """A setting's value, or None when it was never set."""
    row = conn.execute(select(a.settings.c.value).where(a.settings.c.name == name)).first()
    return None if row is None else str(row.value)


def set_setting(conn: Connection, name: str, value: str, at: str, by: str) -> None:
    """Set a setting (insert or replace)."""
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(a.settings).values(name=name, value=value, updated_at=at, updated_by=by)
    stmt = stmt.on_conflict_do_update(
        index_elements=[a.settings.c.name],
        set_={"value": value, "updated_at": at, "updated_by": by},
    )
    conn.execute(stmt)


# -- what access control needs from the ledger -----------------------------------------------
def sensitivities(conn: Connection, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """key -> (sensitivity, status) of those of `keys` in the ledger."""
    r = t.records
    out: dict[str, tuple[str, str]] = {}
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), _CHUNK):
        rows = conn.execute(
            select(r.c.key, r.c.sensitivity, r.c.status).where(r.c.key.in_(wanted[i : i + _CHUNK]))
        )
        out.update({row.key: (row.sensitivity, row.status) for row in rows})
    return out


def log_entries_newest_first(
    conn: Connection, *, audit_only: bool, chunk: int = 500
) -> Iterator[Any]:
    """Log entries from the newest back (only audit entries, or all), fetched in chunks."""
    e = t.entries
    before: int | None = None
    while True:
        stmt = select(e).order_by(e.c.position.desc()).limit(chunk)
        if audit_only:
            stmt = stmt.where(e.c.op == "audit")
        if before is not None:
            stmt = stmt.where(e.c.position < before)
        rows = list(conn.execute(stmt))
        if not rows:
            return
        yield from rows
        before = int(rows[-1].position)
