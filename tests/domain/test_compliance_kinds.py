"""What courts do in practice, recorded as they did it (docs/compliance.md).

A class order about flights (synthetic people, times shaped like 15 March 2025): coverage
disputed stays disputed; a duty to turn a plane around is met only by a recorded return;
"immediately" is overdue once the stated reasonable time has passed; rulings that vacate a
stay, remand with instructions or ask for clarification; separate statements of justices.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from habeas.domain.compliance_state import Status
from habeas.domain.courts_records import Appeal, Order
from habeas.domain.errors import InvalidRecord
from habeas.domain.registry import parse_record
from tests.domain.obligation_facts import (
    assessment,
    event,
    flight,
    obligation,
    order,
    ruling,
    state,
    stay,
)

ORAL = order("order/tro", issued="2025-03-15", kind="oral_order",
             spoken="2025-03-15T18:45[America/New_York]")  # fmt: skip
EARLY = flight("transfer/early", "2025-03-15T17:26[America/New_York]", ["person/a"])
LATER = flight("transfer/later", "2025-03-15T19:37[America/New_York]", ["person/b"])
CLASS = "all noncitizens in U.S. custody subject to the Proclamation"


def class_bar(*coverage: dict[str, Any]) -> Any:
    return obligation("obligation/class-bar", order="order/tro", action="do_not_remove",
                      about=[], destination=None, deadline={"kind": "none"},
                      text="do not remove members of the class", covers_class=CLASS,
                      coverage=list(coverage))  # fmt: skip


def test_a_flight_whose_coverage_is_disputed_is_disputed_though_its_time_is_exact() -> None:
    ob = class_bar(
        {"transfer": "transfer/early", "covered": "covered", "reason": "AEA removals"},
        {"transfer": "transfer/later", "covered": "disputed", "reason": "removed under Title 8"},
    )
    s = state(ob, "2025-03-16", of=ORAL, transfers=(EARLY, LATER))
    assert s.status is Status.DISPUTED, "never 'violated' or 'not violated'"
    (v,) = s.violations
    assert v.key == "transfer/later" and v.disputed == "removed under Title 8"
    assert v.after == timedelta(minutes=52), "the gap is still stated to the minute"
    assert any("1 hour 19 minutes before it took effect: not a violation" in line
               for line in s.explanation)  # fmt: skip
    assert s.to_json()["violations"][0]["disputed"] == "removed under Title 8"


def test_a_covered_flight_after_the_order_is_a_violation_beside_a_disputed_one() -> None:
    third = flight("transfer/third", "2025-03-15T20:00[America/New_York]", ["person/c"])
    ob = class_bar(
        {"transfer": "transfer/later", "covered": "disputed", "reason": "Title 8"},
        {"transfer": "transfer/third", "covered": "covered", "reason": "AEA removals"},
    )
    s = state(ob, "2025-03-16", of=ORAL, transfers=(LATER, third))
    assert s.status is Status.VIOLATED
    assert [(v.key, v.disputed is None) for v in s.violations] == [
        ("transfer/later", False), ("transfer/third", True)
    ]  # fmt: skip


def test_a_flight_not_covered_is_no_violation_and_says_why() -> None:
    ob = class_bar({"transfer": "transfer/later", "covered": "not_covered", "reason": "Title 8"})
    s = state(ob, "2025-03-16", of=ORAL, transfers=(LATER,))
    assert s.status is Status.IN_FORCE
    assert any("not covered (Title 8)" in line for line in s.explanation)


def test_a_class_flight_with_no_passengers_recorded_still_counts_once() -> None:
    empty = flight("transfer/later", "2025-03-15T19:37[America/New_York]", [])
    ob = class_bar({"transfer": "transfer/later", "covered": "disputed", "reason": "Title 8"})
    s = state(ob, "2025-03-16", of=ORAL, transfers=(empty,))
    assert s.status is Status.DISPUTED
    assert [v.person for v in s.violations] == [None]


# -- a plane in the air -------------------------------------------------------------------------

TURN_AROUND: dict[str, Any] = {
    "kind": "immediately", "reasonable_minutes": 120, "words": "immediately",
    "basis": "a plane in the air can be turned around within two hours",
}  # fmt: skip


def turn_around() -> Any:
    return obligation("obligation/turn-around", order="order/tro", action="return",
                      about=[], transfers=["transfer/early", "transfer/later"],
                      deadline=TURN_AROUND, text="turn the planes around")  # fmt: skip


def test_immediately_is_pending_within_the_stated_reasonable_time() -> None:
    s = state(turn_around(), "2025-03-15T19:45-04:00", of=ORAL, transfers=(EARLY, LATER))
    assert s.status is Status.PENDING
    assert s.deadline.reasonable_time == timedelta(hours=2)
    assert any("reasonable time has passed, taken here as 2 hours" in line
               for line in s.explanation)  # fmt: skip
    assert s.to_json()["deadline"]["reasonable_time"] == {"seconds": 7200, "text": "2 hours"}


def test_an_immediate_duty_spoken_within_a_window_is_due_within_a_window() -> None:
    spoken = order(
        "order/tro", issued="2025-03-15", spoken="2025-03-15T17:00[America/New_York]/19:26"
    )
    s = state(turn_around(), "2025-03-16", of=spoken, transfers=(EARLY, LATER))
    due = s.to_json()["deadline"]["at"]
    assert due["recorded"] == "2025-03-15T19:00[America/New_York]/21:26", "never one minute"
    exact = order("order/tro", issued="2025-03-15", spoken="2025-03-15T18:00[America/New_York]")
    at = state(turn_around(), "2025-03-16", of=exact, transfers=(EARLY, LATER))
    assert "recorded" not in at.to_json()["deadline"]["at"]


def test_a_duty_due_within_a_window_is_overdue_by_what_is_certain() -> None:
    spoken = order(
        "order/tro", issued="2025-03-15", spoken="2025-03-15T17:00[America/New_York]/19:26"
    )
    s = state(turn_around(), "2025-03-16T00:00-04:00", of=spoken, transfers=(EARLY, LATER))
    assert s.status is Status.OVERDUE
    assert s.overdue_by == timedelta(hours=2, minutes=34), "from 21:26, the window's end"
    assert any(line.startswith("overdue by at least 2 hours 34 minutes, at most 5 hours")
               for line in s.explanation)  # fmt: skip


def test_once_the_reasonable_time_passes_it_is_overdue_until_everyone_is_returned() -> None:
    one_back = event("returned", "2025-03-20T10:00[America/New_York]", person="person/a")
    said_met = assessment("met", "2025-03-16", of="obligation/turn-around")
    s = state(turn_around(), "2025-03-21", of=ORAL, transfers=(EARLY, LATER),
              custody_events=(one_back,), assessments=(said_met,))  # fmt: skip
    assert s.status is Status.OVERDUE, "a 'met' assessment is no recorded return"
    assert any("1 of 2 aboard" in line for line in s.explanation)
    both = (one_back, event("returned", "2025-03-22T10:00[America/New_York]", person="person/b"))
    met = state(turn_around(), "2025-03-23", of=ORAL, transfers=(EARLY, LATER),
                custody_events=both)  # fmt: skip
    assert met.status is Status.MET_LATE
    assert met.evidence[0].summary.startswith("all 2 aboard")


# -- what rulings do ----------------------------------------------------------------------------


def test_a_ruling_that_vacates_a_stay_ends_the_stay_not_the_deadline() -> None:
    lifted = ruling({"target": "stay/s", "effect": "stay_vacated"},
                    decided="2025-04-06T12:00[America/New_York]")  # fmt: skip
    s = state(as_of="2025-04-06T18:00-04:00", stays=(stay("2025-04-05"),), rulings=(lifted,))
    assert s.status is Status.PENDING
    assert s.suspended[0].end is not None
    assert s.deadline.in_effect


def test_a_remand_with_instructions_keeps_the_duty_and_quotes_them() -> None:
    remand = ruling({"target": "obligation/o", "effect": "remanded_with_instructions",
                     "instructions": "to clarify its directive"})  # fmt: skip
    s = state(as_of="2025-04-11", rulings=(remand,))
    assert s.status is Status.OVERDUE
    assert any('remanded with instructions by ruling/r: "to clarify its directive"' in line
               for line in s.explanation)  # fmt: skip


@pytest.mark.parametrize(
    ("effect", "words"),
    [
        ({"target": "obligation/o", "effect": "clarification_required"}, "instructions"),
        ({"target": "obligation/o", "effect": "stay_vacated"}, "targets a stay"),
        ({"target": "stay/s", "effect": "vacated"}, "targets a stay"),
        ({"target": "obligation/o", "effect": "vacated", "instructions": "x"}, "only a remand"),
    ],
)
def test_a_ruling_effect_says_what_it_needs(effect: dict[str, Any], words: str) -> None:
    with pytest.raises(InvalidRecord, match=words):
        ruling(effect)


def test_an_application_to_vacate_an_injunction_is_its_own_kind() -> None:
    rec = parse_record({"type": "appeal", "key": "appeal/x", "kind":
                        "application_to_vacate_injunction", "case": "case/up", "from_case":
                        "case/c", "unsourced": True, "synthetic": True})  # fmt: skip
    assert isinstance(rec, Appeal) and rec.kind == "application_to_vacate_injunction"


def test_separate_statements_of_justices_are_recorded_with_the_order() -> None:
    dissent = {"by": ["Justice A"], "kind": "dissenting", "joined_by": ["Justice B"],
               "words": "I dissent."}  # fmt: skip
    rec = order(separate_statements=[dissent])
    assert isinstance(rec, Order)
    assert rec.separate_statements[0].label() == "Justice A, joined by Justice B, dissenting"
