"""Which of two facts came first: before, after, or cannot tell — never resolved by a guess."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.errors import InvalidTime
from habeas.domain.time import PartialTime
from habeas.domain.time_compare import FLIPPED, Span, TimeOrder, compare, span

NY = "America/New_York"
D = "2025-03-15T"
Z = "[America/New_York]"


def at(text: str) -> Span:
    return span(PartialTime.parse(text), NY)


def test_a_date_only_fact_and_an_instant_on_that_day_cannot_be_ordered() -> None:
    stay = at("2025-04-07")
    moment = Span.instant(datetime(2025, 4, 7, 4, 30, tzinfo=UTC), "7 Apr 2025, 00:30 EDT")
    c = compare(stay, moment, "the stay", "00:30")
    assert c.order is TimeOrder.CANNOT_TELL and not c.known
    assert "the stay is dated 7 Apr 2025, no time recorded" in c.reason
    assert "00:30" in c.reason


def test_facts_on_different_days_are_in_order() -> None:
    assert compare(at("2025-04-07"), at("2025-04-08T00:01[America/New_York]")).order is (
        TimeOrder.BEFORE
    )
    assert compare(at("2025-04-08"), at("2025-04-07T23:59[America/New_York]")).order is (
        TimeOrder.AFTER
    )


def test_two_exact_times_in_the_same_minute_cannot_be_told_apart() -> None:
    a, b = at("2025-03-15T17:26[America/New_York]"), at("2025-03-15T17:26-04:00")
    c = compare(a, b, "the flight", "the order")
    assert c.order is TimeOrder.CANNOT_TELL and "same minute" in c.reason


@pytest.mark.parametrize(
    ("window", "instant", "order"),
    [
        (f"{D}19:26{Z}/..", f"{D}19:00{Z}", "after"),
        (f"{D}19:26{Z}/..", f"2025-03-16T10:00{Z}", "cannot_tell"),
        (f"{D}17:00{Z}/18:00", f"{D}18:30{Z}", "before"),
        (f"{D}17:00{Z}/18:00", f"{D}17:45{Z}", "cannot_tell"),
        (f"{D}18:00{Z}/24:00 (evening)", f"{D}17:45{Z}", "after"),
        (f"{D}18:00{Z}/24:00 (evening)", f"2025-03-16T00:00{Z}", "before"),
    ],
)  # fmt: skip
def test_a_window_says_what_follows_and_what_cannot_be_told(
    window: str, instant: str, order: str
) -> None:
    c = compare(at(window), at(instant), "the minute order", "the flight")
    assert c.order.value == order
    if order == "cannot_tell":
        assert "the minute order is recorded only as" in c.reason


@pytest.mark.parametrize(
    ("text", "human"),
    [
        (f"{D}19:26{Z}/..", "after 15 Mar 2025, 19:26 EDT"),
        (f"{D}19:26{Z}/24:00", "between 15 Mar 2025, 19:26 EDT and 24:00 EDT"),
        (f"{D}17:00{Z}/18:00", "between 15 Mar 2025, 17:00 EDT and 18:00 EDT"),
        (f"{D}18:00{Z}/24:00 (evening)", "15 Mar 2025, evening (18:00 to 24:00 EDT)"),
    ],
)  # fmt: skip
def test_windows_are_recorded_as_written_and_read_back(text: str, human: str) -> None:
    pt = PartialTime.parse(text)
    assert str(pt) == text
    assert PartialTime.parse(str(pt)) == pt
    assert pt.human() == human
    assert pt.is_window and not pt.exact


def test_a_window_across_midnight_is_written_in_full() -> None:
    pt = PartialTime.parse("2025-03-15T23:00[America/New_York]/2025-03-16T02:00[America/New_York]")
    assert pt.end() - pt.start() == timedelta(hours=3)
    assert pt.last_date().isoformat() == "2025-03-16"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2025-03-15T18:00[America/New_York]/17:00", "ends before it begins"),
        ("2025-03-15T18:00[America/New_York]/24:30", "24:00 is the only"),
        ("2025-03-15T18:00[America/New_York]/2025-03-16", "a window ends at a time"),
        ("2025-03-15 (evening)", "needs its bounds"),
        ("2025-03-14/2025-03-15 (weekend)", "between two times of day"),
        ("2025-03-15/2025-03-16T10:00Z", "a range is between two dates"),
    ],
)
def test_a_window_without_honest_bounds_is_refused(text: str, words: str) -> None:
    with pytest.raises(InvalidTime, match=words):
        PartialTime.parse(text)


minutes = st.integers(0, 3 * 24 * 60)


@given(a0=minutes, a_len=st.integers(1, 600), b0=minutes, b_len=st.integers(1, 600))
def test_the_comparison_is_consistent_both_ways(a0: int, a_len: int, b0: int, b_len: int) -> None:
    base = datetime(2025, 3, 15, tzinfo=UTC)
    a = Span(base + timedelta(minutes=a0), base + timedelta(minutes=a0 + a_len), a_len == 1)
    b = Span(base + timedelta(minutes=b0), base + timedelta(minutes=b0 + b_len), b_len == 1)
    ab, ba = compare(a, b).order, compare(b, a).order
    assert ba is FLIPPED[ab]
    overlap = a.start < b.end and b.start < a.end
    assert (ab not in (TimeOrder.BEFORE, TimeOrder.AFTER)) == overlap


def test_a_window_from_the_minute_of_an_order_came_not_before_it_with_the_bound_stated() -> None:
    # flight 6122 left "after 19:26, before midnight"; the written order was entered at 19:26
    c = compare(at(f"{D}19:26{Z}/24:00"), at(f"{D}19:26{Z}"), "the flight", "the order")
    assert c.order is TimeOrder.NOT_BEFORE and c.known
    assert c.between == (timedelta(0), timedelta(hours=4, minutes=34))
    assert c.reason.startswith("the flight came at or after the order")
    mirror = compare(at(f"{D}19:26{Z}"), at(f"{D}19:26{Z}/24:00"), "the order", "the flight")
    assert mirror.order is TimeOrder.NOT_AFTER
    assert mirror.between == (-timedelta(hours=4, minutes=34), timedelta(0))


def test_a_window_ending_in_the_minute_of_an_order_came_not_after_it() -> None:
    c = compare(at(f"{D}17:00{Z}/19:27"), at(f"{D}19:26{Z}"), "the oral order", "the minute order")
    assert c.order is TimeOrder.NOT_AFTER
    assert c.between == (-timedelta(hours=2, minutes=26), timedelta(0))
    assert "up to the minute of the minute order" in c.reason


def test_a_window_starting_a_minute_before_the_order_cannot_be_ordered() -> None:
    c = compare(at(f"{D}19:25{Z}/24:00"), at(f"{D}19:26{Z}"), "the flight", "the order")
    assert c.order is TimeOrder.CANNOT_TELL
    assert c.between == (-timedelta(minutes=1), timedelta(hours=4, minutes=34))


@given(w0=minutes, w_len=st.integers(2, 600), t=minutes, instant=st.booleans())
def test_a_window_against_an_instant_is_never_more_certain_than_the_window(
    w0: int, w_len: int, t: int, instant: bool
) -> None:
    """Every moment the window allows, set against the other time, agrees with the answer;
    and whatever all those moments agree on, the answer says (it loses nothing either).

    Against a recorded minute the window's moments count by the minute (a minute is itself);
    against an instant, by the moment (the window's end is exclusive: half a minute short)."""
    base = datetime(2025, 3, 15, tzinfo=UTC)
    window = Span(base + timedelta(minutes=w0), base + timedelta(minutes=w0 + w_len), False)
    moment = base + timedelta(minutes=t)
    other = Span.instant(moment) if instant else Span(moment, moment + timedelta(minutes=1), True)
    c = compare(window, other)
    lo, hi = w0 - t, w0 + w_len - t - (0.5 if instant else 1)  # minutes after the other time
    allowed = {
        TimeOrder.BEFORE: hi < 0,
        TimeOrder.AFTER: lo > 0,
        TimeOrder.NOT_BEFORE: lo >= 0,
        TimeOrder.NOT_AFTER: hi <= 0,
        TimeOrder.CANNOT_TELL: True,
    }
    assert allowed[c.order], (c, lo, hi)
    if c.order is TimeOrder.CANNOT_TELL:
        assert lo < 0 < hi, "a window wholly on one side of the other time says so"
    assert c.between is not None
    least, most = c.between
    assert least <= timedelta(minutes=lo) and timedelta(minutes=hi) <= most, (
        "the bounds hold every moment the window allows"
    )
    assert compare(other, window).order is FLIPPED[c.order]
