"""`/api/v1/sources/{sha256}/copy`: the stored copy of a source (habeas.services.copies)."""

from __future__ import annotations

import mimetypes
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response

from habeas.api.deps import get_store, requires
from habeas.api.errors import error_responses
from habeas.domain.access import Principal
from habeas.services.copies import StoredCopy, get_copy
from habeas.storage.store import Store

__all__ = ["copy_response", "router"]

router = APIRouter(prefix="/api/v1", tags=["records"])

StoreDep = Annotated[Store, Depends(get_store)]
Reader = Annotated[Principal, Depends(requires("read"))]
Sha256 = Annotated[
    str,
    Path(
        pattern=r"^[0-9a-fA-F]{64}$",
        description="The SHA-256 of the copy: the `sha256` of a Source.",
    ),
]


def copy_response(copy: StoredCopy) -> Response:
    """The copy's bytes with its media type, as a download (never rendered in place)."""
    ext = mimetypes.guess_extension(copy.media_type) or ""
    return Response(
        content=copy.data,
        media_type=copy.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{copy.sha256}{ext}"',
            "X-Content-Type-Options": "nosniff",
            "ETag": f'"{copy.sha256}"',
            "Cache-Control": "private, max-age=3600",
        },
    )


@router.get(
    "/sources/{sha256}/copy",
    summary="The stored copy of a source",
    response_class=Response,
    responses={
        200: {
            "description": "The bytes, with the media type they were stored with.",
            "content": {"application/octet-stream": {}},
        },
        **error_responses(404),
    },
)
def source_copy_route(sha256: Sha256, caller: Reader, store: StoreDep) -> Response:
    """The bytes stored under `sha256`, if the reader may see a current source citing them
    (else 404, as if there were no copy)."""
    return copy_response(get_copy(store, sha256, principal=caller))
