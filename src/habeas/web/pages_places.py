"""Facility pages (occupancy over time against capacity, who is held now) and transfer pages
(the flight, its times, its manifest)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from habeas.domain.access import Principal
from habeas.domain.custody import Facility, Transfer
from habeas.services.browse import occupancy_series, record_view
from habeas.services.held_pages import held_page
from habeas.services.whereabouts import parse_as_of
from habeas.web.auth import get_store
from habeas.web.common import record_json, require, visible, web_errors
from habeas.web.render import json_suffix, page, t_of
from habeas.web.svg import occupancy_chart

__all__ = ["facility_data", "router", "transfer_data"]

router = APIRouter()


def facility_data(
    store: Any, key: str, principal: Principal, *, on: str | None = None, page: int = 1
) -> dict[str, Any]:
    """Everything the facility page shows, as JSON data: the people held a page at a time
    (`occupancy.page`), with the count of all of them."""
    view = record_view(store, key, types=("facility",), principal=principal, referrers=False)
    fac = visible(view.record, principal)
    assert isinstance(fac, Facility)
    occ = held_page(store, key, on=on, page=page, principal=principal).to_json()
    when = parse_as_of(on) if on else None
    until = when if when is None or not isinstance(when, datetime) else when.date()
    _fac, points = occupancy_series(
        store, key, until=until or datetime.now(UTC).date(), principal=principal
    )
    return {
        "facility": record_json(fac),
        "operator": view.labels.get(fac.operator or ""),
        "sources": [s.to_json() for s in view.sources],
        "occupancy": occ,
        "series": [p.to_json() for p in points],
    }


@router.get("/facility/{slug}", name="facility")
@web_errors
def facility_page(
    request: Request,
    slug: str,
    on: str | None = None,
    number: int = Query(1, ge=1, alias="page"),
) -> Response:
    """A facility's page (and its JSON twin at /facility/SLUG.json); `page` is the page
    of the people held."""
    principal = require(request, "read")
    slug, as_json = json_suffix(slug)
    key = f"facility/{slug}"
    data = facility_data(get_store(request), key, principal, on=on or None, page=number)
    fac = data["facility"]
    chart = occupancy_chart(data["series"], fac.get("capacity"), t_of(request), name=fac["label"])
    return page(request, "facility.html", data, as_json=as_json, context={"chart": chart})


def transfer_data(store: Any, key: str, principal: Principal) -> dict[str, Any]:
    """Everything the transfer page shows, as JSON data."""
    view = record_view(store, key, types=("transfer",), principal=principal)
    tr = visible(view.record, principal)
    assert isinstance(tr, Transfer)
    manifest = [
        {
            "person": m.person,
            "name": view.labels.get(m.person, m.person),
            "basis": m.basis,
            "seat": m.seat,
        }
        for m in tr.manifest
    ]
    events = [r.to_json() for r in view.referrers if r.type == "custody_event"]
    return {
        "transfer": record_json(tr),
        "operator": view.labels.get(tr.operator or ""),
        "sources": [s.to_json() for s in view.sources],
        "manifest": manifest,
        "manifest_count": len(manifest),
        "custody_events": events,
    }


@router.get("/transfer/{slug}", name="transfer")
@web_errors
def transfer_page(request: Request, slug: str) -> Response:
    """A transfer's page (and its JSON twin at /transfer/SLUG.json)."""
    principal = require(request, "read")
    slug, as_json = json_suffix(slug)
    data = transfer_data(get_store(request), f"transfer/{slug}", principal)
    return page(request, "transfer.html", data, as_json=as_json)
