"""The API's router: every `/api/v1/…` route, each module a few of them."""

from __future__ import annotations

import importlib

from fastapi import APIRouter, Depends

from habeas.api import copies, proofs, questions, records
from habeas.api.guard import clean_query

__all__ = ["router"]

router = APIRouter(dependencies=[Depends(clean_query)])
for module in (records, questions, proofs, copies):
    router.include_router(module.router)

# API modules of the importers, included when present (each is written on its own).
_OPTIONAL = ("habeas.api.drafts", "habeas.api.webhooks", "habeas.api.imports")
for _name in _OPTIONAL:
    try:
        router.include_router(importlib.import_module(_name).router)
    except ModuleNotFoundError as e:  # pragma: no cover - only while a module is being written
        if e.name != _name:
            raise
