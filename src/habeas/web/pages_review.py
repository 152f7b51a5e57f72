"""The review queue in the browser: drafts importers found (orders on a docket, facts an
article states), each shown with its excerpt and source; an editor accepts one (as proposed
or edited: every field problem is shown beside the form and nothing is written) or rejects it
with a reason. An accepted order leads on to recording its obligations, citing the same
source and excerpt."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from habeas.domain.access import Principal
from habeas.domain.courts_records import ORDER_KINDS
from habeas.domain.errors import Conflict, HabeasError, InvalidRecord, NotFound
from habeas.domain.obligations import ACTIONS
from habeas.services.drafts import (
    STATUSES,
    Draft,
    accept_draft,
    count_pending,
    get_draft,
    list_drafts,
)
from habeas.services.drafts import reject_draft as reject
from habeas.services.editing import RecordProblems
from habeas.services.recording import FactsInvalid, SourceChoice, current_record, record_facts
from habeas.web.auth import can, current_principal, get_store, valid_csrf
from habeas.web.common import Forbidden, require, web_errors
from habeas.web.forms import OBLIGATION_ROWS, ZONES, obligation_facts
from habeas.web.render import env, page, record_url, t_of

__all__ = ["ORDER_FIELDS", "pending_for", "router"]

router = APIRouter()

ORDER_FIELDS = ("kind", "title", "issued", "judge")
"""The fields of an order draft shown as inputs (they take precedence over the JSON)."""
_LIST_LIMIT = 1000
_MAX_ID = 2**31 - 1


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    if not valid_csrf(request, data.get("csrf_token")):
        raise Forbidden(t_of(request)("error.csrf"))
    return data


def _draft(request: Request, draft_id: int, principal: Principal) -> Draft:
    if not 1 <= draft_id <= _MAX_ID:
        raise InvalidRecord(f"no draft number {draft_id}", field="id")
    return get_draft(get_store(request), draft_id, principal=principal)


def _source_of(request: Request, key: str) -> dict[str, Any] | None:
    """The draft's source as {key, title}, or None when it is not (or no longer) in the
    ledger (a draft may cite a source written with it)."""
    try:
        record, _version = current_record(
            get_store(request), key, principal=current_principal(request)
        )
    except NotFound:
        return None
    return {"key": key, "title": record.label()}


def pending_for(request: Request, principal: Principal) -> int | None:
    """How many drafts wait, for the nav of a reader who may review (None: no link)."""
    if not can(principal, "import"):
        return None
    try:
        return count_pending(get_store(request))
    except HabeasError:  # pragma: no cover - the nav must not break a page
        return 0


env().globals["review_pending"] = pending_for


# -- the list ----------------------------------------------------------------------------------


@router.get("/review", name="review")
@web_errors
def review_list(request: Request, status: str = "pending", kind: str = "") -> Response:
    """The queue: drafts by status (pending first) and kind."""
    principal = require(request, "import")
    wanted = status if status in (*STATUSES, "all") else "pending"
    drafts = list_drafts(
        get_store(request),
        principal=principal,
        status=None if wanted == "all" else wanted,
        limit=_LIST_LIMIT,
    )
    kinds = sorted({d.kind for d in drafts})
    shown = [d for d in drafts if not kind or d.kind == kind]
    data = {
        "status": wanted,
        "kind": kind,
        "statuses": [*STATUSES, "all"],
        "kinds": kinds,
        "count": len(shown),
        "drafts": [_row(d) for d in shown],
        "rejected": request.query_params.get("rejected", ""),
    }
    return page(request, "review.html", data)


def _row(d: Draft) -> dict[str, Any]:
    return {
        "id": d.id,
        "kind": d.kind,
        "record_type": d.record_type,
        "summary": d.summary,
        "origin": d.origin,
        "origin_url": record_url(d.origin) if "/" in d.origin else "",
        "source": d.source,
        "status": d.status,
        "created_at": d.created_at,
        "result_key": d.result_key,
    }


# -- one draft ---------------------------------------------------------------------------------


def _item(
    request: Request,
    draft: Draft,
    form: dict[str, str] | None = None,
    problems: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    body = json.dumps(draft.record, indent=2, ensure_ascii=False, sort_keys=True)
    values = form or {
        "record": body,
        **{f: str(draft.record.get(f, "") or "") for f in ORDER_FIELDS},
    }
    data = {
        "draft": draft.to_json(),
        "is_order": draft.record_type == "order",
        "order_kinds": ORDER_KINDS,
        "order_fields": ORDER_FIELDS,
        "form": values,
        "problems": [{"field": f, "message": m} for f, m in problems or []],
        "source": _source_of(request, draft.source),
        "origin_url": record_url(draft.origin) if "/" in draft.origin else "",
        "result_url": record_url(draft.result_key),
    }
    return page(request, "review_item.html", data, status=status)


@router.get("/review/{draft_id}", name="review_item")
@web_errors
def review_item(request: Request, draft_id: int) -> Response:
    """One draft: what it proposes, where it was found, and the forms to decide it."""
    principal = require(request, "import")
    return _item(request, _draft(request, draft_id, principal))


def _edited(form: dict[str, str], is_order: bool) -> tuple[dict[str, Any] | None, str | None]:
    """The record body the editor sent, or a problem with its JSON."""
    try:
        body = json.loads(form.get("record", ""))
    except ValueError as e:
        return None, f"JSON: {e}"
    if not isinstance(body, dict):
        return None, "the record must be a JSON object ({...})"
    if is_order:
        for name in ORDER_FIELDS:
            if name not in form:
                continue
            value = form[name].strip()
            if value:
                body[name] = value
            else:
                body.pop(name, None)
    return body, None


@router.post("/review/{draft_id}/accept")
@web_errors
async def review_accept(request: Request, draft_id: int) -> Response:
    """Write the draft's record as edited, citing its source with the excerpt; then, for an
    order, on to its obligations, else to the new record's page."""
    principal = require(request, "import")
    form = await _form(request)
    draft = _draft(request, draft_id, principal)
    is_order = draft.record_type == "order"
    body, problem = _edited(form, is_order)
    if body is None:
        return _item(request, draft, form, [("record", problem or "")], 422)
    try:
        done = accept_draft(
            get_store(request),
            draft_id,
            record=body,
            note=form.get("note", "").strip() or None,
            principal=principal,
        )
    except RecordProblems as e:
        return _item(request, draft, form, list(e.problems), 422)
    except InvalidRecord as e:  # a dangling reference and the like, named by field
        return _item(request, draft, form, [(e.field or "record", str(e))], 422)
    if is_order:
        return RedirectResponse(f"/review/{draft_id}/obligations", status_code=303)
    return RedirectResponse(record_url(done.key), status_code=303)


