"""Import a spreadsheet (CSV or XLSX) from the browser, as `habeas import FILE --map` does.

Upload the file and a mapping file, or build the mapping in the page from the file's
columns; then Preview (the first records as they would be written, and every problem as
`FILE:ROW:COLUMN: message`; nothing written), then Import (nothing written while any row has
a problem, unless "skip bad rows" is ticked: then the good rows are written and the rejected
ones offered as a CSV). The mapping is offered as a TOML file to reuse from the command line.

Uploads wait in a folder of their own under the temporary directory, named by a random id
that is checked before any path is made from it.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import FormData, UploadFile

from habeas.domain.errors import Problem
from habeas.domain.registry import RECORD_TYPES
from habeas.ingest.sheet_mapping import (
    SheetError,
    SheetMapping,
    mappable_fields,
    parse_mapping_text,
)
from habeas.ingest.sheets import CSV_SUFFIXES, XLSX_SUFFIXES, read_header
from habeas.services.recording import choices
from habeas.services.sheet_import import SheetInvalid, check, import_sheet, preview
from habeas.web.auth import current_principal, get_store, valid_csrf
from habeas.web.common import Forbidden, require, web_errors
from habeas.web.pages_import import UPLOAD_DIR, save_upload
from habeas.web.render import page, t_of
from habeas.web.sheet_form import ENCODINGS, build_mapping, guess_field

__all__ = ["SHEET_DIR", "router"]

router = APIRouter()

SHEET_DIR = UPLOAD_DIR / "sheets"
_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES
_KEEP_SECONDS = 24 * 3600
PREVIEW_ROWS = 10
MAX_PROBLEMS_SHOWN = 500


# -- the upload folder -------------------------------------------------------------------------


def _folder(upload_id: str) -> Path:
    if not _ID.match(upload_id):
        raise Forbidden("bad upload id")
    return SHEET_DIR / upload_id


def _sheet(upload_id: str) -> Path | None:
    """The uploaded sheet, or None when it is gone (imported, or expired)."""
    folder = _folder(upload_id)
    found = sorted(folder.glob("sheet.*")) if folder.is_dir() else []
    return found[0] if found else None


def _forget_old() -> None:
    """Remove upload folders older than a day."""
    if not SHEET_DIR.is_dir():
        return
    now = time.time()
    for folder in SHEET_DIR.iterdir():
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > _KEEP_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # pragma: no cover - removed meanwhile
            continue


# -- rendering ---------------------------------------------------------------------------------


def _text(form: FormData | dict[str, str], name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value if isinstance(value, str) else default


def _encoding(form: FormData | dict[str, str]) -> str:
    value = _text(form, "encoding", "auto")
    return value if value in ENCODINGS else "auto"


def _stated(encoding: str) -> str | None:
    return None if encoding == "auto" else encoding


def _clean(message: str, path: Path | None, name: str) -> str:
    """An error message with the upload's temporary path replaced by the file's name."""
    return message.replace(str(path), name) if path is not None else message


def _show(request: Request, data: dict[str, Any], status: int = 200) -> Response:
    base = {
        "encodings": ENCODINGS,
        "types": sorted(RECORD_TYPES),
        "error": "",
        "problems": [],
    }
    return page(request, "sheets.html", {**base, **data}, status=status)


def _check_csrf(request: Request, form: FormData) -> None:
    if not valid_csrf(request, form.get("csrf_token")):
        raise Forbidden(t_of(request)("error.csrf"))


def _columns(path: Path, encoding: str, header_row: int) -> list[str]:
    probe = SheetMapping(
        name="page", type="person", key="person/{x}", columns=(), header_row=header_row
    )
    return read_header(path, probe, encoding=_stated(encoding))


def _map_stage(
    request: Request,
    upload_id: str,
    name: str,
    form: FormData | dict[str, str],
    status: int = 200,
    problems: list[str] | None = None,
) -> Response:
    path = _sheet(upload_id)
    if path is None:
        return _show(request, {"stage": "upload", "error": t_of(request)("sheets.expired")}, 410)
    encoding = _encoding(form)
    header_row = _text(form, "header_row", "1")
    try:
        columns = _columns(path, encoding, int(header_row) if header_row.isdigit() else 1)
    except SheetError as e:
        return _show(
            request,
            {
                "stage": "upload",
                "error": _clean(str(e), path, name),
                "encoding": encoding,
            },
            422,
        )
    record_type = _text(form, "type", "person")
    if record_type not in RECORD_TYPES:
        record_type = "person"
    fields = mappable_fields(record_type)
    chosen = []
    for i, column in enumerate(columns):
        sent = _text(form, f"col_{i}", "\0")
        chosen.append(sent if sent != "\0" and sent in fields else guess_field(column, fields))
    data = {
        "stage": "map",
        "upload_id": upload_id,
        "name": name,
        "encoding": encoding,
        "header_row": header_row,
        "columns": columns,
        "record_type": record_type,
        "fields": fields,
        "chosen": chosen,
        "key": _key_template(_text(form, "key"), record_type, columns),
        # a real list is never flagged made-up unless someone says so
        "synthetic": bool(_text(form, "synthetic")),
        "sources": choices(
            get_store(request),
            "source",
            include_synthetic=True,
            principal=current_principal(request),
        ),
        "source": _text(form, "source"),
        "locator": _text(form, "locator"),
        "constants": _text(form, "constants"),
        "problems": problems or [],
    }
    return _show(request, data, status)


def _key_template(given: str, record_type: str, columns: list[str]) -> str:
    """The key template shown: the one given (its type changed with the record type's),
    else the type and the first column."""
    if not given:
        return f"{record_type}/{{{columns[0] if columns else 'ID'}}}"
    head, slash, rest = given.partition("/")
    return f"{record_type}/{rest}" if slash and head in RECORD_TYPES else given


def _problem_lines(problems: list[Problem]) -> list[str]:
    """Each problem as the command line prints it: `FILE:ROW:COLUMN: message`."""
    return [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]


def _preview_stage(
    request: Request,
    upload_id: str,
    name: str,
    encoding: str,
    toml: str,
    status: int = 200,
) -> Response:
    """Check the whole sheet and show its first records; write nothing."""
    path = _sheet(upload_id)
    if path is None:
        return _show(request, {"stage": "upload", "error": t_of(request)("sheets.expired")}, 410)
    base = {
        "stage": "preview",
        "upload_id": upload_id,
        "name": name,
        "encoding": encoding,
        "mapping_toml": toml,
    }
    (_folder(upload_id) / "mapping.toml").write_text(toml, encoding="utf-8")
    try:
        mapping = parse_mapping_text(toml, "mapping")
        store = get_store(request)
        shown = preview(
            store, path, mapping, PREVIEW_ROWS, encoding=_stated(encoding), display_name=name
        )
        report = check(store, path, mapping, encoding=_stated(encoding), display_name=name)
    except SheetError as e:
        return _show(request, {**base, "error": _clean(str(e), path, name)}, 422)
    records = shown.to_json()["records"]
    fields = list(dict.fromkeys(k for r in records for k in r["record"] if k != "type"))
    data = {
        **base,
        "records": records,
        "record_fields": fields,
        "problems": _problem_lines(report.problems),
        "more_problems": report.truncated or len(report.problems) > MAX_PROBLEMS_SHOWN,
        "rows": report.rows,
        "bad_rows": len(report.rejected),
    }
    return _show(request, data, 200 if report.ok else 422)


# -- the routes --------------------------------------------------------------------------------


@router.get("/import/sheet", name="import_sheet")
@web_errors
def sheet_form(request: Request) -> Response:
    """The upload form."""
    require(request, "import")
    return _show(request, {"stage": "upload", "encoding": "auto"})


@router.post("/import/sheet")
@web_errors
async def sheet_upload(request: Request) -> Response:
    """Keep the sheet aside; with a mapping file, preview; else show its columns to map."""
    require(request, "import")
    async with request.form() as form:
        _check_csrf(request, form)
        t = t_of(request)
        upload = form.get("sheet")
        encoding = _encoding(form)
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _show(request, {"stage": "upload", "error": t("sheets.no_file")}, 422)
        name = Path(upload.filename).name
        suffix = Path(name).suffix.lower()
        if suffix not in _SUFFIXES:
            error = t("sheets.bad_kind", name=name)
            return _show(request, {"stage": "upload", "error": error}, 422)
        mapping_text = ""
        given = form.get("mapping")
        if isinstance(given, UploadFile) and given.filename:
            raw = await given.read(1024 * 1024 + 1)
            try:
                mapping_text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                error = t("sheets.bad_mapping", name=Path(given.filename).name)
                return _show(request, {"stage": "upload", "error": error}, 422)
        _forget_old()
        upload_id = secrets.token_urlsafe(24)
        folder = _folder(upload_id)
        folder.mkdir(parents=True, exist_ok=True)
        if not await save_upload(upload, folder / f"sheet{suffix}"):
            shutil.rmtree(folder, ignore_errors=True)
            return _show(request, {"stage": "upload", "error": t("import.too_big")}, 413)
    if mapping_text:
        return _preview_stage(request, upload_id, name, encoding, mapping_text)
    return _map_stage(request, upload_id, name, {"encoding": encoding})


@router.post("/import/sheet/preview")
@web_errors
async def sheet_preview(request: Request) -> Response:
    """Build the mapping (or take the edited TOML), then preview; write nothing."""
    require(request, "import")
    form = await request.form()
    _check_csrf(request, form)
    upload_id = _text(form, "upload_id")
    name = Path(_text(form, "name", "sheet.csv")).name
    encoding = _encoding(form)
    if _text(form, "action") == "retype":
        return _map_stage(request, upload_id, name, form)
    if "mapping_toml" in form:
        return _preview_stage(request, upload_id, name, encoding, _text(form, "mapping_toml"))
    path = _sheet(upload_id)
    if path is None:
        return _show(request, {"stage": "upload", "error": t_of(request)("sheets.expired")}, 410)
    header_row = _text(form, "header_row", "1")
    try:
        columns = _columns(path, encoding, int(header_row) if header_row.isdigit() else 1)
    except SheetError as e:
        return _show(request, {"stage": "upload", "error": _clean(str(e), path, name)}, 422)
    built = build_mapping({k: v for k, v in form.items() if isinstance(v, str)}, columns)
    if built.problems:
        problems = [f"{where}: {message}" for where, message in built.problems]
        return _map_stage(request, upload_id, name, form, 422, problems)
    return _preview_stage(request, upload_id, name, encoding, built.toml)


@router.post("/import/sheet/import")
@web_errors
async def sheet_import(request: Request) -> Response:
    """Write the sheet's records in one transaction (with problems: nothing, unless
    "skip bad rows": then the good rows, and the rejected ones as a CSV)."""
    principal = require(request, "import")
    form = await request.form()
    _check_csrf(request, form)
    upload_id = _text(form, "upload_id")
    name = Path(_text(form, "name", "sheet.csv")).name
    encoding = _encoding(form)
    toml = _text(form, "mapping_toml")
    skip_bad = bool(_text(form, "skip_bad"))
    path = _sheet(upload_id)
    if path is None:
        return _show(request, {"stage": "upload", "error": t_of(request)("sheets.expired")}, 410)
    folder = _folder(upload_id)
    (folder / "mapping.toml").write_text(toml, encoding="utf-8")
    try:
        mapping = parse_mapping_text(toml, "mapping")
        done = import_sheet(
            get_store(request),
            path,
            mapping,
            skip_bad=skip_bad,
            report_path=folder / "rejected.csv",
            encoding=_stated(encoding),
            author=f"web:{principal.username}",
            display_name=name,
            principal=principal,
        )
    except SheetInvalid:
        return _preview_stage(request, upload_id, name, encoding, toml, 422)
    except SheetError as e:
        data: dict[str, Any] = {
            "stage": "preview",
            "upload_id": upload_id,
            "name": name,
            "encoding": encoding,
            "mapping_toml": toml,
            "error": _clean(str(e), path, name),
        }
        return _show(request, data, 422)
    path.unlink(missing_ok=True)
    data = {
        "stage": "done",
        "upload_id": upload_id,
        "name": name,
        "result": done.to_json(),
        "rejected": len(done.rejected),
    }
    return _show(request, data)


@router.get("/import/sheet/{upload_id}/mapping.toml")
@web_errors
def sheet_mapping_file(request: Request, upload_id: str) -> Response:
    """The mapping last previewed or imported, to reuse with `habeas import --map`."""
    require(request, "import")
    path = _folder(upload_id) / "mapping.toml"
    if not path.is_file():
        return _show(request, {"stage": "upload", "error": t_of(request)("sheets.expired")}, 404)
    return FileResponse(path, media_type="application/toml", filename="mapping.toml")


@router.get("/import/sheet/{upload_id}/rejected.csv")
@web_errors
def sheet_rejected_file(request: Request, upload_id: str) -> Response:
    """The rows an import with "skip bad rows" left out, each with its problems."""
    require(request, "import")
    path = _folder(upload_id) / "rejected.csv"
    if not path.is_file():
        return _show(request, {"stage": "upload", "error": t_of(request)("sheets.expired")}, 404)
    return FileResponse(path, media_type="text/csv", filename="rejected-rows.csv")
