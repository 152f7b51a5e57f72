"""Entry forms for the common work: a custody event, an order and its obligations, a
statement, a correction or retraction with its reason. Every form demands a source and a
CSRF token; a form with problems comes back with each problem beside its field, and nothing
is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from habeas.domain.access import Principal
from habeas.domain.courts_records import ORDER_KINDS
from habeas.domain.custody import CUSTODY_KINDS
from habeas.domain.obligations import ACTIONS
from habeas.services.recording import (
    FactsInvalid,
    SourceChoice,
    choices,
    current_record,
    record_facts,
    retract_fact,
)
from habeas.web.auth import current_principal, get_store, valid_csrf
from habeas.web.common import Forbidden, record_json, require, web_errors
from habeas.web.render import page, record_url, t_of

__all__ = ["ZONES", "router"]

router = APIRouter()

ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/El_Salvador",
    "America/Caracas",
    "America/Guatemala",
    "America/Tegucigalpa",
    "America/Mexico_City",
    "UTC",
)
OBLIGATION_ROWS = 3


def _author(principal: Principal) -> str:
    return f"web:{principal.username}"


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _check_csrf(request: Request, form: dict[str, str]) -> None:
    if not valid_csrf(request, form.get("csrf_token")):
        raise Forbidden(t_of(request)("error.csrf"))


def _source(form: dict[str, str]) -> SourceChoice:
    new = {
        "title": form.get("source_title", "").strip(),
        "kind": form.get("source_kind", "other"),
        "publisher": form.get("source_publisher", "").strip(),
        "published": form.get("source_published", "").strip(),
        "url": form.get("source_url", "").strip(),
        "docket_number": form.get("source_docket", "").strip(),
    }
    return SourceChoice(
        key=form.get("source_key", "").strip() or None,
        new=new if new["title"] else {},
        excerpt=form.get("excerpt", "").strip() or None,
        locator=form.get("locator", "").strip() or None,
    )


def _when(value: str, zone: str) -> str:
    """A date as given; a date and time from a form (no zone) in the zone chosen."""
    value = value.strip()
    if "T" in value and not (
        "[" in value or value.endswith("Z") or "+" in value[10:] or "-" in value[10:]
    ):
        return f"{value}[{zone or 'UTC'}]"
    return value


def _errors(e: FactsInvalid) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, message in e.errors:
        out.setdefault(field.split(".")[0].split("[")[0], message)
    return out


def _render(
    request: Request,
    template: str,
    form: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
    **extra: Any,
) -> Response:
    store = get_store(request)
    data = {
        "form": form,
        "errors": errors or {},
        "sources": choices(store, "source", principal=current_principal(request)),
        "zones": ZONES,
        **extra,
    }
    return page(request, template, data, status=status)


# -- the list -----------------------------------------------------------------------------------


@router.get("/add", name="add")
@web_errors
def add_index(request: Request) -> Response:
    """The entry forms."""
    require(request, "write")
    return page(request, "add.html", {})


# -- custody event ------------------------------------------------------------------------------


def _custody_extra(request: Request) -> dict[str, Any]:
    store = get_store(request)
    return {
        "kinds": CUSTODY_KINDS,
        "facilities": choices(store, "facility", principal=current_principal(request)),
        "actors": choices(store, "actor", principal=current_principal(request)),
        "transfers": choices(store, "transfer", principal=current_principal(request)),
    }


@router.get("/add/custody", name="add_custody")
@web_errors
def custody_form(request: Request, person: str = "") -> Response:
    """Form: add a custody event."""
    require(request, "write")
    return _render(request, "form_custody.html", {"person": person}, **_custody_extra(request))


@router.post("/add/custody")
@web_errors
async def custody_submit(request: Request) -> Response:
    """Record a custody event with its source; back to the person's page."""
    principal = require(request, "write")
    form = await _form(request)
    _check_csrf(request, form)
    fact: dict[str, Any] = {
        "type": "custody_event",
        "person": form.get("person", "").strip(),
        "kind": form.get("kind", ""),
        "at": _when(form.get("at", ""), form.get("zone", "")),
        "facility": form.get("facility", ""),
        "custodian": form.get("custodian", ""),
        "transfer": form.get("transfer", ""),
        "country": form.get("country", "").strip().upper(),
        "legal_basis": form.get("legal_basis", "").strip(),
        "certainty": form.get("certainty", "confirmed"),
        "description": form.get("description", "").strip(),
        "slug_hint": f"{form.get('person', '').split('/')[-1]} {form.get('kind', '')} "
        f"{form.get('at', '')[:10]}",
    }
    if form.get("place", "").strip():
        fact["place"] = {"name": form["place"].strip()}
        if fact["country"]:
            fact["place"]["country"] = fact["country"]
    try:
        records, _result = record_facts(
            get_store(request),
            [fact],
            _source(form),
            principal=principal,
            author=_author(principal),
        )
    except FactsInvalid as e:
        return _render(
            request, "form_custody.html", form, _errors(e), 422, **_custody_extra(request)
        )
    event = records[0]
    target = record_url(fact["person"]) + "?added=" + event.key
    return RedirectResponse(target + f"#ev-{event.key.replace('/', '-')}", status_code=303)


