"""`/api/v1/drafts`: the review queue — list, read, accept (as proposed or edited), reject.

Drafts are what importers found and a person must judge (an order on a docket, a fact an
article states). Editors and admins only: a draft is unreviewed. Accepting writes the record
citing the draft's source with its excerpt and marks the draft, in one transaction (201, the
new record in `Location`); a bad record is 422 with every field problem and writes nothing;
a draft decided already is 409.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from habeas.api.deps import get_store, requires
from habeas.api.errors import error_responses
from habeas.api.schemas import Reason, RecordIn
from habeas.domain.access import Principal
from habeas.services.drafts import accept_draft, get_draft, list_drafts, reject_draft
from habeas.storage.store import Store

__all__ = ["AcceptIn", "AcceptedOut", "DraftOut", "DraftPageOut", "RejectIn", "router"]

router = APIRouter(prefix="/api/v1", tags=["review"])

StoreDep = Annotated[Store, Depends(get_store)]
Reviewer = Annotated[Principal, Depends(requires("import"))]
DraftId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The draft's number.", examples=[1])]


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class DraftOut(_Out):
    """A draft of the review queue (`habeas review show --json`)."""

    id: int
    kind: str = Field(description="What was found: order, statement, event, person…")
    record_type: str
    origin: str = Field(description="Where it was found: a docket entry's or a source's key.")
    source: str = Field(description="The source the accepted record cites.")
    summary: str
    record: dict[str, Any] = Field(description="The record accepting it writes, as proposed.")
    notes: list[str] = Field(description="What the editor should check.")
    extra: dict[str, Any]
    excerpt: str | None = Field(description="The passage of the source that states it.")
    status: Literal["pending", "accepted", "rejected"]
    created_at: str
    created_by: str
    decided_at: str | None
    decided_by: str | None
    decision_note: str | None = Field(description="The note of an acceptance, or why rejected.")
    result_key: str | None = Field(description="The key of the record accepting it wrote.")


class DraftPageOut(_Out):
    """Drafts oldest first."""

    items: list[DraftOut]
    count: int = Field(description="How many drafts are in `items`.")
    limit: int
    offset: int


class AcceptIn(BaseModel):
    """An acceptance: optionally the record as the editor changed it, and a note."""

    model_config = ConfigDict(extra="forbid")

    record: RecordIn | None = Field(
        None, description="The record to write instead of the one proposed."
    )
    note: Reason | None = Field(None, description="Kept with the decision.")


class RejectIn(BaseModel):
    """A rejection, with its reason."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason = Field(description="Why the draft is rejected (kept with it).")


class AcceptedOut(_Out):
    """What accepting wrote (op "unchanged": the ledger already held that record)."""

    draft: int
    key: str = Field(description="The key of the record written.")
    op: Literal["assert", "correct", "unchanged"]
    position: int | None = Field(description="The log entry of the write.")


@router.get(
    "/drafts",
    response_model=DraftPageOut,
    summary="List the review queue",
    responses=error_responses(),
)
def list_route(
    who: Reviewer,
    store: StoreDep,
    status: Annotated[
        Literal["pending", "accepted", "rejected", "all"], Query(description="Which drafts.")
    ] = "pending",
    kind: Annotated[
        list[str] | None,
        Query(max_length=20, description="Only drafts of these kinds (repeat the parameter)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Drafts per page.")] = 200,
    offset: Annotated[int, Query(ge=0, le=10**9, description="Drafts to skip.")] = 0,
) -> dict[str, Any]:
    """The drafts of one status (pending by default), oldest first."""
    kinds = [k[:100] for k in kind or []]
    drafts = list_drafts(
        store,
        principal=who,
        status=None if status == "all" else status,
        kinds=kinds,
        limit=limit,
        offset=offset,
    )
    return {
        "items": [d.to_json() for d in drafts],
        "count": len(drafts),
        "limit": limit,
        "offset": offset,
    }


@router.get(
    "/drafts/{draft_id}",
    response_model=DraftOut,
    summary="One draft",
    responses=error_responses(404),
)
def get_route(draft_id: DraftId, who: Reviewer, store: StoreDep) -> dict[str, Any]:
    """The draft: what it proposes, its source and excerpt, and its decision if any."""
    return get_draft(store, draft_id, principal=who).to_json()


@router.post(
    "/drafts/{draft_id}/accept",
    response_model=AcceptedOut,
    status_code=201,
    summary="Accept a draft: write its record",
    responses=error_responses(404, 409),
)
def accept_route(
    draft_id: DraftId,
    response: Response,
    who: Reviewer,
    store: StoreDep,
    body: AcceptIn | None = None,
) -> dict[str, Any]:
    """Write the draft's record (or `record`, the editor's version), citing the draft's
    source with its excerpt, and mark the draft accepted — in one transaction. Every field
    problem is listed (422, nothing written); a decided draft or a key taken by another
    record is 409."""
    given = body or AcceptIn(record=None, note=None)
    done = accept_draft(
        store,
        draft_id,
        record=given.record.data() if given.record is not None else None,
        note=given.note,
        principal=who,
    )
    response.headers["Location"] = f"/api/v1/records/{done.key}"
    return done.to_json()


@router.post(
    "/drafts/{draft_id}/reject",
    response_model=DraftOut,
    summary="Reject a draft, saying why",
    responses=error_responses(404, 409),
)
def reject_route(
    draft_id: DraftId, body: RejectIn, who: Reviewer, store: StoreDep
) -> dict[str, Any]:
    """Mark the draft rejected with the reason; nothing is written to the log."""
    return reject_draft(store, draft_id, body.reason, principal=who).to_json()
