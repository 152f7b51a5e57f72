"""What every API route depends on: the app's store and settings, and who is asking.

Who is asking, in this order:
  1. `Authorization: Bearer <token>` — `habeas.services.accounts.authenticate_token`
     (a malformed header or a bad token is 401, never a fall-back to the public view);
  2. the session cookie of the pages — `accounts.principal_for_session`; a write made with
     a cookie must also carry the session's CSRF token in `X-CSRF-Token`;
  3. nobody: the public principal, if HABEAS_PUBLIC_VIEW is on; else 401.
What a principal may do is `habeas.domain.access.can(role, action)`, with the actions the
pages use too: "read", "write", "import", "verify".
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from habeas.config import Settings
from habeas.storage.store import Store

__all__ = [
    "SESSION_COOKIE",
    "Caller",
    "auth_contract",
    "call",
    "get_settings",
    "get_store",
    "principal",
    "require",
]

SESSION_COOKIE = "habeas_session"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

_bearer = HTTPBearer(
    auto_error=False,
    description="A token of a habeas account (see docs/api.md).",
)
_cookie = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    description="The session cookie of the web pages (writes also need X-CSRF-Token).",
)


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:  # only while the accounts work is being written
        if e.name != name:
            raise
        return None


_CONTRACT: dict[str, Any] = {}


def auth_contract() -> dict[str, Any]:
    """The principals, errors and `can` of the accounts work, wherever they are defined
    (looked up again until both modules are installed, then kept)."""
    if _CONTRACT:
        return _CONTRACT
    modules = [m for m in map(_optional, ("habeas.domain.access", "habeas.services.accounts")) if m]
    found: dict[str, Any] = {}
    for name in (
        "PUBLIC",
        "NotAuthenticated",
        "Forbidden",
        "RateLimited",
        "can",
        "redact",
        "authenticate_token",
        "principal_for_session",
        "check_csrf",
    ):
        for module in modules:
            if hasattr(module, name):
                found[name] = getattr(module, name)
                break
    if len(modules) == 2:
        _CONTRACT.update(found)
    return found


def get_store(request: Request) -> Store:
    """The app's store (one per app, opened by `create_app`)."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def _error(name: str, message: str) -> Exception:
    cls = auth_contract().get(name)
    if isinstance(cls, type) and issubclass(cls, Exception):
        return cls(message)
    from habeas.api.errors import ApiProblem

    return ApiProblem(401 if name == "NotAuthenticated" else 403, message, slug="auth")


def principal(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    session: Annotated[str | None, Depends(_cookie)],
) -> Any:
    """The principal of the request (see the module docstring); cached on the request."""
    cached = getattr(request.state, "habeas_principal", None)
    if cached is not None:
        return cached
    contract = auth_contract()
    store = get_store(request)
    found: Any = None
    if "authorization" in request.headers:
        if bearer is None or not bearer.credentials:
            raise _error("NotAuthenticated", "use the header Authorization: Bearer <token>")
        authenticate = contract.get("authenticate_token")
        if authenticate is None:
            raise _error("NotAuthenticated", "this server has no accounts")
        found = authenticate(store, bearer.credentials)
        if found is None:
            raise _error("NotAuthenticated", "the token is unknown, expired or revoked")
    elif session:
        for_session = contract.get("principal_for_session")
        found = for_session(store, session) if for_session else None
        if found is not None and request.method not in _SAFE:
            check = contract.get("check_csrf")
            token = request.headers.get("x-csrf-token", "")
            if check is None or not token or check(session, token) is False:
                raise _error("Forbidden", "a write with a session cookie needs X-CSRF-Token")
    if found is None:
        if not get_settings(request).public_view or "PUBLIC" not in contract:
            raise _error(
                "NotAuthenticated", "sign in: send Authorization: Bearer <token> (see /docs)"
            )
        found = contract["PUBLIC"]
    request.state.habeas_principal = found
    return found


Caller = Annotated[Any, Depends(principal)]


def require(action: str) -> Callable[..., Any]:
    """A dependency: the principal, if its role may do `action`; 401 or 403 otherwise."""

    def dependency(who: Caller) -> Any:
        can = auth_contract().get("can")
        if can is not None and can(who.role, action):
            return who
        if getattr(who, "role", None) == "public":
            raise _error("NotAuthenticated", f"sign in to {action}")
        raise _error("Forbidden", f"the role {getattr(who, 'role', '?')!r} may not {action}")

    dependency.__name__ = f"require_{action}"
    return dependency


def call(service: Callable[..., Any], *args: Any, principal: Any = None, **kwargs: Any) -> Any:
    """Call a service, passing `principal=` where the service takes one."""
    if principal is not None:
        try:
            params = inspect.signature(service).parameters
        except (TypeError, ValueError):
            params = {}  # type: ignore[assignment]
        if "principal" in params:
            kwargs["principal"] = principal
    return service(*args, **kwargs)
