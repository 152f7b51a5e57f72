"""Legal holidays for federal deadlines: FRCP 6(a)(6), FRAP 26(a)(6), FRBP 9006(a)(6).

A "legal holiday" is
  (A) the day set aside by statute for observing one of the eleven federal holidays
      (5 U.S.C. 6103(a)); when a holiday falls on a Saturday the statute sets aside the Friday
      before, on a Sunday the Monday after (5 U.S.C. 6103(b); Executive Order 11582), and those
      observed days count too -- taken from `holidays.US()`, whose public category is exactly
      that list with its observed days;
  (B) any day declared a holiday by the President or Congress -- shipped in
      `data/declared_closures.json` with its source (see `include_declared_closures`);
  (C) for periods measured after an event (never for periods counted backwards), any other
      day declared a holiday by the state where the district court sits -- taken from
      `holidays.US(subdiv=STATE)`; for a court of appeals, the state of the circuit clerk's
      principal office or of the district court whose judgment is challenged.

The Supreme Court's Rule 30.1 counts only the federal holidays of 5 U.S.C. 6103 and days the
Court building is closed by order of the Court or the Chief Justice (add those as extra days).

A `HolidayCalendar` can be extended with a court's own days (a local rule, a general order
closing the courthouse) and with days the clerk's office was inaccessible (Rule 6(a)(3)),
each with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Literal

from holidays import country_holidays
from holidays.countries.united_states import UnitedStates

from habeas.domain.courts import Court, get_court

__all__ = [
    "DeclaredClosure",
    "Holiday",
    "HolidayBasis",
    "HolidayCalendar",
    "declared_closures",
    "federal_holiday",
    "is_legal_holiday",
    "is_weekend",
    "state_holiday",
]

HolidayBasis = Literal["federal", "declared", "state", "court"]

# States and territories `holidays.US` knows (`UnitedStates.subdivisions`), fixed here so that a
# court whose state has no table (the Canal Zone) is skipped rather than an error.
_SUBDIVISIONS = frozenset(UnitedStates.subdivisions)


@dataclass(frozen=True)
class DeclaredClosure:
    """A day the President or Congress closed the executive departments, and the order."""

    day: date
    name: str
    authority: str  # "President" or "Congress"
    order: str  # "Executive Order 14133 of December 30, 2024"
    title: str
    citation: str  # "90 Fed. Reg. 187 (Jan. 3, 2025)", or "" when not verified
    verified: bool  # number and citation checked against the Federal Register text

    @property
    def source(self) -> str:
        """The order, with its Federal Register citation when known."""
        return f"{self.order}, {self.citation}" if self.citation else self.order


@dataclass(frozen=True)
class Holiday:
    """One legal holiday: its day, its name, and which clause of the rule makes it one."""

    day: date
    name: str
    basis: HolidayBasis
    source: str

    def describe(self) -> str:
        """The name, with the basis when it is not a federal holiday."""
        if self.basis == "federal":
            return self.name
        if self.basis == "declared":
            return f"{self.name} (declared by the {self.source})"
        if self.basis == "state":
            return f"{self.name} ({self.source})"
        return f"{self.name} (court: {self.source})"


def is_weekend(day: date) -> bool:
    """Saturday or Sunday."""
    return day.weekday() >= 5


@cache
def _federal_year(year: int) -> Mapping[date, str]:
    return MappingProxyType(dict(country_holidays("US", years=year)))


@cache
def _state_year(state: str, year: int) -> Mapping[date, str]:
    return MappingProxyType(dict(country_holidays("US", subdiv=state, years=year)))


def federal_holiday(day: date) -> str | None:
    """The federal holiday (5 U.S.C. 6103(a), observed days included) on this day, if any."""
    return _federal_year(day.year).get(day)


def state_holiday(day: date, state: str) -> str | None:
    """A holiday of this state or territory on this day that is not a federal holiday."""
    if state not in _SUBDIVISIONS or federal_holiday(day) is not None:
        return None
    return _state_year(state, day.year).get(day)


@cache
def declared_closures() -> tuple[DeclaredClosure, ...]:
    """The shipped days declared holidays by the President or Congress, oldest first."""
    raw = json.loads(
        files("habeas.domain").joinpath("data", "declared_closures.json").read_text("utf-8")
    )
    return tuple(
        DeclaredClosure(
            day=date.fromisoformat(row["date"]),
            name=row["name"],
            authority=row["authority"],
            order=row["order"],
            title=row["title"],
            citation=row["citation"],
            verified=row["verified"],
        )
        for row in raw["closures"]
    )


def _frozen(days: Mapping[date, str] | Iterable[tuple[date, str]]) -> Mapping[date, str]:
    return MappingProxyType(dict(days.items() if isinstance(days, Mapping) else days))


@dataclass(frozen=True, eq=False)
class HolidayCalendar:
    """Which days are legal holidays (and which the clerk's office was inaccessible).

    include_declared_closures: count the shipped presidential closures of the executive
        departments as "days declared a holiday by the President" (Rule 6(a)(6)(B)). On by
        default; the deadline calculator then also says what the deadline would be without
        them. See docs/deadlines.md for the judgement behind the default.
    include_state_holidays: count state holidays for periods measured after an event
        (Rule 6(a)(6)(C)). Turn off only to see what a deadline would be without them.
    extra_holidays: further days the court treats as holidays (a local rule, a general order
        closing the court), each with its reason.
    inaccessible: days the clerk's office was inaccessible (Rule 6(a)(3)), each with its reason.
    """

    include_declared_closures: bool = True
    include_state_holidays: bool = True
    extra_holidays: Mapping[date, str] = field(default_factory=dict)
    inaccessible: Mapping[date, str] = field(default_factory=dict)
    closures: tuple[DeclaredClosure, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra_holidays", _frozen(self.extra_holidays))
        object.__setattr__(self, "inaccessible", _frozen(self.inaccessible))

    # -- extending ---------------------------------------------------------------------

    def with_holiday(self, day: date, reason: str) -> HolidayCalendar:
        """A copy that also treats `day` as a legal holiday, for `reason`."""
        return replace(self, extra_holidays={**self.extra_holidays, day: reason})

    def with_inaccessible(self, day: date, reason: str) -> HolidayCalendar:
        """A copy that records the clerk's office as inaccessible on `day`, for `reason`."""
        return replace(self, inaccessible={**self.inaccessible, day: reason})

    def without_declared_closures(self) -> HolidayCalendar:
        """A copy that does not count declared closures as legal holidays."""
        return replace(self, include_declared_closures=False)

    # -- asking ------------------------------------------------------------------------

    def declared(self, day: date) -> DeclaredClosure | None:
        """The declared closure on this day, whether or not this calendar counts it."""
        for closure in self.closures if self.closures is not None else declared_closures():
            if closure.day == day:
                return closure
        return None

    def holiday(
        self,
        day: date,
        court: Court,
        *,
        after_event: bool = True,
        also_states: Iterable[str] = (),
    ) -> Holiday | None:
        """The legal holiday on `day` for a period in `court`, or None.

        after_event: the period is measured after an event (state holidays count only then).
        also_states: further states whose holidays count (FRAP 26(a)(6)(C): the state of the
            district court whose judgment is challenged).
        """
        name = federal_holiday(day)
        if name is not None:
            return Holiday(day, name, "federal", "5 U.S.C. 6103")
        if court.kind != "supreme" and self.include_declared_closures:
            closure = self.declared(day)
            if closure is not None:
                source = f"{closure.authority}: {closure.source}"
                return Holiday(day, closure.name, "declared", source)
        if court.kind != "supreme" and after_event and self.include_state_holidays:
            states = dict.fromkeys([court.state, *also_states])
            for state in states:
                name = state_holiday(day, state) if state else None
                if name is not None:
                    return Holiday(day, name, "state", f"{state} state holiday")
        if day in self.extra_holidays:
            return Holiday(day, "court holiday", "court", self.extra_holidays[day])
        return None

    def is_legal_holiday(self, day: date, court: Court, *, after_event: bool = True) -> str | None:
        """The description of the legal holiday on `day`, or None."""
        found = self.holiday(day, court, after_event=after_event)
        return found.describe() if found else None

    def inaccessible_reason(self, day: date) -> str | None:
        """Why the clerk's office was inaccessible on `day`, if it was recorded."""
        return self.inaccessible.get(day)


def is_legal_holiday(
    day: date,
    court: Court | str,
    *,
    after_event: bool = True,
    calendar: HolidayCalendar | None = None,
) -> str | None:
    """The legal holiday on `day` for a period in `court` (name and basis), or None."""
    found = (calendar or HolidayCalendar()).holiday(
        day, court if isinstance(court, Court) else get_court(court), after_event=after_event
    )
    return found.describe() if found else None
