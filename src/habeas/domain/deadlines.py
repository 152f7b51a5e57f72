"""Computed deadlines under FRCP 6(a), FRAP 26(a), FRBP 9006(a) and Supreme Court Rule 30.1.

Every result carries its explanation, one step per rule applied:

    >>> r = compute_period("mdd", date(2007, 8, 22), days=10)
    >>> r.deadline, r.steps[-1][:16]
    (datetime.date(2007, 9, 4), '→ Tue 2007-09-04')

Which rules are implemented, and which are not, is written down in docs/deadlines.md.
Deadlines written out in an order ("by 11:59 PM on Monday, April 7, 2025") are read by
`parse_explicit_deadline`.

    DeadlineError(HabeasError, ValueError)   a period or a deadline cannot be computed or read
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from habeas.domain.calendar import HolidayCalendar
from habeas.domain.courts import Court, UnknownCourt, get_court
from habeas.domain.errors import HabeasError

__all__ = [
    "END_OF_DAY",
    "ComputedDeadline",
    "DeadlineError",
    "ExplicitDeadline",
    "compute_period",
    "parse_explicit_deadline",
    "resolve_court",
]

_RULE_2009 = date(2009, 12, 1)  # the "days are days" amendments to FRCP 6(a), FRAP 26(a)
END_OF_DAY = time(23, 59, 59, 999999)
"""The last instant of a day: a day period's last day ends at midnight (Rule 6(a)(4)(A))."""


class DeadlineError(HabeasError, ValueError):
    """A period or a deadline cannot be computed or read (the message says why)."""


@dataclass(frozen=True)
class ComputedDeadline:
    """A deadline computed from a trigger and a period, with every step that produced it.

    deadline: the last day to act (in the court's time zone).
    ends_at: the last instant to act, aware, in the court's zone. For a period in days the
        last day ends at midnight (Rule 6(a)(4)(A), electronic filing), represented as
        23:59:59.999999 local time; JSON shows it to the second ("...T23:59:59-04:00").
    raw_end: the day the count itself ended on, before any weekend, holiday, inaccessibility
        or service-by-mail adjustment.
    steps: the explanation, one rule application per string, each citing its clause.
    rule: the rules applied ("FRCP 6(a)(1)", "FRCP 6(a)(1) + 6(d)").
    warnings: what a careful reader should check (a judgement the result depends on).
    summary: the steps in short, on one line: "trigger 2007-08-22 (Wed); day 10 = Sat
        2007-09-01; ...; → Tue 2007-09-04".
    """

    deadline: date
    ends_at: datetime
    raw_end: date
    steps: tuple[str, ...]
    rule: str
    court: str = ""
    trigger: str = ""
    period: str = ""
    warnings: tuple[str, ...] = ()
    summary: str = ""

    def explain(self) -> str:
        """The steps in short, on one line."""
        return self.summary

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: deadline, ends_at (ISO with offset), steps, court, rule..."""
        return {
            "deadline": self.deadline.isoformat(),
            "ends_at": self.ends_at.isoformat(timespec="seconds"),
            "timezone": str(self.ends_at.tzinfo),
            "raw_end": self.raw_end.isoformat(),
            "steps": list(self.steps),
            "summary": self.summary,
            "court": self.court,
            "rule": self.rule,
            "trigger": self.trigger,
            "period": self.period,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class _Rules:
    """How one set of rules names its clauses."""

    a: str  # prefix of the computing clauses: "FRCP 6(a)"
    mail: str | None  # the 3-day rule after service by mail, if any
    same_clause: bool = False  # Sup. Ct. R. 30.1 has one clause for everything

    def cite(self, clause: str) -> str:
        return self.a if self.same_clause else f"{self.a}{clause}"


_RULES = {
    "district": _Rules("FRCP 6(a)", "FRCP 6(d)"),
    "bankruptcy": _Rules("FRBP 9006(a)", "FRBP 9006(f)"),
    "circuit": _Rules("FRAP 26(a)", "FRAP 26(c)"),
    "supreme": _Rules("Sup. Ct. R. 30.1", None, same_clause=True),
}


def resolve_court(court: Court | str) -> Court:
    """The court itself, or the court with this id; DeadlineError for an unknown id."""
    if isinstance(court, Court):
        return court
    try:
        return get_court(court)
    except UnknownCourt as e:
        raise DeadlineError(str(e)) from e


def _day(d: date) -> str:
    return f"{d:%a} {d.isoformat()}"


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """A naive moment read in `zone`, an aware one converted to it."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


