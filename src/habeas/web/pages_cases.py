"""The case page: caption, court, parties, docket, orders → obligations → compliance, and the
matter across courts (district → circuit → Supreme Court) in one view."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.domain.access import Principal
from habeas.domain.courts import UnknownCourt, get_court
from habeas.domain.courts_records import Case
from habeas.services.browse import record_view
from habeas.services.order_compliance import order_states
from habeas.services.timeline import timeline
from habeas.web.auth import get_store
from habeas.web.common import history_json, record_json, require, visible, web_errors
from habeas.web.pages_people import court_zones
from habeas.web.render import json_suffix, page

__all__ = ["case_data", "router"]

router = APIRouter()

_LEVEL = {"district": 0, "bankruptcy": 0, "circuit": 1, "supreme": 2}


def _level(court_id: str | None) -> int:
    if not court_id:
        return 0
    try:
        return _LEVEL.get(get_court(court_id).kind, 0)
    except UnknownCourt:
        return 0


def case_data(
    store: Any, key: str, principal: Principal, *, as_of: str | None = None
) -> dict[str, Any]:
    """Everything the case page shows, as JSON data."""
    view = record_view(store, key, types=("case",), principal=principal)
    case = visible(view.record, principal)
    assert isinstance(case, Case)
    tl = timeline(store, key, principal=principal)
    matter: dict[str, dict[str, Any]] = {}
    items: list[tuple[Any, dict[str, Any]]] = []
    for item in tl.items:
        rec = visible(item.record, principal)
        if rec is None:
            continue
        entry = item.to_json()
        entry["record"] = record_json(rec)
        if isinstance(rec, Case):
            matter[rec.key] = {**(record_json(rec) or {}), "items": [], "orders": []}
        items.append((rec, entry))
    if case.key not in matter:
        matter[case.key] = {**(record_json(case) or {}), "items": [], "orders": []}
    courts = court_zones(store, {c["court"] for c in matter.values()}, principal)
    states = order_states(store, [case.key], principal=principal, as_of=as_of)
    stays = []
    appeals = []
    for rec, entry in items:
        home = getattr(rec, "case", None) or getattr(rec, "entered_in", None)
        if rec.TYPE == "order":
            entry["compliance"] = states.get(rec.key, [])
        if rec.TYPE == "stay":
            stays.append(entry)
        if rec.TYPE == "appeal":
            appeals.append(entry)
        if rec.TYPE in ("docket_entry", "order", "appeal", "stay") and home in matter:
            matter[home]["items"].append(entry)
            if rec.TYPE == "order":
                matter[home]["orders"].append(entry)
    for c in matter.values():
        info = courts.get(c["court"], {})
        c["court_info"] = info
        c["level"] = _level(info.get("court_id"))
    levels: list[list[dict[str, Any]]] = [[], [], []]
    for c in sorted(matter.values(), key=lambda c: (c.get("filed") or "", c["key"])):
        levels[c["level"]].append(c)
    this = matter[case.key]
    return {
        "case": this,
        "sources": [s.to_json() for s in view.sources],
        "zone": this["court_info"].get("timezone"),
        "docket": [e for e in this["items"] if e["type"] == "docket_entry"],
        "orders": this["orders"],
        "appeals": appeals,
        "stays": stays,
        "matter": levels,
        "statements": [e for r, e in items if r.TYPE == "statement"],
        "history": history_json(store, key, principal),
    }


@router.get("/case/{slug}", name="case")
@web_errors
def case_page(request: Request, slug: str, as_of: str | None = None) -> Response:
    """A case's page (and its JSON twin at /case/SLUG.json)."""
    principal = require(request, "read")
    slug, as_json = json_suffix(slug)
    data = case_data(get_store(request), f"case/{slug}", principal, as_of=as_of or None)
    return page(request, "case.html", data, as_json=as_json)
