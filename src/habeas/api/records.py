"""`/api/v1/records`: list, read, history; append, correct (If-Match), retract; import.

Writes are appends to the log. A correction or a retraction names the version it is based
on in `If-Match: "<version>"` (the `ETag` of the record): missing → 428, no longer current →
412, so no update is ever lost.
"""

from __future__ import annotations

import base64
import binascii
import re
import shutil
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Header, Path, Query, Response, UploadFile

from habeas.api.deps import get_store, requires
from habeas.api.errors import ApiProblem, error_responses
from habeas.api.schemas import (
    CorrectionIn,
    HistoryOut,
    ImportReportOut,
    RecordIn,
    RecordPageOut,
    RecordType,
    RecordViewOut,
    WriteOutcomeOut,
)
from habeas.domain.access import Principal
from habeas.domain.base import KEY_PATTERN
from habeas.domain.errors import BundleInvalid, NotFound
from habeas.services.audit import author_for
from habeas.services.browse import record_view
from habeas.services.editing import (
    WriteOutcome,
    correct_record,
    create_record,
    retract_record,
)
from habeas.services.history import history
from habeas.services.importing import check_file, import_bundle
from habeas.services.listing import list_records
from habeas.storage.store import Store

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["records"])

StoreDep = Annotated[Store, Depends(get_store)]
Reader = Annotated[Principal, Depends(requires("read"))]
Writer = Annotated[Principal, Depends(requires("write"))]
Importer = Annotated[Principal, Depends(requires("import"))]
KeyPath = Annotated[
    str,
    Path(
        pattern=KEY_PATTERN,
        max_length=200,
        description="The record's key, e.g. person/kilmar-abrego-garcia",
        examples=["person/kilmar-abrego-garcia"],
    ),
]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=100,
        description='The version being corrected, as the record\'s ETag: "3"',
    ),
]
ReasonQuery = Annotated[
    str, Query(min_length=1, max_length=2000, description="Why (kept in the log).")
]

SourceQuery = Annotated[
    str | None,
    Query(
        max_length=500,
        description="The source (a current source record's key) that shows the record wrong.",
    ),
]

_ETAG = re.compile(r'^"?([0-9]{1,10})"?$')


def _cursor(key: str | None) -> str | None:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=") if key else None


def _after(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        key = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        key = ""
    if not re.fullmatch(KEY_PATTERN, key):
        raise ApiProblem(
            422, "cursor: not a cursor from this API", slug="invalid-request", field="cursor"
        )
    return key


def _version(if_match: str | None) -> int:
    if if_match is None:
        raise ApiProblem(
            428,
            'name the version you are changing: If-Match: "<version>" (the record\'s ETag)',
            slug="precondition-required",
        )
    text = if_match.strip()
    if text == "*":
        raise ApiProblem(
            428,
            'If-Match: * is not enough: name the version, e.g. If-Match: "3"',
            slug="precondition-required",
        )
    match = _ETAG.match(text)
    if match is None or not 1 <= int(match.group(1)) <= 2**31:
        raise ApiProblem(
            412,
            f"If-Match {text[:40]!r} is not a version of this record",
            slug="stale-version",
        )
    return int(match.group(1))


def _written(response: Response, outcome: WriteOutcome) -> dict[str, Any]:
    response.headers["ETag"] = f'"{outcome.version}"'
    return outcome.to_json()


@router.get(
    "/records",
    response_model=RecordPageOut,
    summary="List records a page at a time",
    responses=error_responses(),
)
def list_route(
    who: Reader,
    store: StoreDep,
    type: Annotated[RecordType | None, Query(description="Only records of this type.")] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Every word must begin a word of a name."),
    ] = None,
    synthetic: Annotated[
        bool | None, Query(description="true: only synthetic demo data; false: only real.")
    ] = None,
    status: Annotated[
        Literal["active", "retracted", "all"], Query(description="Which records.")
    ] = "active",
    limit: Annotated[int, Query(ge=1, le=500, description="Records per page.")] = 50,
    cursor: Annotated[
        str | None,
        Query(max_length=400, description="`next_cursor` of the previous page."),
    ] = None,
) -> dict[str, Any]:
    """Current records in key order, filtered by type, by words of their names, and by
    whether they are synthetic; keyset pages that stay stable while the log grows."""
    page = list_records(
        store,
        record_type=type,
        text=q,
        after=_after(cursor),
        limit=limit,
        synthetic=synthetic,
        status=None if status == "all" else status,
        principal=who,
    )
    return {
        "items": [i.to_json() for i in page.items],
        "next_cursor": _cursor(page.next_after),
        "limit": limit,
    }


