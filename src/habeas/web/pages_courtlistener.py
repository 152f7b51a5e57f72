"""`/courtlistener`: the CourtListener dockets tracked, their last sync and error; a form to
track a docket by id or URL and a button to sync now (editors; CSRF-checked POSTs). Both call
`services.courtlistener_sync`, as `habeas track docket` and `habeas sync` do."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.config import Settings
from habeas.domain.access import Principal
from habeas.domain.errors import CourtListenerError, InvalidRecord, NotFound
from habeas.services.courtlistener_sync import (
    client_for,
    list_tracked,
    sync_dockets,
    track_docket,
)
from habeas.web.auth import get_store, valid_csrf
from habeas.web.common import Forbidden, require, web_errors
from habeas.web.render import page, t_of

__all__ = ["router"]

router = APIRouter()


def _settings(request: Request) -> Settings:
    settings = getattr(request.app.state, "settings", None)
    return settings if isinstance(settings, Settings) else Settings()


def _data(request: Request, principal: Principal, **extra: Any) -> dict[str, Any]:
    settings = _settings(request)
    return {
        "tracked": [t.to_json() for t in list_tracked(get_store(request), principal=principal)],
        "configured": bool(settings.courtlistener_token),
        "courtlistener_url": settings.courtlistener_url,
        "webhook_on": bool(settings.courtlistener_webhook_secret),
        "form": {"docket": "", "case": ""},
        "result": None,
        "synced": None,
        "error": None,
        **extra,
    }


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    if not valid_csrf(request, form.get("csrf_token")):
        raise Forbidden(t_of(request)("error.csrf"))
    return {k: v.strip() for k, v in form.items() if isinstance(v, str)}


def _status(error: Exception) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, InvalidRecord):
        return 422
    return 502  # CourtListener failed or refused: a bad gateway, said plainly


@router.get("/courtlistener", name="courtlistener")
@router.get("/courtlistener.json", include_in_schema=False)
@web_errors
def courtlistener_page(request: Request) -> Response:
    """The tracked dockets and the forms."""
    principal = require(request, "import")
    return page(
        request,
        "courtlistener.html",
        _data(request, principal),
        as_json=request.url.path.endswith(".json"),
    )


@router.post("/courtlistener/track")
@web_errors
async def courtlistener_track(request: Request) -> Response:
    """Track a docket (its id or URL), optionally into a named case; show what it did."""
    principal = require(request, "import")
    form = await _form(request)
    shown = {"docket": form.get("docket", ""), "case": form.get("case", "")}
    try:
        with client_for(_settings(request)) as client:
            result = track_docket(
                get_store(request),
                client,
                shown["docket"],
                case_key=shown["case"] or None,
                principal=principal,
            )
    except (CourtListenerError, InvalidRecord, NotFound) as e:
        data = _data(request, principal, form=shown, error=str(e))
        return page(request, "courtlistener.html", data, status=_status(e))
    data = _data(request, principal, result=result.to_json())
    return page(request, "courtlistener.html", data)


@router.post("/courtlistener/sync")
@web_errors
async def courtlistener_sync(request: Request) -> Response:
    """Sync every tracked docket now; show each one's outcome (a failure keeps its cursor)."""
    principal = require(request, "import")
    await _form(request)
    with client_for(_settings(request)) as client:
        results = sync_dockets(get_store(request), client, principal=principal)
    failed = [r for r in results if r.error]
    data = _data(request, principal, synced=[r.to_json() for r in results])
    return page(request, "courtlistener.html", data, status=502 if failed else 200)
