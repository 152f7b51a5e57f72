"""The API's request and response models, so /openapi.json says exactly what is sent.

Response models mirror the services' stable `to_json()` forms (the CLI's `--json`); a test
checks that each answer equals its service's JSON, so the two cannot drift apart. Every
string a client sends has a maximum length and may not hold NUL or unpaired surrogates; every
number has bounds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from habeas.domain.base import KEY_PATTERN
from habeas.domain.registry import RECORD_TYPES

__all__ = [
    "MAX_INT",
    "AlertsOut",
    "CheckpointOut",
    "ComplianceOut",
    "ConsistencyOut",
    "CorrectionIn",
    "DeadlineOut",
    "HistoryOut",
    "ImportReportOut",
    "InclusionOut",
    "LedgerVerifyOut",
    "OccupancyOut",
    "ProblemOut",
    "ProofCheckOut",
    "RecordIn",
    "RecordPageOut",
    "RecordViewOut",
    "SearchOut",
    "StatusOut",
    "TimelineOut",
    "VerifyConsistencyIn",
    "VerifyInclusionIn",
    "WhereaboutsOut",
    "WriteOutcomeOut",
    "clean_text",
]

MAX_INT = 10**12
"""The largest log position, size or count a client may send."""

if TYPE_CHECKING:
    RecordType = str
else:
    RecordType = Literal[tuple(sorted(RECORD_TYPES))]
HEX64 = r"^[0-9a-f]{64}$"


def clean_text(value: str) -> str:
    """Refuse NUL characters and unpaired surrogates (no database can store them)."""
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError("text is not valid Unicode (an unpaired surrogate)") from e
    return value


def _clean_json(value: Any, depth: int = 0) -> None:
    if depth > 32:
        raise ValueError("the JSON is nested too deeply")
    if isinstance(value, str):
        clean_text(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            clean_text(k)
            _clean_json(v, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _clean_json(item, depth + 1)


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


# -- errors ---------------------------------------------------------------------------------
class FieldProblemOut(_Out):
    """One problem with a field of the request (or of a line of a bundle)."""

    field: str = Field(description="Where: a field path such as `sources[0].source`.")
    message: str
    line: int | None = Field(None, description="The bundle line, for bundle problems.")


class ProblemOut(BaseModel):
    """An error, as RFC 9457 problem details (`application/problem+json`)."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(
        description="urn:habeas:problem:<kind>", examples=["urn:habeas:problem:not-found"]
    )
    title: str
    status: int
    detail: str = Field(description="What is wrong, for a person to read.")
    instance: str | None = Field(None, description="The path of the request.")
    error: str = Field(description="The kind of error, as the CLI's --json names it.")
    field: str | None = None
    problems: list[FieldProblemOut] | None = None
    candidates: list[str] | None = Field(None, description="For an ambiguous name: the matches.")
    current_version: int | None = Field(None, description="For 412: the current version.")
    retry_after: int | None = None
    position: int | None = None


# -- records --------------------------------------------------------------------------------
class RecordSummaryOut(_Out):
    """One record in a listing."""

    key: str
    type: str
    label: str
    version: int
    status: Literal["active", "retracted"]
    recorded_at: str
    first_recorded_at: str
    synthetic: bool
    unsourced: bool


class RecordPageOut(_Out):
    """One page of records; pass `next_cursor` as `cursor` for the next (null: no more)."""

    items: list[RecordSummaryOut]
    next_cursor: str | None
    limit: int


class CitedSourceOut(_Out):
    """A citation, resolved to its source."""

    key: str
    kind: str
    title: str
    publisher: str | None
    published: str | None
    url: str | None
    docket_number: str | None
    excerpt: str | None
    locator: str | None


class RelatedOut(_Out):
    """A current record that refers to the one shown."""

    key: str
    type: str
    label: str
    field: str
    at: str | None
    synthetic: bool


class RecordViewOut(_Out):
    """A current record, its sources, the names of what it refers to, and what refers to it.

    The `ETag` header carries its version: send it back in `If-Match` to correct it."""

    key: str
    type: str
    label: str
    version: int
    recorded_at: str
    first_recorded_at: str
    record: dict[str, Any] = Field(description="The record's fields (see docs/records.md).")
    sources: list[CitedSourceOut]
    labels: dict[str, str]
    referrers: list[RelatedOut]


class HistoryLineOut(_Out):
    """One entry of the log that touched the record."""

    position: int
    op: str = Field(examples=["assert", "correct", "retract"])
    version: int
    recorded_at: str
    recorded_by: str
    reason: str | None
    supersedes: int | None
    record: dict[str, Any] | None
    leaf_hash: str


class HistoryOut(_Out):
    """Every entry that touched a record, oldest first."""

    key: str
    entries: list[HistoryLineOut]