@router.get(
    "/records/{key:path}/history",
    response_model=HistoryOut,
    summary="Every entry that touched a record",
    responses=error_responses(404),
)
def history_route(key: KeyPath, who: Reader, store: StoreDep) -> dict[str, Any]:
    """Assertions, corrections (with their reasons) and retractions, oldest first, each
    with its log position and leaf hash."""
    if key.startswith("audit/"):
        raise NotFound(f"{key} is an audit entry, not a record")
    entries = [line.to_json() for line in history(store, key, principal=who)]
    return {"key": key, "entries": entries}


@router.get(
    "/records/{key:path}",
    response_model=RecordViewOut,
    summary="One current record",
    responses=error_responses(404),
)
def get_route(key: KeyPath, response: Response, who: Reader, store: StoreDep) -> dict[str, Any]:
    """The record as it stands, its sources, the names of what it refers to and every
    current record that refers to it. `ETag` is its version."""
    view = record_view(store, key, principal=who)
    response.headers["ETag"] = f'"{view.version}"'
    data: dict[str, Any] = view.to_json()
    return data


@router.post(
    "/records",
    response_model=WriteOutcomeOut,
    status_code=201,
    summary="Append a new record",
    responses=error_responses(409, 413),
)
def create_route(
    body: RecordIn, response: Response, who: Writer, store: StoreDep
) -> dict[str, Any]:
    """Assert a new record (editors and admins). Every field problem is listed (422); a key
    already in the ledger is refused (409: correct it with PUT instead)."""
    outcome = create_record(store, body.data(), principal=who, author=author_for(who))
    response.headers["Location"] = f"/api/v1/records/{outcome.key}"
    return _written(response, outcome)


@router.put(
    "/records/{key:path}",
    response_model=WriteOutcomeOut,
    summary="Correct a record (If-Match required)",
    responses=error_responses(404, 409, 412, 413, 428),
)
def correct_route(
    key: KeyPath,
    body: CorrectionIn,
    response: Response,
    who: Writer,
    store: StoreDep,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Replace the record with the one sent, saying why; `If-Match` names the version
    corrected. A retracted record is restored this way."""
    version = _version(if_match)
    outcome = correct_record(
        store,
        key,
        body.record.data(),
        expected_version=version,
        reason=body.reason,
        principal=who,
        author=author_for(who),
    )
    return _written(response, outcome)


@router.delete(
    "/records/{key:path}",
    response_model=WriteOutcomeOut,
    summary="Retract a record (If-Match and a reason required)",
    responses=error_responses(404, 409, 412, 428),
)
def retract_route(
    key: KeyPath,
    reason: ReasonQuery,
    response: Response,
    who: Writer,
    store: StoreDep,
    if_match: IfMatch = None,
    source: SourceQuery = None,
) -> dict[str, Any]:
    """Withdraw the record, saying why (and, with `source`, citing the source that shows it
    wrong); its history stays in the log."""
    version = _version(if_match)
    outcome = retract_record(
        store,
        key,
        expected_version=version,
        reason=reason,
        principal=who,
        author=author_for(who),
        source=source,
    )
    return _written(response, outcome)


@router.post(
    "/import",
    response_model=ImportReportOut,
    summary="Import a bundle (or only check it)",
    responses=error_responses(413),
)
def import_route(
    file: Annotated[UploadFile, File(description="A bundle: JSON Lines (docs/bundle.md).")],
    who: Importer,
    store: StoreDep,
    dry_run: Annotated[
        bool, Query(description="Only check the bundle against itself and the ledger.")
    ] = False,
) -> dict[str, Any]:
    """Check the whole bundle, then append it in one transaction; with any problem, nothing
    is written (422, every problem listed). `dry_run=true` returns the check only."""
    name = FilePath(file.filename or "upload.jsonl").name[:200] or "upload.jsonl"
    name = name.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    with tempfile.TemporaryDirectory(prefix="habeas-upload-") as folder:
        path = FilePath(folder) / "bundle.jsonl"
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out)
        report = check_file(store, path, display_name=name)
        problems = [
            {"field": p.field, "message": p.message, "line": p.line} for p in report.problems or []
        ]
        written = None
        if report.problems and not dry_run:
            raise BundleInvalid(report.problems, truncated=report.truncated)
        if not dry_run:
            result = import_bundle(
                store,
                path,
                author=author_for(who),
                display_name=name,
                checked=report,
                principal=who,
            )
            written = result.to_json()
    return {
        "dry_run": dry_run,
        "ok": not problems,
        "records": report.records,
        "retractions": report.retractions,
        "problems": problems,
        "truncated": report.truncated,
        "written": written,
    }
