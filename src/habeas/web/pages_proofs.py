"""The proofs page: the log's public keys, its newest signed checkpoint with the witnesses
who cosigned it, and where to get one entry's offline proof."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from habeas.services.checkpoints import published
from habeas.web.common import require, web_errors
from habeas.web.render import page

__all__ = ["router"]

router = APIRouter()


@router.get("/proofs", name="proofs")
@router.get("/proofs.json", include_in_schema=False)
@web_errors
def proofs_page(request: Request, entry: str = "") -> Response:
    """The public key to check proofs with, the newest checkpoint, and an entry's proof."""
    require(request, "read")
    data = published(request.app.state.store, request.app.state.settings)
    position = entry.strip()
    data["entry"] = int(position) if position.isdigit() and len(position) < 13 else None
    data["entry_error"] = bool(position) and data["entry"] is None
    as_json = request.url.path.endswith(".json")
    return page(request, "proofs.html", data, as_json=as_json)
