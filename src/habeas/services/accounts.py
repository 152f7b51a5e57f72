"""Accounts: users and roles, passwords, sign-in sessions, API tokens, CSRF tokens.

    add_user / remove_user / set_role / set_password     (admins; a user may change their own
                                                          password)
    login -> session token; principal_for_session; logout    (the web pages' cookie)
    create_token -> API token; authenticate_token; revoke_token  (scripts: Bearer tokens)
    csrf_token_for / check_csrf                          (forms posted with a session cookie)
    public_view_enabled / set_public_view                (the switch of the signed-out view)

Nothing secret is stored: passwords as argon2id hashes, session and API tokens as SHA-256
hashes of 256-bit random values (a token is shown once, when made). Failed sign-ins are
counted per user name and client, and per client, over a sliding window (`RateLimited`).
Every change to an account or a token, and every change of setting, is also appended to the
log as an audit entry (who, what, when; never a password or a token).

The account tables are operational (`habeas.storage.account_tables`); the log is not.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from habeas.domain.access import (
    ACCOUNT_ROLES,
    LOCAL_OPERATOR,
    PUBLIC,
    Principal,
    Role,
    can,
    require,
)
from habeas.domain.access_errors import Forbidden, NotAuthenticated, RateLimited
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.ledger.entry import format_recorded_at
from habeas.services.audit import audit_in, author_for
from habeas.storage import account_queries as q
from habeas.storage.store import Store

__all__ = [
    "LOCAL_OPERATOR",
    "LOGIN_WINDOW",
    "MAX_CLIENT_FAILURES",
    "MAX_FAILURES",
    "PUBLIC",
    "SESSION_IDLE",
    "SESSION_LIFETIME",
    "Account",
    "Forbidden",
    "NotAuthenticated",
    "Principal",
    "RateLimited",
    "TokenInfo",
    "add_user",
    "authenticate_token",
    "can",
    "check_csrf",
    "create_token",
    "csrf_token_for",
    "get_user",
    "issue_token",
    "list_tokens",
    "list_users",
    "login",
    "logout",
    "principal_for_session",
    "public_view_enabled",
    "remove_user",
    "revoke_token",
    "set_password",
    "set_public_view",
    "set_role",
]

SESSION_LIFETIME = timedelta(hours=12)
"""A session ends this long after sign-in, however active."""
SESSION_IDLE = timedelta(hours=2)
"""A session unused this long ends."""
LOGIN_WINDOW = timedelta(minutes=15)
"""Failed sign-ins are counted over this sliding window."""
MAX_FAILURES = 5
"""Failed sign-ins of one user name from one client allowed in the window."""
MAX_CLIENT_FAILURES = 20
"""Failed sign-ins from one client, whatever the user name, allowed in the window."""

_TOUCH_EVERY = timedelta(minutes=1)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_RESERVED = {"local", "public", "admin-local", "system"}
_MIN_PASSWORD = 8
_MAX_PASSWORD = 1024
_TOKEN = re.compile(r"^habeas_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$")
_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory parameters
_DUMMY_HASH: str | None = None


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _ts(when: datetime) -> str:
    return format_recorded_at(when)


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _client(client: str) -> str:
    return (client or "unknown")[:200]


def _check_username(username: str) -> str:
    name = username.strip()
    if not _USERNAME.match(name):
        raise InvalidRecord(
            "a user name is 1 to 64 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            field="username",
        )
    if name in _RESERVED:
        raise InvalidRecord(f"{name!r} is reserved", field="username")
    return name


def _check_role(role: str) -> Role:
    for r in ACCOUNT_ROLES:
        if r == role:
            return r
    raise InvalidRecord(f"role must be one of {', '.join(ACCOUNT_ROLES)}", field="role")


def _hash_password(password: str) -> str:
    if not isinstance(password, str) or not _MIN_PASSWORD <= len(password) <= _MAX_PASSWORD:
        raise InvalidRecord(
            f"a password has {_MIN_PASSWORD} to {_MAX_PASSWORD} characters", field="password"
        )
    return _hasher.hash(password)


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASH


def _verify(stored: str | None, password: str) -> bool:
    """argon2 verification; a missing account costs the same time as a wrong password."""
    try:
        return _hasher.verify(stored or _dummy_hash(), password[:_MAX_PASSWORD]) and bool(stored)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# -- accounts --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Account:
    """An account as listed: never its password hash."""

    username: str
    role: Role
    created_at: str
    password_changed_at: str
    removed_at: str | None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "username": self.username,
            "role": self.role,
            "created_at": self.created_at,
            "password_changed_at": self.password_changed_at,
            "removed_at": self.removed_at,
        }


def _account(row: Any) -> Account:
    return Account(
        row.username, _check_role(row.role), row.created_at, row.password_changed_at, row.removed_at
    )


def _active_user(conn: Any, username: str) -> Any:
    row = q.get_user(conn, username)
    if row is None or row.removed_at is not None:
        raise NotFound(f"no account named {username!r}")
    return row


def _admin_or_self(by: Principal, username: str) -> None:
    if by.username != username or by.role == "public":
        require(by.role, "admin")


def _check_free(row: Any, name: str) -> None:
    if row is not None:
        gone = " (removed; names are not reused)" if row.removed_at else ""
        raise Conflict(f"an account named {name!r} exists already{gone}")


def add_user(
    store: Store,
    username: str,
    password: str,
    role: str = "viewer",
    *,
    by: Principal = LOCAL_OPERATOR,
    now: datetime | None = None,
) -> Account:
    """Add an account (admins only). User names are never reused, even after removal, so
    the audit trail cannot confuse two people."""
    require(by.role, "admin")
    name = _check_username(username)
    account_role = _check_role(role)
    with store.read() as conn:
        _check_free(q.get_user(conn, name), name)
    hashed = _hash_password(password)  # slow on purpose: not inside the write transaction
    at = _ts(_now(now))
    with store.write() as tx:
        _check_free(q.get_user(tx.conn, name), name)
        q.insert_user(
            tx.conn,
            username=name,
            role=account_role,
            password_hash=hashed,
            created_at=at,
            password_changed_at=at,
            removed_at=None,
        )
        audit_in(tx, by, "account.add", account=name, account_role=account_role)
    return Account(name, account_role, at, at, None)


def remove_user(
    store: Store, username: str, *, by: Principal = LOCAL_OPERATOR, now: datetime | None = None
) -> None:
    """Remove an account (admins only): its sessions end, its tokens are revoked, its
    password hash is erased; its name stays, taken, for the audit trail."""
    require(by.role, "admin")
    at = _ts(_now(now))
    with store.write() as tx:
        _active_user(tx.conn, username)
        q.delete_sessions(tx.conn, username)
        revoked = q.revoke_tokens(tx.conn, at, username=username)
        q.update_user(tx.conn, username, removed_at=at, password_hash=None)
        audit_in(tx, by, "account.remove", account=username, tokens_revoked=revoked)


def set_role(
    store: Store,
    username: str,
    role: str,
    *,
    by: Principal = LOCAL_OPERATOR,
) -> Account:
    """Change an account's role (admins only); its sessions and tokens follow at once."""
    require(by.role, "admin")
    new_role = _check_role(role)
    with store.write() as tx:
        row = _active_user(tx.conn, username)
        if row.role != new_role:
            q.update_user(tx.conn, username, role=new_role)
            audit_in(tx, by, "account.role", account=username, old_role=row.role, new_role=new_role)
        row = q.get_user(tx.conn, username)
    return _account(row)


def set_password(
    store: Store,
    username: str,
    password: str,
    *,
    by: Principal = LOCAL_OPERATOR,
    keep_session: str | None = None,
    now: datetime | None = None,
) -> None:
    """Set a password (admins, or the user themself). Every session of the account ends,
    except `keep_session` (the session token of the page that changed it)."""
    _admin_or_self(by, username)
    hashed = _hash_password(password)
    at = _ts(_now(now))
    with store.write() as tx:
        _active_user(tx.conn, username)
        q.update_user(tx.conn, username, password_hash=hashed, password_changed_at=at)
        q.delete_sessions(tx.conn, username, keep=_sha256(keep_session) if keep_session else None)
        audit_in(tx, by, "account.password", account=username)


def get_user(store: Store, username: str) -> Account:
    """One active account (NotFound otherwise)."""
    with store.read() as conn:
        return _account(_active_user(conn, username))


def list_users(store: Store, *, include_removed: bool = False) -> list[Account]:
    """The accounts, by name."""
    with store.read() as conn:
        return [_account(r) for r in q.list_users(conn, include_removed=include_removed)]


# -- sessions --------------------------------------------------------------------------------
def _retry_after(oldest: str, now: datetime) -> int:
    frees = datetime.fromisoformat(oldest.replace("Z", "+00:00")) + LOGIN_WINDOW
    return max(1, math.ceil((frees - now).total_seconds()))


