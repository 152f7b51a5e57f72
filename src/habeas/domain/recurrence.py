"""Recurring obligations: when each occurrence falls due, and which filing answers which.

Each occurrence is its own check: occurrence i is due at the recurrence's time of day on its
day, in the recurrence's zone.

Which filing counts for which occurrence:

- a filing counts for the first occurrence due on or after the day it was filed (its local
  date in the recurrence's zone): on time if made by the due time, else late by the
  difference ("filed at 6 p.m. on the 14th" is the 14th's declaration, an hour late);
- a filing whose occurrence is already answered makes up the most recent earlier occurrence
  still unanswered, late;
- a filing after the last occurrence due so far answers nothing yet.

A filing known only by its date is counted from the start of that day; when the day runs past
the due time, it is on time only if it was made before the due time: it is counted on time
with its timing marked uncertain.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from habeas.domain.calendar import federal_holiday, is_legal_holiday
from habeas.domain.obligations import Recurrence
from habeas.domain.time import zone

__all__ = ["Answer", "Filing", "assign_filings", "next_due", "occurrence_dues"]

LIMIT = 20_000  # occurrences: more than 50 years of daily filings


@dataclass(frozen=True)
class Filing:
    """A filing as the matcher sees it: its key, earliest and latest moment, exact or not."""

    key: str
    earliest: datetime
    latest: datetime
    exact: bool


@dataclass(frozen=True)
class Answer:
    """A filing counted for an occurrence."""

    filing: Filing
    late_by: timedelta | None
    timing_uncertain: bool


def _open_day(rec: Recurrence, day: date) -> bool:
    if rec.every != "business_day":
        return True
    if day.weekday() >= 5:
        return False
    if rec.court is not None:
        return is_legal_holiday(day, rec.court) is None
    return federal_holiday(day) is None


def _days(rec: Recurrence) -> tuple[date, timedelta]:
    step = timedelta(days=7 if rec.every == "week" else 1)
    return rec.start, step


def _due(rec: Recurrence, day: date) -> datetime:
    hh, mm = (int(x) for x in rec.at.split(":"))
    wall = datetime.combine(day, time(hh, mm), tzinfo=zone(rec.zone))
    return wall.astimezone(zone(rec.zone))


def occurrence_dues(rec: Recurrence, first: datetime, last: datetime) -> list[datetime]:
    """Due moments of `rec` that fall after `first` (exclusive) and up to `last` (inclusive)."""
    day, step = _days(rec)
    out: list[datetime] = []
    while len(out) < LIMIT:
        if rec.until is not None and day > rec.until:
            break
        if _open_day(rec, day):
            due = _due(rec, day)
            if due > last:
                break
            if due > first:
                out.append(due)
        day += step
    return out


def next_due(rec: Recurrence, after: datetime) -> datetime | None:
    """The first due moment of `rec` strictly after `after`, or None when it has ended."""
    day, step = _days(rec)
    local = after.astimezone(zone(rec.zone)).date()
    if local > day:
        skip = (local - day).days // step.days
        day += step * max(skip - 1, 0)
    for _ in range(LIMIT):
        if rec.until is not None and day > rec.until:
            return None
        if _open_day(rec, day) and (due := _due(rec, day)) > after:
            return due
        day += step
    return None


def assign_filings(
    dues: Sequence[datetime], filings: Sequence[Filing], zone_name: str
) -> dict[int, Answer]:
    """occurrence index -> the filing that answers it (see the module docstring)."""
    z = zone(zone_name)
    days = [d.astimezone(z).date() for d in dues]
    answers: dict[int, Answer] = {}
    for f in sorted(filings, key=lambda f: (f.earliest, f.key)):
        i = bisect_left(days, f.earliest.astimezone(z).date())
        if i >= len(dues):
            continue
        if i not in answers:
            if f.earliest <= dues[i]:
                answers[i] = Answer(f, None, not f.exact and f.latest > dues[i])
            else:
                answers[i] = Answer(f, f.earliest - dues[i], not f.exact)
            continue
        j = next((k for k in range(i - 1, -1, -1) if k not in answers), None)
        if j is not None:
            answers[j] = Answer(f, f.earliest - dues[j], not f.exact)
    return answers
