"""The public look-up (no sign-in; settings can switch it off): is this person on a list,
where are they now and since when, how sure, according to which public source, what the
courts ordered and where to turn (habeas.services.public_person). Only public data is shown,
and no public page links into the staff pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from habeas.domain.access import PUBLIC, Principal
from habeas.domain.errors import NotFound
from habeas.services.merges import answers_as
from habeas.services.public_person import public_person as public_person_view
from habeas.services.search import forgiving_search
from habeas.web.auth import get_store, public_view_enabled
from habeas.web.common import web_errors
from habeas.web.render import json_suffix, page

__all__ = ["router"]

router = APIRouter()


def _check(request: Request) -> Principal:
    """PUBLIC, if the public look-up is on (NotFound otherwise: it fails closed)."""
    if not public_view_enabled(request):
        raise NotFound("the public look-up is switched off on this server")
    return PUBLIC


@router.get("/public", name="public")
@router.get("/public.json", include_in_schema=False)
@web_errors
def public_search(request: Request, q: str = "") -> Response:
    """Search people by name, for families: a name, any spelling, accents optional."""
    principal = _check(request)
    results: list[dict[str, Any]] = []
    if q.strip():
        results = forgiving_search(
            get_store(request), q, types=("person",), limit=20, principal=principal
        ).results
    data = {"query": q, "results": results}
    return page(request, "public.html", data, as_json=request.url.path.endswith(".json"))


@router.get("/public/person/{slug}", name="public_person")
@web_errors
def public_person(request: Request, slug: str) -> Response:
    """One person in the public look-up; a person merged into another is sent to the
    page of the person they answer as."""
    principal = _check(request)
    slug, as_json = json_suffix(slug)
    store = get_store(request)
    root = answers_as(store, f"person/{slug}", principal=principal)
    if root != f"person/{slug}":  # merged into another person: their page, in the same language
        target = "/public/" + quote(root) + (".json" if as_json else "")
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(target + query, status_code=303)
    legal_aid = getattr(request.app.state, "legal_aid", ())
    data = public_person_view(get_store(request), f"person/{slug}", legal_aid, principal=principal)
    return page(request, "public_person.html", data, as_json=as_json)