# -- order and obligations -----------------------------------------------------------------------


def _order_extra(request: Request) -> dict[str, Any]:
    store = get_store(request)
    return {
        "order_kinds": ORDER_KINDS,
        "actions": ACTIONS,
        "cases": choices(store, "case", principal=current_principal(request)),
        "rows": list(range(OBLIGATION_ROWS)),
    }


@router.get("/add/order", name="add_order")
@web_errors
def order_form(request: Request, case: str = "") -> Response:
    """Form: record an order and its obligations."""
    require(request, "write")
    return _render(request, "form_order.html", {"case": case}, **_order_extra(request))


@router.post("/add/order")
@web_errors
async def order_submit(request: Request) -> Response:
    """Record an order, its obligations and their source; back to the case page."""
    principal = require(request, "write")
    form = await _form(request)
    _check_csrf(request, form)
    zone = form.get("zone", "")
    case = form.get("case", "").strip()
    facts: list[dict[str, Any]] = [
        {
            "type": "order",
            "case": case,
            "kind": form.get("kind", "order"),
            "title": form.get("title", "").strip(),
            "issued": _when(form.get("issued", ""), zone),
            "judge": form.get("judge", "").strip(),
            "text": form.get("text", "").strip(),
            "slug_hint": f"{case.split('/')[-1]} {form.get('issued', '')[:10]}",
        }
    ]
    stem = f"{case.split('/')[-1]} {form.get('issued', '')[:10]}"
    facts += obligation_facts(form, "$0", stem, zone)
    try:
        record_facts(
            get_store(request), facts, _source(form), principal=principal, author=_author(principal)
        )
    except FactsInvalid as e:
        return _render(request, "form_order.html", form, _errors(e), 422, **_order_extra(request))
    return RedirectResponse(record_url(case), status_code=303)


def obligation_facts(
    form: Mapping[str, str], order: str, stem: str, zone: str
) -> list[dict[str, Any]]:
    """The obligations typed in the form's rows (`ob0_text`, `ob0_deadline`…) of `order`
    (a key, or `$0` for the order written with them); a deadline without a zone is read in
    `zone`."""
    facts: list[dict[str, Any]] = []
    for i in range(OBLIGATION_ROWS):
        text = form.get(f"ob{i}_text", "").strip()
        if not text:
            continue
        deadline: dict[str, Any] = {"kind": "none"}
        at = form.get(f"ob{i}_deadline", "").strip()
        if at:
            deadline = {"kind": "explicit", "at": _when(at, zone)}
        elif form.get(f"ob{i}_asap"):
            deadline = {"kind": "asap"}
        about = form.get(f"ob{i}_about", "").strip()
        facts.append(
            {
                "type": "obligation",
                "order": order,
                "action": form.get(f"ob{i}_action", "other"),
                "obligor_text": form.get(f"ob{i}_obligor", "").strip(),
                "about": [about] if about else [],
                "destination": form.get(f"ob{i}_destination", "").strip().upper(),
                "text": text,
                "deadline": deadline,
                "slug_hint": f"{stem} {i + 1}",
            }
        )
    return facts


