"""Accounts for the API tests: an admin, an editor and a viewer, each with an API token."""

from __future__ import annotations

import secrets

from habeas.services import accounts
from habeas.storage.store import Store

__all__ = ["PASSWORD", "ROLES", "api_tokens"]

ROLES = ("admin", "editor", "viewer")
PASSWORD = "correct horse battery staple"


def api_tokens(store: Store) -> dict[str, str]:
    """role -> API token of a new account with that role (named `<role>-<hex>`)."""
    out = {}
    for role in ROLES:
        username = f"{role}-{secrets.token_hex(3)}"
        accounts.add_user(store, username, PASSWORD, role=role)
        out[role] = accounts.create_token(store, username, "api tests")
    return out
