"""The download of a source's stored copy (habeas.services.copies), linked from its page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.api.copies import copy_response
from habeas.domain.errors import NotFound
from habeas.services.copies import get_copy
from habeas.web.auth import get_store
from habeas.web.common import require, web_errors

__all__ = ["router"]

router = APIRouter()


@router.get("/copy/{sha256}", name="source_copy")
@web_errors
def source_copy(request: Request, sha256: str) -> Response:
    """The bytes stored under `sha256`, as a download, if the reader may see a source
    citing them (else the not-found page)."""
    principal = require(request, "read")
    if len(sha256) != 64:
        raise NotFound(f"no stored copy with hash {sha256!r}")
    return copy_response(get_copy(get_store(request), sha256, principal=principal))
