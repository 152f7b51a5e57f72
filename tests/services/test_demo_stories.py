"""Both demo stories, loaded together, on each backend: what the courts ordered on and after
March 15, 2025, and how compliance reads without any hand-tuning.

J.G.G. v. Trump (D.D.C. 1:25-cv-00766-JEB): two flights left Harlingen before the oral order
(5:26 and 5:45 p.m. ET); the oral order to return planes in the air came between 5:00 p.m.
and the written minute order of 7:26 p.m.; the third flight left after 7:26 p.m., and whether
it carried class members is disputed. The Supreme Court vacated the orders on April 7, 2025.

Abrego Garcia v. Noem after June 2025: the order of July 23 (notice before any third-country
removal), the re-detention of August 25 and the habeas case's orders to December 11, 2025.
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from habeas.cli.main import cli
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.compliance import compliance
from habeas.services.whereabouts import whereabouts
from habeas.storage.store import Store

JGG = "case/dcd-1-25-cv-00766"
TURN_AROUND = "obligation/dcd-1-25-cv-00766-2025-03-15-return-planes-in-the-air"
NO_REMOVAL = "obligation/dcd-1-25-cv-00766-2025-03-15-no-removal-under-the-proclamation"
KAG = "person/kilmar-abrego-garcia"
NOTICE = "obligation/mdd-8-25-cv-00951-2025-07-23-notice-before-third-country-removal"
HABEAS = "case/mdd-abrego-garcia-v-noem-habeas-2025-08-25"
NOT_REMOVED = "obligation/mdd-habeas-2025-08-25-not-removed"
RELEASE = "obligation/mdd-habeas-2025-12-11-release"
FLIGHT = "transfer/globalx-{}-2025-03-15"


def obligations(store: Store, case: str, when: str) -> dict[str, dict[str, Any]]:
    report = compliance(store, case, as_of=when, principal=LOCAL_OPERATOR).to_json()
    return {o["key"]: o for o in report["obligations"]}


def compliance_text(stories: Store, case: str, when: str) -> str:
    """The CLI's text answer, as a reader sees it."""
    result = CliRunner().invoke(cli, ["--db", stories.url, "compliance", case, "--as-of", when])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


# -- J.G.G. v. Trump ----------------------------------------------------------------------------


def test_the_oral_order_is_recorded_as_spoken_in_the_window_the_record_gives(
    stories: Store,
) -> None:
    turn = obligations(stories, JGG, "2025-03-16")[TURN_AROUND]
    assert turn["order"]["spoken"] == "2025-03-15T17:00[America/New_York]/19:26"
    assert turn["effective_from"]["utc"] == "2025-03-15T21:00:00Z", "from the window's start"


def test_the_duty_to_turn_the_planes_around_is_unmet(stories: Store) -> None:
    turn = obligations(stories, JGG, "2025-03-16")[TURN_AROUND]
    assert turn["status"] == "overdue"
    assert turn["evidence"] == []
    assert turn["deadline"]["kind"] == "immediately"
    assert turn["deadline"]["reasonable_time"]["text"] == "2 hours", "the time allowed is stated"
    assert any("0 of 219 aboard" in line for line in turn["explanation"])
    assert any(line.startswith("no evidence:") for line in turn["explanation"])


def test_before_the_window_closes_whether_the_order_was_given_cannot_be_told(
    stories: Store,
) -> None:
    turn = obligations(stories, JGG, "2025-03-15T18:50-04:00")[TURN_AROUND]
    assert turn["status"] == "cannot_tell"
    assert any(line.startswith("cannot tell:") for line in turn["explanation"])


def test_whether_a_reasonable_time_had_passed_cannot_be_told_while_it_may_not_have(
    stories: Store,
) -> None:
    # spoken between 17:00 and 19:26, two hours allowed: the time ran out between 19:00 and 21:26
    turn = obligations(stories, JGG, "2025-03-15T19:30-04:00")[TURN_AROUND]
    assert turn["status"] == "cannot_tell"
    assert any(
        "it ran out between 15 Mar 2025, 19:00 EDT and 15 Mar 2025, 21:26 EDT" in line
        for line in turn["uncertain"]
    )


