"""A fact's time is kept at the precision the record gives, never more."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.errors import InvalidTime
from habeas.domain.time import PartialTime, Precision, parse_instant


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2019", Precision.YEAR),
        ("2025-03", Precision.MONTH),
        ("2025-03-15", Precision.DAY),
        ("2025-03-15T17:26-04:00", Precision.MINUTE),
        ("2025-03-15T17:26:05Z", Precision.SECOND),
        ("2025-04-07T23:59[America/New_York]", Precision.MINUTE),
    ],
)
def test_precision_is_what_the_text_gives(text: str, precision: Precision) -> None:
    assert PartialTime.parse(text).precision is precision


def test_a_date_only_fact_stays_date_only() -> None:
    t = PartialTime.parse("2025-03-15")
    assert not t.has_time
    assert str(t) == "2025-03-15"
    assert t.local_date() == date(2025, 3, 15)


def test_a_named_zone_gives_the_offset_of_that_day() -> None:
    t = PartialTime.parse("2025-04-07T23:59[America/New_York]")
    assert t.start_utc() == datetime(2025, 4, 8, 3, 59, tzinfo=UTC)
    winter = PartialTime.parse("2025-01-07T23:59[America/New_York]")
    assert winter.start_utc() == datetime(2025, 1, 8, 4, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2025-03-15T17:26", "no zone"),
        ("2025-13-01", "not a real date"),
        ("2025-02-30", "not a real date"),
        ("15/03/2025", "cannot read"),
        ("2025-03-15T25:00Z", "impossible time"),
        ("2025-03-15[Mars/Olympus]", "unknown time zone"),
        ("2025-03-15T12:00-05:00[America/New_York]", "does not match"),
        ("2025-03-15-04:00", "needs a time of day"),
    ],
)
def test_unreadable_or_zoneless_times_are_refused(text: str, words: str) -> None:
    with pytest.raises(InvalidTime, match=words):
        PartialTime.parse(text)


def test_span_of_a_month_runs_to_the_next_month() -> None:
    t = PartialTime.parse("2025-12")
    assert t.start().date() == date(2025, 12, 1)
    assert t.end().date() == date(2026, 1, 1)


def test_a_query_date_means_the_end_of_that_day() -> None:
    assert parse_instant("2025-04-14") == datetime(2025, 4, 14, 23, 59, 59, 999999, tzinfo=UTC)
    assert parse_instant("2025-04-14T10:00Z") == datetime(2025, 4, 14, 10, tzinfo=UTC)
    with pytest.raises(InvalidTime):
        parse_instant("yesterday")


zones = st.sampled_from(["America/New_York", "America/Chicago", "America/El_Salvador", "UTC"])


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    zones,
)
def test_string_form_round_trips(moment: datetime, zone: str) -> None:
    t = PartialTime.from_datetime(moment.replace(microsecond=0), zone)
    again = PartialTime.parse(str(t))
    assert again == t
    assert again.start_utc() == moment.replace(microsecond=0)


@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from(["year", "month", "day"]),
)
def test_partial_dates_round_trip(d: date, level: str) -> None:
    text = {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}", "day": d.isoformat()}[
        level
    ]
    assert str(PartialTime.parse(text)) == text


def test_a_range_of_days_says_only_what_is_known() -> None:
    t = PartialTime.parse("2025-03-12/2025-03-15")
    assert t.is_range
    assert str(t) == "2025-03-12/2025-03-15"
    assert t.local_date() == date(2025, 3, 12)
    assert t.last_date() == date(2025, 3, 15)
    assert t.human() == "between 12 Mar 2025 and 15 Mar 2025"


@pytest.mark.parametrize("text", ["2025-03-15/2025-03-12", "2025-03-12T10:00Z/2025-03-15"])
def test_a_backwards_or_timed_range_is_refused(text: str) -> None:
    with pytest.raises(InvalidTime):
        PartialTime.parse(text)
