"""Accounts for the API tests: an admin, an editor and a viewer, each with a bearer token.

With `habeas.services.accounts` installed they are real accounts and real tokens. Until it is,
the API's auth contract (`habeas.api.deps.auth_contract`) is given a small stand-in with the
same names, so the API itself is still tested end to end.
"""

from __future__ import annotations

import importlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from habeas.api import deps
from habeas.domain.base import Record
from habeas.domain.errors import HabeasError
from habeas.storage.store import Store

__all__ = ["PASSWORD", "ROLES", "accounts_module", "api_accounts"]

ROLES = ("admin", "editor", "viewer")
PASSWORD = "correct horse battery staple"


def accounts_module() -> Any:
    """habeas.services.accounts, or None while it is not in the tree."""
    try:
        return importlib.import_module("habeas.services.accounts")
    except ModuleNotFoundError as e:
        if e.name != "habeas.services.accounts":
            raise
        return None


# -- the stand-in ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Principal:
    username: str
    role: str


class NotAuthenticated(HabeasError):
    """Unknown or bad token."""


class Forbidden(HabeasError):
    """Not allowed."""


_ACTIONS = {
    "public": {"read"},
    "viewer": {"read"},
    "editor": {"read", "write", "import"},
    "admin": {"read", "write", "import", "verify"},
}


_TOKENS: dict[str, _Principal] = {}


def _standin() -> dict[str, Any]:
    def authenticate_token(_store: Store, token: str) -> _Principal:
        found = _TOKENS.get(token)
        if found is None:
            raise NotAuthenticated("the token is unknown, expired or revoked")
        return found

    def redact(record: Record, role: str) -> Record | None:
        if role in ("editor", "admin") or record.sensitivity == "public":
            return record
        return None

    return {
        "PUBLIC": _Principal("public", "public"),
        "NotAuthenticated": NotAuthenticated,
        "Forbidden": Forbidden,
        "can": lambda role, action: action in _ACTIONS.get(role, set()),
        "redact": redact,
        "authenticate_token": authenticate_token,
    }


# -- real accounts ---------------------------------------------------------------------------
def _real_tokens(accounts: Any, store: Store) -> dict[str, str]:
    out = {}
    for role in ROLES:
        username = f"{role}-{secrets.token_hex(3)}"
        accounts.add_user(store, username, PASSWORD, role=role)
        out[role] = accounts.issue_token(store, username)
    return out


@contextmanager
def api_accounts(store: Store) -> Iterator[dict[str, str]]:
    """role -> bearer token, for the duration of the block."""
    accounts = accounts_module()
    if accounts is not None and hasattr(accounts, "authenticate_token"):
        yield _real_tokens(accounts, store)
        return
    tokens = {secrets.token_urlsafe(16): _Principal(f"{role}-test", role) for role in ROLES}
    _TOKENS.update(tokens)
    saved = dict(deps._CONTRACT)
    installed = deps._CONTRACT.get("authenticate_token") is None
    if installed:
        deps._CONTRACT.clear()
        deps._CONTRACT.update(_standin())
    try:
        yield {p.role: token for token, p in tokens.items()}
    finally:
        for token in tokens:
            _TOKENS.pop(token, None)
        if installed:
            deps._CONTRACT.clear()
            deps._CONTRACT.update(saved)
