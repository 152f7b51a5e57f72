"""Uncertainty is stated, never resolved silently (docs/compliance.md, rule 2).

The default obligation: return a person by 11:59 p.m. on Monday, April 7, 2025 (Eastern),
under an order of April 4. The stay here is the Chief Justice's administrative stay as the
record gives it: entered on 7 April 2025, no time recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.compliance_state import Status
from habeas.domain.time import PartialTime
from tests.domain.obligation_facts import appeal, event, obligation, order, ruling, state, stay

ADMIN_STAY = (stay("2025-04-07", "2025-04-10"),)


def test_at_0030_on_the_day_of_an_undated_stay_whether_it_was_stayed_cannot_be_told() -> None:
    s = state(as_of="2025-04-07T00:30-04:00", stays=ADMIN_STAY)
    assert s.status is Status.CANNOT_TELL, "never 'suspended' hours before the stay may exist"
    assert set(s.possible) == {Status.SUSPENDED, Status.PENDING}
    assert s.status_text == "cannot tell: suspended by a stay or pending"
    assert (
        "cannot tell whether stay/s began by 7 Apr 2025, 00:30 EDT: "
        "it is dated 7 Apr 2025, no time recorded"
    ) in s.uncertain
    assert s.explanation[0].startswith("cannot tell: suspended by a stay if the acts known")
    assert "stay/s began: 7 Apr 2025, no time recorded" in s.assumed
    assert s.to_json()["possible"] == [p.value for p in s.possible]


def test_at_2358_the_same_day_it_still_cannot_be_told() -> None:
    s = state(as_of="2025-04-07T23:58-04:00", stays=ADMIN_STAY)
    assert s.status is Status.CANNOT_TELL
    assert set(s.possible) == {Status.SUSPENDED, Status.PENDING}


def test_after_the_day_the_stay_certainly_began_and_the_deadline_question_is_stated() -> None:
    s = state(as_of="2025-04-08T00:01-04:00", stays=ADMIN_STAY)
    assert s.status is Status.SUSPENDED
    assert s.possible == ()
    doubt = next(u for u in s.uncertain if "the deadline" in u)
    assert "cannot tell whether the deadline came first" in doubt
    assert "if the stay came first the deadline was not missed" in doubt


def test_a_stay_with_a_recorded_time_leaves_nothing_to_doubt() -> None:
    stays = (stay("2025-04-07T17:00[America/New_York]", "2025-04-10T12:00[America/New_York]"),)
    early = state(as_of="2025-04-07T00:30-04:00", stays=stays)
    assert early.status is Status.PENDING and early.uncertain == ()
    assert state(as_of="2025-04-07T17:30-04:00", stays=stays).status is Status.SUSPENDED
    assert "stay/s began" not in " ".join(state(as_of="2025-04-08", stays=stays).assumed)


def test_a_return_on_the_day_of_an_undated_order_cannot_be_placed() -> None:
    returned = event("returned", "2025-04-04T12:00Z")
    s = state(as_of="2025-04-04T13:00Z", custody_events=(returned,))
    assert s.status is Status.CANNOT_TELL
    assert Status.MET in s.possible
    assert state(as_of="2025-04-05", custody_events=(returned,)).status is Status.MET


def test_an_order_spoken_in_a_window_binds_only_once_the_window_has_passed() -> None:
    oral = order(issued="2025-03-15", spoken="2025-03-15T18:00[America/New_York]/19:00")
    ob = obligation(deadline={"kind": "none"}, action="other", about=[], destination=None)
    during = state(ob, "2025-03-15T18:30-04:00", of=oral)
    assert during.status is Status.CANNOT_TELL
    assert set(during.possible) == {Status.PENDING, Status.NOT_YET_EFFECTIVE}
    assert (
        "cannot tell whether obligation/o took effect by 15 Mar 2025, 18:30 EDT: it is "
        "recorded only as between 15 Mar 2025, 18:00 EDT and 19:00 EDT"
    ) in during.uncertain
    after = state(ob, "2025-03-15T19:05-04:00", of=oral)
    assert after.status is Status.PENDING
    assert after.effective_from == datetime(2025, 3, 15, 22, 0, tzinfo=UTC)


@given(minute=st.integers(0, 24 * 60 - 1))
def test_on_the_day_of_an_undated_stay_no_minute_reads_suspended(minute: int) -> None:
    moment = datetime(2025, 4, 7, 4, 0, tzinfo=UTC) + timedelta(minutes=minute)  # EDT day
    s = state(as_of=moment.isoformat(), stays=ADMIN_STAY)
    assert s.status is Status.CANNOT_TELL
    assert Status.SUSPENDED in s.possible and len(s.possible) == 2


@given(minute=st.integers(0, 3 * 24 * 60 - 1))
def test_after_the_day_it_began_and_before_the_day_it_ended_it_is_suspended(minute: int) -> None:
    moment = datetime(2025, 4, 8, 4, 0, tzinfo=UTC) + timedelta(minutes=minute)  # 8 to 10 Apr
    s = state(as_of=moment.isoformat(), stays=ADMIN_STAY)
    if moment < datetime(2025, 4, 10, 4, 0, tzinfo=UTC):
        assert s.status is Status.SUSPENDED
    else:  # on the day it ended, no time recorded
        assert s.status is Status.CANNOT_TELL


@given(
    start=st.integers(0, 23 * 60),
    length=st.integers(1, 48 * 60),
    named=st.sampled_from([None, "evening", "that night"]),
    zone_name=st.sampled_from(["America/New_York", "America/Chicago", "UTC"]),
)
def test_a_window_reads_back_as_written(
    start: int, length: int, named: str | None, zone_name: str
) -> None:
    z = ZoneInfo(zone_name)
    first = datetime(2025, 3, 15, start // 60, start % 60, tzinfo=z)
    last = (first.astimezone(UTC) + timedelta(minutes=length)).astimezone(z)
    a, b = PartialTime.from_datetime(first, zone_name), PartialTime.from_datetime(last, zone_name)
    text = f"{a}/{b}"
    if named:
        text += f" ({named})"
    pt = PartialTime.parse(text)
    assert PartialTime.parse(str(pt)) == pt
    assert pt.end() - pt.start() == timedelta(minutes=length)
    assert pt.window == named


def test_a_deadline_stated_as_a_date_is_marked_as_read_to_the_end_of_that_day() -> None:
    ob = obligation(deadline={"kind": "explicit", "at": "2025-04-07"})
    s = state(ob, "2025-04-06")
    assert "the deadline: 7 Apr 2025, no time stated, read as its last second (23:59:59 EDT)" in (
        s.assumed
    )


def test_only_the_acts_whose_time_decides_the_answer_are_given_as_why() -> None:
    denied = appeal("denied", "2025-04-07")  # the same day, but it changes nothing
    s = state(as_of="2025-04-07T00:30-04:00", stays=ADMIN_STAY, appeals=(denied,))
    assert s.status is Status.CANNOT_TELL
    assert not any("appeal/a" in u for u in s.uncertain)
    assert any("stay/s began" in u for u in s.uncertain)
    assert "appeal/a was decided: 7 Apr 2025, no time recorded" in s.assumed


# -- what a reader is given: the time as recorded, never the reading's invented time of day --


def test_a_stay_known_by_its_days_is_given_to_readers_by_its_days() -> None:
    stayed = state(as_of="2025-04-15", stays=ADMIN_STAY).to_json()["suspended"][0]
    assert stayed["start"]["recorded"] == "2025-04-07"
    assert stayed["end"]["recorded"] == "2025-04-10"
    assert stayed["start"]["local"] == "2025-04-07T00:00:00-04:00", "the reading's bound stays"


def test_a_stay_with_recorded_times_needs_no_recorded_form() -> None:
    stays = (stay("2025-04-07T17:00[America/New_York]", "2025-04-10T12:00[America/New_York]"),)
    stayed = state(as_of="2025-04-15", stays=stays).to_json()["suspended"][0]
    assert "recorded" not in stayed["start"] and "recorded" not in stayed["end"]


def test_a_stay_lifted_by_an_undated_ruling_ends_on_that_ruling_s_day() -> None:
    lift = ruling({"target": "stay/s", "effect": "stay_vacated"}, decided="2025-04-09")
    stayed = state(as_of="2025-04-15", stays=(stay("2025-04-07"),), rulings=(lift,))
    assert stayed.to_json()["suspended"][0]["end"]["recorded"] == "2025-04-09"


def test_an_ending_known_by_its_day_is_given_by_its_day() -> None:
    vacate = ruling({"target": "order/o", "effect": "vacated"}, decided="2025-04-06")
    ended = state(as_of="2025-04-09", rulings=(vacate,)).to_json()["ended"]
    assert ended["status"] == "vacated"
    assert ended["at"]["recorded"] == "2025-04-06"
    exact = ruling(
        {"target": "order/o", "effect": "vacated"}, decided="2025-04-06T15:10[America/New_York]"
    )
    assert "recorded" not in state(as_of="2025-04-09", rulings=(exact,)).to_json()["ended"]["at"]


def test_how_long_a_duty_took_between_acts_known_by_their_day_is_said_in_days() -> None:
    same_day = state(as_of="2025-04-05", custody_events=(event("returned", "2025-04-04"),))
    assert same_day.status is Status.MET
    assert same_day.to_json()["took"]["text"] == "the same day", "never 'under a minute'"
    later = state(as_of="2025-04-09", custody_events=(event("returned", "2025-04-06"),))
    assert later.to_json()["took"]["text"] == "2 days"
    exact = state(
        as_of="2025-04-09",
        of=order(issued="2025-04-04T10:00[America/New_York]"),
        custody_events=(event("returned", "2025-04-04T10:40[America/New_York]"),),
    )
    assert exact.to_json()["took"]["text"] == "40 minutes"
