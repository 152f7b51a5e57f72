"""The web pages' router: `habeas.app:create_app` includes `router` and mounts `STATIC_DIR`
at /static. Each page module holds a few routes; none holds domain logic (they call
services and render)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.web import (
    forms,
    pages_articles,
    pages_bundles,
    pages_cases,
    pages_copies,
    pages_courtlistener,
    pages_deadline,
    pages_dockets,
    pages_home,
    pages_import,
    pages_pairs,
    pages_people,
    pages_places,
    pages_proofs,
    pages_public,
    pages_review,
    pages_sheets,
    pages_sources,
)

__all__ = ["STATIC_DIR", "render_error", "router"]

STATIC_DIR = Path(__file__).resolve().parent / "static"

router = APIRouter(include_in_schema=False)
for module in (
    pages_home,
    pages_public,
    pages_people,
    pages_cases,
    pages_places,
    pages_sources,
    pages_import,
    forms,
    pages_deadline,
    pages_copies,
    pages_review,
    pages_pairs,
    pages_sheets,
    pages_dockets,
    pages_courtlistener,
    pages_articles,
    pages_bundles,
    pages_proofs,
):
    router.include_router(module.router)


def render_error(request: Request, problem: Any) -> Response:
    """The app's hook for errors on page paths (404 for an unknown path, 413…): the error
    page in the reader's language, with the problem's status."""
    from habeas.web.common import error_page

    status = int(getattr(problem, "status", 500))
    key = {403: "error.forbidden", 404: "error.not_found", 409: "error.conflict"}.get(
        status, "error.other"
    )
    return error_page(request, status, key, str(getattr(problem, "detail", "")))
