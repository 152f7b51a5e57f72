"""Who is asking: the session cookie, the principal behind it, CSRF tokens, and what a role
may see. Accounts live in `habeas.services.accounts`; roles and redaction in
`habeas.domain.access`, imported here by name (never looked up at run time). This module only
carries them to the pages.

Everything here fails closed: a session that cannot be read is the signed-out reader, and a
public-view switch that cannot be read is "off".
"""

from __future__ import annotations

import logging

from fastapi import Request

from habeas.domain.access import PUBLIC, Principal
from habeas.domain.access import can as role_can
from habeas.domain.access import redact as redact_for
from habeas.domain.access_errors import Forbidden, NotAuthenticated
from habeas.domain.base import Record
from habeas.services import accounts
from habeas.storage.store import Store

__all__ = [
    "SESSION_COOKIE",
    "can",
    "csrf_token",
    "current_principal",
    "get_store",
    "public_view_enabled",
    "redact",
    "session_of",
    "valid_csrf",
]

SESSION_COOKIE = "habeas_session"

_log = logging.getLogger(__name__)


def get_store(request: Request) -> Store:
    """The app's store (set by habeas.app:create_app on app.state)."""
    store: Store = request.app.state.store
    return store


def public_view_enabled(request: Request) -> bool:
    """True only if neither HABEAS_PUBLIC_VIEW nor an admin (in the database) switched the
    public look-up off, and both switches could be read (cached on the request): a switch
    that cannot be read counts as off."""
    cached = getattr(request.state, "habeas_public_view", None)
    if isinstance(cached, bool):
        return cached
    settings = getattr(request.app.state, "settings", None)
    enabled = settings is not None and getattr(settings, "public_view", False) is True
    if enabled:
        try:
            enabled = accounts.public_view_enabled(get_store(request))
        except Exception:  # fail closed: an unreadable switch is off
            _log.exception("cannot read the public-view switch; the public view is off")
            enabled = False
    request.state.habeas_public_view = enabled
    return enabled


def session_of(request: Request) -> str | None:
    """The session token from the cookie, if any."""
    return request.cookies.get(SESSION_COOKIE) or None


def current_principal(request: Request) -> Principal:
    """The signed-in principal, or PUBLIC (cached on the request)."""
    cached = getattr(request.state, "habeas_principal", None)
    if isinstance(cached, Principal):
        return cached
    principal = PUBLIC
    token = session_of(request)
    if token:
        try:
            principal = accounts.principal_for_session(get_store(request), token)
        except NotAuthenticated:
            principal = PUBLIC
    request.state.habeas_principal = principal
    return principal


def csrf_token(request: Request) -> str:
    """The CSRF token forms carry (empty without a session)."""
    token = session_of(request)
    if not token:
        return ""
    return accounts.csrf_token_for(token)


def valid_csrf(request: Request, value: object) -> bool:
    """True if `value` (a form field as given: text, a file, or nothing) is the CSRF token of
    the request's session."""
    token = session_of(request)
    if not token or not isinstance(value, str) or not value:
        return False
    try:
        return accounts.check_csrf(token, value)
    except (Forbidden, NotAuthenticated):
        return False


def can(principal: Principal, action: str) -> bool:
    """True if the principal's role may do `action` (habeas.domain.access.can)."""
    return role_can(principal.role, action)


def redact(record: Record, principal: Principal) -> Record | None:
    """The record as the principal's role may see it (None: not at all)."""
    return redact_for(record, principal.role)