class RecordIn(BaseModel):
    """A record: `type`, `key` and the fields of its type (docs/records.md)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "source",
                    "key": "source/example-order",
                    "kind": "court_document",
                    "title": "Order granting a temporary restraining order",
                    "published": "2025-04-04",
                }
            ]
        },
    )

    type: RecordType = Field(description="The record type.")
    key: str = Field(pattern=KEY_PATTERN, max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        _clean_json(data)
        return data

    def data(self) -> dict[str, Any]:
        """The record's JSON form, as sent."""
        return self.model_dump(mode="json")


Reason = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(clean_text)]


class CorrectionIn(BaseModel):
    """A correction: the whole record as it should now read, and why."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason = Field(description="Why the record changes (kept in the log).")
    record: RecordIn


class WriteOutcomeOut(_Out):
    """What a write appended (op "unchanged": nothing, the record already read so)."""

    key: str
    type: str
    op: Literal["assert", "correct", "retract", "unchanged"]
    version: int = Field(description="The record's version now; its ETag is this number.")
    position: int = Field(description="The log entry of the write.")
    size: int = Field(description="The log's size after the write.")
    root: str = Field(description="The log's Merkle root after the write.")


class WrittenOut(_Out):
    """What an import appended."""

    asserted: int
    corrected: int
    retracted: int
    unchanged: int
    first_position: int | None
    size: int
    root: str


class ImportReportOut(_Out):
    """The check of an uploaded bundle and, unless a dry run, what was written."""

    dry_run: bool
    ok: bool
    records: int
    retractions: int
    problems: list[FieldProblemOut]
    truncated: bool
    written: WrittenOut | None


# -- questions ------------------------------------------------------------------------------
class NamedKey(_Out):
    key: str
    name: str


class PersonRef(_Out):
    key: str
    name: str
    synthetic: bool


class MergedOut(_Out):
    """A person record merged into the person answered for: as recorded, and the merge."""

    key: str = Field(description="The merged-away person's key.")
    name: str = Field(description="Its name as recorded.")
    synthetic: bool
    survivor: str = Field(description="The person it was merged into directly.")
    root: str = Field(description="The person it answers as now.")
    root_name: str
    merge: str = Field(description="The merge record's key: split it to give the person back.")
    merged_by: str
    reason: str
    merged_at: str = Field(description="When the merge was recorded (UTC).")
    pair: str | None
    override: str | None
    sources: list[CitedSourceOut]


class FacilityRef(_Out):
    key: str
    name: str
    country: str | None
    capacity: int | None


class SinceOut(_Out):
    at: str
    when: str
    event: str
    kind: str


class ChainEventOut(_Out):
    """One custody event of the chain that led to the answer."""

    key: str
    kind: str
    at: str
    when: str
    precision: str
    facility: str | None
    facility_name: str | None
    place: str | None
    country: str | None
    custodian: str | None
    custodian_name: str | None
    legal_basis: str | None
    transfer: str | None
    transfer_name: str | None
    certainty: str
    description: str | None
    unsourced: bool
    synthetic: bool
    sources: list[CitedSourceOut]


class WhereaboutsOut(_Out):
    """Where a person is (or was): the same JSON as `habeas whereabouts --json`."""

    person: PersonRef
    as_of: str | None
    known_at: str | None
    status: str = Field(examples=["in_custody"])
    facility: FacilityRef | None
    place: str | None
    country: str | None
    custodian: NamedKey | None
    since: SinceOut | None
    legal_basis: str | None
    certainty: str | None
    unsourced: bool
    sources: list[CitedSourceOut]
    chain: list[ChainEventOut]
    merged: list[MergedOut] = Field(
        default_factory=list, description="The records merged into this person."
    )


class SubjectOut(_Out):
    key: str
    type: str
    label: str


class TimelineItemOut(_Out):
    at: str | None
    when: str | None
    type: str
    key: str
    summary: str
    unsourced: bool
    synthetic: bool
    sources: list[CitedSourceOut]


class TimelineOut(_Out):
    """Everything about a person or a case in time order: as `habeas timeline --json`."""

    subject: SubjectOut
    items: list[TimelineItemOut]
    merged: list[MergedOut] = Field(
        default_factory=list, description="The records merged into the person (if a person)."
    )


class HeldOut(_Out):
    key: str
    name: str
    synthetic: bool
    since: str | None


class OccupancyOut(_Out):
    """Who a facility held on a day, against its capacity: as `habeas occupancy --json`."""

    facility: FacilityRef
    on: str | None
    held: int
    synthetic: int
    capacity: int | None
    percent_of_capacity: float | None
    over_capacity: bool
    people: list[HeldOut]


class SearchWhyOut(_Out):
    """One part of what matched: kind (exact, phonetic, typo, prefix, initial or key),
    the part of the name (given, surname, married, name or key) and the query's word."""

    kind: str
    part: str
    query: str


