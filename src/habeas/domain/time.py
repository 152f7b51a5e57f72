"""When a fact happened, as precisely as the record says and no more.

A `PartialTime` is written as one string:

    "2025"                                   year
    "2025-03"                                month
    "2025-03-15"                             day (a calendar date, no time invented)
    "2025-03-15[America/Chicago]"            day, in a named zone
    "2025-03-15T17:26-04:00"                 minute, with its UTC offset
    "2025-03-15T17:26[America/New_York]"     minute, in a named zone (offset computed)
    "2025-03-15T17:26:00-04:00[America/New_York]"   second, offset and zone (RFC 9557)
    "2025-03-12/2025-03-15"                  some day between two dates (ISO 8601 interval)
    "2025-03-15T17:00[America/New_York]/18:00"        some moment between 17:00 and 18:00
    "2025-03-15T19:26[America/New_York]/24:00"        after 19:26, that day
    "2025-03-15T19:26[America/New_York]/.."           after 19:26 (no later bound recorded)
    "2025-03-15T18:00[America/New_York]/24:00 (evening)"  a named window, its bounds stated

A range says honestly what is known of an undated step ("moved to Texas some time between
his arrest and the flights") without inventing a day; a window does the same within a day
("the written order was entered after 19:26"). The end of a window is the first moment it
can no longer be: `HH:MM` on the same day and in the same zone as its start, `24:00` the end
of that day, a full time, or `..` for no later bound. A name ("evening") is only a label:
the bounds are what comparisons use, so a window is never given unstated bounds.

A time of day always needs a zone or an offset: a time without one is refused, because
"5:26 p.m." in Texas and in El Salvador are different instants. A date without a zone is a
*floating* calendar date; where an instant is needed it is read as starting at 00:00 UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import IntEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from habeas.domain.errors import InvalidTime

__all__ = ["FAR_FUTURE", "PartialTime", "Precision", "parse_instant", "zone"]

FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)
"""The end of a window with no later bound recorded (`START/..`)."""
_NAMED = re.compile(r"^(?P<body>\S.*?)\s+\((?P<name>[a-z][a-z '\-]{0,39})\)$")
_CLOCK = re.compile(r"^(?P<H>[01]\d|2[0-4]):(?P<M>[0-5]\d)$")


class Precision(IntEnum):
    """How precisely a time is known; larger is finer."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


_PATTERN = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?)?)?"
    r"(?P<off>Z|[+-]\d{2}:\d{2})?"
    r"(?:\[(?P<zone>[A-Za-z0-9_+\-/]+)\])?$"
)


def zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name`, or InvalidTime."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise InvalidTime(f"unknown time zone {name!r}") from e


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = 1 if text[0] == "+" else -1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 23 or minutes > 59:
        raise InvalidTime(f"bad UTC offset {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


@dataclass(frozen=True, order=False)
class PartialTime:
    """A point in time known to a given precision, with its zone when one is known."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset_minutes: int | None = None
    zone_name: str | None = None
    latest: PartialTime | None = None
    open_end: bool = False
    window: str | None = None

    # -- construction -----------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> PartialTime:
        """Read the string form; raise InvalidTime naming what is wrong."""
        if not isinstance(text, str):
            raise InvalidTime(f"expected a date or time string, got {type(text).__name__}")
        raw = text.strip()
        name = None
        if (named := _NAMED.match(raw)) is not None:
            raw, name = named["body"], named["name"]
        parts = _split(raw)
        if parts is None:
            if name is not None:
                raise InvalidTime(f"{text!r}: a named window needs its bounds, START/END ({name})")
            return cls._one(raw)
        first, last = parts
        a = cls._one(first)
        if a.has_time:
            return cls._window(text, a, last, name)
        if name is not None:
            raise InvalidTime(f"{text!r}: a named window is between two times of day")
        b = cls._one(last)
        if b.has_time:
            raise InvalidTime(
                f"{text!r}: a range is between two dates, or a window between two times"
            )
        if b.end() <= a.start() or b.start() < a.start():
            raise InvalidTime(f"{text!r}: the range ends before it begins")
        return cls(a.year, a.month, a.day, zone_name=a.zone_name, latest=b)

    @classmethod
    def _window(cls, text: str, a: PartialTime, last: str, name: str | None) -> PartialTime:
        """A window from the time `a` to `last` (a time, HH:MM, 24:00 or ..)."""
        base = {f: getattr(a, f) for f in _FIELDS}
        if last == "..":
            return cls(**base, open_end=True, window=name)
        clock = _CLOCK.match(last)
        if clock is not None:
            hh, mm = int(clock["H"]), int(clock["M"])
            if hh == 24 and mm:
                raise InvalidTime(f"{text!r}: 24:00 is the only time after 23:59")
            day = a.local_date() + timedelta(days=1 if hh == 24 else 0)
            wall = datetime(day.year, day.month, day.day, hh % 24, mm, tzinfo=a.tzinfo())
            b = cls.from_datetime(wall, a.zone_name)
        else:
            b = cls._one(last)
            if not b.has_time:
                raise InvalidTime(
                    f"{text!r}: a window ends at a time (HH:MM, 24:00, a full time or ..)"
                )
        if b.start() <= a.start():
            raise InvalidTime(f"{text!r}: the window ends before it begins")
        return cls(**base, latest=b, window=name)

    @classmethod
    def _one(cls, text: str) -> PartialTime:
        """One date or time, no range."""
        m = _PATTERN.match(text.strip())
        if not m:
            raise InvalidTime(
                f"cannot read {text!r} as a date or time "
                "(use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM with an offset or [Zone])"
            )
        g = m.groupdict()
        year = int(g["y"])
        month = int(g["m"]) if g["m"] else None
        day = int(g["d"]) if g["d"] else None
        hour = int(g["H"]) if g["H"] else None
        minute = int(g["M"]) if g["M"] else None
        second = int(g["S"]) if g["S"] else None
        zone_name = g["zone"]
        if zone_name is not None:
            zone(zone_name)
        try:
            date(year, month or 1, day or 1)
        except ValueError as e:
            raise InvalidTime(f"{text!r} is not a real date: {e}") from e
        if hour is not None and (hour > 23 or (minute or 0) > 59 or (second or 0) > 59):
            raise InvalidTime(f"{text!r} has an impossible time of day")
        offset_minutes: int | None = None
        if g["off"]:
            if hour is None:
                raise InvalidTime(f"{text!r}: a UTC offset needs a time of day")
            delta = _offset(g["off"]).utcoffset(None)
            offset_minutes = int(delta.total_seconds() // 60)
        if hour is not None and offset_minutes is None and zone_name is None:
            raise InvalidTime(
                f"{text!r} has a time of day but no zone: add an offset (-04:00) "
                "or a zone ([America/New_York])"
            )
        pt = cls(year, month, day, hour, minute, second, offset_minutes, zone_name)
        if hour is not None and zone_name is not None:
            actual = pt._zone_offset_minutes()
            if offset_minutes is None:
                object.__setattr__(pt, "offset_minutes", actual)
            elif offset_minutes != actual:
                raise InvalidTime(
                    f"{text!r}: offset {g['off']} does not match {zone_name} on that date"
                )
        return pt

    @classmethod
    def from_datetime(cls, value: datetime, zone_name: str | None = None) -> PartialTime:
        """An aware datetime, to the minute (or second when it has seconds)."""
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidTime("a datetime needs a time zone")
        if zone_name is not None:
            value = value.astimezone(zone(zone_name))
        off = value.utcoffset()
        assert off is not None
        return cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second or None,
            int(off.total_seconds() // 60),
            zone_name,
        )

    @classmethod
    def from_date(cls, value: date, zone_name: str | None = None) -> PartialTime:
        """A calendar date, day precision."""
        if zone_name is not None:
            zone(zone_name)
        return cls(value.year, value.month, value.day, zone_name=zone_name)

    # -- reading ----------------------------------------------------------------------
    @property
    def precision(self) -> Precision:
        """How precisely this time is known."""
        if self.second is not None:
            return Precision.SECOND
        if self.hour is not None:
            return Precision.MINUTE
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def is_range(self) -> bool:
        """True for 'some day between two dates' and for a window of time."""
        return self.latest is not None or self.open_end

    @property
    def is_window(self) -> bool:
        """True for 'some moment between two times' (or after one)."""
        return self.has_time and self.is_range

    @property
    def exact(self) -> bool:
        """True when one minute (or second) is recorded: a time of day, not a window."""
        return self.has_time and not self.is_range

    def first(self) -> PartialTime:
        """The start of a range or window as a time of its own (itself if neither)."""
        if not self.is_range:
            return self
        return PartialTime(**{f: getattr(self, f) for f in _FIELDS})

    @property
    def has_time(self) -> bool:
        """True when a time of day is known."""
        return self.hour is not None

    def tzinfo(self) -> tzinfo:
        """The zone of this time: the named zone, else the offset, else UTC (floating)."""
        if self.zone_name is not None:
            return zone(self.zone_name)
        if self.offset_minutes is not None:
            return timezone(timedelta(minutes=self.offset_minutes))
        return UTC

    def _zone_offset_minutes(self) -> int:
        local = datetime(
            self.year,
            self.month or 1,
            self.day or 1,
            self.hour or 0,
            self.minute or 0,
            self.second or 0,
            tzinfo=zone(self.zone_name or "UTC"),
        )
        off = local.utcoffset()
        assert off is not None
        return int(off.total_seconds() // 60)

    def start(self) -> datetime:
        """The first instant this time can denote (aware)."""
        if self.has_time and self.zone_name is not None:
            local = datetime(
                self.year,
                self.month or 1,
                self.day or 1,
                self.hour or 0,
                self.minute or 0,
                self.second or 0,
                tzinfo=zone(self.zone_name),
            )
            other = local.replace(fold=1)
            off = other.utcoffset()
            if off is not None and int(off.total_seconds() // 60) == self.offset_minutes:
                return other  # the second of two same wall times (end of summer time)
            return local
        if self.has_time:
            tz: tzinfo = timezone(timedelta(minutes=self.offset_minutes or 0))
        else:
            tz = self.tzinfo()
        return datetime(
            self.year,
            self.month or 1,
            self.day or 1,
            self.hour or 0,
            self.minute or 0,
            self.second or 0,
            tzinfo=tz,
        )

    def end(self) -> datetime:
        """The first instant after this time's span (exclusive end, aware)."""
        if self.open_end:
            return FAR_FUTURE
        if self.latest is not None:
            return self.latest.start() if self.latest.has_time else self.latest.end()
        s = self.start()
        p = self.precision
        if p is Precision.SECOND:
            return s + timedelta(seconds=1)
        if p is Precision.MINUTE:
            return s + timedelta(minutes=1)
        if p is Precision.DAY:
            nd = s.date() + timedelta(days=1)
            return datetime(nd.year, nd.month, nd.day, tzinfo=s.tzinfo)
        if p is Precision.MONTH:
            y, m = (s.year + 1, 1) if s.month == 12 else (s.year, s.month + 1)
            return datetime(y, m, 1, tzinfo=s.tzinfo)
        return datetime(s.year + 1, 1, 1, tzinfo=s.tzinfo)

    def start_utc(self) -> datetime:
        """`start()` in UTC."""
        return self.start().astimezone(UTC)

    def local_date(self) -> date:
        """The calendar date (first day of the span) in this time's own zone."""
        if self.has_time:
            return self.start().astimezone(self.tzinfo()).date()
        return date(self.year, self.month or 1, self.day or 1)

    def last_date(self) -> date:
        """The last calendar date of the span, in this time's own zone."""
        if self.open_end:
            return FAR_FUTURE.date()
        if self.is_window:
            return (self.end() - timedelta(microseconds=1)).astimezone(self.tzinfo()).date()
        if self.latest is not None:
            return self.latest.last_date()
        if self.has_time:
            return self.local_date()
        return (self.end() - timedelta(days=1)).date()

    def sort_key(self) -> tuple[str, int]:
        """Orders times by their start instant, coarser before finer at the same start."""
        return (self.start_utc().strftime("%Y-%m-%dT%H:%M:%S"), int(self.precision))

    def _end_text(self) -> str:
        """The end of a window as written: .., HH:MM, 24:00 or a full time."""
        b = self.latest
        if b is None:
            return ".."
        same_zone = (b.zone_name, b.zone_name or b.offset_minutes) == (
            self.zone_name,
            self.zone_name or self.offset_minutes,
        )
        if same_zone and b.second is None:
            day = b.local_date()
            if day == self.local_date():
                return f"{b.hour:02d}:{b.minute or 0:02d}"
            if day == self.local_date() + timedelta(days=1) and (b.hour, b.minute) == (0, 0):
                return "24:00"
        return str(b)

    def __str__(self) -> str:
        if self.is_window:
            name = f" ({self.window})" if self.window else ""
            return f"{self.first()}/{self._end_text()}{name}"
        if self.latest is not None:
            first = PartialTime(self.year, self.month, self.day, zone_name=self.zone_name)
            return f"{first}/{self.latest}"
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        if self.hour is not None:
            out += f"T{self.hour:02d}:{self.minute or 0:02d}"
            if self.second is not None:
                out += f":{self.second:02d}"
            if self.zone_name is None:
                om = self.offset_minutes or 0
                if om == 0:
                    out += "Z"
                else:
                    sign = "+" if om > 0 else "-"
                    out += f"{sign}{abs(om) // 60:02d}:{abs(om) % 60:02d}"
        if self.zone_name is not None:
            out += f"[{self.zone_name}]"
        return out

    def human(self) -> str:
        """A reader's form, e.g. '15 Mar 2025, 17:26 EDT' or 'Mar 2025'."""
        if self.is_window:
            start = self.first().human()
            if self.latest is None:
                return f"after {start}"
            end = self.end().astimezone(self.tzinfo())
            short = self._end_text()
            if ":" in short and len(short) == 5:
                last = f"{'24:00' if short == '24:00' else end.strftime('%H:%M')} {end.tzname()}"
            else:
                last = self.latest.human()
            if self.window:
                return f"{self.local_date().strftime('%d %b %Y').lstrip('0')}, {self.window} " + (
                    f"({self.first().start().strftime('%H:%M')} to {last})"
                )
            return f"between {start} and {last}"
        if self.latest is not None:
            first = PartialTime(self.year, self.month, self.day, zone_name=self.zone_name)
            return f"between {first.human()} and {self.latest.human()}"
        p = self.precision
        if p is Precision.YEAR:
            return f"{self.year}"
        if p is Precision.MONTH:
            return self.start().strftime("%b %Y")
        if p is Precision.DAY:
            return self.local_date().strftime("%d %b %Y").lstrip("0")
        local = self.start().astimezone(self.tzinfo())
        name = local.tzname() or ""
        return local.strftime("%d %b %Y, %H:%M").lstrip("0") + (f" {name}" if name else "")


_FIELDS = ("year", "month", "day", "hour", "minute", "second", "offset_minutes", "zone_name")


def _split(text: str) -> tuple[str, str] | None:
    """START and END of a range or window: the first / outside a zone's brackets."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "/" and depth == 0:
            return text[:i], text[i + 1 :]
    return None


def parse_instant(text: str, default_zone: str | None = None) -> datetime:
    """An instant for a query (`--as-of`, `--known-at`): a date means the end of that day.

    A bare date "2025-04-14" means the last moment of that day (in `default_zone`, else UTC);
    a time without a zone is read in `default_zone`, else UTC.
    """
    raw = text.strip()
    try:
        if "T" not in raw and " " not in raw:
            d = date.fromisoformat(raw)
            tz = zone(default_zone) if default_zone else UTC
            return datetime(d.year, d.month, d.day, tzinfo=tz) + timedelta(days=1, microseconds=-1)
        dt = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as e:
        raise InvalidTime(f"cannot read {text!r} as a date or time (use ISO 8601)") from e
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone(default_zone) if default_zone else UTC)
    return dt
