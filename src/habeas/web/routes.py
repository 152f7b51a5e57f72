"""The web pages' router: `habeas.app:create_app` includes `router` and mounts `STATIC_DIR`
at /static. Each page module holds a few routes; none holds domain logic (they call
services and render)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.web import (
    forms,
    pages_cases,
    pages_copies,
    pages_deadline,
    pages_home,
    pages_import,
    pages_people,
    pages_places,
    pages_public,
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
):
    router.include_router(module.router)

# Page modules of the importers, included when present (each is written on its own).
_OPTIONAL_PAGES = (
    "habeas.web.pages_review",
    "habeas.web.pages_sheets",
    "habeas.web.pages_dockets",
    "habeas.web.pages_courtlistener",
    "habeas.web.pages_articles",
)
for _name in _OPTIONAL_PAGES:
    try:
        router.include_router(importlib.import_module(_name).router)
    except ModuleNotFoundError as e:  # pragma: no cover - only while a module is being written
        if e.name != _name:
            raise


def render_error(request: Request, problem: Any) -> Response:
    """The app's hook for errors on page paths (404 for an unknown path, 413…): the error
    page in the reader's language, with the problem's status."""
    from habeas.web.common import error_page

    status = int(getattr(problem, "status", 500))
    key = {403: "error.forbidden", 404: "error.not_found", 409: "error.conflict"}.get(
        status, "error.other"
    )
    return error_page(request, status, key, str(getattr(problem, "detail", "")))
