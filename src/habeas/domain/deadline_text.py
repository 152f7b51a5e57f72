"""Reading a deadline written out in an order: "by 11:59 PM on Monday, April 7, 2025".

Public entry point: `habeas.domain.deadlines.parse_explicit_deadline`, which calls
`read_deadline` here. Only US usage is understood: month-name, ISO and m/d/yyyy dates,
12-hour and 24-hour times, "noon", "midnight", and the US zone names and abbreviations.
"""

from __future__ import annotations

import calendar as _cal
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from habeas.domain.courts import Court
from habeas.domain.deadlines import END_OF_DAY, DeadlineError, ExplicitDeadline

__all__ = ["read_deadline"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = (
    r"(?:\b(?P<wd>monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri"
    r"|saturday|sat|sunday|sun)\b\.?,?\s+(?:the\s+)?)?"
)
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_DATES = [
    re.compile(_WD + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.I),
    re.compile(
        _WD + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(?P<y>\d{4})", re.I
    ),
    re.compile(_WD + r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", re.I),
    re.compile(_WD + r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b", re.I),
]
_TIME = re.compile(
    r"\b(?P<h>\d{1,2})(?::(?P<min>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?"
    r"|\b(?P<word>noon|midnight)\b"
    r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b(?![/-])",
    re.I,
)
_ZONE = re.compile(
    r"\s*\(?(?P<z>(?:eastern|central|mountain|pacific)(?:\s+(?:standard|daylight))?(?:\s+time)?"
    r"|[ecmp][sd]?t|ak[sd]?t|h[sd]?t)\b\)?",
    re.I,
)
_ZONES = {
    "e": "America/New_York",
    "c": "America/Chicago",
    "m": "America/Denver",
    "p": "America/Los_Angeles",
    "a": "America/Anchorage",
    "h": "Pacific/Honolulu",
}


def _dates(text: str) -> list[tuple[int, date, str | None]]:
    found = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            parts = m.groupdict()
            month = (
                int(parts["m"])
                if parts.get("m")
                else next(
                    i
                    for i, name in enumerate(_cal.month_name)
                    if i and name.lower().startswith(parts["mon"].lower()[:3])
                )
            )
            try:
                day = date(int(parts["y"]), month, int(parts["d"]))
            except ValueError as e:
                raise DeadlineError(f"{m.group(0).strip()!r} is not a date: {e}") from e
            found.append((m.start(), day, parts["wd"]))
    return sorted(found, key=lambda f: f[0])


def read_deadline(text: str, c: Court) -> ExplicitDeadline:
    """The deadline stated in `text`, read in court `c`'s zone (see parse_explicit_deadline)."""
    warnings: list[str] = []
    dates = _dates(text)
    if not dates:
        raise DeadlineError(f"no date with month, day and year found in {text!r}")
    _, day, wd = dates[0]
    if len({d for _, d, _ in dates}) > 1:
        warnings.append(f"the text has more than one date; used the first, {day.isoformat()}")
    if wd:
        said = next(w for w in _WEEKDAYS if w.startswith(wd.lower()[:3]))
        if _WEEKDAYS.index(said) != day.weekday():
            warnings.append(f"text says {said.title()} but {day.isoformat()} is a {day:%A}")
    zone = c.zone
    times = list(_TIME.finditer(text))
    if not times:
        clock = END_OF_DAY
        warnings.append(
            "no time stated: read as the end of the day (midnight), as FRCP "
            "6(a)(4)(A) does for electronic filing; the order may mean the close "
            "of the clerk's office"
        )
    else:
        m = times[0]
        clock = _clock(m, day, warnings)
        zm = _ZONE.match(text, m.end())
        if zm:
            zone = _stated_zone(zm.group("z"), c, day, clock, warnings)
    if clock == time(0) and times and (times[0].group("word") or "").lower() == "midnight":
        day += timedelta(days=1)
    local = datetime.combine(day, clock, tzinfo=zone)
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        warnings.append(
            f"{clock:%H:%M} does not exist on {day} in {zone.key} (daylight saving "
            f"time begins); read as {local.astimezone(UTC).astimezone(zone):%H:%M}"
        )
        local = local.astimezone(UTC).astimezone(zone)
    elif local.replace(fold=1).utcoffset() != local.utcoffset():
        warnings.append(
            f"{clock:%H:%M} happens twice on {day} in {zone.key} (daylight saving "
            f"time ends); read as the first"
        )
    return ExplicitDeadline(local.astimezone(UTC), local, tuple(warnings))


def _clock(m: re.Match[str], day: date, warnings: list[str]) -> time:
    word = (m.group("word") or "").lower()
    if word == "noon":
        return time(12)
    if word == "midnight":
        warnings.append(
            f"'midnight' read as the end of {day:%A} {day.isoformat()} (00:00 the "
            f"next day); orders sometimes mean the start of the day"
        )
        return time(0)
    if m.group("h24") is not None:
        return time(int(m.group("h24")), int(m.group("m24")))
    hour, minute = int(m.group("h")), int(m.group("min") or 0)
    if not 1 <= hour <= 12:
        raise DeadlineError(f"{m.group(0).strip()!r} is not a time of day")
    if hour == 12 and m.group("ap").lower() == "a":
        warnings.append("12 a.m. read as the start of the day (00:00); check the order's intent")
    return time(hour % 12 + (12 if m.group("ap").lower() == "p" else 0), minute)


def _stated_zone(said: str, court: Court, day: date, clock: time, warnings: list[str]) -> ZoneInfo:
    key = said.lower()
    zone = ZoneInfo(_ZONES["a" if key.startswith("ak") else key[0]])
    local = datetime.combine(day, clock, tzinfo=zone)
    if local.utcoffset() != datetime.combine(day, clock, tzinfo=court.zone).utcoffset():
        warnings.append(
            f"the text gives {said} but {court.id} sits in {court.timezone}; used {zone.key}"
        )
    dst = bool(local.dst())
    says_standard = "standard" in key or key.endswith("st")
    says_daylight = "daylight" in key or key.endswith("dt")
    if (says_standard and dst) or (says_daylight and not dst):
        warnings.append(
            f"the text says {said} but on {day.isoformat()} {zone.key} keeps "
            f"{local:%Z}; read as local time in {zone.key}"
        )
    return zone
