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

__all__ = [
    "KIND_ORDER",
    "Status",
    "Whereabouts",
    "event_day",
    "event_happened_by",
    "event_sort_key",
    "fold_days",
    "fold_whereabouts",
]

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


def event_day(event: CustodyEvent) -> date:
    """The day from which the rule counts the event as happened (its sort key's first part)."""
    return date.fromisoformat(event_sort_key(event)[0])


def fold_whereabouts(
    person: str,
    events: Sequence[CustodyEvent],
    as_of: date | datetime | None = None,
    facility_country: dict[str, str] | None = None,
) -> Whereabouts:
    """The person's whereabouts at `as_of` (None: now, i.e. every event recorded)."""
    chosen = sorted(
        (e for e in events if as_of is None or event_happened_by(e, as_of)),
        key=event_sort_key,
    )
    fold = _Fold(facility_country or {})
    for e in chosen:
        fold.step(e)
    return fold.answer(person, tuple(chosen))


def fold_days(
    person: str,
    events: Sequence[CustodyEvent],
    facility_country: dict[str, str] | None = None,
) -> list[tuple[date, Whereabouts]]:
    """The person's whereabouts at the end of each day one of `events` happened by, in day
    order, each the same as `fold_whereabouts(person, events, day)`, from one fold.

    One pass is enough: an event had happened by a day exactly when the day it counts from
    (`event_day`, the first part of its sort key) is that day or before, so the events that
    had happened by a day are a prefix of all the events in the rule's order, in the same
    order (the sort keeps the recorded order of equal keys, of the prefix as of the whole),
    and the answer on that day is the fold of that prefix.
    """
    keys = [event_sort_key(e) for e in events]
    order = sorted(range(len(events)), key=keys.__getitem__)
    chain = tuple(events[i] for i in order)
    fold = _Fold(facility_country or {})
    out: list[tuple[date, Whereabouts]] = []
    for n, i in enumerate(order):
        fold.step(events[i])
        day = keys[i][0]
        if n + 1 == len(order) or keys[order[n + 1]][0] != day:
            out.append((date.fromisoformat(day), fold.answer(person, chain[: n + 1])))
    return out


class _Fold:
    """The state of the fold so far: each event in the rule's order moves the person."""

    def __init__(self, facility_country: dict[str, str]) -> None:
        self.countries = facility_country
        self.status: Status = "no_record"
        self.facility: str | None = None
        self.place: str | None = None
        self.country: str | None = None
        self.custodian: str | None = None
        self.basis: str | None = None
        self.since: CustodyEvent | None = None

    def step(self, e: CustodyEvent) -> None:
        where_facility = e.facility
        where_place = e.place.name if e.place else None
        where_country = (
            e.country
            or (self.countries.get(e.facility) if e.facility else None)
            or (e.place.country if e.place else None)
        )
        status: Status
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
        self.status = status
        if status == "in_custody" and e.kind in ("transferred", "removed") and not where_facility:
            self.facility = None
        if where_facility or where_place or e.kind != "transferred":
            self.facility = where_facility
            self.place = where_place
        if where_country:
            self.country = where_country
        if status == "in_custody":
            self.custodian = e.custodian or self.custodian
            self.basis = e.legal_basis or self.basis
        else:
            self.custodian = None
            self.basis = e.legal_basis
        if status == "unknown":
            self.facility = self.place = None
        elif status != "in_custody":
            self.facility = None
        self.since = e

    def answer(self, person: str, chain: tuple[CustodyEvent, ...]) -> Whereabouts:
        return Whereabouts(
            person,
            self.status,
            self.facility,
            self.place,
            self.country,
            self.custodian,
            self.since,
            self.basis,
            chain,
        )
