"""The download of a person's or a case's evidence bundle (habeas.services.evidence_bundle),
from the button on their pages."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from habeas.domain.errors import NotFound
from habeas.services.checkpoints import signer_from
from habeas.services.evidence_bundle import build_bundle
from habeas.web.auth import get_store
from habeas.web.common import require, web_errors

__all__ = ["WIDEST", "router"]

router = APIRouter()

WIDEST = {"public": "public", "viewer": "counsel", "editor": "court", "admin": "court"}
"""role -> the widest audience it may bundle for (the form offers that one and those below)."""


@router.get("/bundle/{subject:path}", name="evidence_bundle")
@web_errors
def evidence_bundle(
    request: Request, subject: str, audience: str = Query("", alias="for")
) -> Response:
    """The bundle of `person/SLUG.zip` or `case/SLUG.zip` as a zip download. It is proved
    against the newest checkpoint the server signed (the server never signs on a reader's
    request): records changed since are left out until the next one."""
    principal = require(request, "read")
    kind, _, rest = subject.partition("/")
    if kind not in ("person", "case") or not rest.endswith(".zip") or len(rest) < 5:
        raise NotFound(f"no evidence bundle at {subject!r}")
    slug = rest.removesuffix(".zip")
    chosen = audience or WIDEST.get(principal.role, "public")
    signer = signer_from(request.app.state.settings)  # its public key only: nothing is signed
    made = build_bundle(
        get_store(request),
        f"{kind}/{slug}",
        audience=chosen,  # type: ignore[arg-type]  # checked by the service
        principal=principal,
        public_keys=(signer.vkey.encode(),) if signer is not None else (),
    )
    name = f"{kind}-{slug}-{chosen}.zip".replace('"', "")
    return Response(
        made.zip_bytes(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
