"""The compliance rules, one by one (habeas.domain.compliance; docs/compliance.md).

The default obligation: return a person to the United States by 11:59 p.m. on Monday, April 7,
2025 (Eastern), under an order of April 4, 2025.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.compliance_state import Status
from tests.domain.obligation_facts import (
    DEADLINE,
    appeal,
    assessment,
    entry,
    event,
    flight,
    obligation,
    order,
    ruling,
    state,
    statement,
    stay,
)

DUE = datetime(2025, 4, 8, 3, 59, tzinfo=UTC)


# -- pending, met, late, overdue --------------------------------------------------------------


def test_before_its_deadline_an_obligation_is_pending() -> None:
    s = state(as_of="2025-04-06")
    assert s.status is Status.PENDING
    assert s.deadline.due == DUE and s.deadline.in_effect


def test_before_its_order_an_obligation_is_not_yet_in_effect() -> None:
    assert state(as_of="2025-04-03").status is Status.NOT_YET_EFFECTIVE


def test_met_on_time_by_the_event_the_obligation_names() -> None:
    returned = event("returned", "2025-04-07T12:00[America/New_York]")
    s = state(as_of="2025-04-09", custody_events=(returned,))
    assert s.status is Status.MET
    assert s.late_by is None
    assert [e.key for e in s.evidence] == [returned.key]
    assert str(s.met_at) == "2025-04-07T12:00[America/New_York]"


def test_met_late_by_the_time_between_the_deadline_and_the_event() -> None:
    returned = event("returned", "2025-04-08T02:59[America/New_York]")
    s = state(as_of="2025-04-09", custody_events=(returned,))
    assert s.status is Status.MET_LATE
    assert s.late_by == timedelta(hours=3)


def test_unmet_after_the_deadline_is_overdue_by_the_time_since() -> None:
    s = state(as_of="2025-04-09T23:59-04:00")
    assert s.status is Status.OVERDUE
    assert s.overdue_by == timedelta(days=2)
    assert any("no evidence" in line for line in s.explanation), "it says none is recorded"


def test_a_return_to_another_country_does_not_meet_a_return_to_the_united_states() -> None:
    s = state(as_of="2025-04-09", custody_events=(event("returned", "2025-04-06", country="MX"),))
    assert s.status is Status.OVERDUE


def test_an_event_known_only_by_its_day_meets_a_deadline_that_day_with_timing_uncertain() -> None:
    ob = obligation(deadline={"kind": "explicit", "at": "2025-04-07T17:00[America/New_York]"})
    s = state(ob, as_of="2025-04-09", custody_events=(event("returned", "2025-04-07"),))
    assert s.status is Status.MET and s.timing_uncertain


def test_a_deadline_given_as_a_date_runs_to_the_end_of_that_day_where_the_court_sits() -> None:
    s = state(obligation(deadline={"kind": "explicit", "at": "2025-04-07"}))
    assert s.deadline.due == datetime(2025, 4, 8, 3, 59, 59, tzinfo=UTC)


def test_a_computed_deadline_follows_the_courts_rules() -> None:
    computed = {"kind": "computed", "trigger": "2025-04-04", "days": 10, "court": "mdd"}
    s = state(obligation(deadline=computed), as_of="2025-04-15T12:00-04:00")
    assert s.deadline.due is not None
    assert s.deadline.due.date().isoformat() == "2025-04-14"
    assert s.deadline.steps, "the computation explains itself"
    assert s.status is Status.OVERDUE


# -- extensions -------------------------------------------------------------------------------


def test_an_extension_moves_the_deadline() -> None:
    later = {"until": "2025-04-10T17:00[America/New_York]", "granted": "2025-04-07"}
    returned = event("returned", "2025-04-09T10:00[America/New_York]")
    s = state(obligation(extensions=[later]), as_of="2025-04-11", custody_events=(returned,))
    assert s.status is Status.MET
    assert s.deadline.original == DUE
    assert s.deadline.due == datetime(2025, 4, 10, 21, 0, tzinfo=UTC)


def test_an_extension_counts_only_from_when_it_was_granted() -> None:
    later = {"until": "2025-04-10T17:00[America/New_York]", "granted": "2025-04-12"}
    returned = event("returned", "2025-04-09T10:00[America/New_York]")
    ob = obligation(extensions=[later])
    assert state(ob, as_of="2025-04-11", custody_events=(returned,)).status is Status.MET_LATE
    assert state(ob, as_of="2025-04-13", custody_events=(returned,)).status is Status.MET


# -- stays ------------------------------------------------------------------------------------


def test_a_deadline_that_falls_inside_a_stay_is_not_missed() -> None:
    s = state(as_of="2025-04-08", stays=(stay("2025-04-07"),))
    assert s.status is Status.SUSPENDED
    assert s.overdue_by is None
    assert any("not missed" in line for line in s.explanation)


def test_a_stay_suspends_and_does_not_toll_once_lifted_it_is_due_at_once() -> None:
    stays = (stay("2025-04-07", "2025-04-08"),)  # lasts to the end of April 8
    s = state(as_of="2025-04-10T00:00-04:00", stays=stays)
    assert s.status is Status.OVERDUE
    assert s.deadline.after_stays == datetime(2025, 4, 9, 4, 0, tzinfo=UTC)
    assert s.overdue_by == timedelta(days=1)


@pytest.mark.parametrize(
    ("returned_at", "status", "late_by"),
    [
        ("2025-04-08T12:00[America/New_York]", Status.MET, None),
        ("2025-04-09T12:00[America/New_York]", Status.MET_LATE, timedelta(hours=12)),
    ],
)
def test_an_act_during_the_stay_is_on_time_and_after_it_late_by_the_time_since_it_ended(
    returned_at: str, status: Status, late_by: timedelta | None
) -> None:
    stays = (stay("2025-04-07", "2025-04-08"),)
    s = state(as_of="2025-04-11", stays=stays, custody_events=(event("returned", returned_at),))
    assert (s.status, s.late_by) == (status, late_by)


def test_time_under_a_stay_never_counts_as_overdue() -> None:
    s = state(as_of="2025-04-11T23:59-04:00", stays=(stay("2025-04-09", "2025-04-09"),))
    assert s.status is Status.OVERDUE
    assert s.overdue_by == timedelta(days=3)  # four days since the deadline, one of them stayed


def test_a_stay_of_another_order_changes_nothing() -> None:
    s = state(as_of="2025-04-08", stays=(stay("2025-04-07", of="order/other"),))
    assert s.status is Status.OVERDUE


# -- what courts above do: vacate, strike the deadline, modify, affirm, remand ----------------


def test_a_vacated_order_ends_its_obligations_from_that_moment() -> None:
    vacate = ruling({"target": "order/o", "effect": "vacated"}, decided="2025-04-06")
    assert state(as_of="2025-04-05", rulings=(vacate,)).status is Status.PENDING
    s = state(as_of="2025-04-09", rulings=(vacate,))
    assert s.status is Status.VACATED
    assert s.ending is not None and s.ending.by == "ruling/r"
    assert s.overdue_by is None


def test_a_duty_vacated_after_its_deadline_passed_unmet_keeps_that_it_was_overdue() -> None:
    vacate = ruling({"target": "order/o", "effect": "vacated"}, decided="2025-04-09")
    s = state(as_of="2025-04-10", rulings=(vacate,))
    assert s.status is Status.VACATED
    assert s.while_in_force is Status.OVERDUE
    assert s.status_text == "vacated (while in force: unmet and overdue)"
    assert any(line.startswith("while in force: unmet and overdue from 7 Apr 2025, 23:59 EDT")
               for line in s.explanation)  # fmt: skip
    assert s.overdue_by is None, "no longer overdue: it no longer binds"


def test_a_duty_vacated_before_its_deadline_or_after_it_was_met_carries_nothing_more() -> None:
    early = ruling({"target": "order/o", "effect": "vacated"}, decided="2025-04-06")
    assert state(as_of="2025-04-10", rulings=(early,)).while_in_force is None
    late = ruling({"target": "order/o", "effect": "vacated"}, decided="2025-04-09")
    returned = (event("returned", "2025-04-06T10:00[America/New_York]"),)
    s = state(as_of="2025-04-10", rulings=(late,), custody_events=returned)
    assert s.status is Status.MET and s.while_in_force is None


def test_an_appeal_decided_vacated_vacates_the_orders_obligations_without_a_ruling() -> None:
    s = state(as_of="2025-04-09", appeals=(appeal("vacated", "2025-04-06"),))
    assert s.status is Status.VACATED and s.ending is not None and s.ending.by == "appeal/a"


def test_an_appeal_granted_in_part_without_a_ruling_is_flagged_not_guessed() -> None:
    s = state(as_of="2025-04-09", appeals=(appeal("granted_in_part", "2025-04-06"),))
    assert s.status is Status.OVERDUE
    assert any("no ruling records" in line for line in s.explanation)


def test_a_ruling_that_drops_the_deadline_keeps_the_duty_from_that_moment() -> None:
    strike = ruling({"target": "obligation/o", "effect": "deadline_vacated"}, decided="2025-04-06")
    s = state(as_of="2025-04-09", rulings=(strike,))
    assert s.status is Status.PENDING
    assert not s.deadline.in_effect and s.deadline.vacated_by == "ruling/r"
    assert s.open_for is not None


def test_a_deadline_missed_before_it_was_struck_was_overdue_until_then() -> None:
    strike = ruling({"target": "obligation/o", "effect": "deadline_vacated"}, decided="2025-04-09")
    s = state(as_of="2025-04-10", rulings=(strike,))
    assert s.status is Status.PENDING
    assert any("had been overdue" in line for line in s.explanation)


def test_a_modified_obligation_is_superseded_by_the_obligation_as_modified() -> None:
    modify = ruling(
        {"target": "obligation/o", "effect": "modified", "replaced_by": "obligation/new"},
        decided="2025-04-06",
    )
    s = state(as_of="2025-04-09", rulings=(modify,))
    assert s.status is Status.SUPERSEDED
    assert s.ending is not None and s.ending.by == "obligation/new"


@pytest.mark.parametrize("effect", ["affirmed", "remanded"])
def test_affirming_or_remanding_leaves_the_obligation_in_force(effect: str) -> None:
    s = state(as_of="2025-04-09", rulings=(ruling({"target": "obligation/o", "effect": effect},
                                                   decided="2025-04-06"),))  # fmt: skip
    assert s.status is Status.OVERDUE
    assert any(f"{effect} by ruling/r" in line for line in s.explanation)


def test_granted_in_part_and_denied_in_part_acts_on_each_obligation_separately() -> None:
    report = obligation("obligation/report", action="file_status_report", about=[],
                        destination=None, text="file a status report")  # fmt: skip
    split = ruling(
        {"target": "obligation/o", "effect": "vacated", "reason": "granted as to the return"},
        {"target": "obligation/report", "effect": "affirmed", "reason": "denied as to reports"},
        decided="2025-04-06",
    )
    assert state(as_of="2025-04-09", rulings=(split,)).status is Status.VACATED
    assert state(report, as_of="2025-04-09", rulings=(split,)).status is Status.OVERDUE


# -- amendments, mootness, judgement ----------------------------------------------------------


def test_an_amendment_supersedes_its_predecessor_from_when_it_takes_effect() -> None:
    amended = order("order/b", issued="2025-04-06", amends="order/o")
    successor = obligation("obligation/b", order="order/b", supersedes="obligation/o",
                           deadline={"kind": "asap"})  # fmt: skip
    s = state(as_of="2025-04-09", successors=((successor, amended),))
    assert s.status is Status.SUPERSEDED
    assert s.ending is not None and s.ending.by == "obligation/b"
    assert s.ending.at == datetime(2025, 4, 6, 4, 0, tzinfo=UTC)
    assert s.overdue_by is None, "the old deadline no longer binds"


def test_an_amended_order_supersedes_the_obligations_of_the_order_it_amends() -> None:
    amended = order("order/b", issued="2025-04-06", amends="order/o")
    s = state(as_of="2025-04-09", amending_orders=(amended,))
    assert s.status is Status.SUPERSEDED and s.ending is not None and s.ending.by == "order/b"


def test_an_obligation_found_moot_ends_from_when_it_became_moot() -> None:
    moot = assessment("moot", "2025-04-06")
    assert state(as_of="2025-04-09", assessments=(moot,)).status is Status.MOOT
    assert state(as_of="2025-04-05", assessments=(moot,)).status is Status.PENDING


def test_an_assessment_can_find_it_met_when_no_event_shows_it() -> None:
    s = state(as_of="2025-04-09", assessments=(assessment("met", "2025-04-07"),))
    assert s.status is Status.MET
    assert s.evidence[0].kind == "assessment"


def test_a_filing_can_be_met_in_form_and_unmet_in_substance() -> None:
    ob = obligation(action="file_declaration", about=[], destination=None, text="declare")
    filed = entry("2025-04-07T15:00[America/New_York]")
    form_only = assessment("met_in_form_only", "2025-04-08")
    s = state(ob, as_of="2025-04-09", filings=(filed,), assessments=(form_only,))
    assert s.status is Status.MET
    assert s.substance == "unmet"
    assert s.assessments == (form_only.key,)


def test_a_filing_test_can_match_words_and_the_filer() -> None:
    met_by = {"kind": "docket_entry", "text_contains": ["status report"], "filed_by": "Defendants"}
    ob = obligation(action="file_status_report", about=[], destination=None, text="report",
                    met_by=met_by)  # fmt: skip
    theirs = entry("2025-04-07", "docket_entry/p", (), "Status report", "Plaintiffs")
    assert state(ob, as_of="2025-04-09", filings=(theirs,)).status is Status.OVERDUE
    ours = entry("2025-04-07", "docket_entry/d", (), "STATUS REPORT of defendants", "defendants")
    assert state(ob, as_of="2025-04-09", filings=(theirs, ours)).status is Status.MET


# -- as soon as possible ----------------------------------------------------------------------


def test_as_soon_as_possible_is_never_overdue_and_reports_how_long_it_has_been_open() -> None:
    ob = obligation(deadline={"kind": "asap"})
    s = state(ob, as_of="2025-05-01T00:00-04:00", stays=(stay("2025-04-07", "2025-04-09"),))
    assert s.status is Status.PENDING
    assert s.open_for == timedelta(days=24)  # 27 days since April 4, 3 of them stayed


def test_as_soon_as_possible_once_met_reports_how_long_it_took() -> None:
    ob = obligation(deadline={"kind": "asap"})
    s = state(ob, as_of="2025-06-07", custody_events=(event("returned", "2025-06-06"),))
    assert s.status is Status.MET
    assert s.took == timedelta(days=63)


# -- context ----------------------------------------------------------------------------------


def test_statements_about_the_person_while_a_return_is_open_are_shown_as_context() -> None:
    said = statement("2025-04-06", ["person/p"])
    before = statement("2025-04-01", ["person/p"], key="statement/before")
    s = state(as_of="2025-04-09", statements=(said, before))
    assert s.context == ("statement/s",)


def test_statements_about_a_person_are_not_context_for_a_filing_but_about_its_order_are() -> None:
    ob = obligation(action="file_declaration", about=["person/p"], text="declare")
    on_person = statement("2025-04-06", ["person/p"])
    assert state(ob, as_of="2025-04-09", statements=(on_person,)).context == ()
    on_order = statement("2025-04-06", ["order/o"])
    assert state(ob, as_of="2025-04-09", statements=(on_order,)).context == ("statement/s",)


# -- do not remove ----------------------------------------------------------------------------

ORAL = order("order/tro", issued="2025-03-15", kind="oral_order",
             spoken="2025-03-15T18:45[America/New_York]")  # fmt: skip
NO_REMOVAL = obligation("obligation/stay-put", order="order/tro", action="do_not_remove",
                        about=["person/a", "person/b"], destination=None,
                        deadline={"kind": "none"}, text="do not remove them")  # fmt: skip


def test_do_not_remove_is_violated_by_a_flight_departing_minutes_after_an_oral_order() -> None:
    early = flight("transfer/6143", "2025-03-15T17:26[America/New_York]", ["person/a"])
    late = flight("transfer/6122", "2025-03-15T18:47[America/New_York]", ["person/b"])
    s = state(NO_REMOVAL, "2025-03-16", of=ORAL, transfers=(early, late))
    assert s.status is Status.VIOLATED
    assert [(v.key, v.after, v.certain) for v in s.violations] == [
        ("transfer/6122", timedelta(minutes=2), True)
    ]
    assert any("1 hour 19 minutes before it took effect" in x for x in s.explanation)


def test_once_vacated_a_violated_bar_reads_vacated_and_keeps_what_held_while_in_force() -> None:
    late = flight("transfer/6122", "2025-03-15T18:47[America/New_York]", ["person/a", "person/b"])
    vacated = ruling({"target": "order/tro", "effect": "vacated"}, decided="2025-04-07")
    before = state(NO_REMOVAL, "2025-04-06", of=ORAL, transfers=(late,), rulings=(vacated,))
    assert before.status is Status.VIOLATED and before.while_in_force is None
    s = state(NO_REMOVAL, "2025-04-08", of=ORAL, transfers=(late,), rulings=(vacated,))
    assert s.status is Status.VACATED
    assert s.while_in_force is Status.VIOLATED
    assert s.status_text == "vacated (while in force: VIOLATED)"
    assert s.ending is not None and s.ending.by == "ruling/r"
    assert [t.verdict for t in s.transfers] == ["violated"]
    assert s.transfers[0].aboard == 2
    assert [v.person for v in s.violations] == ["person/a", "person/b"]
    assert sum("transfer/6122" in line for line in s.explanation) == 1, "one line for the flight"


def test_a_bar_vacated_with_nothing_moved_says_it_was_not_violated_while_in_force() -> None:
    vacated = ruling({"target": "order/tro", "effect": "vacated"}, decided="2025-04-07")
    s = state(NO_REMOVAL, "2025-04-08", of=ORAL, rulings=(vacated,))
    assert s.status is Status.VACATED and s.while_in_force is Status.IN_FORCE


def test_without_the_spoken_time_a_departure_that_day_is_only_a_possible_violation() -> None:
    written = order("order/tro", issued="2025-03-15")
    same_day = flight("transfer/6122", "2025-03-15T18:47[America/New_York]", ["person/b"])
    s = state(NO_REMOVAL, "2025-03-16", of=written, transfers=(same_day,))
    assert s.status is Status.POSSIBLY_VIOLATED
    assert s.violations[0].after is None and not s.violations[0].certain
    next_day = flight("transfer/next", "2025-03-16T01:00[America/New_York]", ["person/b"])
    s = state(NO_REMOVAL, "2025-03-16", of=written, transfers=(next_day,))
    assert s.status is Status.VIOLATED


def test_a_departure_while_the_order_is_stayed_is_not_a_violation() -> None:
    stayed = stay("2025-03-15T19:00[America/New_York]", of="order/tro")
    later = flight("transfer/x", "2025-03-15T19:30[America/New_York]", ["person/a"])
    s = state(NO_REMOVAL, "2025-03-15T19:40-04:00", of=ORAL, transfers=(later,), stays=(stayed,))
    assert s.status is Status.SUSPENDED and not s.violations


def test_a_domestic_transfer_is_not_a_removal_but_is_a_transfer() -> None:
    bus = flight("transfer/bus", "2025-03-16T09:00[America/Chicago]", ["person/a"], to="US")
    assert state(NO_REMOVAL, "2025-03-17", of=ORAL, transfers=(bus,)).status is Status.IN_FORCE
    no_transfer = NO_REMOVAL.model_copy(update={"action": "do_not_transfer"})
    s = state(no_transfer, "2025-03-17", of=ORAL, transfers=(bus,))
    assert s.status is Status.VIOLATED


def test_a_removal_recorded_only_as_a_custody_event_counts_once() -> None:
    plane = flight("transfer/6122", "2025-03-15T19:36[America/New_York]", ["person/a"])
    linked = event("removed", "2025-03-15", "custody_event/a", person="person/a",
                   transfer="transfer/6122", country="SV")  # fmt: skip
    alone = event("removed", "2025-03-16", "custody_event/b", person="person/b", country="SV")
    s = state(NO_REMOVAL, "2025-03-17", of=ORAL, transfers=(plane,),
              custody_events=(linked, alone))  # fmt: skip
    assert sorted(v.key for v in s.violations) == ["custody_event/b", "transfer/6122"]


def test_with_no_movement_a_prohibition_is_in_force() -> None:
    assert state(NO_REMOVAL, "2025-03-20", of=ORAL).status is Status.IN_FORCE


# -- properties -------------------------------------------------------------------------------

hours = st.integers(-24 * 10, 24 * 20)


@given(deadline=hours, stay_start=hours, stay_days=st.integers(1, 10), as_of=hours)
def test_a_stay_never_makes_an_obligation_more_overdue(
    deadline: int, stay_start: int, stay_days: int, as_of: int
) -> None:
    base = datetime(2025, 4, 10, 12, 0, tzinfo=UTC)
    due = (base + timedelta(hours=deadline)).isoformat()
    ob = obligation(deadline={"kind": "explicit", "at": due}, effective_from="2025-03-01")
    start = (base + timedelta(hours=stay_start)).isoformat()
    end = (base + timedelta(hours=stay_start, days=stay_days)).isoformat()
    when = (base + timedelta(hours=as_of)).isoformat()
    free = state(ob, when)
    stayed = state(ob, when, stays=(stay(start, end),))
    assert (stayed.overdue_by or timedelta(0)) <= (free.overdue_by or timedelta(0))
    if stayed.status is Status.OVERDUE:
        assert free.status is Status.OVERDUE


@given(met=st.integers(0, 24 * 30), later=st.integers(0, 24 * 365))
def test_once_met_an_obligation_stays_met(met: int, later: int) -> None:
    # from the day after the order's: on its own day (no time recorded) which came first
    # cannot be told (test_a_return_on_the_day_of_an_undated_order_cannot_be_placed)
    t = datetime(2025, 4, 5, 4, 0, tzinfo=UTC) + timedelta(hours=met)
    returned = event("returned", t.isoformat())
    s = state(as_of=(t + timedelta(hours=later)).isoformat(), custody_events=(returned,))
    assert s.status in (Status.MET, Status.MET_LATE)
    assert s.met_at == returned.at
    assert (s.status is Status.MET_LATE) == (t > DUE)


@given(minutes=st.integers(-600, 600))
def test_a_departure_violates_the_order_exactly_when_it_comes_after_it(minutes: int) -> None:
    spoken = datetime(2025, 3, 15, 22, 45, tzinfo=UTC)
    departed = (spoken + timedelta(minutes=minutes)).isoformat()
    s = state(NO_REMOVAL, "2025-03-17", of=ORAL, transfers=(flight("transfer/x", departed,
                                                                    ["person/a"]),))  # fmt: skip
    assert (s.status is Status.VIOLATED) == (minutes >= 0)
    if minutes >= 0:
        assert s.violations[0].after == timedelta(minutes=minutes)


def test_the_stated_deadline_of_the_default_obligation_is_the_april_7_order() -> None:
    assert DEADLINE == "2025-04-07T23:59[America/New_York]"