class _Run:
    """One computation: the court's calendar, the direction, and the steps so far."""

    def __init__(
        self,
        court: Court,
        rules: _Rules,
        calendar: HolidayCalendar,
        after_event: bool,
        also_states: tuple[str, ...],
    ) -> None:
        self.court, self.rules, self.calendar = court, rules, calendar
        self.after_event, self.also_states = after_event, also_states
        self.steps: list[tuple[str, str]] = []  # (what happened, the rule and its words)
        self.declared: list[date] = []

    def note(self, head: str, detail: str = "") -> None:
        self.steps.append((head, detail))

    def closed(self, day: date) -> tuple[str, str] | None:
        """Why `day` cannot end a period (weekend or legal holiday, and its clause), or None."""
        if day.weekday() >= 5:
            return "weekend", ""
        found = self.calendar.holiday(
            day, self.court, after_event=self.after_event, also_states=self.also_states
        )
        if found is None:
            return None
        if found.basis == "declared":
            self.declared.append(day)
        clause = {"federal": "(6)(A)", "declared": "(6)(B)", "state": "(6)(C)", "court": ""}
        where = self.rules.cite(clause[found.basis]) if clause[found.basis] else "court's own day"
        return found.describe(), f" [legal holiday, {where}]"

    def roll(self, day: date, step: int, clause: str) -> date:
        """Move past weekends and legal holidays in the direction of `step` (6(a)(5))."""
        first = True
        while (why := self.closed(day)) is not None:
            if first:
                until = "until the same time on" if clause == "(2)(C)" else "to the end of"
                way = "next" if step > 0 else "previous (counting backward)"
                cite = self.rules.cite(clause)
                cite += "" if step > 0 or self.rules.same_clause else f", {self.rules.cite('(5)')}"
                self.note(
                    f"{_day(day)} {why[0]}",
                    f"{why[1]}: the period continues {until} the {way} "
                    f"day that is not a Saturday, Sunday or legal holiday [{cite}]",
                )
                first = False
            else:
                self.note(f"{_day(day)} {why[0]}", why[1])
            day += timedelta(days=step)
        return day

    def accessible(self, day: date, clause: str) -> date:
        """Rule 6(a)(3): an inaccessible last day moves forward to an accessible open day."""
        if self.calendar.inaccessible_reason(day) is None:
            return day
        while True:
            reason = self.calendar.inaccessible_reason(day)
            if reason is not None:
                self.note(
                    f"{_day(day)} clerk's office inaccessible",
                    f" ({reason}): extended to the first accessible day that is not a "
                    f"Saturday, Sunday or legal holiday [{self.rules.cite(clause)}]",
                )
            elif (why := self.closed(day)) is not None:
                self.note(f"{_day(day)} {why[0]}", why[1])
            else:
                return day
            day += timedelta(days=1)

    def result(self, **fields: Any) -> ComputedDeadline:
        """The deadline, with these steps."""
        return ComputedDeadline(
            steps=tuple(head + detail for head, detail in self.steps),
            summary="; ".join(head for head, _ in self.steps),
            court=self.court.id,
            **fields,
        )


