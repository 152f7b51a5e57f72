"""`/api/v1/checkpoint`, `/api/v1/keys`, `/api/v1/proofs/entry/{position}`,
`/api/v1/entries/find`: the signed checkpoint (C2SP text, as witnesses fetch it), the public
keys, one entry's tlog-proof, finding an entry by hash, and where witnesses hand back their
cosignatures. Also the app's periodic signer (`checkpoint_signer`)."""

from __future__ import annotations

import logging
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from habeas.api.audit_scope import Periodic
from habeas.api.deps import get_settings, get_store, requires
from habeas.api.errors import error_responses
from habeas.api.schemas import MAX_INT
from habeas.config import Settings
from habeas.domain.access import Principal
from habeas.domain.errors import NotFound
from habeas.ledger_keys import load_key_file
from habeas.services import checkpoints, entry_proofs, witness
from habeas.storage.store import Store

__all__ = ["SIGN_EVERY", "checkpoint_signer", "router"]

log = logging.getLogger("habeas.checkpoints")

SIGN_EVERY = 24 * 3600.0
"""Seconds between two checkpoints the server signs by itself (it also signs at start)."""

router = APIRouter(prefix="/api/v1", tags=["proofs"])

StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Reader = Annotated[Principal, Depends(requires("read"))]
HexHash = Annotated[
    str | None, Query(pattern=r"^[0-9a-fA-F]{64}$", description="A SHA-256, 64 hex digits.")
]
TEXT: dict[str, Any] = {"text/plain": {}}


def checkpoint_signer(
    store: Store, settings: Settings, every: float = SIGN_EVERY
) -> Periodic | None:
    """The thread signing a checkpoint of `store` at start and every `every` seconds (None
    without a signing key). A refusal is logged as an error each time, never hidden."""
    if not settings.signing_key:
        return None
    path = FilePath(settings.signing_key)

    def sign() -> None:
        checkpoints.sign_checkpoint(
            store, load_key_file(path), remember=checkpoints.state_file(path)
        )

    return Periodic("habeas-checkpoint-signer", sign, every).start()


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class KeysOut(_Out):
    """The public keys of this log, as C2SP vkeys (nothing secret)."""

    name: str = Field(description="The key's name: the log's origin line.")
    key_id: str = Field(description="The log key's ID, 8 hex digits.")
    vkey: str = Field(description="Checks this log's checkpoints (signature type 0x01).")
    cosigner_vkey: str = Field(
        description="Checks this instance's cosignatures of other logs (type 0x04)."
    )


class CosignatureIn(BaseModel):
    """A witness's cosignature of one of this log's checkpoints."""

    model_config = ConfigDict(extra="forbid")
    size: int = Field(ge=0, le=MAX_INT, description="The tree size of the checkpoint cosigned.")
    cosignature: str = Field(
        min_length=8,
        max_length=400,
        description="The C2SP tlog-cosignature line: '— <name> <base64>'.",
    )


class CosignatureOut(_Out):
    """A cosignature kept."""

    size: int
    cosigner: str
    key_id: str
    cosigned_at: int = Field(description="The cosignature's timestamp, POSIX seconds.")


class FoundEntryOut(_Out):
    """An entry found by hash (key, type and time only when the reader may see them)."""

    position: int
    leaf_hash: str
    entry_sha256: str
    matched: str = Field(description="leaf_hash, entry_sha256 or copy_sha256.")
    op: str | None = None
    record_type: str | None = None
    record_key: str | None = None
    version: int | None = None
    recorded_at: str | None = None


@router.get(
    "/checkpoint",
    summary="The newest signed checkpoint (C2SP text)",
    response_class=Response,
    responses={
        200: {"description": "A C2SP signed note.", "content": TEXT},
        **error_responses(404),
    },
)
def checkpoint_note_route(caller: Reader, store: StoreDep) -> Response:
    """The newest signed checkpoint as a C2SP signed note (tlog-checkpoint), with every
    witness cosignature returned for it: what witnesses fetch and proofs carry."""
    note = checkpoints.latest_with_cosignatures(store)
    return Response(note, media_type="text/plain; charset=utf-8")


@router.get(
    "/keys", response_model=KeysOut, summary="The log's public keys", responses=error_responses(404)
)
def keys_route(caller: Reader, settings: SettingsDep) -> dict[str, Any]:
    """The vkeys that check this log's checkpoints and its cosignatures (404 without a key)."""
    if not settings.signing_key:
        raise NotFound("this server has no signing key (HABEAS_SIGNING_KEY)")
    return load_key_file(FilePath(settings.signing_key)).public()


@router.post(
    "/checkpoint/cosignatures",
    response_model=CosignatureOut,
    summary="Hand back a witness's cosignature",
    responses=error_responses(404),
)
def cosignature_route(body: CosignatureIn, caller: Reader, store: StoreDep) -> dict[str, Any]:
    """Keep a cosignature of one of this log's checkpoints, if it is by a witness known here
    (`habeas witness add`) and verifies (400 `refused` otherwise)."""
    return witness.accept_cosignature(store, body.size, body.cosignature)


@router.get(
    "/proofs/entry/{position}",
    summary="One entry's offline proof (C2SP tlog-proof)",
    response_class=Response,
    responses={
        200: {"description": "A tlog-proof file.", "content": TEXT},
        **error_responses(404),
    },
)
def entry_proof_route(
    position: Annotated[int, Path(ge=0, le=MAX_INT, description="The entry's position.")],
    caller: Reader,
    store: StoreDep,
) -> Response:
    """The entry's proof against the newest signed checkpoint (`habeas proof entry`)."""
    proof = entry_proofs.entry_proof(store, position, principal=caller)
    return Response(
        proof.data,
        media_type="text/plain; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="entry-{position}.tlog-proof"',
            "X-Leaf-Hash": proof.leaf_hash,
        },
    )


@router.get(
    "/entries/find",
    response_model=list[FoundEntryOut],
    summary="Find entries by hash",
    responses=error_responses(404),
)
def find_entry_route(
    caller: Reader,
    store: StoreDep,
    hash: HexHash = None,
    copy_sha256: HexHash = None,
) -> list[dict[str, Any]]:
    """The entries whose leaf hash or SHA-256 is `hash`, or whose source names the stored
    copy `copy_sha256` (`habeas find-entry`). Give exactly one."""
    return entry_proofs.find_entries(
        store, principal=caller, hash_hex=hash, copy_sha256=copy_sha256
    )
