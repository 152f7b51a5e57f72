"""Who is asking: the session cookie, the principal behind it, CSRF tokens, and what a role
may see. Accounts live in `habeas.services.accounts`; roles and redaction in
`habeas.domain.access`. This module only carries them to the pages.
"""

from __future__ import annotations

import importlib
from typing import Any

from fastapi import Request

from habeas.storage.store import Store

__all__ = [
    "SESSION_COOKIE",
    "can",
    "contract",
    "csrf_token",
    "current_principal",
    "get_store",
    "public_view_enabled",
    "redact",
    "session_of",
    "valid_csrf",
]

SESSION_COOKIE = "habeas_session"


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name:
            raise
        return None


def contract(name: str) -> Any:
    """A name of the accounts contract (PUBLIC, can, redact, login, principal_for_session,
    csrf_token_for, check_csrf, logout, RateLimited, NotAuthenticated, Forbidden), from
    habeas.domain.access or habeas.services.accounts, wherever it is defined."""
    for module_name in ("habeas.domain.access", "habeas.services.accounts"):
        module = _optional(module_name)
        if module is not None and hasattr(module, name):
            return getattr(module, name)
    raise LookupError(
        f"the accounts contract has no {name!r} (is habeas.services.accounts installed?)"
    )


def get_store(request: Request) -> Store:
    """The app's store (set by habeas.app:create_app on app.state)."""
    store: Store = request.app.state.store
    return store


def _settings(request: Request) -> Any:
    return getattr(request.app.state, "settings", None)


def public_view_enabled(request: Request) -> bool:
    """True unless HABEAS_PUBLIC_VIEW or an admin (in the database) switched the public
    look-up off; either switch is enough (cached on the request)."""
    cached = getattr(request.state, "habeas_public_view", None)
    if isinstance(cached, bool):
        return cached
    settings = _settings(request)
    enabled = getattr(settings, "public_view", True) is not False
    if enabled:
        try:
            in_database = contract("public_view_enabled")
        except LookupError:
            in_database = None
        if in_database is not None:
            enabled = bool(in_database(get_store(request)))
    request.state.habeas_public_view = enabled
    return enabled


def session_of(request: Request) -> str | None:
    """The session token from the cookie, if any."""
    return request.cookies.get(SESSION_COOKIE) or None


def current_principal(request: Request) -> Any:
    """The signed-in principal, or accounts.PUBLIC (cached on the request)."""
    cached = getattr(request.state, "habeas_principal", None)
    if cached is not None:
        return cached
    principal = contract("PUBLIC")
    token = session_of(request)
    if token:
        try:
            found = contract("principal_for_session")(get_store(request), token)
        except contract("NotAuthenticated"):
            found = None
        if found is not None:
            principal = found
    request.state.habeas_principal = principal
    return principal


def csrf_token(request: Request) -> str:
    """The CSRF token forms carry (empty without a session)."""
    token = session_of(request)
    if not token:
        return ""
    return str(contract("csrf_token_for")(token))


def valid_csrf(request: Request, value: object) -> bool:
    """True if `value` (a form field as given: text, a file, or nothing) is the CSRF token of
    the request's session."""
    token = session_of(request)
    if not token or not isinstance(value, str) or not value:
        return False
    try:
        return contract("check_csrf")(token, value) is not False
    except (contract("Forbidden"), contract("NotAuthenticated")):
        return False


def can(principal: Any, action: str) -> bool:
    """True if the principal's role may do `action` (habeas.domain.access.can)."""
    return bool(contract("can")(principal.role, action))


def redact(record: Any, principal: Any) -> Any:
    """The record as the principal's role may see it."""
    return contract("redact")(record, principal.role)
