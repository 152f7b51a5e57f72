"""`/import/docket`: upload a docket file saved from PACER or the Supreme Court (editors;
CSRF-checked POST). The kind is told from the contents (or chosen), the court read from the
file (or given); the page shows each case recorded, its entries, and the draft orders queued
for review — or the problems, naming the file and the entry, with nothing written. It calls
`services.docket_files.import_docket_file`, as `habeas import docket` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from habeas.domain.access import Principal
from habeas.domain.errors import BundleInvalid, InvalidRecord, NotFound
from habeas.ingest.pacer import KINDS
from habeas.services.docket_files import import_docket_file
from habeas.web.auth import get_store, valid_csrf
from habeas.web.common import Forbidden, require, web_errors
from habeas.web.render import page, t_of

__all__ = ["MAX_DOCKET_FILE", "router"]

router = APIRouter()

MAX_DOCKET_FILE = 50 * 1024 * 1024  # a docket page of thousands of entries is a few MB


def _data(**extra: Any) -> dict[str, Any]:
    return {
        "kinds": list(KINDS),
        "form": {"kind": "", "court": "", "case": ""},
        "result": None,
        "error": None,
        "problems": [],
        **extra,
    }


def _show(request: Request, data: dict[str, Any], status: int = 200) -> Response:
    return page(request, "dockets.html", data, status=status)


@router.get("/import/docket", name="import_docket")
@web_errors
def docket_form(request: Request) -> Response:
    """The upload form."""
    require(request, "import")
    return _show(request, _data())


@router.post("/import/docket")
@web_errors
async def docket_upload(request: Request) -> Response:
    """Read the uploaded docket file and record it; show what was recorded, or why not."""
    principal = require(request, "import")
    async with request.form() as form:  # closes the spooled upload afterwards
        return await _import(request, form, principal)


async def _import(request: Request, form: FormData, principal: Principal) -> Response:
    t = t_of(request)
    if not valid_csrf(request, form.get("csrf_token")):
        raise Forbidden(t("error.csrf"))
    shown = {k: str(form.get(k) or "").strip() for k in ("kind", "court", "case")}
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _show(request, _data(form=shown, error=t("dockets.no_file")), status=422)
    raw = await upload.read(MAX_DOCKET_FILE + 1)
    if len(raw) > MAX_DOCKET_FILE:
        return _show(request, _data(form=shown, error=t("dockets.too_big")), status=413)
    name = Path(upload.filename).name
    if shown["kind"] and shown["kind"] not in KINDS:
        return _show(request, _data(form=shown, error=t("dockets.bad_kind")), status=422)
    try:
        done = import_docket_file(
            get_store(request),
            raw,
            name,
            kind=shown["kind"] or None,
            court=shown["court"] or None,
            case_key=shown["case"] or None,
            principal=principal,
        )
    except (BundleInvalid, InvalidRecord, NotFound) as e:
        problems = [str(p) for p in e.problems] if isinstance(e, BundleInvalid) else []
        data = _data(form=shown, error=str(e), problems=problems)
        return _show(request, data, status=404 if isinstance(e, NotFound) else 422)
    return _show(request, _data(result=done.to_json()))