def _check(
    court: Court, days: int | None, hours: int | None, before: bool, mail: bool
) -> tuple[int, str, _Rules]:
    if (days is None) == (hours is None):
        raise DeadlineError("give exactly one period: a number of days or a number of hours")
    n = days if days is not None else hours
    if isinstance(n, bool) or not isinstance(n, int):
        raise DeadlineError(f"the period must be a whole number, not {n!r}")
    if n < 0:
        raise DeadlineError(f"the period cannot be negative ({n}); use --before to count back")
    if court.kind not in _RULES:
        raise DeadlineError(
            f"no time-computation rule is implemented for {court.name} "
            f"({court.id}); only district, bankruptcy, circuit and Supreme "
            f"Court periods are computed"
        )
    rules = _RULES[court.kind]
    unit = "days" if days is not None else "hours"
    if court.kind == "supreme" and (before or unit == "hours"):
        raise DeadlineError(
            "Supreme Court Rule 30.1 is implemented for periods in days after an event only"
        )
    if mail and (before or unit == "hours" or rules.mail is None):
        raise DeadlineError(
            "3 days are added after service by mail only to periods in days "
            "measured after service (FRCP 6(d), FRAP 26(c), FRBP 9006(f))"
        )
    return n, unit, rules


def compute_period(
    court: Court | str,
    trigger: date | datetime,
    *,
    days: int | None = None,
    hours: int | None = None,
    before: bool = False,
    service_by_mail: bool = False,
    inaccessible: Iterable[date] = (),
    calendar: HolidayCalendar | None = None,
    lower_court: Court | str | None = None,
) -> ComputedDeadline:
    """The deadline `days` or `hours` after (or, with `before`, before) `trigger` in `court`.

    trigger: the event. A date for periods in days; a datetime for periods in hours (naive
        datetimes are read in the court's time zone).
    service_by_mail: the trigger is service by mail (or by leaving with the clerk, or by other
        consented means): 3 days are added after the period would otherwise expire.
    inaccessible: days the clerk's office was inaccessible (Rule 6(a)(3)).
    calendar: the holidays to use (default: federal, declared closures, state holidays).
    lower_court: for a court of appeals, the district court whose judgment is challenged;
        its state's holidays count too (FRAP 26(a)(6)(C)).
    """
    c = resolve_court(court)
    n, unit, rules = _check(c, days, hours, before, service_by_mail)
    cal = calendar or HolidayCalendar()
    for day in inaccessible:
        if cal.inaccessible_reason(day) is None:
            cal = cal.with_inaccessible(day, "recorded")
    also = (resolve_court(lower_court).state,) if lower_court is not None else ()
    also_states = tuple(s for s in also if s)
    args = (c, rules, trigger, n, unit, before, service_by_mail, also_states)
    result, declared = _compute(*args, cal)
    warnings = list(result.warnings)
    if declared:
        alt, _ = _compute(*args, cal.without_declared_closures())
        if alt.ends_at != result.ends_at:
            listed = " and ".join(d.isoformat() for d in sorted(set(declared)))
            warnings.append(
                f"{listed} counted as declared a holiday by the President (executive-branch "
                f"closure, {rules.cite('(6)(B)')}); courts differ on such closures -- without "
                f"them the deadline is {_day(alt.deadline)}"
            )
    if (trigger.date() if isinstance(trigger, datetime) else trigger) < _RULE_2009:
        warnings.append(
            "computed under the time-computation rules in force since 2009-12-01; before "
            "then, periods under 11 days excluded intermediate weekends and holidays"
        )
    if not c.active:
        warnings.append(f"{c.id} is a former court; computed with today's rules")
    return replace(result, warnings=tuple(warnings))


