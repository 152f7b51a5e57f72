"""Computing a deadline from text input (the CLI's and the API's): parse, then call the domain.

No database: a deadline depends only on the court, the trigger, the period and the calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from habeas.domain.calendar import HolidayCalendar
from habeas.domain.deadlines import ComputedDeadline, DeadlineError, compute_period

__all__ = ["SERVICE_METHODS", "calculate_deadline", "parse_trigger"]

# How the paper that triggers the period was served, and whether 3 days are added
# (FRCP 6(d): service under Rule 5(b)(2)(C) mail, (D) leaving with the clerk, (F) other means
# consented to; not electronic service or delivery by hand).
SERVICE_METHODS = {
    "mail": True,
    "clerk": True,
    "consented": True,
    "electronic": False,
    "hand": False,
}


def parse_trigger(text: str) -> date | datetime:
    """An ISO date ("2025-04-07") or date and time ("2025-04-07T14:30", "...-04:00")."""
    value = text.strip()
    try:
        if "T" in value or " " in value:
            return datetime.fromisoformat(value)
        return date.fromisoformat(value)
    except ValueError as e:
        raise DeadlineError(
            f"{text!r} is not an ISO date (2025-04-07) or date and time (2025-04-07T14:30)"
        ) from e


def _date(text: str | date) -> date:
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text.strip())
    except ValueError as e:
        raise DeadlineError(f"{text!r} is not an ISO date (2025-04-07)") from e


def calculate_deadline(
    court_id: str,
    trigger: str,
    days: int | None = None,
    hours: int | None = None,
    before: bool = False,
    service: str | None = None,
    inaccessible: Iterable[str | date] = (),
    *,
    lower_court: str | None = None,
    declared_closures: bool = True,
) -> ComputedDeadline:
    """The deadline `days` or `hours` after (or before) `trigger` in court `court_id`.

    trigger: an ISO date, or an ISO date and time (required for periods in hours; read in the
        court's time zone when it has no offset).
    service: how the triggering paper was served (a key of SERVICE_METHODS), if it matters.
    inaccessible: ISO dates on which the clerk's office was inaccessible.
    declared_closures: count presidential closure orders as legal holidays (the default).
    Raises DeadlineError on any bad input.
    """
    if service is not None and service not in SERVICE_METHODS:
        known = ", ".join(SERVICE_METHODS)
        raise DeadlineError(f"unknown service method {service!r}; use one of: {known}")
    try:
        return _compute(
            court_id,
            trigger,
            days,
            hours,
            before,
            service,
            inaccessible,
            declared_closures,
            lower_court,
        )
    except (OverflowError, ValueError) as e:
        if isinstance(e, DeadlineError):
            raise
        raise DeadlineError(f"cannot compute that period: {e}") from e


def _compute(
    court_id: str,
    trigger: str,
    days: int | None,
    hours: int | None,
    before: bool,
    service: str | None,
    inaccessible: Iterable[str | date],
    declared_closures: bool,
    lower_court: str | None,
) -> ComputedDeadline:
    return compute_period(
        court_id,
        parse_trigger(trigger),
        days=days,
        hours=hours,
        before=before,
        service_by_mail=SERVICE_METHODS.get(service or "", False),
        inaccessible=[_date(d) for d in inaccessible],
        calendar=HolidayCalendar(include_declared_closures=declared_closures),
        lower_court=lower_court,
    )