def test_two_hours_after_the_written_order_the_duty_is_overdue(stories: Store) -> None:
    turn = obligations(stories, JGG, "2025-03-15T21:30-04:00")[TURN_AROUND]
    assert turn["status"] == "overdue"


def test_the_two_early_flights_are_no_violation_of_the_bar_with_the_gaps_to_the_minute(
    stories: Store,
) -> None:
    bar = obligations(stories, JGG, "2025-03-16")[NO_REMOVAL]
    assert bar["effective_from"]["local"] == "2025-03-15T19:26:00-04:00"
    lines = set(bar["explanation"])
    assert (
        "GlobalX flight 6143 (110 aboard, covered) departed 15 Mar 2025, 17:26 EDT, 2 hours "
        "before it took effect: not a violation" in lines
    )
    assert (
        "GlobalX flight 6145 (109 aboard, covered) departed 15 Mar 2025, 17:45 EDT, 1 hour 41 "
        "minutes before it took effect: not a violation" in lines
    )
    early = {FLIGHT.format("6143"), FLIGHT.format("6145")}
    assert not [v for v in bar["violations"] if v["key"] in early]
    found = {t["transfer"]: t for t in bar["transfers"]}
    assert found[FLIGHT.format("6143")]["finding"] == "before_effect"
    assert found[FLIGHT.format("6143")]["after_order"]["seconds"] == -2 * 3600


@pytest.mark.parametrize("form", ["text", "json"])
def test_a_class_order_explains_itself_once_a_flight_not_once_a_passenger(
    stories: Store, form: str
) -> None:
    bar = obligations(stories, JGG, "2025-03-16")[NO_REMOVAL]
    lines = bar["explanation"]
    flights = [line for line in lines if "GlobalX flight" in line]
    assert len(flights) == 3, lines
    assert len(lines) < 10, "one line a flight, not 219"
    assert len(bar["uncertain"]) == len(set(bar["uncertain"]))
    aboard = {t["transfer"]: (t["aboard"], t["coverage"]) for t in bar["transfers"]}
    assert aboard == {
        FLIGHT.format("6143"): (110, "covered"),
        FLIGHT.format("6145"): (109, "covered"),
        FLIGHT.format("6122"): (41, "disputed"),
    }
    if form == "json":  # the per-person detail stays in the JSON
        late = [v for v in bar["violations"] if v["key"] == FLIGHT.format("6122")]
        assert len(late) == 41 and len({v["person"] for v in late}) == 41
    else:
        text = compliance_text(stories, JGG, "2025-03-16")
        assert text.count("GlobalX flight 6122") == 2, "once as the finding, once in the steps"
        assert text.count("GlobalX flight 6143") == 1


def test_the_later_flight_is_disputed_never_violated_or_cleared(stories: Store) -> None:
    bar = obligations(stories, JGG, "2025-03-16")[NO_REMOVAL]
    assert bar["status"] == "disputed"
    late = [v for v in bar["violations"] if v["key"] == FLIGHT.format("6122")]
    assert late, "the third flight is listed"
    assert all(v["disputed"] and "Title 8" in v["disputed"] for v in late)
    assert all(v["departed"] == "2025-03-15T19:26[America/New_York]/24:00" for v in late)


def test_the_later_flight_left_0_to_274_minutes_after_the_written_order(stories: Store) -> None:
    # "after 19:26, before midnight" against the minute order entered at 19:26: not before it
    bar = obligations(stories, JGG, "2025-03-16")[NO_REMOVAL]
    (late,) = [t for t in bar["transfers"] if t["transfer"] == FLIGHT.format("6122")]
    assert late["finding"] == "disputed"
    assert late["after_order_between"]["least"]["seconds"] == 0
    assert late["after_order_between"]["most"]["text"] == "4 hours 34 minutes"
    assert "not before it took effect" in late["summary"]
    assert "it left 0 minutes to 4 hours 34 minutes after it (0–274 min)" in late["summary"]
    assert not any("which came first is unknown" in line for line in bar["explanation"])
    assert not bar["uncertain"], "nothing about the order of the two is left undecided"
    assert all(v["certain"] and v["after_order_between"] for v in bar["violations"])


