"""The person page: where they are, the chain of custody, cases and orders, statements,
relatives, identifiers and the history of the record."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from habeas.domain.access import Principal
from habeas.domain.courts_records import Case, CourtRecord
from habeas.domain.errors import Conflict, InvalidRecord
from habeas.domain.people import Person, inverse_relation
from habeas.services.browse import record_view
from habeas.services.merged_records import merged_away
from habeas.services.merges import answers_as, split_people
from habeas.services.order_compliance import order_states
from habeas.services.timeline import timeline
from habeas.services.whereabouts import whereabouts
from habeas.web.auth import can, get_store
from habeas.web.common import (
    checked_form,
    history_json,
    record_json,
    require,
    visible,
    web_errors,
)
from habeas.web.render import is_fragment_request, json_suffix, page, record_url, t_of
from habeas.web.svg import custody_timeline

__all__ = ["court_zones", "person_data", "router"]

router = APIRouter()


def court_zones(
    store: Any, court_keys: set[str], principal: Principal
) -> dict[str, dict[str, Any]]:
    """court key -> {name, court_id, timezone} for the courts named."""
    out: dict[str, dict[str, Any]] = {}
    for key in sorted(court_keys):
        try:
            rec = record_view(store, key, types=("court",), principal=principal).record
        except Exception:  # a missing court is shown by its key
            continue
        if isinstance(rec, CourtRecord):
            out[key] = {"name": rec.name, "court_id": rec.court_id, "timezone": rec.timezone}
    return out


def person_data(
    store: Any,
    key: str,
    principal: Principal,
    *,
    as_of: str | None = None,
    known_at: str | None = None,
    with_history: bool = True,
) -> dict[str, Any]:
    """Everything the person page shows, as JSON data."""
    view = record_view(store, key, types=("person",), principal=principal)
    person = visible(view.record, principal)
    assert isinstance(person, Person)
    report = whereabouts(store, key, as_of=as_of, known_at=known_at, principal=principal)
    where = report.to_json()
    zones = {k: f.timezone for k, f in report.facilities.items() if f.timezone}
    tl = timeline(store, key, principal=principal)
    items = []
    cases: dict[str, dict[str, Any]] = {}
    orders: list[dict[str, Any]] = []
    statements = []
    for item in tl.items:
        rec = visible(item.record, principal)
        if rec is None:
            continue
        entry = item.to_json()
        entry["record"] = record_json(rec)
        items.append(entry)
        if isinstance(rec, Case):
            cases[rec.key] = {**record_json(rec), "orders": []}  # type: ignore[dict-item]
        elif rec.TYPE == "order":
            orders.append(entry)
        elif rec.TYPE == "statement":
            statements.append(entry)
    courts = court_zones(store, {c["court"] for c in cases.values()}, principal)
    states = order_states(store, list(cases), principal=principal, as_of=as_of)
    for o in orders:
        case_key = o["record"]["case"]
        if case_key in cases:
            o["compliance"] = states.get(o["key"], [])
            cases[case_key]["orders"].append(o)
    for case in cases.values():
        case["court_info"] = courts.get(case["court"], {})
    labels = view.labels
    relatives = [
        {
            "relation": r.relation,
            "key": r.person,
            "label": labels.get(r.person, r.person),
            "direction": "from",
        }
        for r in person.relationships
    ]
    named = {(r["relation"], r["key"]) for r in relatives}
    for ref in view.referrers:
        if ref.type == "person" and ref.path.startswith("relationships"):
            other = visible(ref.record, principal) if ref.record is not None else None
            if isinstance(other, Person):
                for r in other.relationships:
                    # The other record says what THIS person is to them ("parent"): shown
                    # here is what THEY are to this person ("child"), once.
                    relation = inverse_relation(r.relation)
                    if r.person == key and (relation, other.key) not in named:
                        named.add((relation, other.key))
                        relatives.append(
                            {
                                "relation": relation,
                                "key": other.key,
                                "label": other.label(),
                                "direction": "to",
                            }
                        )
    data: dict[str, Any] = {
        "person": record_json(person),
        "sources": [s.to_json() for s in view.sources],
        "whereabouts": where,
        "zones": zones,
        "cases": sorted(cases.values(), key=lambda c: (c.get("filed") or "9999", c["key"])),
        "timeline": items,
        "statements": statements,
        "relatives": relatives,
        "identifiers": [i.model_dump(mode="json") for i in person.identifiers],
        "statuses": [s.model_dump(mode="json", exclude_none=True) for s in person.statuses],
        "merged": where["merged"],
        "version": view.version,
    }
    if with_history:
        data["history"] = history_json(store, key, principal)
    return data


@router.get("/person/{slug}", name="person")
@web_errors
def person_page(
    request: Request, slug: str, as_of: str | None = None, known_at: str | None = None
) -> Response:
    """A person's page (and its JSON twin at /person/SLUG.json); a person merged into
    another says so, with a link to the person it answers as now."""
    principal = require(request, "read")
    slug, as_json = json_suffix(slug)
    store = get_store(request)
    key = f"person/{slug}"
    if answers_as(store, key, principal=principal) != key:
        return _merged_page(request, key, principal, as_json=as_json)
    fragment = not as_json and is_fragment_request(request)  # htmx: the "as of" view only
    data = person_data(
        store,
        key,
        principal,
        as_of=as_of or None,
        known_at=known_at or None,
        with_history=not fragment,
    )
    t = t_of(request)
    chart = custody_timeline(data["whereabouts"]["chain"], t, zones=data["zones"])
    template = "_person_asof.html" if fragment else "person.html"
    context = {"chart": chart, "may_split": can(principal, "write")}
    return page(request, template, data, as_json=as_json, context=context)


def _merged_page(
    request: Request,
    key: str,
    principal: Principal,
    *,
    as_json: bool = False,
    error: str | None = None,
) -> Response:
    """The page of a person merged into another: the record as recorded, the merge (who,
    why, when) and the person it answers as now."""
    merge = merged_away(get_store(request), key, principal=principal)
    if merge is None:  # split meanwhile: the person's own page
        return RedirectResponse(record_url(key), status_code=303)
    data = {"key": key, "merged_into": merge.root, "merge": merge.to_json()}
    context = {"may_split": can(principal, "write"), "error": error}
    return page(
        request,
        "person_merged.html",
        data,
        as_json=as_json,
        context=context,
        status=422 if error else 200,
    )


@router.post("/person/{slug}/split")
@web_errors
async def person_split(request: Request, slug: str) -> Response:
    """Split the merge that took this person away: they answer as themself again."""
    principal = require(request, "write")
    data = await checked_form(request)
    key = f"person/{slug}"
    try:
        split_people(get_store(request), principal, absorbed=key, reason=data.get("reason", ""))
    except (InvalidRecord, Conflict) as e:
        return _merged_page(request, key, principal, error=str(e))
    return RedirectResponse(record_url(key), status_code=303)