# -- statement ---------------------------------------------------------------------------------


def _statement_extra(request: Request) -> dict[str, Any]:
    return {"actors": choices(get_store(request), "actor", principal=current_principal(request))}


@router.get("/add/statement", name="add_statement")
@web_errors
def statement_form(request: Request, about: str = "") -> Response:
    """Form: add a statement."""
    require(request, "write")
    return _render(request, "form_statement.html", {"about": about}, **_statement_extra(request))


@router.post("/add/statement")
@web_errors
async def statement_submit(request: Request) -> Response:
    """Record who said what, when, about whom, with its source."""
    principal = require(request, "write")
    form = await _form(request)
    _check_csrf(request, form)
    about = [a.strip() for a in form.get("about", "").split(",") if a.strip()]
    fact = {
        "type": "statement",
        "speaker": form.get("speaker", ""),
        "said": form.get("said", "").strip(),
        "text": form.get("text", "").strip(),
        "quote": form.get("quote", "direct"),
        "setting": form.get("setting", "").strip(),
        "about": about,
        "slug_hint": f"{form.get('said', '')[:10]} {form.get('speaker', '').split('/')[-1]}",
    }
    try:
        record_facts(
            get_store(request),
            [fact],
            _source(form),
            principal=principal,
            author=_author(principal),
        )
    except FactsInvalid as e:
        return _render(
            request, "form_statement.html", form, _errors(e), 422, **_statement_extra(request)
        )
    return RedirectResponse(record_url(about[0]) if about else "/", status_code=303)


# -- correct or retract ------------------------------------------------------------------------


@router.get("/correct", name="correct")
@web_errors
def correct_form(request: Request, key: str) -> Response:
    """Form: correct a record's fields, or retract it, with a reason and a source."""
    require(request, "write")
    record, version = current_record(get_store(request), key, principal=current_principal(request))
    import json

    data = record_json(record) or {}
    data.pop("label", None)
    form = {
        "key": key,
        "version": str(version),
        "record": json.dumps(data, indent=2, ensure_ascii=False),
    }
    return _render(request, "form_correct.html", form)


@router.post("/correct")
@web_errors
async def correct_submit(request: Request) -> Response:
    """Append a correction (the edited record) or a retraction, each with reason and source."""
    import json

    principal = require(request, "write")
    form = await _form(request)
    _check_csrf(request, form)
    key = form.get("key", "")
    reason = form.get("reason", "").strip()
    version = int(form["version"]) if form.get("version", "").isdigit() else None
    store = get_store(request)
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = t_of(request)("form.correct.reason_needed")
    try:
        if form.get("action") == "retract":
            retract_fact(
                store,
                key,
                reason,
                _source(form),
                principal=principal,
                author=_author(principal),
                expected_version=version,
            )
            return RedirectResponse("/", status_code=303)
        try:
            data = json.loads(form.get("record", ""))
        except ValueError as e:
            errors["record"] = f"JSON: {e}"
            raise FactsInvalid(list(errors.items())) from e
        if errors:
            raise FactsInvalid(list(errors.items()))
        data["key"] = key
        record_facts(
            store,
            [data],
            _source(form),
            principal=principal,
            author=_author(principal),
            reason=reason,
            expected_version=version,
        )
    except FactsInvalid as e:
        return _render(request, "form_correct.html", form, _errors(e), 422)
    return RedirectResponse(record_url(key), status_code=303)
