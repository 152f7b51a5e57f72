"""FRCP 6(a), clause by clause; FRCP 6(d); FRAP 26(a); Supreme Court Rule 30.1; order texts.

Each test is named after the clause it checks. The examples from the Committee Notes are
tests too (2009 Notes to FRCP 6 and FRAP 26).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habeas.domain.calendar import HolidayCalendar, is_legal_holiday
from habeas.domain.deadlines import (
    ComputedDeadline,
    DeadlineError,
    compute_period,
    parse_explicit_deadline,
)


def _has_step(result: ComputedDeadline, text: str) -> bool:
    return any(text in step for step in result.steps)


# -- FRCP 6(a)(1): periods stated in days ---------------------------------------------------


def test_6a1A_excludes_the_day_of_the_event() -> None:
    result = compute_period("mdd", date(2025, 4, 7), days=1)
    assert result.deadline == date(2025, 4, 8)
    assert "trigger 2025-04-07 (Mon): the day of the event is excluded" in result.steps[0]


def test_6a1B_counts_every_day_including_weekends_and_holidays() -> None:
    # Mon 30 June 2025 + 7 days: Friday 4 July and the weekend are counted, not skipped.
    result = compute_period("mdd", date(2025, 6, 30), days=7)
    assert result.deadline == result.raw_end == date(2025, 7, 7)


def test_6a1C_a_last_day_on_a_weekend_runs_to_the_next_day() -> None:
    result = compute_period("mdd", date(2025, 3, 31), days=5)  # day 5 = Sat 5 April
    assert (result.raw_end, result.deadline) == (date(2025, 4, 5), date(2025, 4, 7))


def test_6a1C_a_last_day_on_a_legal_holiday_runs_to_the_next_day() -> None:
    result = compute_period("mdd", date(2025, 5, 19), days=7)  # day 7 = Memorial Day
    assert result.deadline == date(2025, 5, 27)
    assert _has_step(result, "Mon 2025-05-26 Memorial Day")


def test_committee_note_2009_forward_example() -> None:
    # "if a filing is due within 10 days after an event, and the tenth day falls on Saturday,
    # September 1, 2007, then the filing is due on Tuesday, September 4, 2007 (Monday,
    # September 3, is Labor Day)."
    result = compute_period("mdd", date(2007, 8, 22), days=10)
    assert result.deadline == date(2007, 9, 4)
    assert _has_step(result, "trigger 2007-08-22 (Wed)")
    assert _has_step(result, "day 10 = Sat 2007-09-01")
    assert _has_step(result, "Sun 2007-09-02 weekend")
    assert _has_step(result, "Mon 2007-09-03 Labor Day")
    assert result.steps[-1].startswith("→ Tue 2007-09-04")


def test_committee_note_2009_backward_example() -> None:
    # "if a filing is due 10 days before an event, and the tenth day falls on Saturday,
    # September 1, then the filing is due on Friday, August 31."
    result = compute_period("mdd", date(2007, 9, 11), days=10, before=True)
    assert result.raw_end == date(2007, 9, 1)
    assert result.deadline == date(2007, 8, 31)
    assert result.steps[-1].startswith("→ Fri 2007-08-31")


# -- FRCP 6(a)(2): periods stated in hours --------------------------------------------------


def test_6a2A_hours_begin_counting_immediately() -> None:
    result = compute_period("mdd", datetime(2025, 4, 7, 10, 23), hours=4)
    assert result.ends_at.isoformat() == "2025-04-07T14:23:00-04:00"


def test_6a2B_every_hour_counts_even_across_a_daylight_saving_change() -> None:
    # Committee Note: a 72-hour period that begins at 10:00 a.m. on Friday, November 2, 2007,
    # runs until 9:00 a.m. on Monday, November 5 (standard time resumed on the Sunday).
    result = compute_period("mdd", datetime(2007, 11, 2, 10, 0), hours=72)
    assert result.ends_at.isoformat() == "2007-11-05T09:00:00-05:00"


def test_6a2C_a_period_ending_on_a_weekend_runs_to_the_same_time_on_the_next_day() -> None:
    result = compute_period("mdd", datetime(2025, 4, 4, 15, 0), hours=24)  # Sat 15:00
    assert result.ends_at.isoformat() == "2025-04-07T15:00:00-04:00"
    assert _has_step(result, "until the same time on the next day")


def test_6a2C_with_6a5_a_backward_hour_period_moves_to_the_previous_day() -> None:
    result = compute_period("mdd", datetime(2025, 4, 7, 9, 0), hours=24, before=True)
    assert result.ends_at.isoformat() == "2025-04-04T09:00:00-04:00"


def test_6a2_an_aware_trigger_is_read_in_the_courts_zone() -> None:
    result = compute_period("tnmd", datetime(2025, 4, 7, 18, 0, tzinfo=UTC), hours=2)
    assert result.ends_at.isoformat() == "2025-04-07T15:00:00-05:00"


# -- FRCP 6(a)(3): inaccessibility of the clerk's office ------------------------------------


def test_6a3A_an_inaccessible_last_day_extends_to_the_first_accessible_open_day() -> None:
    result = compute_period("mdd", date(2025, 4, 1), days=10, inaccessible=[date(2025, 4, 11)])
    assert result.deadline == date(2025, 4, 14)
    assert _has_step(result, "Fri 2025-04-11 clerk's office inaccessible")


def test_6a3A_inaccessibility_extends_even_a_backward_period_forward() -> None:
    # Committee Note: "If the clerk's office is inaccessible on August 31, then subdivision
    # (a)(3) extends the filing deadline forward to the next accessible day that is not a
    # Saturday, Sunday or legal holiday -- no earlier than Tuesday, September 4."
    result = compute_period(
        "mdd", date(2007, 9, 11), days=10, before=True, inaccessible=[date(2007, 8, 31)]
    )
    assert result.deadline == date(2007, 9, 4)


def test_6a3A_inaccessible_days_can_also_come_from_the_calendar() -> None:
    calendar = HolidayCalendar().with_inaccessible(date(2025, 4, 11), "flood")
    result = compute_period("mdd", date(2025, 4, 1), days=10, calendar=calendar)
    assert result.deadline == date(2025, 4, 14)
    assert _has_step(result, "inaccessible (flood)")


def test_6a3B_inaccessible_during_the_last_hour_moves_to_the_same_time_next_day() -> None:
    result = compute_period(
        "mdd", datetime(2025, 4, 7, 9, 0), hours=24, inaccessible=[date(2025, 4, 8)]
    )
    assert result.ends_at.isoformat() == "2025-04-09T09:00:00-04:00"


def test_6a3_unless_inaccessible_the_last_day_stands() -> None:
    result = compute_period("mdd", date(2025, 4, 1), days=10, inaccessible=[date(2025, 4, 10)])
    assert result.deadline == date(2025, 4, 11)


# -- FRCP 6(a)(4): the last day ends at midnight in the court's time zone -------------------


def test_6a4A_the_last_day_ends_at_midnight_in_the_courts_time_zone() -> None:
    east = compute_period("mdd", date(2007, 8, 22), days=10)
    central = compute_period("tnmd", date(2007, 8, 22), days=10)
    assert east.ends_at.isoformat() == "2007-09-04T23:59:59.999999-04:00"
    assert central.ends_at.isoformat() == "2007-09-04T23:59:59.999999-05:00"
    assert east.to_json()["ends_at"] == "2007-09-04T23:59:59-04:00"
    assert east.ends_at + timedelta(microseconds=1) == datetime(
        2007, 9, 5, tzinfo=east.ends_at.tzinfo
    )


# -- FRCP 6(a)(5): the "next day" counts backward for periods before an event ---------------


def test_6a5_next_day_is_the_previous_day_when_counting_backward() -> None:
    # 10 days before Thursday 11 September 2025 is Labor Day: the filing is due Friday.
    result = compute_period("mdd", date(2025, 9, 11), days=10, before=True)
    assert (result.raw_end, result.deadline) == (date(2025, 9, 1), date(2025, 8, 29))
    assert _has_step(result, "FRCP 6(a)(5)")


# -- FRCP 6(a)(6): legal holidays -----------------------------------------------------------


def test_6a6A_an_observed_federal_holiday_ends_no_period() -> None:
    result = compute_period("mdd", date(2026, 6, 26), days=7)  # day 7 = Fri 3 July 2026
    assert result.deadline == date(2026, 7, 6)


def test_6a6B_a_declared_closure_counts_and_the_alternative_is_given() -> None:
    result = compute_period("dcd", date(2025, 12, 12), days=12)  # day 12 = Wed 24 Dec 2025
    assert result.deadline == date(2025, 12, 29)
    assert _has_step(result, "Executive Order of December 18, 2025")
    assert any("without them the deadline is Wed 2025-12-24" in w for w in result.warnings)


def test_6a6B_declared_closures_can_be_excluded() -> None:
    calendar = HolidayCalendar(include_declared_closures=False)
    result = compute_period("dcd", date(2025, 12, 12), days=12, calendar=calendar)
    assert result.deadline == date(2025, 12, 24)
    assert result.warnings == ()


def test_6a6C_a_state_holiday_ends_no_period_measured_after_an_event() -> None:
    result = compute_period("tnmd", date(2025, 4, 4), days=14)  # day 14 = Good Friday
    assert result.deadline == date(2025, 4, 21)
    assert _has_step(result, "Good Friday (TN state holiday) [legal holiday, FRCP 6(a)(6)(C)]")


def test_6a6C_a_state_holiday_is_no_holiday_for_a_backward_period() -> None:
    result = compute_period("tnmd", date(2025, 4, 28), days=10, before=True)
    assert result.deadline == date(2025, 4, 18)


# -- FRCP 6(d): 3 days added after service by mail ------------------------------------------


def test_6d_three_days_are_added_after_the_period_would_otherwise_expire() -> None:
    # 14 days from Fri 4 April: Good Friday, then the weekend -> Mon 21 April; + 3 = Thu 24.
    result = compute_period("tnmd", date(2025, 4, 4), days=14, service_by_mail=True)
    assert result.deadline == date(2025, 4, 24)
    assert result.rule == "FRCP 6(a)(1) + 6(d)"
    assert _has_step(result, "period would otherwise expire Mon 2025-04-21")


def test_6d_a_third_day_on_a_holiday_runs_to_the_next_day() -> None:
    # The period expires Fri 29 August 2025; + 3 = Mon 1 September, Labor Day -> Tuesday.
    result = compute_period("mdd", date(2025, 8, 15), days=14, service_by_mail=True)
    assert result.deadline == date(2025, 9, 2)


def test_6d_applies_only_to_periods_after_service() -> None:
    with pytest.raises(DeadlineError, match="3 days"):
        compute_period("mdd", date(2025, 4, 7), days=7, before=True, service_by_mail=True)


# -- FRAP 26(a), FRBP 9006(a), Supreme Court Rule 30.1 --------------------------------------


def test_frap_26a_counts_days_as_frcp_6a_does() -> None:
    result = compute_period("ca4", date(2007, 8, 22), days=10)
    assert result.deadline == date(2007, 9, 4)
    assert result.rule == "FRAP 26(a)(1)"
    assert _has_step(result, "[FRAP 26(a)(1)(A)]")


def test_frap_26a6C_counts_the_state_holidays_of_the_lower_court() -> None:
    # The Sixth Circuit's clerk sits in Ohio; Good Friday is a Tennessee holiday.
    plain = compute_period("ca6", date(2025, 4, 4), days=14)
    from_tennessee = compute_period("ca6", date(2025, 4, 4), days=14, lower_court="tnmd")
    assert (plain.deadline, from_tennessee.deadline) == (date(2025, 4, 18), date(2025, 4, 21))


def test_frbp_9006a_governs_bankruptcy_courts() -> None:
    assert compute_period("mdb", date(2007, 8, 22), days=10).rule == "FRBP 9006(a)(1)"


def test_supreme_court_rule_30_counts_federal_holidays_only() -> None:
    # 90 days after 25 September 2025 is Wednesday 24 December 2025.
    scotus = compute_period("scotus", date(2025, 9, 25), days=90)
    assert scotus.deadline == date(2025, 12, 24)
    assert scotus.rule == "Sup. Ct. R. 30.1"
    assert compute_period("dcd", date(2025, 9, 25), days=90).deadline == date(2025, 12, 29)


# -- results and errors ---------------------------------------------------------------------


def test_a_result_explains_itself_and_has_a_json_form() -> None:
    result = compute_period("mdd", date(2007, 8, 22), days=10)
    assert result.explain() == (
        "trigger 2007-08-22 (Wed); day 10 = Sat 2007-09-01; Sat 2007-09-01 weekend; "
        "Sun 2007-09-02 weekend; Mon 2007-09-03 Labor Day; → Tue 2007-09-04"
    )
    data = result.to_json()
    assert data["deadline"] == "2007-09-04"
    assert data["court"] == "mdd" and data["rule"] == "FRCP 6(a)(1)"
    assert data["steps"] == list(result.steps)
    assert data["summary"] == result.explain()
    assert all("[" in step for step in result.steps[:2])  # each rule step cites its clause


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"court": "nowhere", "days": 1}, "unknown court"),
        ({"court": "mdd", "days": -1}, "negative"),
        ({"court": "mdd", "days": 1, "hours": 1}, "exactly one"),
        ({"court": "mdd"}, "exactly one"),
        ({"court": "mdd", "days": True}, "whole number"),
        ({"court": "mdd", "hours": 5}, "time of the event"),
        ({"court": "jpml", "days": 5}, "no time-computation rule"),
        ({"court": "scotus", "days": 5, "before": True}, "Rule 30.1"),
    ],
)
def test_bad_requests_raise_deadline_error(kwargs: dict[str, object], message: str) -> None:
    court = kwargs.pop("court")
    with pytest.raises(DeadlineError, match=message):
        compute_period(court, date(2025, 4, 7), **kwargs)  # type: ignore[arg-type]


def test_deadline_error_is_a_value_error() -> None:
    assert issubclass(DeadlineError, ValueError)


# -- properties -----------------------------------------------------------------------------

COURTS = st.sampled_from(["mdd", "tnmd", "dcd", "txwd", "cand", "prd", "ca4", "ca9", "mdb"])
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
N = st.integers(min_value=0, max_value=400)


@settings(deadline=None, max_examples=300)
@given(court=COURTS, trigger=DAYS, n=N, before=st.booleans())
def test_a_deadline_is_never_a_weekend_or_legal_holiday(
    court: str, trigger: date, n: int, before: bool
) -> None:
    result = compute_period(court, trigger, days=n, before=before)
    assert result.deadline.weekday() < 5
    assert is_legal_holiday(result.deadline, court, after_event=not before) is None


@settings(deadline=None, max_examples=300)
@given(court=COURTS, trigger=DAYS, n=N, mail=st.booleans())
def test_a_forward_deadline_is_never_before_the_raw_end(
    court: str, trigger: date, n: int, mail: bool
) -> None:
    result = compute_period(court, trigger, days=n, service_by_mail=mail)
    assert result.raw_end == trigger + timedelta(days=n)
    assert result.deadline >= result.raw_end + timedelta(days=3 if mail else 0)


@settings(deadline=None, max_examples=300)
@given(court=COURTS, trigger=DAYS, n=N, more=st.integers(min_value=0, max_value=30))
def test_a_longer_period_never_gives_an_earlier_deadline(
    court: str, trigger: date, n: int, more: int
) -> None:
    short = compute_period(court, trigger, days=n).deadline
    longer = compute_period(court, trigger, days=n + more).deadline
    assert short <= longer


@settings(deadline=None, max_examples=300)
@given(court=COURTS, trigger=DAYS, n=N, more=st.integers(min_value=0, max_value=30))
def test_counting_further_back_never_gives_a_later_deadline(
    court: str, trigger: date, n: int, more: int
) -> None:
    short = compute_period(court, trigger, days=n, before=True).deadline
    longer = compute_period(court, trigger, days=n + more, before=True).deadline
    assert longer <= short


@settings(deadline=None, max_examples=200)
@given(
    court=COURTS,
    trigger=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)),
    n=st.integers(min_value=0, max_value=24 * 30),
)
def test_an_hour_period_never_ends_on_a_weekend_or_holiday_nor_early(
    court: str, trigger: datetime, n: int
) -> None:
    result = compute_period(court, trigger, hours=n)
    assert result.deadline.weekday() < 5
    assert is_legal_holiday(result.deadline, court) is None
    start = trigger.replace(tzinfo=result.ends_at.tzinfo)
    assert result.ends_at.astimezone(UTC) >= start.astimezone(UTC) + timedelta(hours=n)


# -- deadlines written out in an order ------------------------------------------------------


def test_an_explicit_deadline_is_an_instant_in_the_courts_zone() -> None:
    found = parse_explicit_deadline("by no later than 11:59 PM on Monday, April 7, 2025", "mdd")
    assert found.instant == datetime(2025, 4, 8, 3, 59, tzinfo=UTC)
    assert found.local.isoformat() == "2025-04-07T23:59:00-04:00"
    assert found.warnings == ()


def test_a_weekday_that_disagrees_with_the_date_is_reported() -> None:
    found = parse_explicit_deadline("by 11:59 PM on Tuesday, April 7, 2025", "mdd")
    assert found.warnings == ("text says Tuesday but 2025-04-07 is a Monday",)


@pytest.mark.parametrize(
    ("text", "court", "utc"),
    [
        ("5:00 p.m. ET on April 10, 2025", "mdd", "2025-04-10T21:00:00+00:00"),
        ("9:30 a.m. on April 11, 2025", "mdd", "2025-04-11T13:30:00+00:00"),
        ("by noon on Apr. 11, 2025", "tnmd", "2025-04-11T17:00:00+00:00"),
        ("at 17:00 on 2025-04-11", "cand", "2025-04-12T00:00:00+00:00"),
        ("by 5 pm Central Time on 4/11/2025", "mdd", "2025-04-11T22:00:00+00:00"),
        ("on or before 11 April 2025 at 4:30 PM", "dcd", "2025-04-11T20:30:00+00:00"),
    ],
)
def test_explicit_deadline_forms(text: str, court: str, utc: str) -> None:
    assert parse_explicit_deadline(text, court).instant.isoformat() == utc


def test_a_zone_named_in_the_text_wins_and_is_reported() -> None:
    found = parse_explicit_deadline("5:00 p.m. ET on April 10, 2025", "tnmd")
    assert found.instant.isoformat() == "2025-04-10T21:00:00+00:00"
    assert "tnmd sits in America/Chicago" in found.warnings[0]


def test_midnight_is_read_as_the_end_of_the_day_with_a_warning() -> None:
    found = parse_explicit_deadline("by midnight on April 11, 2025", "mdd")
    assert found.local.isoformat() == "2025-04-12T00:00:00-04:00"
    assert "midnight" in found.warnings[0]


def test_a_date_without_a_time_is_read_as_the_end_of_the_day_with_a_warning() -> None:
    found = parse_explicit_deadline("Respondents shall answer by April 11, 2025.", "mdd")
    assert found.local.isoformat() == "2025-04-11T23:59:59.999999-04:00"
    assert "no time stated" in found.warnings[0]


def test_a_time_skipped_by_daylight_saving_is_reported() -> None:
    found = parse_explicit_deadline("2:30 a.m. on March 9, 2025", "mdd")
    assert any("does not exist" in w for w in found.warnings)


@pytest.mark.parametrize(
    "text", ["as soon as practicable", "by February 30, 2025", "at 13:00 p.m. on April 7, 2025"]
)
def test_unreadable_deadlines_raise_deadline_error(text: str) -> None:
    with pytest.raises(DeadlineError):
        parse_explicit_deadline(text, "mdd")


def test_a_trigger_before_the_2009_amendments_is_flagged() -> None:
    old = compute_period("mdd", date(2007, 8, 22), days=10)
    assert any("2009-12-01" in w for w in old.warnings)
    assert not compute_period("mdd", date(2025, 4, 7), days=10).warnings


def test_the_local_rule_example_in_the_docs_runs() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "deadlines.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "docs/deadlines.md", "exec"), {"__name__": "docs_example"})
