"""The questions habeas answers, one GET each: whereabouts, timeline, occupancy, search,
status, compliance, alerts and the deadline calculator. Each answer is its service's stable
JSON — the same as the CLI's `--json`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from habeas.api.deps import get_store, requires
from habeas.api.errors import ApiProblem, error_responses
from habeas.api.schemas import (
    AlertsOut,
    ComplianceOut,
    DeadlineOut,
    OccupancyOut,
    SearchOut,
    StatusOut,
    TimelineOut,
    WhereaboutsOut,
)
from habeas.domain.access import Principal
from habeas.services.alerts import alerts
from habeas.services.compliance import compliance
from habeas.services.deadlines import SERVICE_METHODS, calculate_deadline
from habeas.services.occupancy import occupancy
from habeas.services.search import SEARCH_TYPES, search
from habeas.services.status import status_report
from habeas.services.timeline import timeline
from habeas.services.whereabouts import whereabouts
from habeas.storage.store import Store

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["questions"])

StoreDep = Annotated[Store, Depends(get_store)]
Reader = Annotated[Principal, Depends(requires("read"))]


StatusReader = Reader
ComplianceReader = Reader
AlertsReader = Reader

_WHEN = "A date (2025-04-14: the whole day) or an instant with a zone (2025-04-14T12:00-04:00)."
Name = Annotated[str, Query(min_length=1, max_length=200)]
When = Annotated[str | None, Query(max_length=64, description=_WHEN)]
Days = Annotated[int, Query(ge=0, le=3650)]
if TYPE_CHECKING:
    SearchType = str
    ServiceMethod = str
else:
    SearchType = Literal[SEARCH_TYPES]
    ServiceMethod = Literal[tuple(SERVICE_METHODS)]


@router.get(
    "/whereabouts",
    response_model=WhereaboutsOut,
    summary="Where a person is, or was",
    responses=error_responses(404, 409),
)
def whereabouts_route(
    who: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="A key or any part of a name (case and accents ignored).",
            examples=["Abrego Garcia"],
        ),
    ],
    caller: Reader,
    store: StoreDep,
    as_of: When = None,
    known_at: Annotated[
        str | None,
        Query(max_length=64, description="Answer as the ledger knew it at this instant."),
    ] = None,
) -> dict[str, Any]:
    """Status, facility, country, custodian, since when, on what claimed basis, the
    sources, and the chain of custody that led there. An ambiguous name is 409 with the
    candidates."""
    report = whereabouts(store, who, as_of=as_of, known_at=known_at, principal=caller)
    data: dict[str, Any] = report.to_json()
    return data


@router.get(
    "/timeline",
    response_model=TimelineOut,
    summary="Everything about a person or a case, in time order",
    responses=error_responses(404, 409),
)
def timeline_route(
    subject: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="A person or a case: key, name, caption or docket number.",
            examples=["Abrego Garcia"],
        ),
    ],
    caller: Reader,
    store: StoreDep,
) -> dict[str, Any]:
    """Custody, transfers, filings, orders, appeals, stays and statements, each with its
    sources."""
    data: dict[str, Any] = timeline(store, subject, principal=caller).to_json()
    return data


@router.get(
    "/occupancy",
    response_model=OccupancyOut,
    summary="Who a facility holds on a day",
    responses=error_responses(404, 409),
)
def occupancy_route(
    facility: Annotated[
        str,
        Query(min_length=1, max_length=200, description="A key or name.", examples=["CECOT"]),
    ],
    caller: Reader,
    store: StoreDep,
    on: When = None,
) -> dict[str, Any]:
    """The people held, against the facility's capacity."""
    found = occupancy(store, facility, on=on, principal=caller, people=None)
    data: dict[str, Any] = found.to_json()
    return data


