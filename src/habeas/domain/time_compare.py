"""Which of two facts came first, as far as the record says: before, after, not before, not
after, or cannot tell.

A fact's time is a `Span`, the moments it can denote: a minute, a day, a window ("between
17:00 and 18:00"), a range of days. Two spans that do not overlap are in a known order; two
that overlap are not, and the answer says why ("the stay is dated 7 Apr 2025, no time
recorded, and 00:30 on 7 Apr falls within that day"). One overlap still says something: a
window that starts at the very minute recorded for the other fact ("after 19:26", against
an order entered at 19:26) came *not before* it (at or after it, 0 minutes to the window's
end after it), and the mirror case *not after*. Nothing is resolved by assuming a time of
day: that is the one rule every comparison in compliance follows, and no answer is ever more
certain than the spans compared (`Comparison.between` gives the bounds the record allows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from habeas.domain.time import PartialTime, zone

__all__ = ["FLIPPED", "Comparison", "Span", "TimeOrder", "compare", "span"]

_INSTANT = timedelta(microseconds=1)


class TimeOrder(StrEnum):
    """How one fact stands to another in time."""

    BEFORE = "before"
    AFTER = "after"
    NOT_BEFORE = "not_before"
    """At or after: a window that starts at the minute recorded for the other fact."""
    NOT_AFTER = "not_after"
    """At or before: the other fact's window starts at this fact's recorded minute."""
    CANNOT_TELL = "cannot_tell"


FLIPPED = {
    TimeOrder.BEFORE: TimeOrder.AFTER,
    TimeOrder.AFTER: TimeOrder.BEFORE,
    TimeOrder.NOT_BEFORE: TimeOrder.NOT_AFTER,
    TimeOrder.NOT_AFTER: TimeOrder.NOT_BEFORE,
    TimeOrder.CANNOT_TELL: TimeOrder.CANNOT_TELL,
}
"""How `b` stands to `a` when `a` stands to `b` as the key says."""


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

    @property
    def latest(self) -> datetime:
        """The latest moment it can denote: a recorded minute is that minute (its start)."""
        return self.start if self.exact else self.end


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
    between: tuple[timedelta, timedelta] | None = None
    """How long after `b` `a` came, at least and at most (negative: before it), as the record
    allows; a recorded minute counts as its start. None for two exact times."""

    @property
    def known(self) -> bool:
        """True when something about the order is known (before, after, not before, not after)."""
        return self.order is not TimeOrder.CANNOT_TELL


def _as_recorded(what: str, s: Span) -> str:
    if s.exact:
        return f"{what} ({s.text})" if s.text else what
    if s.text.startswith(("between", "after")):
        return f"{what} is recorded only as {s.text}"
    return f"{what} is dated {s.text}, no time recorded"


def _bounded(
    order: TimeOrder,
    a: Span,
    b: Span,
    a_what: str,
    b_what: str,
    between: tuple[timedelta, timedelta],
) -> Comparison:
    """A window that starts (or ends) within the minute recorded for the other fact."""
    least, most = between
    w_what, w, x_what, x = (a_what, a, b_what, b) if b.exact else (b_what, b, a_what, a)
    edge = "from" if w.start >= x.start else "up to"
    why = f"{_as_recorded(w_what, w)}, {edge} the minute of {_as_recorded(x_what, x)}"
    if order is TimeOrder.NOT_BEFORE:
        return Comparison(
            order, f"{a_what} came at or after {b_what}: {why}", (max(least, timedelta(0)), most)
        )
    return Comparison(
        order, f"{a_what} came at or before {b_what}: {why}", (least, min(most, timedelta(0)))
    )


def compare(a: Span, b: Span, a_what: str = "the first", b_what: str = "the second") -> Comparison:
    """Did `a` happen before `b` (entirely), after it (entirely), or can that not be told?

    Two exact times in the same minute cannot be told apart either. A window that starts at
    the exact minute recorded for the other came not before it (and the mirror: not after).
    """
    between = None if a.exact and b.exact else (a.start - b.latest, a.latest - b.start)
    if a.end <= b.start:
        return Comparison(TimeOrder.BEFORE, between=between)
    if a.start >= b.end:
        return Comparison(TimeOrder.AFTER, between=between)
    if a.exact != b.exact and between is not None:
        window, minute = (a, b) if b.exact else (b, a)
        from_it, to_it = window.start >= minute.start, window.end <= minute.end
        if from_it != to_it:
            said = TimeOrder.NOT_BEFORE if from_it else TimeOrder.NOT_AFTER
            order = said if window is a else FLIPPED[said]
            return _bounded(order, a, b, a_what, b_what, between)
    vague, other = (a, b) if not a.exact or b.exact else (b, a)
    vague_what, other_what = (a_what, b_what) if vague is a else (b_what, a_what)
    if vague.exact:
        why = f"{a_what} and {b_what} fall in the same minute"
    else:
        within = "falls within it" if other.exact else "overlaps it"
        why = f"{_as_recorded(vague_what, vague)}, and {_as_recorded(other_what, other)} {within}"
    return Comparison(
        TimeOrder.CANNOT_TELL, f"cannot tell whether {a_what} came first: {why}", between
    )
