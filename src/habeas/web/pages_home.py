"""The dashboard (alerts, recent entries), signing in and out, and the public look-up."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from habeas.domain.access import Principal
from habeas.domain.access_errors import Forbidden, NotAuthenticated, RateLimited
from habeas.domain.errors import NotFound
from habeas.services import accounts
from habeas.services.alerts import alerts
from habeas.services.browse import recent_entries, record_view
from habeas.services.status import status_report
from habeas.web.auth import SESSION_COOKIE, get_store, session_of, valid_csrf
from habeas.web.common import require, web_errors
from habeas.web.pages_people import court_zones
from habeas.web.render import page, t_of

__all__ = ["alerts_data", "router"]

router = APIRouter()


def alerts_data(
    store: Any, principal: Principal, *, as_of: str | None = None
) -> list[dict[str, Any]]:
    """The dashboard's alerts (habeas.services.alerts), most severe first."""
    report = alerts(store, as_of=as_of, principal=principal)
    items: list[dict[str, Any]] = report.to_json()["alerts"]
    cases = {a["details"]["case"] for a in items if a.get("details", {}).get("case")}
    zones: dict[str, str] = {}
    for key in sorted(cases):
        try:
            case = record_view(store, key, types=("case",), principal=principal).record
        except NotFound:
            continue
        court = court_zones(store, {getattr(case, "court", "")}, principal).get(
            getattr(case, "court", "")
        )
        if court and court.get("timezone"):
            zones[key] = court["timezone"]
    for a in items:
        a["zone"] = zones.get(a.get("details", {}).get("case", ""))
    return items


@router.get("/", name="dashboard")
@router.get("/index.json", include_in_schema=False)
@web_errors
def dashboard(request: Request, as_of: str | None = None) -> Response:
    """Alerts first, then the people followed and the latest entries of the log."""
    principal = require(request, "read")
    if principal.role == "public":  # the public's page is the look-up
        return RedirectResponse("/public", status_code=303)
    store = get_store(request)
    status = status_report(store, as_of=as_of or None, principal=principal)
    data = {
        "as_of": as_of or None,
        "alerts": alerts_data(store, principal, as_of=as_of or None),
        "people": status["people"],
        "facilities": status["facilities"],
        "ledger": status["ledger"],
        "records": status["records"],
        "recent": [e.to_json() for e in recent_entries(store, 15, principal=principal)],
    }
    return page(request, "dashboard.html", data, as_json=request.url.path.endswith(".json"))


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host) may be a redirect target."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login", name="login")
def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in form."""
    return page(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
) -> Response:
    """Sign in: on success a session cookie and back to where the reader was going."""
    t = t_of(request)
    client = request.client.host if request.client else "unknown"
    target = _safe_next(next)
    try:
        token = accounts.login(get_store(request), username, password, client)
    except RateLimited:
        return page(
            request, "login.html", {"next": target, "error": t("auth.rate_limited")}, status=429
        )
    except (NotAuthenticated, Forbidden):
        return page(request, "login.html", {"next": target, "error": t("auth.failed")}, status=401)
    response = RedirectResponse(target, status_code=303)
    settings = getattr(request.app.state, "settings", None)
    secure = bool(getattr(settings, "cookie_secure", False)) or request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    """Sign out (the form carries the CSRF token)."""
    token = session_of(request)
    if token and valid_csrf(request, csrf_token):
        accounts.logout(get_store(request), token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
