"""Where a person is, folded from their custody events.

The rule: take the person's custody events that had happened by the moment asked about,
in time order (same-time events in the order a custody chain runs: apprehended, detained,
transferred, removed, admitted, returned, released), and let each one move the person:

- apprehended, detained, transferred, admitted → in custody where the event says;
- removed → removed from the country; in custody if a custodian or facility is named;
- returned → back in the country; in custody if a custodian or facility is named;
- released → released; died → died; whereabouts_unknown and escaped → unknown.

When did an event certainly happen by? An event with a time counts from that minute; a
date-only event counts for the whole of its day; an event known only to a month, a year or
a range of days counts from the last day of its span (before then it may not yet have
happened). Events are ordered by that last day, then by the order of a custody chain, then
by the order in which they were recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from habeas.domain.custody import CustodyEvent
from habeas.domain.time import Precision

__all__ = ["KIND_ORDER", "Status", "Whereabouts", "event_happened_by", "fold_whereabouts"]

Status = Literal["in_custody", "released", "removed", "unknown", "died", "no_record"]

KIND_ORDER: dict[str, int] = {
    "apprehended": 0,
    "detained": 1,
    "transferred": 2,
    "removed": 3,
    "admitted": 4,
    "returned": 5,
    "released": 6,
    "escaped": 7,
    "whereabouts_unknown": 8,
    "died": 9,
}


@dataclass(frozen=True)
class Whereabouts:
    """A person's status and place at a moment, and the events that led there."""

    person: str
    status: Status
    facility: str | None = None
    place: str | None = None
    country: str | None = None
    custodian: str | None = None
    since: CustodyEvent | None = None
    legal_basis: str | None = None
    chain: tuple[CustodyEvent, ...] = field(default_factory=tuple)


def event_sort_key(event: CustodyEvent) -> tuple[str, int, str]:
    """Order events by the day they had certainly happened by, then as a custody chain runs."""
    if event.at.precision >= Precision.MINUTE:
        local = event.at.start().astimezone(event.at.tzinfo())
        return (
            local.date().isoformat(),
            KIND_ORDER.get(event.kind, 99),
            event.at.start_utc().isoformat(),
        )
    return (event.at.last_date().isoformat(), KIND_ORDER.get(event.kind, 99), "")


def event_happened_by(event: CustodyEvent, as_of: date | datetime) -> bool:
    """True if the event had certainly happened by `as_of` (a date: by the end of that day)."""
    if isinstance(as_of, datetime):
        if event.at.has_time:
            return event.at.start() <= as_of
        local = as_of.astimezone(event.at.tzinfo()).date() if event.at.zone_name else as_of.date()
        return event.at.last_date() <= local
    if event.at.has_time:
        return event.at.local_date() <= as_of
    return event.at.last_date() <= as_of


def fold_whereabouts(
    person: str,
    events: Sequence[CustodyEvent],
    as_of: date | datetime | None = None,
    facility_country: dict[str, str] | None = None,
) -> Whereabouts:
    """The person's whereabouts at `as_of` (None: now, i.e. every event recorded)."""
    countries = facility_country or {}
    chosen = sorted(
        (e for e in events if as_of is None or event_happened_by(e, as_of)),
        key=event_sort_key,
    )
    status: Status = "no_record"
    facility = place = country = custodian = basis = None
    since: CustodyEvent | None = None
    for e in chosen:
        where_facility = e.facility
        where_place = e.place.name if e.place else None
        where_country = (
            e.country
            or (countries.get(e.facility) if e.facility else None)
            or (e.place.country if e.place else None)
        )
        if e.kind in ("apprehended", "detained", "transferred", "admitted"):
            status = "in_custody"
        elif e.kind in ("removed", "returned"):
            held = bool(e.custodian or e.facility)
            status = "in_custody" if held else ("removed" if e.kind == "removed" else "released")
        elif e.kind == "released":
            status = "released"
        elif e.kind == "died":
            status = "died"
        else:
            status = "unknown"
        if status == "in_custody" and e.kind in ("transferred", "removed") and not where_facility:
            facility = None
        if where_facility or where_place or e.kind != "transferred":
            facility = where_facility
            place = where_place
        if where_country:
            country = where_country
        if status == "in_custody":
            custodian = e.custodian or custodian
            basis = e.legal_basis or basis
        else:
            custodian = None
            basis = e.legal_basis
        if status == "unknown":
            facility = place = None
        elif status != "in_custody":
            facility = None
        since = e
    return Whereabouts(
        person, status, facility, place, country, custodian, since, basis, tuple(chosen)
    )
