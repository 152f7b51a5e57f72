"""Every error the server answers with is rendered here, and nowhere else (STYLE habit 7).

API paths get RFC 9457 `application/problem+json`; page paths get the page the web package's
hook draws (see `ErrorPage`), or problem+json when it draws none. The status comes from the
error's class, the first of these it is an instance of:

    status  error                                        extra members
    401     NotAuthenticated                             WWW-Authenticate: Bearer
    403     Forbidden
    404     NotFound (and UnknownCourt…)
    409     Ambiguous                                    candidates
    409     Conflict
    412     StaleVersion (If-Match names an old version)  current_version
    422     InvalidRecord, InvalidTime, RecordProblems   field, problems
    422     BundleInvalid                                problems (file, line, field, message)
    422     DeadlineError
    429     RateLimited                                  Retry-After
    400     any other HabeasError
    500     LedgerCorrupt                                position
    503     StorageError (details go to the log, not the client)
    422     OverflowError (a date or number out of range reached a service)
    500     anything unexpected (no internals; the traceback goes to the log)

HTTP-level refusals (428 If-Match missing, 413 body too large, 404 unknown path, 405, request
validation 422) are `ApiProblem` / Starlette's `HTTPException` / FastAPI's
`RequestValidationError`, rendered the same way.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from habeas.domain.access_errors import Forbidden, NotAuthenticated, RateLimited
from habeas.domain.deadlines import DeadlineError
from habeas.domain.errors import (
    Ambiguous,
    BundleInvalid,
    Conflict,
    HabeasError,
    InvalidRecord,
    LedgerCorrupt,
    NotFound,
    StorageError,
)
from habeas.services.editing import StaleVersion

__all__ = [
    "PROBLEM_JSON",
    "ApiProblem",
    "ErrorPage",
    "Problem",
    "error_responses",
    "install_error_handlers",
    "is_api_path",
    "problem_for",
    "problem_openapi",
]

log = logging.getLogger("habeas.api")

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE = "urn:habeas:problem:"

# (class, status, slug): the first class the error is an instance of decides.
_STATUS: tuple[tuple[type[BaseException], int, str], ...] = (
    (NotAuthenticated, 401, "not-authenticated"),
    (Forbidden, 403, "forbidden"),
    (RateLimited, 429, "rate-limited"),
    (StaleVersion, 412, "stale-version"),
    (Ambiguous, 409, "ambiguous"),
    (NotFound, 404, "not-found"),
    (Conflict, 409, "conflict"),
    (BundleInvalid, 422, "invalid-bundle"),
    (InvalidRecord, 422, "invalid-record"),
    (DeadlineError, 422, "invalid-deadline"),
    (LedgerCorrupt, 500, "ledger-corrupt"),
    (StorageError, 503, "storage-unavailable"),
    (HabeasError, 400, "refused"),
    (OverflowError, 422, "out-of-range"),
)

_TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}

_API_PREFIXES = ("/api/", "/openapi.json", "/docs")


@dataclass
class Problem:
    """One problem to render: the RFC 9457 members, extensions and response headers."""

    status: int
    detail: str
    slug: str = "error"
    error: str = "Error"
    extras: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The status's short name."""
        return _TITLES.get(self.status, "Error")

    def to_json(self, instance: str | None = None) -> dict[str, Any]:
        """The problem+json body."""
        return {
            "type": PROBLEM_TYPE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
            "error": self.error,
            **self.extras,
        }


class ApiProblem(HTTPException):
    """An HTTP-level refusal raised by the API itself (428, 413, a bad cursor…)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        slug: str = "bad-request",
        headers: dict[str, str] | None = None,
        **extras: Any,
    ) -> None:
        super().__init__(status, detail, headers)
        self.slug = slug
        self.extras = extras


ErrorPage = Callable[[Request, Problem], Response]
"""The web package's hook: draw the page for a problem on a page path (same status)."""


def is_api_path(path: str) -> bool:
    """True for the REST API and its documentation."""
    return path.startswith(_API_PREFIXES) or path.endswith(".json")


def _classify(error: BaseException) -> tuple[int, str]:
    for cls, status, slug in _STATUS:
        if isinstance(error, cls):
            return status, slug
    return 500, "internal"


def _habeas_problem(error: BaseException) -> Problem:
    status, slug = _classify(error)
    name = type(error).__name__
    extras: dict[str, Any] = {}
    headers: dict[str, str] = {}
    detail = str(error) or _TITLES.get(status, "error")
    problems = getattr(error, "problems", None) or getattr(error, "errors", None)
    if isinstance(problems, list) and problems:
        extras["problems"] = [_field_problem(p) for p in problems]
    candidates = getattr(error, "candidates", None)
    if isinstance(candidates, list):
        extras["candidates"] = [str(c) for c in candidates]
    field_name = getattr(error, "field", None)
    if isinstance(field_name, str):
        extras["field"] = field_name
    current = getattr(error, "current", None)
    if status == 412 and isinstance(current, int):
        extras["current_version"] = current
        headers["ETag"] = f'"{current}"'
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="habeas"'
    if status == 429:
        retry = getattr(error, "retry_after", None)
        seconds = max(1, int(retry)) if isinstance(retry, (int, float)) else 60
        headers["Retry-After"] = str(seconds)
        extras["retry_after"] = seconds
    if status == 500:
        position = getattr(error, "position", None)
        if isinstance(position, int):
            extras["position"] = position
    if status == 422 and isinstance(error, OverflowError):
        log.warning("a value out of range reached a service", exc_info=error)
        detail = f"a date or number is out of range ({error})"
    if status == 503:
        log.error("storage error: %s", error)
        detail = "the database is unavailable or refused the request; try again later"
    return Problem(status, detail, slug, name, extras, headers)


