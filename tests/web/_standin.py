"""A stand-in for the accounts contract, used only while habeas.services.accounts is absent.

It follows the contract the web pages are written against: Principal(username, role),
PUBLIC, login, principal_for_session, logout, csrf_token_for, check_csrf, can, redact and
the errors RateLimited, NotAuthenticated, Forbidden. Tests create accounts with
`create_account`. Delete this file once the real module is in the tree.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sys
import types
from dataclasses import dataclass
from typing import Any

from habeas.domain.base import Record
from habeas.domain.people import Person

_SECRET = secrets.token_bytes(16)
_ACCOUNTS: dict[str, tuple[str, str]] = {}
_SESSIONS: dict[str, str] = {}
_ACTIONS = {
    "public": {"read"},
    "viewer": {"read"},
    "editor": {"read", "write", "import"},
    "admin": {"read", "write", "import", "verify"},
}


@dataclass(frozen=True)
class Principal:
    """Who is asking."""

    username: str
    role: str


PUBLIC = Principal("public", "public")


try:
    from habeas.domain.access_errors import Forbidden, NotAuthenticated, RateLimited
except ModuleNotFoundError:

    class NotAuthenticated(Exception):  # type: ignore[no-redef]
        """Unknown user or wrong password."""

    class Forbidden(Exception):  # type: ignore[no-redef]
        """Not allowed."""

    class RateLimited(Exception):  # type: ignore[no-redef]
        """Too many attempts."""


def create_account(store: Any, username: str, password: str, role: str) -> None:
    _ACCOUNTS[username] = (password, role)


def login(store: Any, username: str, password: str, client: str) -> str:
    found = _ACCOUNTS.get(username)
    if found is None or found[0] != password:
        raise NotAuthenticated("bad user name or password")
    token = secrets.token_urlsafe(24)
    _SESSIONS[token] = username
    return token


def principal_for_session(store: Any, token: str) -> Principal | None:
    username = _SESSIONS.get(token)
    if username is None:
        return None
    return Principal(username, _ACCOUNTS[username][1])


def logout(store: Any, token: str) -> None:
    _SESSIONS.pop(token, None)


def csrf_token_for(session: str) -> str:
    return hmac.new(_SECRET, session.encode(), hashlib.sha256).hexdigest()


def check_csrf(session: str, value: str) -> bool:
    return hmac.compare_digest(csrf_token_for(session), value or "")


def can(role: str, action: str) -> bool:
    return action in _ACTIONS.get(role, set())


def redact(record: Record, role: str) -> Record | None:
    if role in ("editor", "admin"):
        return record
    if record.sensitivity != "public":
        return None
    if isinstance(record, Person):
        return record.model_copy(
            update={
                "identifiers": [i for i in record.identifiers if i.sensitivity == "public"],
                "relationships": [r for r in record.relationships if r.sensitivity == "public"],
            }
        )
    return record


def install() -> bool:
    """Register this module as habeas.services.accounts if the real one is absent."""
    try:
        import habeas.services.accounts  # noqa: F401
    except ModuleNotFoundError:
        module = types.ModuleType("habeas.services.accounts")
        for name in __all__:
            setattr(module, name, globals()[name])
        sys.modules["habeas.services.accounts"] = module
        return True
    return False


__all__ = [
    "PUBLIC",
    "Forbidden",
    "NotAuthenticated",
    "Principal",
    "RateLimited",
    "can",
    "check_csrf",
    "create_account",
    "csrf_token_for",
    "login",
    "logout",
    "principal_for_session",
    "redact",
]
