"""Source pages (what it is, its hash, every fact that cites it), any other record's page,
and search across people, cases, facilities and sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.domain.access import Principal
from habeas.domain.errors import NotFound
from habeas.services.browse import record_view
from habeas.services.search import forgiving_search
from habeas.web.auth import get_store
from habeas.web.common import history_json, record_json, require, visible, web_errors
from habeas.web.render import is_fragment_request, json_suffix, page

__all__ = ["SEARCH_KINDS", "record_data", "router"]

router = APIRouter()

SEARCH_KINDS = ("person", "case", "facility", "source", "transfer", "actor", "court")


def record_data(
    store: Any, key: str, principal: Principal, types: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A record with its sources, what it refers to, what refers to it, and its history."""
    view = record_view(store, key, types=types, principal=principal)
    rec = visible(view.record, principal)
    if rec is None:
        raise NotFound(f"no current record with key {key!r}")
    referrers = []
    for r in view.referrers:
        shown = visible(r.record, principal) if r.record is not None else None
        if shown is not None:
            referrers.append(r.to_json())
    return {
        "record": record_json(rec),
        "sources": [s.to_json() for s in view.sources],
        "labels": view.labels,
        "referrers": referrers,
        "citing": [r for r in referrers if r["field"].startswith("sources[")],
        "version": view.version,
        "first_recorded_at": view.first_recorded_at,
        "history": history_json(store, key, principal),
    }


@router.get("/source/{slug}", name="source")
@web_errors
def source_page(request: Request, slug: str) -> Response:
    """A source's page (and its JSON twin at /source/SLUG.json)."""
    principal = require(request, "read")
    slug, as_json = json_suffix(slug)
    data = record_data(get_store(request), f"source/{slug}", principal, ("source",))
    return page(request, "source.html", data, as_json=as_json)


@router.get("/record/{key:path}", name="record")
@web_errors
def record_page(request: Request, key: str) -> Response:
    """Any record's page: its fields, sources, references both ways and history."""
    principal = require(request, "read")
    key, as_json = json_suffix(key)
    data = record_data(get_store(request), key, principal)
    return page(request, "record.html", data, as_json=as_json)


@router.get("/search", name="search")
@router.get("/search.json", include_in_schema=False)
@web_errors
def search_page(request: Request, q: str = "", type: str = "") -> Response:
    """Search by name, forgiving of case, accents, word order and a misspelt word."""
    principal = require(request, "read")
    as_json = request.url.path.endswith(".json")
    types = (type,) if type in SEARCH_KINDS else SEARCH_KINDS
    results: list[dict[str, Any]] = []
    unmatched: list[str] = []
    if q.strip():
        answer = forgiving_search(get_store(request), q, types=types, principal=principal)
        results, unmatched = answer.results, answer.unmatched
    data = {"query": q, "type": type, "results": results, "unmatched": unmatched}
    template = "_results.html" if is_fragment_request(request) else "search.html"
    return page(request, template, data, as_json=as_json)
