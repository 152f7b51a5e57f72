"""Recurring obligations: each occurrence is its own check (habeas.domain.recurrence).

The default: from April 12, 2025, a declaration each day by 5:00 p.m. Eastern, under an order
of April 11 (the shape of the reference story's daily declarations).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.compliance_state import ComplianceState, Status
from habeas.domain.obligations import Recurrence
from habeas.domain.recurrence import Filing, assign_filings, next_due, occurrence_dues
from tests.domain.obligation_facts import NY, assessment, entry, obligation, order, state, stay

DAILY: dict[str, Any] = {"kind": "recurring", "every": "day", "at": "17:00", "zone": NY,
                         "start": "2025-04-12"}  # fmt: skip
ORDER = order(issued="2025-04-11")


def daily(**changes: Any) -> ComplianceState:
    as_of = changes.pop("as_of")
    deadline = {**DAILY, **changes.pop("deadline", {})}
    ob = obligation(action="file_declaration", about=[], destination=None,
                    text="file a declaration each day", deadline=deadline)  # fmt: skip
    return state(ob, as_of, of=ORDER, **changes)


def statuses(s: ComplianceState) -> list[tuple[str, str]]:
    return [(o.due.astimezone(UTC).date().isoformat(), o.status) for o in s.occurrences]


def test_each_occurrence_is_its_own_check() -> None:
    filed = (
        entry("2025-04-12T16:00[America/New_York]"),
        entry("2025-04-14T18:00[America/New_York]"),
    )
    s = daily(as_of="2025-04-15T12:00-04:00", filings=filed)
    assert statuses(s) == [
        ("2025-04-12", "met"),
        ("2025-04-13", "no_filing_recorded"),
        ("2025-04-14", "met_late"),
    ]
    assert s.occurrences[2].late_by == timedelta(hours=1)
    assert s.status is Status.OVERDUE
    assert s.overdue_by == timedelta(days=1, hours=19)  # since the missed one, April 13, 5 p.m.
    assert s.deadline.next_due == datetime(2025, 4, 15, 21, 0, tzinfo=UTC)


def test_a_second_filing_on_one_day_makes_up_the_last_missed_day_late() -> None:
    filed = (entry("2025-04-14T10:00[America/New_York]", "docket_entry/a"),
             entry("2025-04-14T11:00[America/New_York]", "docket_entry/b"))  # fmt: skip
    s = daily(as_of="2025-04-14T20:00-04:00", filings=filed)
    assert statuses(s) == [("2025-04-12", "no_filing_recorded"), ("2025-04-13", "met_late"),
                           ("2025-04-14", "met")]  # fmt: skip
    assert s.occurrences[1].late_by == timedelta(hours=18)


def test_a_filing_known_only_by_its_day_is_on_time_with_its_timing_uncertain() -> None:
    s = daily(as_of="2025-04-12T20:00-04:00", filings=(entry("2025-04-12"),))
    assert statuses(s) == [("2025-04-12", "met")]
    assert s.occurrences[0].timing_uncertain


def test_nothing_is_due_before_the_first_occurrence() -> None:
    s = daily(as_of="2025-04-12T16:59-04:00")
    assert s.occurrences == () and s.status is Status.PENDING


def test_an_occurrence_due_during_a_stay_is_suspended_not_missed() -> None:
    s = daily(as_of="2025-04-14T20:00-04:00", stays=(stay("2025-04-12", "2025-04-13"),),
              filings=(entry("2025-04-14T09:00[America/New_York]"),))  # fmt: skip
    assert statuses(s) == [("2025-04-12", "suspended"), ("2025-04-13", "suspended"),
                           ("2025-04-14", "met")]  # fmt: skip
    assert s.status is Status.PENDING


def test_an_assessment_never_stands_in_for_filings_it_judges_only_their_substance() -> None:
    form_only = assessment("met_in_form_only", "2025-04-20", covers="2025-04-12/2025-04-13")
    filed = (entry("2025-04-12T16:00[America/New_York]"),)
    s = daily(as_of="2025-04-14T20:00-04:00", assessments=(form_only,), filings=filed)
    assert statuses(s) == [("2025-04-12", "met"), ("2025-04-13", "no_filing_recorded"),
                           ("2025-04-14", "no_filing_recorded")]  # fmt: skip
    assert [o.substance for o in s.occurrences] == ["unmet", "unmet", None]
    assert [e.kind for o in s.occurrences for e in o.evidence] == ["docket_entry"]
    assert s.substance == "unmet"
    assert s.status is Status.OVERDUE
    assert "no filing recorded for 2025-04-13, 2025-04-14" in s.explanation


def test_a_met_assessment_is_no_filing_either() -> None:
    met = assessment("met", "2025-04-13", covers="2025-04-12/2025-04-13")
    s = daily(as_of="2025-04-13T20:00-04:00", assessments=(met,))
    assert statuses(s) == [("2025-04-12", "no_filing_recorded"),
                           ("2025-04-13", "no_filing_recorded")]  # fmt: skip


def test_a_filing_ten_minutes_after_a_5_pm_deadline_is_late_by_ten_minutes() -> None:
    s = daily(as_of="2025-04-12T20:00-04:00",
              filings=(entry("2025-04-12T17:10[America/New_York]"),))  # fmt: skip
    assert statuses(s) == [("2025-04-12", "met_late")]
    assert s.occurrences[0].late_by == timedelta(minutes=10)
    assert not s.occurrences[0].timing_uncertain


def test_a_moot_recurring_obligation_has_no_occurrences_after_it_became_moot() -> None:
    s = daily(as_of="2025-04-20", assessments=(assessment("moot", "2025-04-14"),))
    assert s.status is Status.MOOT
    assert [d for d, _ in statuses(s)] == ["2025-04-12", "2025-04-13"]
    assert s.deadline.next_due is None


def test_business_days_skip_weekends_and_legal_holidays() -> None:
    every = {"every": "business_day", "start": "2025-05-23", "court": "mdd"}
    s = daily(as_of="2025-05-28T18:00-04:00", deadline=every)
    # Friday 23 May; Saturday, Sunday and Memorial Day (Monday 26 May) skipped.
    assert [d for d, _ in statuses(s)] == ["2025-05-23", "2025-05-27", "2025-05-28"]


def test_a_recurrence_ends_on_its_last_day() -> None:
    s = daily(as_of="2025-04-20", deadline={"until": "2025-04-13"})
    assert len(s.occurrences) == 2
    assert s.deadline.next_due is None


def test_weekly_occurrences_fall_seven_days_apart() -> None:
    rec = Recurrence.model_validate({**DAILY, "every": "week"})
    start = datetime(2025, 4, 1, tzinfo=UTC)
    dues = occurrence_dues(rec, start, datetime(2025, 5, 1, tzinfo=UTC))
    assert [d.date().isoformat() for d in dues] == ["2025-04-12", "2025-04-19", "2025-04-26"]


# -- properties -------------------------------------------------------------------------------


@given(start=st.dates(date(2020, 1, 1), date(2030, 12, 31)), days=st.integers(0, 120))
def test_a_daily_obligation_falls_due_once_a_day_across_daylight_saving_changes(
    start: date, days: int
) -> None:
    rec = Recurrence.model_validate({**DAILY, "start": start.isoformat()})
    first = datetime(2019, 1, 1, tzinfo=UTC)
    last_day = start + timedelta(days=days)
    last = occurrence_dues(rec, first, datetime(2031, 6, 1, tzinfo=UTC))[days]
    dues = occurrence_dues(rec, first, last)
    assert len(dues) == days + 1
    assert all(d.astimezone(last.tzinfo).strftime("%H:%M") == "17:00" for d in dues)
    assert dues[-1].astimezone(last.tzinfo).date() == last_day
    assert next_due(rec, last) == occurrence_dues(rec, last, last + timedelta(days=2))[0]


@given(offsets=st.lists(st.integers(0, 60 * 24 * 10), max_size=25))
def test_each_filing_answers_at_most_one_occurrence_and_on_time_means_by_the_due_time(
    offsets: list[int],
) -> None:
    rec = Recurrence.model_validate(DAILY)
    start = datetime(2025, 4, 11, 4, 0, tzinfo=UTC)
    dues = occurrence_dues(rec, start, start + timedelta(days=10))
    filings = [
        Filing(f"f{i}", t, t + timedelta(minutes=1), True)
        for i, t in enumerate(start + timedelta(minutes=m) for m in offsets)
    ]
    answers = assign_filings(dues, filings, NY)
    used = [a.filing.key for a in answers.values()]
    assert len(used) == len(set(used))
    for i, a in answers.items():
        if a.late_by is None:
            assert a.filing.earliest <= dues[i]
        else:
            assert a.late_by == a.filing.earliest - dues[i] > timedelta(0)
    for i, due in enumerate(dues):
        same_day = [f for f in filings if f.earliest.astimezone(due.tzinfo).date() == due.date()]
        if any(f.earliest <= due for f in same_day):
            assert i in answers, "a filing by the due time that day answers it"
