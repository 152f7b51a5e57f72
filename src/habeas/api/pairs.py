"""`/api/v1/pairs` and `/api/v1/merges`: the review queue of candidate pairs (two person
records that may be one person), their decisions, and merges and splits of people.

A pair is addressed by the 24 hex digits of its key (`pair/<ref>`). Signed-in readers list
and read the pairs whose two people they may see; editors and admins decide: accept (merge,
201), reject (remembered unless the evidence changes), skip. A pair decided already, or a
person merged already, is 409; conflicting identifiers without an override reason are 422.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from habeas.api.deps import get_store, requires
from habeas.api.errors import error_responses
from habeas.api.schemas import Reason, WrittenOut
from habeas.domain.access import Principal
from habeas.domain.merges import PAIR_STATUSES
from habeas.services.merges import merge_people, split_people
from habeas.services.pair_review import OPEN, decide, get_pair, queue
from habeas.storage.store import Store

__all__ = ["DecideIn", "DecisionOut", "MergeIn", "MergeOut", "PairOut", "SplitIn", "router"]

router = APIRouter(prefix="/api/v1", tags=["review"])

StoreDep = Annotated[Store, Depends(get_store)]
Reader = Annotated[Principal, Depends(requires("read"))]
Decider = Annotated[Principal, Depends(requires("write"))]
PairRef = Annotated[
    str,
    Path(
        pattern=r"^[0-9a-f]{24}$",
        description="The pair: the 24 hex digits of its key pair/….",
        examples=["dbfda48096cf34b68b66998b"],
    ),
]
Status = Literal["pending", "accepted", "rejected", "skipped", "split"]
PersonKey = Annotated[
    str, Field(min_length=1, max_length=200, pattern=r"^[a-z0-9][a-z0-9._:/\-]*$")
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class EvidenceOut(_Out):
    """One compared field and its weight in bits."""

    field: str
    comparison: str
    detail: str
    weight: float


class SideOut(_Out):
    """One of the two people, as the reader may see them, with their sources."""

    key: str
    name: str
    record: dict[str, Any]
    sources: list[dict[str, Any]]


class PairOut(_Out):
    """A candidate pair (`habeas review show PAIR_ID --json`)."""

    key: str = Field(description="pair/ and 24 hex digits.")
    id: str = Field(description="LEFT|RIGHT: the two person keys, the one sorting first left.")
    status: Status
    probability: float
    match_weight: float = Field(description="Total match weight in bits.")
    conflict: bool = Field(description="A conflicting identifier: accepting needs an override.")
    model: str
    origin: str
    explanation: str
    evidence: list[EvidenceOut]
    decided_by: str | None
    reason: str | None
    survivor: str | None
    recorded_at: str
    left: SideOut
    right: SideOut


class PairPageOut(_Out):
    """Pairs, most probable first."""

    items: list[PairOut]
    count: int
    limit: int
    offset: int


class MergeOut(_Out):
    """A merge or a split."""

    merge: str = Field(description="The merge record's key (merge/ and the absorbed key).")
    survivor: str
    absorbed: str
    conflicts: list[str] = Field(description="Identifier schemes whose numbers differ.")
    write: WrittenOut


class DecisionOut(_Out):
    """A decision on a pair."""

    key: str
    id: str
    status: Status
    merge: MergeOut | None
    write: WrittenOut


class DecideIn(BaseModel):
    """A decision's reason (required to accept or reject), and for an acceptance the person
    kept and the override reason when identifiers conflict."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason | None = None
    survivor: PersonKey | None = Field(None, description="Accept: the person kept.")
    override: Reason | None = Field(None, description="Accept: why, though ids conflict.")


class MergeIn(BaseModel):
    """A merge of two people without a pair."""

    model_config = ConfigDict(extra="forbid")

    survivor: PersonKey
    absorbed: PersonKey
    reason: Reason
    override: Reason | None = None


class SplitIn(BaseModel):
    """A split: the absorbed person, and why they are two people."""

    model_config = ConfigDict(extra="forbid")

    absorbed: PersonKey
    reason: Reason


@router.get(
    "/pairs",
    response_model=PairPageOut,
    summary="List candidate pairs",
    responses=error_responses(),
)
def list_route(
    who: Reader,
    store: StoreDep,
    status: Annotated[
        list[Status] | None,
        Query(max_length=5, description="Which statuses (default: pending, then skipped)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Pairs per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9, description="Pairs to skip.")] = 0,
) -> dict[str, Any]:
    """The pairs of `status`, most probable first, whose two people the caller may see."""
    wanted = [s for s in PAIR_STATUSES if s in status] if status else list(OPEN)
    found = queue(store, principal=who, statuses=wanted, limit=limit, offset=offset)
    return {
        "items": [q.to_json() for q in found],
        "count": len(found),
        "limit": limit,
        "offset": offset,
    }


@router.get(
    "/pairs/{ref}", response_model=PairOut, summary="One pair", responses=error_responses(404)
)
def get_route(ref: PairRef, who: Reader, store: StoreDep) -> dict[str, Any]:
    """The pair, its two people side by side with their sources, and its decision."""
    return get_pair(store, f"pair/{ref}", principal=who).to_json()


_DECISIONS: dict[str, tuple[str, int, str]] = {
    "accept": (
        "Accept a pair: merge the two people",
        201,
        "Merge the two (the person recorded first survives unless `survivor` says otherwise); "
        "`reason` is required, `override` too when identifiers conflict.",
    ),
    "reject": (
        "Reject a pair, saying why",
        200,
        "Mark the pair rejected (`reason` required): it is not proposed again unless its "
        "evidence changes.",
    ),
    "skip": ("Put a pair off", 200, "Keep the pair in the queue, behind the pending ones."),
}
"""decision -> (summary, status code, description) of its route."""


def _decision_route(decision: str) -> None:
    """Add `POST /pairs/{ref}/DECISION`, which decides the pair (`pair_review.decide`)."""
    summary, status_code, description = _DECISIONS[decision]

    def route(
        ref: PairRef, who: Decider, store: StoreDep, body: DecideIn | None = None
    ) -> dict[str, Any]:
        given = body or DecideIn(reason=None, survivor=None, override=None)
        return decide(
            store,
            who,
            f"pair/{ref}",
            decision,
            given.reason,
            survivor=given.survivor,
            override=given.override,
        ).to_json()

    route.__name__ = f"{decision}_route"
    route.__doc__ = description
    router.post(
        f"/pairs/{{ref}}/{decision}",
        response_model=DecisionOut,
        status_code=status_code,
        summary=summary,
        responses=error_responses(404, 409),
    )(route)


for _decision in _DECISIONS:
    _decision_route(_decision)


@router.post(
    "/merges",
    response_model=MergeOut,
    status_code=201,
    summary="Merge two people",
    responses=error_responses(404, 409),
)
def merge_route(body: MergeIn, who: Decider, store: StoreDep) -> dict[str, Any]:
    """Merge `absorbed` into `survivor` without a pair (the same checks as accepting one)."""
    return merge_people(
        store,
        who,
        survivor=body.survivor,
        absorbed=body.absorbed,
        reason=body.reason,
        override=body.override,
    ).to_json()


@router.post(
    "/merges/split",
    response_model=MergeOut,
    summary="Split a merge",
    responses=error_responses(404, 409),
)
def split_route(body: SplitIn, who: Decider, store: StoreDep) -> dict[str, Any]:
    """Undo the merge that absorbed `absorbed`: every read answers as before it."""
    return split_people(store, who, absorbed=body.absorbed, reason=body.reason).to_json()
