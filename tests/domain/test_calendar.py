"""Legal holidays: FRCP 6(a)(6)(A) federal, (B) declared by the President, (C) state."""

from __future__ import annotations

from datetime import date

import pytest
from holidays import country_holidays

from habeas.domain.calendar import (
    HolidayCalendar,
    declared_closures,
    federal_holiday,
    is_legal_holiday,
    is_weekend,
    state_holiday,
)
from habeas.domain.courts import get_court


def test_weekends_are_saturday_and_sunday() -> None:
    assert [is_weekend(date(2025, 4, d)) for d in range(5, 8)] == [True, True, False]


# -- (A) the day set aside by statute for observing a federal holiday -----------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2007, 9, 3), "Labor Day"),
        (date(2025, 1, 20), "Martin Luther King Jr. Day"),
        (date(2025, 2, 17), "Washington's Birthday"),
        (date(2025, 6, 19), "Juneteenth National Independence Day"),
        (date(2025, 10, 13), "Columbus Day"),
        (date(2025, 11, 11), "Veterans Day"),
    ],
)
def test_6a6A_the_federal_holidays_are_legal_holidays(day: date, name: str) -> None:
    assert is_legal_holiday(day, "mdd") == name


def test_6a6A_a_saturday_holiday_is_observed_on_the_friday_before() -> None:
    # 5 U.S.C. 6103(b): Independence Day 2020 fell on a Saturday; Friday was set aside.
    assert is_legal_holiday(date(2020, 7, 3), "mdd") == "Independence Day (observed)"
    # New Year's Day 2022 fell on a Saturday: Friday 31 December 2021.
    assert is_legal_holiday(date(2021, 12, 31), "mdd") == "New Year's Day (observed)"


def test_6a6A_a_sunday_holiday_is_observed_on_the_monday_after() -> None:
    assert is_legal_holiday(date(2021, 7, 5), "mdd") == "Independence Day (observed)"


def test_6a6A_juneteenth_counts_only_since_it_became_a_holiday_in_2021() -> None:
    assert federal_holiday(date(2020, 6, 19)) is None
    assert federal_holiday(date(2021, 6, 18)) is not None


def test_an_ordinary_day_is_not_a_legal_holiday() -> None:
    assert is_legal_holiday(date(2025, 4, 8), "mdd") is None


# -- (B) any day declared a holiday by the President or Congress ----------------------------


def test_6a6B_the_carter_day_of_mourning_is_counted_with_its_order() -> None:
    found = is_legal_holiday(date(2025, 1, 9), "dcd")
    assert found is not None
    assert "Jimmy Carter" in found
    assert "Executive Order 14133 of December 30, 2024" in found


def test_6a6B_the_2025_christmas_eve_and_26_december_closures_are_counted() -> None:
    for day in (date(2025, 12, 24), date(2025, 12, 26)):
        found = is_legal_holiday(day, "mdd")
        assert found is not None
        assert "Executive Order of December 18, 2025" in found


def test_6a6B_declared_closures_can_be_left_out() -> None:
    calendar = HolidayCalendar(include_declared_closures=False)
    assert is_legal_holiday(date(2025, 1, 9), "dcd", calendar=calendar) is None


def test_supreme_court_rule_30_counts_no_executive_closures() -> None:
    assert is_legal_holiday(date(2025, 12, 24), "scotus") is None
    assert is_legal_holiday(date(2025, 12, 25), "scotus") == "Christmas Day"


def test_every_declared_closure_names_its_order_and_the_verified_ones_cite_it() -> None:
    closures = declared_closures()
    assert [c.day for c in closures] == sorted(c.day for c in closures)
    for closure in closures:
        assert closure.order.startswith("Executive Order")
        assert closure.title and closure.authority in {"President", "Congress"}
        assert bool(closure.citation) == closure.verified
        assert not is_weekend(closure.day)


def test_declared_closures_agree_with_the_holidays_package() -> None:
    # holidays lists executive-branch closures in its "government" category.
    government = country_holidays("US", years=range(2014, 2026), categories="government")
    ours = {c.day for c in declared_closures()}
    assert ours <= set(government)
    assert {date(2025, 1, 9), date(2025, 12, 24), date(2025, 12, 26)} <= ours


# -- (C) state holidays, for periods measured after an event --------------------------------


def test_6a6C_a_state_holiday_counts_where_the_district_court_sits() -> None:
    found = is_legal_holiday(date(2025, 4, 18), "tnmd")
    assert found == "Good Friday (TN state holiday)"
    assert is_legal_holiday(date(2025, 4, 18), "mdd") is None


def test_6a6C_state_holidays_do_not_count_for_periods_counted_backward() -> None:
    assert is_legal_holiday(date(2025, 4, 18), "tnmd", after_event=False) is None


def test_6a6C_territories_have_their_holidays() -> None:
    assert state_holiday(date(2025, 1, 6), "PR") == "Epiphany"
    assert is_legal_holiday(date(2025, 4, 16), "dcd") == "Emancipation Day (DC state holiday)"


def test_6a6C_a_court_of_appeals_counts_its_clerks_state_and_the_lower_courts() -> None:
    ca6 = get_court("ca6")  # clerk's office in Cincinnati, Ohio
    good_friday = date(2025, 4, 18)
    assert HolidayCalendar().holiday(good_friday, ca6) is None
    found = HolidayCalendar().holiday(good_friday, ca6, also_states=["TN"])
    assert found is not None and found.basis == "state"


def test_a_court_without_a_state_table_has_no_state_holidays() -> None:
    assert get_court("canalzoned").state == "CZ"
    assert is_legal_holiday(date(1980, 11, 3), "canalzoned") is None


def test_federal_holidays_are_not_reported_as_state_holidays() -> None:
    assert state_holiday(date(2025, 12, 25), "TX") is None


# -- extending the calendar -----------------------------------------------------------------


def test_a_courts_own_holiday_can_be_added_with_its_reason() -> None:
    base = HolidayCalendar()
    local = base.with_holiday(date(2025, 4, 8), "General Order 25-01 closing the courthouse")
    mdd = get_court("mdd")
    found = local.holiday(date(2025, 4, 8), mdd)
    assert found is not None and found.basis == "court"
    assert "General Order 25-01" in found.describe()
    assert base.holiday(date(2025, 4, 8), mdd) is None  # the original is unchanged


def test_inaccessible_days_are_recorded_with_their_reason() -> None:
    calendar = HolidayCalendar(inaccessible={date(2025, 4, 8): "snow"})
    assert calendar.inaccessible_reason(date(2025, 4, 8)) == "snow"
    assert (
        calendar.with_inaccessible(date(2025, 4, 9), "power").inaccessible_reason(date(2025, 4, 9))
        == "power"
    )
    assert calendar.inaccessible_reason(date(2025, 4, 9)) is None


def test_a_calendar_cannot_be_changed_in_place() -> None:
    calendar = HolidayCalendar(extra_holidays={date(2025, 4, 8): "x"})
    with pytest.raises(TypeError):
        calendar.extra_holidays[date(2025, 4, 9)] = "y"  # type: ignore[index]