@router.post("/review/{draft_id}/reject")
@web_errors
async def review_reject(request: Request, draft_id: int) -> Response:
    """Mark the draft rejected with the reason given; nothing is written to the log."""
    principal = require(request, "import")
    form = await _form(request)
    draft = _draft(request, draft_id, principal)
    reason = form.get("reason", "").strip()
    if not reason:
        problems = [("reason", t_of(request)("review.reason_needed"))]
        return _item(request, draft, None, problems, 422)
    reject(get_store(request), draft_id, reason, principal=principal)
    return RedirectResponse(f"/review?rejected={draft_id}", status_code=303)


# -- an accepted order's obligations ------------------------------------------------------------


def _accepted_order(request: Request, draft_id: int, principal: Principal) -> tuple[Draft, Any]:
    draft = _draft(request, draft_id, principal)
    if draft.status != "accepted" or draft.record_type != "order" or not draft.result_key:
        raise Conflict(f"draft {draft_id} is not an accepted order")
    order, _version = current_record(
        get_store(request), draft.result_key, principal=current_principal(request)
    )
    return draft, order


def _obligations_page(
    request: Request,
    draft: Draft,
    order: Any,
    form: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    data = {
        "draft": draft.to_json(),
        "order": {"key": order.key, "label": order.label(), "case": order.case},
        "order_url": record_url(order.key),
        "case_url": record_url(order.case),
        "source": _source_of(request, draft.source),
        "actions": ACTIONS,
        "zones": ZONES,
        "rows": list(range(OBLIGATION_ROWS)),
        "form": form,
        "errors": errors or {},
    }
    return page(request, "review_obligations.html", data, status=status)


@router.get("/review/{draft_id}/obligations", name="review_obligations")
@web_errors
def obligations_form(request: Request, draft_id: int) -> Response:
    """The accepted order, and a form for what it requires (each obligation cites the
    draft's source and excerpt)."""
    principal = require(request, "import")
    draft, order = _accepted_order(request, draft_id, principal)
    return _obligations_page(request, draft, order, {"excerpt": draft.excerpt or ""})


def _obligation_facts(form: dict[str, str], order_key: str) -> list[dict[str, Any]]:
    stem = order_key.split("/", 1)[-1]
    return obligation_facts(form, order_key, stem, form.get("zone", ""))


@router.post("/review/{draft_id}/obligations")
@web_errors
async def obligations_submit(request: Request, draft_id: int) -> Response:
    """Record the obligations given (in one transaction); back to the case page."""
    principal = require(request, "import")
    form = await _form(request)
    draft, order = _accepted_order(request, draft_id, principal)
    facts = _obligation_facts(form, order.key)
    if not facts:
        errors = {"obligations": t_of(request)("review.obligations.none")}
        return _obligations_page(request, draft, order, form, errors, 422)
    cite = SourceChoice(
        key=draft.source,
        excerpt=form.get("excerpt", "").strip() or None,
        locator=form.get("locator", "").strip() or None,
    )
    try:
        record_facts(
            get_store(request), facts, cite, principal=principal, author=f"web:{principal.username}"
        )
    except FactsInvalid as e:
        errors = {}
        for name, message in e.errors:
            errors.setdefault(name.split(".")[0].split("[")[0], message)
        return _obligations_page(request, draft, order, form, errors, 422)
    return RedirectResponse(record_url(order.case), status_code=303)