def login(
    store: Store, username: str, password: str, client: str, *, now: datetime | None = None
) -> str:
    """Check a password and open a session; the session token (for an HttpOnly cookie).

    Raises NotAuthenticated for a wrong name or password (the same message for both), and
    RateLimited — before any password is checked — after MAX_FAILURES failures of this user
    name from this client, or MAX_CLIENT_FAILURES from this client, within LOGIN_WINDOW.
    """
    when = _now(now)
    at = _ts(when)
    since = _ts(when - LOGIN_WINDOW)
    name = (username or "").strip().lower()[:64]
    where = _client(client)
    failed = False
    with store.write() as tx:
        q.prune_failures(tx.conn, since)
        recent = q.failures_since(tx.conn, name, where, since)
        from_client, oldest = q.count_failures(tx.conn, where, since)
        if len(recent) >= MAX_FAILURES:
            wait = _retry_after(recent[len(recent) - MAX_FAILURES], when)
        elif from_client >= MAX_CLIENT_FAILURES and oldest is not None:
            wait = _retry_after(oldest, when)
        else:
            wait = 0
        if wait:
            raise RateLimited(
                f"too many failed sign-ins: try again in {wait} seconds", retry_after=wait
            )
        row = q.get_user(tx.conn, name)
        stored = row.password_hash if row is not None and row.removed_at is None else None
        if not _verify(stored, password or ""):
            q.record_failure(tx.conn, name, where, at)
            failed = True
        else:
            assert row is not None and stored is not None
            if _hasher.check_needs_rehash(stored):
                q.update_user(tx.conn, name, password_hash=_hasher.hash(password))
            q.clear_failures(tx.conn, name, where)
            token = secrets.token_urlsafe(32)
            q.insert_session(
                tx.conn,
                token_hash=_sha256(token),
                username=name,
                client=where,
                created_at=at,
                last_seen_at=at,
                expires_at=_ts(when + SESSION_LIFETIME),
            )
    if failed:  # raised after the transaction, so the failure is remembered
        raise NotAuthenticated("wrong user name or password")
    return token


def principal_for_session(store: Store, token: str, *, now: datetime | None = None) -> Principal:
    """The account behind a session token; NotAuthenticated if it is unknown or has ended."""
    when = _now(now)
    digest = _sha256(token or "")
    with store.read() as conn:
        row = q.get_session(conn, digest)
    if row is None or row.removed_at is not None:
        raise NotAuthenticated("not signed in, or the session has ended")
    at = _ts(when)
    if row.expires_at <= at or row.last_seen_at <= _ts(when - SESSION_IDLE):
        with store.write() as tx:
            q.delete_stale_sessions(tx.conn, at, _ts(when - SESSION_IDLE))
        raise NotAuthenticated("the session has ended: sign in again")
    if row.last_seen_at <= _ts(when - _TOUCH_EVERY):
        with store.write() as tx:
            q.touch_session(tx.conn, digest, at)
    return Principal(row.username, _check_role(row.role))


def logout(store: Store, token: str) -> None:
    """End a session (an unknown token is no error)."""
    with store.write() as tx:
        q.delete_session(tx.conn, _sha256(token or ""))


def csrf_token_for(session_token: str, *, secret: str | None = None) -> str:
    """The CSRF token that forms posted with this session must carry.

    HMAC-SHA256 keyed with the session token (and `secret`, if the server has one): only the
    browser holding the session cookie, and the server, can compute it — the database keeps
    just a hash of the session token. The same `secret` must be given to `check_csrf`."""
    key = b"habeas-csrf-v1\x00" + (secret or "").encode() + b"\x00" + session_token.encode()
    return hmac.new(key, b"csrf", hashlib.sha256).hexdigest()


def check_csrf(session_token: str, value: str | None, *, secret: str | None = None) -> bool:
    """True if `value` is the CSRF token of this session (compared in constant time)."""
    if not session_token or not value:
        return False
    return hmac.compare_digest(csrf_token_for(session_token, secret=secret), value)


