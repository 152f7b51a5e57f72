"""Import a bundle from the browser: upload, see the validation report (line, field, problem)
before anything is written, then confirm."""

from __future__ import annotations

import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from habeas.domain.errors import BundleInvalid
from habeas.services.importing import check_file, import_bundle
from habeas.web.auth import get_store, valid_csrf
from habeas.web.common import Forbidden, require, web_errors
from habeas.web.render import is_fragment_request, page, t_of

__all__ = ["MAX_UPLOAD", "UPLOAD_DIR", "router", "save_upload"]

router = APIRouter()

UPLOAD_DIR = Path(tempfile.gettempdir()) / "habeas-uploads"
_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_UPLOAD = 512 * 1024 * 1024


async def save_upload(upload: UploadFile, target: Path, limit: int = MAX_UPLOAD) -> bool:
    """Copy an upload to `target` a MiB at a time; False (and nothing kept) when it is
    larger than `limit` bytes."""
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                out.close()
                target.unlink(missing_ok=True)
                return False
            out.write(chunk)
    return True


def _upload_path(upload_id: str) -> Path:
    if not _ID.match(upload_id):
        raise Forbidden("bad upload id")
    return UPLOAD_DIR / f"{upload_id}.jsonl"


def _show(request: Request, data: dict[str, Any], status: int = 200) -> Response:
    """The import page, or (for htmx) only its stages, swapped in place of the form."""
    template = "_import.html" if is_fragment_request(request) else "import.html"
    return page(request, template, data, status=status)


def _report_json(report: Any, name: str) -> dict[str, Any]:
    problems = report.problems or []
    return {
        "file": name,
        "ok": report.ok,
        "records": report.records,
        "retractions": report.retractions,
        "header": report.header,
        "truncated": report.truncated,
        "problems": [{"line": p.line, "field": p.field, "message": p.message} for p in problems],
    }


@router.get("/import", name="import")
@web_errors
def import_form(request: Request) -> Response:
    """The upload form."""
    require(request, "import")
    return _show(request, {"stage": "upload"})


@router.post("/import")
@web_errors
async def import_check(request: Request) -> Response:
    """Keep the upload aside, check it against the ledger, show the report; write nothing."""
    require(request, "import")
    async with request.form() as form:  # closes the spooled upload afterwards
        return await _check_upload(request, form)


async def _check_upload(request: Request, form: FormData) -> Response:
    if not valid_csrf(request, form.get("csrf_token")):
        raise Forbidden(t_of(request)("error.csrf"))
    upload = form.get("bundle")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _show(
            request,
            {"stage": "upload", "error": t_of(request)("import.no_file")},
            status=422,
        )
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    upload_id = secrets.token_urlsafe(24)
    path = _upload_path(upload_id)
    if not await save_upload(upload, path):
        return _show(
            request,
            {"stage": "upload", "error": t_of(request)("import.too_big")},
            status=413,
        )
    name = Path(upload.filename).name
    report = check_file(get_store(request), path, display_name=name)
    data = {"stage": "report", "upload_id": upload_id, "report": _report_json(report, name)}
    if not report.ok:
        path.unlink(missing_ok=True)
        data["upload_id"] = ""
    return _show(request, data, status=200 if report.ok else 422)


@router.post("/import/confirm")
@web_errors
async def import_confirm(request: Request) -> Response:
    """Write a checked upload to the ledger (checked again: the ledger may have moved)."""
    principal = require(request, "import")
    form = await request.form()
    if not valid_csrf(request, form.get("csrf_token")):
        raise Forbidden(t_of(request)("error.csrf"))
    upload_id = str(form.get("upload_id", ""))
    name = Path(str(form.get("name", "bundle.jsonl"))).name
    path = _upload_path(upload_id)
    if not path.is_file():
        return _show(
            request,
            {"stage": "upload", "error": t_of(request)("import.expired")},
            status=410,
        )
    try:
        result = import_bundle(
            get_store(request),
            path,
            author=f"web:{principal.username}",
            display_name=name,
            principal=principal,
        )
    except BundleInvalid as e:
        problems = [{"line": p.line, "field": p.field, "message": p.message} for p in e.problems]
        report = {
            "file": name,
            "ok": False,
            "records": 0,
            "retractions": 0,
            "header": None,
            "truncated": e.truncated,
            "problems": problems,
        }
        return _show(
            request,
            {"stage": "report", "upload_id": "", "report": report},
            status=422,
        )
    finally:
        path.unlink(missing_ok=True)
    data = {
        "stage": "done",
        "file": name,
        "result": {
            "asserted": result.asserted,
            "corrected": result.corrected,
            "retracted": result.retracted,
            "unchanged": result.unchanged,
            "size": result.size,
            "root": result.root,
        },
    }
    return _show(request, data)
