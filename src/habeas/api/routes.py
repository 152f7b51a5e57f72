"""The API's router: every `/api/v1/…` route, each module a few of them."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from habeas.api import checkpoints, copies, drafts, pairs, proofs, questions, records, webhooks
from habeas.api.guard import clean_query

__all__ = ["router"]

router = APIRouter(dependencies=[Depends(clean_query)])
for module in (records, questions, proofs, checkpoints, copies, drafts, pairs, webhooks):
    router.include_router(module.router)