def _compute(
    court: Court,
    rules: _Rules,
    trigger: date | datetime,
    n: int,
    unit: str,
    before: bool,
    mail: bool,
    also_states: tuple[str, ...],
    cal: HolidayCalendar,
) -> tuple[ComputedDeadline, list[date]]:
    run = _Run(court, rules, cal, not before, also_states)
    zone = court.zone
    period = f"{n} {unit} {'before' if before else 'after'}"
    if unit == "hours":
        return _hours(run, zone, trigger, n, before, period), run.declared
    start = _local(trigger, zone).date() if isinstance(trigger, datetime) else trigger
    step = -1 if before else 1
    run.note(
        f"{'event' if before else 'trigger'} {start.isoformat()} ({start:%a})",
        f": the day of the event is excluded [{rules.cite('(1)(A)')}]",
    )
    raw_end = start + timedelta(days=step * n)
    run.note(
        f"day {n} = {_day(raw_end)}",
        f": {n} days counted {'back' if before else 'forward'}, every day counted "
        f"[{rules.cite('(1)(B)')}]",
    )
    end = run.accessible(run.roll(raw_end, step, "(1)(C)"), "(3)(A)")
    rule = f"{rules.a}(1)" if not rules.same_clause else rules.a
    if mail and rules.mail:
        run.note(f"period would otherwise expire {_day(end)}")
        plus3 = end + timedelta(days=3)
        run.note(
            f"+3 days for service by mail = {_day(plus3)}",
            f": 3 days are added after the period would otherwise expire [{rules.mail}]",
        )
        end = run.accessible(run.roll(plus3, 1, "(1)(C)"), "(3)(A)")
        rule += f" + {rules.mail.split(' ', 1)[1]}"
    ends_at = datetime.combine(end, END_OF_DAY, tzinfo=zone)
    run.note(
        f"→ {_day(end)}",
        f", the last day ends at midnight {zone.key} "
        f"({ends_at.isoformat(timespec='seconds')}) [{rules.cite('(4)(A)')}]",
    )
    result = run.result(
        deadline=end,
        ends_at=ends_at,
        raw_end=raw_end,
        rule=rule,
        trigger=trigger.isoformat(),
        period=period,
    )
    return result, run.declared


def _hours(
    run: _Run, zone: ZoneInfo, trigger: date | datetime, n: int, before: bool, period: str
) -> ComputedDeadline:
    if not isinstance(trigger, datetime):
        raise DeadlineError(
            "a period in hours needs the time of the event, not only its date "
            "(e.g. 2025-04-07T14:30)"
        )
    rules = run.rules
    start = _local(trigger, zone)
    run.note(
        f"trigger {start.isoformat(timespec='minutes')} ({start:%a})",
        f": counting begins immediately [{rules.cite('(2)(A)')}]",
    )
    step = -1 if before else 1
    raw = (start.astimezone(UTC) + timedelta(hours=step * n)).astimezone(zone)
    run.note(
        f"hour {n} = {raw.isoformat(timespec='minutes')} ({raw:%a})",
        f": {n} hours counted {'back' if before else 'forward'}, every hour counted as "
        f"elapsed time [{rules.cite('(2)(B)')}]",
    )
    day = run.accessible(run.roll(raw.date(), step, "(2)(C)"), "(3)(B)")
    end = raw
    if day != raw.date():
        wall = datetime.combine(day, raw.time(), tzinfo=zone)
        end = wall.astimezone(UTC).astimezone(zone)  # a wall time skipped by DST moves on
        if end.time() != raw.time():
            run.note(
                f"{raw:%H:%M} does not exist on {day}",
                f" (daylight saving time begins); read as {end:%H:%M}",
            )
    run.note(f"→ {_day(end.date())} {end:%H:%M %Z}", f" ({end.isoformat(timespec='minutes')})")
    return run.result(
        deadline=end.date(),
        ends_at=end,
        raw_end=raw.date(),
        rule=f"{rules.a}(2)",
        trigger=start.isoformat(timespec="minutes"),
        period=period,
    )


# -- deadlines written out in an order -----------------------------------------------------


@dataclass(frozen=True)
class ExplicitDeadline:
    """A deadline stated in an order's text, as an instant.

    instant: the deadline in UTC. local: the same instant in the zone it was read in (the
    court's, unless the text names another). warnings: what the reading assumed or doubted.
    """

    instant: datetime
    local: datetime
    warnings: tuple[str, ...] = ()


def parse_explicit_deadline(text: str, court: Court | str) -> ExplicitDeadline:
    """Read "by no later than 11:59 PM on Monday, April 7, 2025" as an instant in `court`'s zone.

    Understands month-name, ISO and m/d/yyyy dates, "5:00 p.m.", "17:00", "noon", "midnight"
    (read as the end of the stated day) and US zone names ("ET", "CST", "Pacific Time").
    Warns when the stated weekday is not the date's, when no time is given (read as the end of
    the day), when the text names a zone other than the court's, and on DST gaps and overlaps.
    The reading itself lives in `habeas.domain.deadline_text`.
    """
    from habeas.domain.deadline_text import read_deadline  # builds on this module

    return read_deadline(text, resolve_court(court))