def _field_problem(p: Any) -> dict[str, Any]:
    if isinstance(p, tuple) and len(p) == 2:
        return {"field": str(p[0]), "message": str(p[1])}
    out: dict[str, Any] = {
        "field": str(getattr(p, "field", "") or ""),
        "message": str(getattr(p, "message", p)),
    }
    line = getattr(p, "line", None)
    if isinstance(line, int):
        out["line"] = line
    return out


def _validation_problem(error: RequestValidationError) -> Problem:
    problems = []
    for err in error.errors():
        loc = [str(x) for x in err.get("loc", ())]
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append({"field": ".".join(loc), "message": message})
    first = problems[0] if problems else {"field": "", "message": "invalid request"}
    detail = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    if len(problems) > 1:
        detail += f" (and {len(problems) - 1} more)"
    return Problem(422, detail, "invalid-request", "RequestValidationError", {"problems": problems})


def _http_problem(error: StarletteHTTPException) -> Problem:
    status = error.status_code
    headers = dict(error.headers or {})
    if isinstance(error, ApiProblem):
        return Problem(status, str(error.detail), error.slug, "ApiProblem", error.extras, headers)
    detail = str(error.detail) if error.detail else _TITLES.get(status, "error")
    if status == 404 and detail == "Not Found":
        detail = "no such path; the API is described at /openapi.json"
    slug = {404: "no-such-path", 405: "method-not-allowed"}.get(status, "http-error")
    return Problem(status, detail, slug, "HTTPException", {}, headers)


def problem_for(error: BaseException) -> Problem:
    """The problem that `error` is, by its class (see the module's table)."""
    if isinstance(error, RequestValidationError):
        return _validation_problem(error)
    if isinstance(error, StarletteHTTPException):
        return _http_problem(error)
    status, _slug = _classify(error)
    if status == 500 and not isinstance(error, HabeasError):
        log.exception("unexpected error", exc_info=error)
        return Problem(500, "an unexpected error occurred; it has been logged", "internal")
    if status == 500:
        log.error("%s: %s", type(error).__name__, error)
    return _habeas_problem(error)


def _fallback_page(request: Request, problem: Problem) -> Response:
    title, detail = html.escape(problem.title), html.escape(problem.detail)
    body = (
        f"<!doctype html><meta charset=utf-8><title>{title}</title>"
        f"<h1>{problem.status} {title}</h1><p>{detail}</p>"
    )
    return HTMLResponse(body, status_code=problem.status, headers=problem.headers)


def _render(request: Request, problem: Problem, page: ErrorPage | None) -> Response:
    path = request.url.path
    if not is_api_path(path):
        if page is not None:
            try:
                response = page(request, problem)
            except Exception:  # a broken error page must not hide the error itself
                log.exception("the error page hook failed")
            else:
                for name, value in problem.headers.items():
                    response.headers.setdefault(name, value)
                return response
        if "text/html" in request.headers.get("accept", ""):
            return _fallback_page(request, problem)
    return JSONResponse(
        problem.to_json(instance=path),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=problem.headers,
    )


def install_error_handlers(app: FastAPI, *, page: ErrorPage | None = None) -> None:
    """Route every exception (known or not) to the one renderer."""

    async def handle(request: Request, error: Exception) -> Response:
        return _render(request, problem_for(error), page)

    app.add_exception_handler(RequestValidationError, handle)
    app.add_exception_handler(StarletteHTTPException, handle)
    app.add_exception_handler(HabeasError, handle)
    app.add_exception_handler(Exception, handle)


_DESCRIPTIONS = {
    400: "The request cannot be read",
    401: "Sign in: send Authorization: Bearer <token>",
    403: "The account's role may not do this",
    404: "No record matches",
    409: "Conflict: the key exists, the record is retracted, or the name is ambiguous",
    412: "If-Match names a version that is no longer current",
    413: "The request body is too large",
    422: "The request or the record it carries is invalid (problems listed)",
    428: "If-Match is required: name the version you are correcting",
    429: "Too many requests: wait Retry-After seconds",
    500: "An unexpected error (logged on the server)",
    503: "The database is unavailable",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for these error statuses (and 401, 403, 422, 500, 503 always);
    `problem_openapi` gives each the Problem schema."""
    codes = sorted({*statuses, 401, 403, 422, 500, 503})
    return {code: {"description": _DESCRIPTIONS.get(code, "Error")} for code in codes}


def problem_openapi(schema: dict[str, Any], problem_schema: dict[str, Any]) -> dict[str, Any]:
    """Make every error response of `schema` a `Problem` in application/problem+json."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    defs = problem_schema.pop("$defs", {})
    components.update(defs)
    components["Problem"] = problem_schema
    ref = {"$ref": "#/components/schemas/Problem"}
    for item in schema.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")) or code == "default":
                    response["content"] = {PROBLEM_JSON: {"schema": ref}}
                    if code == "422":
                        response["description"] = _DESCRIPTIONS[422]
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema
