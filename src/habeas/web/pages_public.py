"""The public look-up (no sign-in; settings can switch it off): is this person on a list,
where are they now, according to which public source. Only public fields are shown."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.domain.access import PUBLIC, Principal
from habeas.domain.errors import NotFound
from habeas.domain.people import Person
from habeas.services.browse import record_view
from habeas.services.search import forgiving_search
from habeas.services.whereabouts import whereabouts
from habeas.web.auth import get_store, public_view_enabled
from habeas.web.common import record_json, visible, web_errors
from habeas.web.render import json_suffix, page

__all__ = ["public_person_data", "router"]

router = APIRouter()


def _check(request: Request) -> Principal:
    """PUBLIC, if the public look-up is on (NotFound otherwise: it fails closed)."""
    if not public_view_enabled(request):
        raise NotFound("the public look-up is switched off on this server")
    return PUBLIC


def public_person_data(store: Any, key: str) -> dict[str, Any]:
    """A person as the public may see them: public fields, whereabouts, lists, sources."""
    principal = PUBLIC
    view = record_view(store, key, types=("person",), principal=principal)
    person = visible(view.record, principal)
    if not isinstance(person, Person):
        raise NotFound(f"no public record with key {key!r}")
    where = whereabouts(store, key, principal=principal).to_json()
    lists = []
    for ref in view.referrers:
        if ref.type == "transfer" and ref.path.startswith("manifest"):
            shown = visible(ref.record, principal) if ref.record is not None else None
            if shown is not None:
                lists.append(
                    {"key": ref.key, "label": ref.label, "at": str(ref.when) if ref.when else None}
                )
    shown_person = record_json(person) or {}
    return {
        "person": {
            k: shown_person[k]
            for k in ("key", "label", "full_name", "aliases", "nationality", "synthetic")
            if k in shown_person
        },
        "whereabouts": {
            k: where[k]
            for k in (
                "status",
                "certainty",
                "facility",
                "place",
                "country",
                "custodian",
                "since",
                "sources",
            )
        },
        "lists": lists,
        "sources": [s.to_json() for s in view.sources],
    }


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
    """One person in the public look-up."""
    _check(request)
    slug, as_json = json_suffix(slug)
    data = public_person_data(get_store(request), f"person/{slug}")
    return page(request, "public_person.html", data, as_json=as_json)
