"""`/api/v1/proofs`: the checkpoint to publish, RFC 6962 inclusion and consistency proofs,
checking a proof anyone hands you, and `habeas verify` of the whole ledger."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from habeas.api.deps import get_store, requires
from habeas.api.errors import error_responses
from habeas.api.schemas import (
    MAX_INT,
    CheckpointOut,
    ConsistencyOut,
    InclusionOut,
    LedgerVerifyOut,
    ProofCheckOut,
    VerifyConsistencyIn,
    VerifyInclusionIn,
)
from habeas.domain.access import Principal
from habeas.ledger.merkle import ProofError, verify_consistency, verify_inclusion
from habeas.services import proofs
from habeas.services.audit import flush_audit
from habeas.services.verify import verify_ledger
from habeas.storage.store import Store

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["proofs"])

StoreDep = Annotated[Store, Depends(get_store)]
Reader = Annotated[Principal, Depends(requires("read"))]
Size = Annotated[int | None, Query(ge=1, le=MAX_INT, description="Tree size (default: all).")]


@router.get(
    "/proofs/checkpoint",
    response_model=CheckpointOut,
    summary="The log's size and root",
    responses=error_responses(),
)
def checkpoint_route(caller: Reader, store: StoreDep) -> dict[str, Any]:
    """The size and Merkle root of the log now, to publish or keep."""
    return proofs.checkpoint(store)


@router.get(
    "/proofs/inclusion",
    response_model=InclusionOut,
    summary="Proof that an entry is in the log",
    responses=error_responses(404),
)
def inclusion_route(
    position: Annotated[int, Query(ge=0, le=MAX_INT, description="The entry's position.")],
    caller: Reader,
    store: StoreDep,
    size: Size = None,
) -> dict[str, Any]:
    """RFC 6962 audit path of the entry at `position` in the tree of `size` entries."""
    return proofs.inclusion_proof(store, position, size)


@router.get(
    "/proofs/consistency",
    response_model=ConsistencyOut,
    summary="Proof that an older log is a prefix of a newer one",
    responses=error_responses(404),
)
def consistency_route(
    old: Annotated[int, Query(ge=1, le=MAX_INT, description="The older tree's size.")],
    caller: Reader,
    store: StoreDep,
    new: Size = None,
) -> dict[str, Any]:
    """RFC 6962 consistency proof between the trees of `old` and `new` entries."""
    return proofs.consistency_proof(store, old, new)


def _check(run: Any) -> dict[str, Any]:
    try:
        run()
    except ProofError as e:
        return {"valid": False, "reason": str(e)}
    return {"valid": True, "reason": None}


@router.post(
    "/proofs/verify/inclusion",
    response_model=ProofCheckOut,
    summary="Check an inclusion proof",
    responses=error_responses(),
)
def verify_inclusion_route(body: VerifyInclusionIn, caller: Reader) -> dict[str, Any]:
    """Whether `leaf_hash` is at `position` in the tree of `size` entries whose root is
    `root` (computed here, no database needed)."""
    return _check(
        lambda: verify_inclusion(
            bytes.fromhex(body.leaf_hash),
            body.position,
            body.size,
            [bytes.fromhex(p) for p in body.proof],
            bytes.fromhex(body.root),
        )
    )


@router.post(
    "/proofs/verify/consistency",
    response_model=ProofCheckOut,
    summary="Check a consistency proof",
    responses=error_responses(),
)
def verify_consistency_route(body: VerifyConsistencyIn, caller: Reader) -> dict[str, Any]:
    """Whether the tree of `old_size` entries (`old_root`) is a prefix of the tree of
    `new_size` entries (`new_root`)."""
    return _check(
        lambda: verify_consistency(
            body.old_size,
            body.new_size,
            bytes.fromhex(body.old_root),
            bytes.fromhex(body.new_root),
            [bytes.fromhex(p) for p in body.proof],
        )
    )


@router.get(
    "/verify",
    response_model=LedgerVerifyOut,
    summary="Verify the whole ledger",
    responses=error_responses(),
)
def verify_route(
    caller: Annotated[Principal, Depends(requires("verify"))], store: StoreDep
) -> dict[str, Any]:
    """Recompute every leaf, the Merkle tree and every projection from the stored log
    (`habeas verify`); a mismatch is 500 `LedgerCorrupt` naming the first bad entry."""
    flush_audit(store)  # the queued audit of reads joins the log first
    report = verify_ledger(store)
    return {
        "ok": True,
        "size": report.size,
        "root": report.root,
        "records": report.records,
        "references": report.references,
        "search_terms": report.search_terms,
    }