class SearchHitOut(_Out):
    key: str
    type: str
    label: str
    synthetic: bool
    unsourced: bool
    score: float = Field(description="Higher is closer; results come best first.")
    matched: str = Field(examples=["matched: surname, given name ~ Kilmer"])
    name: str = Field(description="The name of the record that matched, its words joined.")
    why: list[SearchWhyOut]


class SearchOut(_Out):
    """Records whose names match `q` forgivingly (typos, sounds, accents, order, initials),
    best first, each with what matched."""

    q: str
    results: list[SearchHitOut]


class LedgerHeadOut(_Out):
    size: int
    root: str


class StatusPersonOut(_Out):
    key: str
    name: str
    status: str
    facility: str | None
    country: str | None
    custodian: str | None
    since: str | None


class StatusFacilityOut(_Out):
    key: str
    name: str
    held: int
    synthetic: int
    capacity: int
    over_capacity: bool


class CaseRef(_Out):
    key: str
    caption: str
    docket_number: str


class ComplianceOut(_Out):
    """Each obligation of a case (or of the ledger) and its state (docs/compliance.md)."""

    as_of: str | None
    known_at: str | None = None
    case: CaseRef | None
    counts: dict[str, int]
    by_case: list[dict[str, Any]] = []
    cases_with: dict[str, int] = {}
    obligations: list[dict[str, Any]]


class AlertSubjectOut(_Out):
    type: str
    key: str
    label: str


class InstantOut(_Out):
    utc: str
    local: str


class AlertOut(_Out):
    kind: str
    severity: Literal["high", "medium", "low"]
    subject: AlertSubjectOut
    at: InstantOut | None
    message: str
    details: dict[str, Any]


class AlertsOut(_Out):
    """What needs attention, most serious first (docs/compliance.md)."""

    as_of: str | None
    within_days: int
    unknown_after_days: int
    asap_after_days: int
    counts: dict[str, int]
    alerts: list[AlertOut]


class StatusComplianceOut(_Out):
    """Each obligation in effect, one line each (docs/compliance.md)."""

    as_of: str | None
    counts: dict[str, int]
    obligations: list[dict[str, Any]]


class StatusAlertsOut(_Out):
    """The most serious alerts (`total` counts them all)."""

    as_of: str | None
    total: int
    counts: dict[str, int]
    items: list[AlertOut]


class StatusOut(_Out):
    """What the ledger holds: as `habeas status --json` (without the database's address)."""

    backend: str
    ledger: LedgerHeadOut
    records: dict[str, int]
    retracted: int
    unsourced: int
    synthetic: int
    drafts_pending: int | None = Field(
        None,
        description="Drafts waiting in the review queue (null for a reader who may not "
        "review them).",
    )
    people: list[StatusPersonOut]
    facilities: list[StatusFacilityOut]
    compliance: StatusComplianceOut
    alerts: StatusAlertsOut


class DeadlineOut(_Out):
    """A computed deadline with every step: as `habeas deadline --json`."""

    deadline: str
    ends_at: str
    timezone: str
    raw_end: str
    steps: list[str]
    summary: str
    court: str
    rule: str
    trigger: str
    period: str
    warnings: list[str]


# -- proofs ---------------------------------------------------------------------------------
class CheckpointOut(_Out):
    """The log's size and Merkle root, to publish."""

    size: int
    root: str
    last_recorded_at: str | None


class InclusionOut(_Out):
    """RFC 6962 proof that an entry is in the tree of `size` entries."""

    position: int
    size: int
    leaf_hash: str
    root: str
    proof: list[str]


class ConsistencyOut(_Out):
    """RFC 6962 proof that the tree of `old_size` entries is a prefix of `new_size`'s."""

    old_size: int
    new_size: int
    old_root: str
    new_root: str
    proof: list[str]


Hash = Annotated[str, Field(pattern=HEX64, description="A SHA-256 hash, 64 lower-case hex")]
Proof = Annotated[list[Hash], Field(max_length=128)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]


class VerifyInclusionIn(BaseModel):
    """An inclusion proof to check (as `GET /api/v1/proofs/inclusion` returns it)."""

    model_config = ConfigDict(extra="ignore")

    position: Count
    size: Annotated[int, Field(ge=1, le=MAX_INT)]
    leaf_hash: Hash
    root: Hash
    proof: Proof


class VerifyConsistencyIn(BaseModel):
    """A consistency proof to check (as `GET /api/v1/proofs/consistency` returns it)."""

    model_config = ConfigDict(extra="ignore")

    old_size: Annotated[int, Field(ge=1, le=MAX_INT)]
    new_size: Annotated[int, Field(ge=1, le=MAX_INT)]
    old_root: Hash
    new_root: Hash
    proof: Proof


class ProofCheckOut(_Out):
    """Whether a proof holds, and if not, why."""

    valid: bool
    reason: str | None


class LedgerVerifyOut(_Out):
    """`habeas verify`: every leaf, the tree and every projection recomputed and matching."""

    ok: bool
    size: int
    root: str
    records: int
    references: int
    search_terms: int