@router.get(
    "/search",
    response_model=SearchOut,
    summary="Search names",
    responses=error_responses(),
)
def search_route(
    q: Annotated[
        str, Query(max_length=200, description="A name, any spelling.", examples=["cecot"])
    ],
    caller: Reader,
    store: StoreDep,
    type: Annotated[
        list[SearchType] | None, Query(max_length=len(SEARCH_TYPES), description="Only these.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """People, facilities, cases, sources, actors, transfers and courts whose names match
    `q` forgivingly (typos, spellings that sound alike, accents, word order, particles,
    initials), best first, each saying what matched (docs/search.md)."""
    types = tuple(dict.fromkeys(type)) if type else SEARCH_TYPES
    results = search(store, q, types=types, limit=limit, principal=caller)
    return {"q": q, "results": results}


@router.get(
    "/status",
    response_model=StatusOut,
    summary="What the ledger holds",
    responses=error_responses(),
)
def status_route(caller: StatusReader, store: StoreDep, as_of: When = None) -> dict[str, Any]:
    """The log's size and root, record counts, where the named people are, and how full
    the facilities are."""
    data: dict[str, Any] = status_report(store, as_of=as_of, principal=caller)
    return data


@router.get(
    "/compliance",
    response_model=ComplianceOut,
    summary="Orders, what they require, and whether it was done",
    responses=error_responses(404, 409),
)
def compliance_route(
    caller: ComplianceReader,
    store: StoreDep,
    case: Annotated[
        str | None,
        Query(max_length=200, description="A case (key, caption or docket number); none: all."),
    ] = None,
    as_of: When = None,
    include_future: Annotated[
        bool, Query(description="Also obligations not yet in effect.")
    ] = False,
    known_at: Annotated[
        str | None,
        Query(max_length=64, description="Answer as the ledger knew it at this instant."),
    ] = None,
) -> dict[str, Any]:
    """Each obligation's state at `as_of` (default now), with its evidence, its citation
    and the counts per case, as the ledger knows it now or knew it at `known_at`
    (docs/compliance.md)."""
    report = compliance(
        store,
        case,
        as_of=as_of,
        include_future=include_future,
        known_at=known_at,
        principal=caller,
    )
    data: dict[str, Any] = report.to_json()
    return data


@router.get(
    "/alerts",
    response_model=AlertsOut,
    summary="What needs attention",
    responses=error_responses(),
)
def alerts_route(
    caller: AlertsReader,
    store: StoreDep,
    as_of: When = None,
    within_days: Annotated[int, Query(ge=0, le=3650, description="Deadlines this close.")] = 7,
    unknown_after_days: Annotated[
        int, Query(ge=0, le=3650, description="Whereabouts unknown for longer than this.")
    ] = 30,
    asap_after_days: Annotated[
        int, Query(ge=0, le=3650, description="'As soon as possible' open longer than this.")
    ] = 14,
) -> dict[str, Any]:
    """Violations, overdue obligations, missed filings, deadlines coming up, people whose
    whereabouts are unknown, facilities over capacity — most serious first."""
    report = alerts(
        store,
        as_of=as_of,
        within_days=within_days,
        unknown_after_days=unknown_after_days,
        asap_after_days=asap_after_days,
        principal=caller,
    )
    data: dict[str, Any] = report.to_json()
    return data


@router.get(
    "/deadline",
    response_model=DeadlineOut,
    summary="Compute a deadline (FRCP 6(a), FRAP 26(a))",
    responses=error_responses(404),
)
def deadline_route(
    court: Annotated[
        str,
        Query(min_length=1, max_length=40, description="A courts-db id.", examples=["mdd"]),
    ],
    trigger: Annotated[
        str,
        Query(
            min_length=1,
            max_length=64,
            description="The triggering event: 2025-04-07, or 2025-04-07T14:30 for hours.",
            examples=["2025-04-04"],
        ),
    ],
    caller: Reader,
    days: Annotated[int | None, Query(ge=0, le=3650, description="Period in days.")] = None,
    hours: Annotated[int | None, Query(ge=0, le=87600, description="Period in hours.")] = None,
    before: Annotated[bool, Query(description="Count backward from the event.")] = False,
    service: Annotated[
        ServiceMethod | None,
        Query(description="How the paper was served; mail, clerk, consented add 3 days."),
    ] = None,
    inaccessible: Annotated[
        list[Annotated[str, Query(max_length=10)]] | None,
        Query(max_length=60, description="Days the clerk's office was inaccessible."),
    ] = None,
    lower_court: Annotated[
        str | None, Query(max_length=40, description="For an appeal: the district court.")
    ] = None,
    declared_closures: Annotated[
        bool, Query(description="Count presidential closure orders as holidays.")
    ] = True,
) -> dict[str, Any]:
    """The last day and the moment it ends in the court's zone, every step citing its rule,
    and anything a person should check by hand."""
    if (days is None) == (hours is None):
        raise ApiProblem(
            422, "give exactly one of days or hours", slug="invalid-request", field="days"
        )
    result = calculate_deadline(
        court,
        trigger,
        days,
        hours,
        before,
        service,
        inaccessible or (),
        lower_court=lower_court,
        declared_closures=declared_closures,
    )
    data: dict[str, Any] = result.to_json()
    return data
