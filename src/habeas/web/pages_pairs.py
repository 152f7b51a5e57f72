"""The review queue of candidate pairs in the browser: two person records that may be one
person, side by side with their sources and the evidence that explains their score. Editors
and admins accept (merge the two), reject (remembered) or skip a pair, and split a merge
again; signed-in readers see the pairs whose two people they may see."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from habeas.domain.access import Principal
from habeas.domain.errors import Conflict, InvalidRecord
from habeas.domain.merges import PAIR_STATUSES
from habeas.domain.people import Person
from habeas.services.merges import split_people
from habeas.services.pair_review import OPEN, QueuedPair, decide, get_pair, queue
from habeas.web.auth import can, get_store
from habeas.web.common import NeedLogin, checked_form, require, web_errors
from habeas.web.render import page, record_url

__all__ = ["router"]

router = APIRouter()

_LIMIT = 200
_REF = 24


def _reader(request: Request) -> Principal:
    principal = require(request, "read")
    if principal.role == "public":
        raise NeedLogin("read")
    return principal


def _ref(ref: str) -> str:
    if len(ref) != _REF or any(c not in "0123456789abcdef" for c in ref):
        raise InvalidRecord(f"no pair {ref!r}", field="pair")
    return f"pair/{ref}"


def _side(p: Person, q: QueuedPair) -> dict[str, Any]:
    return {
        "key": p.key,
        "url": record_url(p.key),
        "name": p.full_name,
        "given_names": p.given_names,
        "surnames": p.surnames,
        "aliases": p.aliases,
        "date_of_birth": str(p.date_of_birth) if p.date_of_birth else None,
        "nationality": p.nationality,
        "identifiers": [i.scheme for i in p.identifiers],
        "synthetic": p.synthetic,
        "sources": [s.to_json() for s in q.sources.get(p.key, [])],
    }


def _row(q: QueuedPair) -> dict[str, Any]:
    p = q.pair
    return {
        **q.to_json(),
        "ref": p.key.removeprefix("pair/"),
        "percent": round(p.probability * 100, 1),
        "sides": [_side(q.left, q), _side(q.right, q)],
    }


@router.get("/pairs", name="pairs")
@web_errors
def pairs_list(request: Request, status: str = "open", done: str = "") -> Response:
    """The candidate pairs: open ones (pending, then skipped) by default, most probable
    first; its JSON twin at /pairs.json."""
    principal = _reader(request)
    choices = ("open", *PAIR_STATUSES, "all")
    shown = status if status in choices else "open"
    wanted = {"open": OPEN, "all": PAIR_STATUSES}.get(shown, (shown,))
    found = queue(get_store(request), principal=principal, statuses=wanted, limit=_LIMIT)
    data = {
        "status": shown,
        "statuses": list(choices),
        "count": len(found),
        "pairs": [_row(q) for q in found],
        "done": done if done in PAIR_STATUSES else "",
        "may_decide": can(principal, "write"),
    }
    return page(request, "pairs.html", data)


def _pair_page(
    request: Request,
    principal: Principal,
    ref: str,
    problem: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    q = get_pair(get_store(request), _ref(ref), principal=principal)
    data = {
        "pair": _row(q),
        "may_decide": can(principal, "write"),
        "problem": problem,
        "form": form or {},
        "merge_key": f"merge/{q.pair.right if q.pair.survivor == q.pair.left else q.pair.left}",
    }
    return page(request, "pair.html", data, status=status)


@router.get("/pairs/{ref}", name="pair")
@web_errors
def pair_page(request: Request, ref: str) -> Response:
    """One pair: the two people side by side with their sources, the evidence, and the
    forms to decide it."""
    return _pair_page(request, _reader(request), ref)


@router.post("/pairs/{ref}/decide")
@web_errors
async def pair_decide(request: Request, ref: str) -> Response:
    """Accept, reject or skip the pair (the button pressed says which); back to the queue."""
    principal = require(request, "write")
    form = await checked_form(request)
    decision = form.get("decision", "")
    try:
        done = decide(
            get_store(request),
            principal,
            _ref(ref),
            decision,
            form.get("reason", "").strip() or None,
            survivor=form.get("survivor") or None,
            override=form.get("override", "").strip() or None,
        )
    except (InvalidRecord, Conflict) as e:
        return _pair_page(request, principal, ref, str(e), form, 422)
    return RedirectResponse(f"/pairs?done={done.status}", status_code=303)


@router.post("/pairs/{ref}/split")
@web_errors
async def pair_split(request: Request, ref: str) -> Response:
    """Split the merge this pair made: the two are two people again."""
    principal = require(request, "write")
    form = await checked_form(request)
    q = get_pair(get_store(request), _ref(ref), principal=principal)
    absorbed = q.pair.right if q.pair.survivor == q.pair.left else q.pair.left
    try:
        split_people(
            get_store(request), principal, absorbed=absorbed, reason=form.get("reason", "")
        )
    except (InvalidRecord, Conflict) as e:
        return _pair_page(request, principal, ref, str(e), form, 422)
    return RedirectResponse("/pairs?done=split", status_code=303)