# -- API tokens ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TokenInfo:
    """An API token as listed: never the token."""

    token_id: str
    username: str
    label: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "token_id": self.token_id,
            "username": self.username,
            "label": self.label,
            "created_at": self.created_at,
            "last_used_at": self.last_used_at,
            "revoked_at": self.revoked_at,
        }


def create_token(
    store: Store,
    username: str,
    label: str = "",
    *,
    by: Principal = LOCAL_OPERATOR,
    now: datetime | None = None,
) -> str:
    """A new API token for `username` (admins, or the user themself), returned once:
    `habeas_<8 hex id>_<43 characters>`. Only its SHA-256 is stored."""
    _admin_or_self(by, username)
    text = (label or "").strip()
    if len(text) > 200:
        raise InvalidRecord("a token label has at most 200 characters", field="label")
    at = _ts(_now(now))
    with store.write() as tx:
        _active_user(tx.conn, username)
        token_id = secrets.token_hex(4)
        while q.get_token(tx.conn, token_id) is not None:
            token_id = secrets.token_hex(4)
        token = f"habeas_{token_id}_{secrets.token_urlsafe(32)}"
        q.insert_token(
            tx.conn,
            token_id=token_id,
            token_hash=_sha256(token),
            username=username,
            label=text,
            created_at=at,
            last_used_at=None,
            revoked_at=None,
        )
        audit_in(tx, by, "token.create", account=username, token=token_id, label=text)
    return token


def issue_token(store: Store, username: str, label: str = "") -> str:
    """`create_token` by the local operator (the name the API tests use)."""
    return create_token(store, username, label)


def _token_id(token_or_id: str) -> str:
    text = (token_or_id or "").strip()
    match = _TOKEN.match(text)
    return match.group(1) if match else text


def revoke_token(
    store: Store,
    token_or_id: str,
    *,
    by: Principal = LOCAL_OPERATOR,
    now: datetime | None = None,
) -> None:
    """Revoke an API token, named by its id or given whole (admins, or its owner)."""
    token_id = _token_id(token_or_id)
    at = _ts(_now(now))
    with store.write() as tx:
        row = q.get_token(tx.conn, token_id)
        if row is None:
            raise NotFound(f"no API token with id {token_id!r}")
        _admin_or_self(by, row.username)
        if row.revoked_at is not None:
            raise Conflict(f"the token {token_id} was revoked already")
        q.revoke_tokens(tx.conn, at, token_id=token_id)
        audit_in(tx, by, "token.revoke", account=row.username, token=token_id)


def authenticate_token(store: Store, token: str, *, now: datetime | None = None) -> Principal:
    """The account an API token acts as; NotAuthenticated if it is unknown or revoked."""
    text = (token or "").strip()
    if not _TOKEN.match(text):
        raise NotAuthenticated("the token is unknown, expired or revoked")
    with store.read() as conn:
        row = q.get_token_by_hash(conn, _sha256(text))
    if row is None or row.revoked_at is not None or row.removed_at is not None:
        raise NotAuthenticated("the token is unknown, expired or revoked")
    when = _now(now)
    if row.last_used_at is None or row.last_used_at <= _ts(when - _TOUCH_EVERY):
        with store.write() as tx:
            q.touch_token(tx.conn, row.token_id, _ts(when))
    return Principal(row.username, _check_role(row.role))


def list_tokens(store: Store, username: str | None = None) -> list[TokenInfo]:
    """API tokens (their ids and labels, never the tokens), of one user or all."""
    with store.read() as conn:
        rows = q.list_tokens(conn, username)
    return [
        TokenInfo(r.token_id, r.username, r.label, r.created_at, r.last_used_at, r.revoked_at)
        for r in rows
    ]


# -- the public view switch ------------------------------------------------------------------
def public_view_enabled(store: Store) -> bool:
    """True unless an admin switched the public view off in this database (default: on).

    The server's HABEAS_PUBLIC_VIEW can switch it off too; either switch is enough."""
    with store.read() as conn:
        return q.get_setting(conn, "public_view") != "off"


def set_public_view(
    store: Store, enabled: bool, *, by: Principal = LOCAL_OPERATOR, now: datetime | None = None
) -> None:
    """Switch the public view on or off (admins only); takes effect on the next request."""
    require(by.role, "admin")
    value = "on" if enabled else "off"
    with store.write() as tx:
        q.set_setting(tx.conn, "public_view", value, _ts(_now(now)), author_for(by))
        audit_in(tx, by, "setting.set", setting="public_view", value=value)
