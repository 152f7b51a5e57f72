"""What every page module shares: access checks, the one error page, and small adapters.
Pages call the services directly, always with `principal=` (there is no default that sees
everything).

Errors are rendered in one place for the pages (`web_errors`): a known habeas error becomes
a page in the reader's language (or JSON for a `.json` path) with the right status; a
reader who must sign in is sent to the sign-in page and brought back afterwards.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from habeas.domain.access import Principal
from habeas.domain.access_errors import Forbidden as AccessForbidden
from habeas.domain.access_errors import NotAuthenticated
from habeas.domain.base import Record
from habeas.domain.errors import Ambiguous, Conflict, HabeasError, InvalidRecord, NotFound
from habeas.services.history import history
from habeas.storage.store import Store
from habeas.web.auth import can, current_principal, public_view_enabled, redact, valid_csrf
from habeas.web.render import is_fragment_request, page, t_of

__all__ = [
    "Forbidden",
    "NeedLogin",
    "checked_form",
    "history_json",
    "record_json",
    "require",
    "visible",
    "web_errors",
]

F = TypeVar("F", bound=Callable[..., Any])


class NeedLogin(Exception):
    """The page needs a signed-in reader."""


class Forbidden(Exception):
    """The reader's role may not do this."""


async def checked_form(request: Request) -> dict[str, str]:
    """A posted form's text fields, once its CSRF token is checked (Forbidden if not)."""
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    if not valid_csrf(request, data.get("csrf_token")):
        raise Forbidden(t_of(request)("error.csrf"))
    return data


def require(request: Request, action: str) -> Principal:
    """The principal, if it may do `action`; NeedLogin or Forbidden otherwise."""
    principal = current_principal(request)
    public = principal.role == "public"
    if can(principal, action) and not (public and not public_view_enabled(request)):
        return principal
    if public:
        raise NeedLogin(action)
    raise Forbidden(action)


def visible(record: Record | None, principal: Principal) -> Record | None:
    """The record as the principal may see it (None: not at all)."""
    if record is None:
        return None
    return redact(record, principal)


def record_json(record: Record | None) -> dict[str, Any] | None:
    """A record's fields as JSON data (defaults left out, type and key kept)."""
    if record is None:
        return None
    data: dict[str, Any] = record.model_dump(mode="json", exclude_defaults=True)
    data["type"] = record.TYPE
    data["key"] = record.key
    data["label"] = record.label()
    return data


def history_json(store: Store, key: str, principal: Principal) -> list[dict[str, Any]]:
    """The record's history, each entry without the record's body (the pages show the
    current record, redacted for the reader; a past body would show what redaction hides)."""
    out = []
    for line in history(store, key, principal=principal):
        data = line.to_json()
        data.pop("record", None)
        out.append(data)
    return out


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def web_errors(func: F) -> F:
    """Render habeas errors (and sign-in and permission refusals) as pages."""

    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return await func(*args, **kwargs)
            except Exception as e:
                return _handle(kwargs["request"], e)

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as e:
            return _handle(kwargs["request"], e)

    return wrapper  # type: ignore[return-value]


def _handle(request: Request, exc: Exception) -> Response:
    """The response for an error raised by a page (re-raised when it is not habeas's)."""
    if isinstance(exc, NeedLogin | NotAuthenticated):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    if isinstance(exc, Forbidden | AccessForbidden):  # a page's refusal, or a service's
        return error_page(request, 403, "error.forbidden", str(exc))
    if isinstance(exc, Ambiguous):
        return error_page(request, 409, "error.ambiguous", str(exc), exc.candidates)
    if isinstance(exc, NotFound):
        return error_page(request, 404, "error.not_found", str(exc))
    if isinstance(exc, Conflict):
        return error_page(request, 409, "error.conflict", str(exc))
    if isinstance(exc, InvalidRecord):
        return error_page(request, 400, "error.invalid", str(exc))
    if isinstance(exc, HabeasError):
        return error_page(request, 400, "error.other", str(exc))
    raise exc


def error_page(
    request: Request, status: int, title_key: str, message: str, candidates: list[str] | None = None
) -> Response:
    """The error page (or JSON) for `status`."""
    t = t_of(request)
    data: dict[str, Any] = {"error": t(title_key), "status": status, "message": message}
    if candidates:
        data["candidates"] = candidates
    headers = None
    if is_fragment_request(request):  # htmx: show the error in place of the page's <main>
        headers = {"HX-Retarget": "#main", "HX-Reswap": "outerHTML", "HX-Reselect": "#main"}
    # A reader who has not signed in gets the error in plain words, with the way back to
    # the public look-up (never a developer's message, never a link into staff pages).
    public = current_principal(request).role == "public"
    return page(
        request,
        "public_error.html" if public else "error.html",
        data,
        as_json=_wants_json(request),
        status=status,
        headers=headers,
    )
