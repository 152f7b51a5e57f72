"""What every API route depends on: the app's store and settings, and who is asking.

Who is asking, in this order:
  1. `Authorization: Bearer <token>` — `habeas.services.accounts.authenticate_token`
     (a malformed header or a bad token is 401, never a fall-back to the public view);
  2. the session cookie of the pages — `accounts.principal_for_session`; a write made with
     a cookie must also carry the session's CSRF token in `X-CSRF-Token`;
  3. nobody: `PUBLIC`, while the public view is on (HABEAS_PUBLIC_VIEW and the database's
     own switch, `accounts.public_view_enabled`); else 401.
What a principal may do is `habeas.domain.access.can(role, action)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from habeas.config import Settings
from habeas.domain.access import PUBLIC, Action, Principal, require
from habeas.domain.access_errors import Forbidden, NotAuthenticated
from habeas.services import accounts
from habeas.storage.store import Store

__all__ = [
    "SESSION_COOKIE",
    "Caller",
    "get_settings",
    "get_store",
    "principal",
    "requires",
]

SESSION_COOKIE = "habeas_session"
_log = logging.getLogger(__name__)
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

_bearer = HTTPBearer(
    auto_error=False,
    description="An API token of a habeas account: `habeas_<id>_<secret>` (docs/api.md).",
)
_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    description="The session cookie of the web pages (writes also need X-CSRF-Token).",
)


def get_store(request: Request) -> Store:
    """The app's store (one per app, opened by `create_app`)."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def _session_principal(request: Request, store: Store, session: str) -> Principal | None:
    try:
        found = accounts.principal_for_session(store, session)
    except NotAuthenticated:
        return None  # an ended session reads as signed out, as on the pages
    if request.method not in _SAFE:
        token = request.headers.get("x-csrf-token", "")
        secret = get_settings(request).secret_key
        if not (
            accounts.check_csrf(session, token, secret=secret)
            or accounts.check_csrf(session, token)  # pages that key their tokens without it
        ):
            raise Forbidden("a write made with a session cookie needs its X-CSRF-Token")
    return found


def _public_view_on(store: Store) -> bool:
    """The database's public-view switch; a switch that cannot be read is off (fail closed)."""
    try:
        return accounts.public_view_enabled(store)
    except Exception:
        _log.exception("cannot read the public-view switch; the public view is off")
        return False


def principal(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[str | None, Depends(_cookie)],
) -> Principal:
    """The principal of the request (see the module docstring); cached on the request."""
    cached = getattr(request.state, "habeas_principal", None)
    if isinstance(cached, Principal):
        return cached
    store = get_store(request)
    found: Principal | None = None
    if "authorization" in request.headers:
        if bearer is None or not bearer.credentials:
            raise NotAuthenticated("use the header Authorization: Bearer <token>")
        found = accounts.authenticate_token(store, bearer.credentials)
    elif session:
        found = _session_principal(request, store, session)
    if found is None:
        if not get_settings(request).public_view or not _public_view_on(store):
            raise NotAuthenticated(
                "sign in: the public view is off (send Authorization: Bearer <token>)"
            )
        found = PUBLIC
    request.state.habeas_principal = found
    return found


Caller = Annotated[Principal, Depends(principal)]


def requires(action: Action) -> Callable[..., Principal]:
    """A dependency: the principal, if its role may do `action` (401 for the public,
    403 for an account whose role may not)."""

    def dependency(who: Caller) -> Principal:
        require(who.role, action)
        return who

    dependency.__name__ = f"requires_{action}"
    return dependency