def test_the_supreme_court_vacated_both_on_7_april_and_what_happened_before_stands(
    stories: Store,
) -> None:
    after = obligations(stories, JGG, "2025-04-08")
    assert after[TURN_AROUND]["status"] == "vacated"
    bar = after[NO_REMOVAL]
    assert bar["ended"]["status"] == "vacated"
    assert bar["ended"]["by"] == "ruling/scotus-24a931-2025-04-07"
    assert bar["status"] == "vacated", "after the vacatur the bar no longer binds"
    assert bar["status_text"] == "vacated (while in force: disputed)"
    # the vacatur does not rewrite the evening of March 15: the third flight stays disputed
    assert bar["while_in_force"] == "disputed"
    found = {t["transfer"]: t["finding"] for t in bar["transfers"]}
    assert found[FLIGHT.format("6122")] == "disputed"
    assert all(v["disputed"] for v in bar["violations"])
    assert "while in force: disputed" in bar["explanation"]
    before = obligations(stories, JGG, "2025-04-06")
    assert before[TURN_AROUND]["status"] == "overdue"
    assert before[NO_REMOVAL]["status"] == "disputed"
    assert before[NO_REMOVAL]["ended"] is None
    assert before[NO_REMOVAL]["while_in_force"] is None


def test_on_the_day_of_the_vacatur_whether_it_still_bound_cannot_be_told(stories: Store) -> None:
    bar = obligations(stories, JGG, "2025-04-07T12:00-04:00")[NO_REMOVAL]
    assert bar["status"] == "cannot_tell"
    assert set(bar["possible"]) == {"disputed", "vacated"}


def test_every_passenger_is_synthetic_and_flagged(stories: Store) -> None:
    bar = obligations(stories, JGG, "2025-03-16")[NO_REMOVAL]
    people = {v["person"] for v in bar["violations"] if v["person"]}
    assert people
    for key in sorted(people)[:5]:
        w = whereabouts(stories, key, as_of="2025-03-17", principal=LOCAL_OPERATOR).to_json()
        assert w["person"]["synthetic"] is True


# -- Abrego Garcia after June 2025 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "status", "facility"),
    [
        ("2025-08-24", "released", None),
        ("2025-08-26", "in_custody", "ICE field office holding rooms, Baltimore"),
        ("2025-12-12", "released", None),
    ],
)
def test_his_re_detention_and_release_follow_the_record(
    stories: Store, when: str, status: str, facility: str | None
) -> None:
    w = whereabouts(stories, KAG, as_of=when, principal=LOCAL_OPERATOR).to_json()
    assert w["status"] == status
    assert (w["facility"] or {}).get("name") == facility


def test_in_september_2025_the_bars_on_removal_are_in_force_and_not_violated(
    stories: Store,
) -> None:
    md = obligations(stories, "case/mdd-8-25-cv-00951", "2025-09-01")
    assert md[NOTICE]["status"] == "in_force"
    habeas = obligations(stories, HABEAS, "2025-09-01")
    assert habeas[NOT_REMOVED]["status"] == "in_force"
    assert RELEASE not in habeas, "not yet ordered"


def test_the_release_ordered_on_11_december_was_met_that_day(stories: Store) -> None:
    habeas = obligations(stories, HABEAS, "2025-12-12")
    assert habeas[RELEASE]["status"] == "met"
    assert habeas[RELEASE]["met_at"].startswith("2025-12-11")
    assert habeas[NOT_REMOVED]["status"] == "in_force"
