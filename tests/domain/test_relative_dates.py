"""Dates in news text are resolved against the nearest anchor, never gaining precision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.relative_dates import WEEKDAYS, find_dates, resolve_dates, year_for
from habeas.domain.time import PartialTime

NY = "America/New_York"


@pytest.mark.parametrize(
    ("sentence", "published", "zone", "expected"),
    [
        # the example: the order of April 4th, the deadline Monday night at midnight
        (
            "A federal judge ordered on April 4th that the government return him "
            "by Monday night at midnight.",
            date(2025, 4, 5),
            NY,
            ["2025-04-04", "2025-04-07T23:59[America/New_York]"],
        ),
        (
            "Xinis on Friday ordered the administration to return him by 11:59 p.m. Monday.",
            date(2025, 4, 5),
            NY,
            ["2025-04-04", "2025-04-07T23:59[America/New_York]"],
        ),
        # a time of day without a zone keeps the date alone
        ("He must be returned by 11:59 p.m. Monday.", date(2025, 4, 5), None, ["2025-04-07"]),
        # the text's own zone wins over the caller's
        (
            "She must file a declaration each day by 5 p.m. ET, beginning April 12.",
            date(2025, 4, 12),
            None,
            ["2025-04-12T17:00[America/New_York]"],
        ),
        (
            "A response is due April 8 at 5 p.m. EDT.",
            date(2025, 4, 7),
            "America/Chicago",
            ["2025-04-08T17:00[America/New_York]"],
        ),
        # year-less, in past-tense reporting, across a new year
        ("He was deported on Dec. 30, officials said.", date(2026, 1, 3), None, ["2025-12-30"]),
        ("The flights left on March 15.", date(2025, 4, 20), None, ["2025-03-15"]),
        ("He was born on Feb. 29.", date(2026, 1, 10), None, ["2024-02-29"]),
        ("The flights left on 15 March 2025.", date(2026, 1, 2), None, ["2025-03-15"]),
        ("On Monday, April 14, 2025, Bukele spoke.", date(2025, 4, 15), None, ["2025-04-14"]),
        ("The hearing is set for next Tuesday.", date(2025, 4, 15), None, ["2025-04-22"]),
        ("The court will rule on Thursday.", date(2025, 4, 8), None, ["2025-04-10"]),
        ("He was released last Friday.", date(2025, 4, 18), None, ["2025-04-11"]),
        (
            "Officials said yesterday and again today.",
            date(2025, 4, 15),
            None,
            [
                "2025-04-14",
                "2025-04-15",
            ],
        ),
        ("Nothing happened this week, or recently.", date(2025, 4, 15), None, []),
        # months stay months; offsets count from the date before them
        ("He was deported to El Salvador last month.", date(2025, 4, 18), None, ["2025-03"]),
        ("He was deported in December.", date(2026, 1, 3), None, ["2025-12"]),
        (
            "He was arrested on March 12 and deported three days later.",
            date(2025, 4, 12),
            None,
            ["2025-03-12", "2025-03-15"],
        ),
        ("He was deported three days later.", date(2025, 4, 12), None, []),
        ("The court may rule; marching on.", date(2025, 4, 15), None, []),
    ],
)
def test_resolves_dates_as_a_careful_reader_would(
    sentence: str, published: date, zone: str | None, expected: list[str]
) -> None:
    assert [r.value for r in resolve_dates(sentence, published, zone=zone)] == expected


def test_a_deadline_weekday_counts_from_an_explicit_date_in_the_same_paragraph() -> None:
    paragraph = (
        "The order came on Thursday, April 3. It requires the return by Monday. "
        "Officials said on Friday they would appeal."
    )
    got = resolve_dates("It requires the return by Monday.", date(2025, 4, 12), paragraph=paragraph)
    assert [r.value for r in got] == ["2025-04-07"]
    assert "same paragraph" in got[0].anchor


def test_without_an_explicit_date_the_publication_date_is_the_anchor() -> None:
    got = resolve_dates("He must be back by Wednesday.", date(2025, 4, 5))
    assert got[0].value == "2025-04-09"
    assert got[0].anchor == "the publication date 2025-04-05"


def test_midnight_is_the_last_minute_of_the_day_and_the_notes_say_so() -> None:
    got = resolve_dates("Return him by Monday at midnight.", date(2025, 4, 5), zone=NY)
    assert got[0].value == "2025-04-07T23:59[America/New_York]"
    assert any("midnight" in n for n in got[0].notes)


def test_a_weekday_that_does_not_match_its_date_is_noted() -> None:
    got = resolve_dates("On Tuesday, April 14, 2025, he spoke.", date(2025, 4, 15))
    assert got[0].value == "2025-04-14"
    assert any("is not a tuesday" in n for n in got[0].notes)


def test_find_dates_reports_where_each_date_is() -> None:
    text = "On April 4 the judge ruled; by Monday he must be back."
    spans = [(m.text, text[m.start : m.end]) for m in find_dates(text)]
    assert spans == [("April 4", "April 4"), ("Monday", "Monday")]


# -- properties -----------------------------------------------------------------------------
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
weekday_names = st.sampled_from([w.capitalize() for w in WEEKDAYS])


@given(published=days, weekday=weekday_names, phrase=st.sampled_from(["on", "by", "last"]))
def test_a_resolved_weekday_is_the_named_weekday(
    published: date, weekday: str, phrase: str
) -> None:
    (got,) = resolve_dates(f"It happened {phrase} {weekday}.", published)
    assert got.day.weekday() == WEEKDAYS.index(weekday.lower())


@given(anchor=days, weekday=weekday_names)
def test_a_by_weekday_deadline_is_within_seven_days_after_its_anchor(
    anchor: date, weekday: str
) -> None:
    when = f"{anchor:%B} {anchor.day}, {anchor.year}"
    got = resolve_dates(f"On {when} the court ordered it done by {weekday}.", date(2091, 1, 1))
    deadline = got[-1]
    assert deadline.mention.tense == "deadline"
    assert anchor <= deadline.day < anchor + timedelta(days=7)


@given(published=days, when=days)
def test_a_year_less_date_lands_near_publication(published: date, when: date) -> None:
    if (when.month, when.day) == (2, 29):
        return
    nearest = date(year_for(when.month, when.day, published, past=False), when.month, when.day)
    assert abs((nearest - published).days) <= 184
    past = date(year_for(when.month, when.day, published, past=True), when.month, when.day)
    assert past <= published
    assert (published - past).days < 366


@given(published=days, weekday=weekday_names, with_time=st.booleans())
def test_resolution_never_adds_precision(published: date, weekday: str, with_time: bool) -> None:
    time = " at 5 p.m." if with_time else ""
    (got,) = resolve_dates(f"He must appear by {weekday}{time}.", published, zone=NY)
    parsed = PartialTime.parse(got.value)
    assert parsed.has_time == with_time
    assert parsed.local_date() == got.day
