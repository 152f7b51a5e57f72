"""Which of two facts came first, as far as the record says: before, after, or cannot tell.

A fact's time is a `Span`, the moments it can denote: a minute, a day, a window ("between
17:00 and 18:00"), a range of days. Two spans that do not overlap are in a known order; two
that overlap are not, and the answer says why ("the stay is dated 7 Apr 2025, no time
recorded, and 00:30 on 7 Apr falls within that day"). Nothing is resolved by assuming a
time of day: that is the one rule every comparison in compliance follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from habeas.domain.time import PartialTime, zone

__all__ = ["Comparison", "Span", "TimeOrder", "compare", "span"]

_INSTANT = timedelta(microseconds=1)


class TimeOrder(StrEnum):
    """How one fact stands to another in time."""

    BEFORE = "before"
    AFTER = "after"
    CANNOT_TELL = "cannot_tell"


@dataclass(frozen=True)
class Span:
    """The moments a time can denote: [start, end); exact when a minute or second is recorded.

    `text` is the time as the record gives it, for reasons ("7 Apr 2025").
    """

    start: datetime
    end: datetime
    exact: bool
    text: str = ""

    @classmethod
    def instant(cls, moment: datetime, text: str = "") -> Span:
        """One moment (a question's `--as-of`)."""
        return cls(moment, moment + _INSTANT, True, text)

    @property
    def assumed(self) -> bool:
        """True when the record gives more than one possible minute (a day, a window…)."""
        return not self.exact


def span(pt: PartialTime, zone_name: str) -> Span:
    """The span of `pt`; a date without zone is read in `zone_name` (where the court sits)."""
    s, e = pt.start(), pt.end()
    if not pt.has_time and pt.zone_name is None:
        z = zone(zone_name)
        s, e = s.replace(tzinfo=z), e.replace(tzinfo=z)
    return Span(s, e, pt.exact, pt.human())


@dataclass(frozen=True)
class Comparison:
    """Whether `a` came before or after `b`, or why that cannot be told."""

    order: TimeOrder
    reason: str = ""

    @property
    def known(self) -> bool:
        """True when the order is known."""
        return self.order is not TimeOrder.CANNOT_TELL


def _as_recorded(what: str, s: Span) -> str:
    if s.exact:
        return f"{what} ({s.text})" if s.text else what
    if s.text.startswith(("between", "after")):
        return f"{what} is recorded only as {s.text}"
    return f"{what} is dated {s.text}, no time recorded"


def compare(a: Span, b: Span, a_what: str = "the first", b_what: str = "the second") -> Comparison:
    """Did `a` happen before `b` (entirely), after it (entirely), or can that not be told?

    Two exact times in the same minute cannot be told apart either.
    """
    if a.end <= b.start:
        return Comparison(TimeOrder.BEFORE)
    if a.start >= b.end:
        return Comparison(TimeOrder.AFTER)
    vague, other = (a, b) if not a.exact or b.exact else (b, a)
    vague_what, other_what = (a_what, b_what) if vague is a else (b_what, a_what)
    if vague.exact:
        why = f"{a_what} and {b_what} fall in the same minute"
    else:
        within = "falls within it" if other.exact else "overlaps it"
        why = f"{_as_recorded(vague_what, vague)}, and {_as_recorded(other_what, other)} {within}"
    return Comparison(TimeOrder.CANNOT_TELL, f"cannot tell whether {a_what} came first: {why}")
