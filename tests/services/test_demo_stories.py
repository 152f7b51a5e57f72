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

from collections.abc import Iterator
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.compliance import compliance
from habeas.services.database import load_demo
from habeas.services.whereabouts import whereabouts
from habeas.storage.store import Store
from tests.conftest import pg_schema_url

JGG = "case/dcd-1-25-cv-00766"
TURN_AROUND = "obligation/dcd-1-25-cv-00766-2025-03-15-return-planes-in-the-air"
NO_REMOVAL = "obligation/dcd-1-25-cv-00766-2025-03-15-no-removal-under-the-proclamation"
KAG = "person/kilmar-abrego-garcia"
NOTICE = "obligation/mdd-8-25-cv-00951-2025-07-23-notice-before-third-country-removal"
HABEAS = "case/mdd-abrego-garcia-v-noem-habeas-2025-08-25"
NOT_REMOVED = "obligation/mdd-habeas-2025-08-25-not-removed"
RELEASE = "obligation/mdd-habeas-2025-12-11-release"
FLIGHT = "transfer/globalx-{}-2025-03-15"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Both stories loaded once per backend for this module (the tests only read)."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('stories')}/h.db"])
    else:
        urls = pg_schema_url()
    store = Store(next(urls))
    load_demo(store)
    yield store
    store.close()
    next(urls, None)


def obligations(store: Store, case: str, when: str) -> dict[str, dict[str, Any]]:
    report = compliance(store, case, as_of=when, principal=LOCAL_OPERATOR).to_json()
    return {o["key"]: o for o in report["obligations"]}


# -- J.G.G. v. Trump ----------------------------------------------------------------------------


def test_the_oral_order_is_recorded_as_spoken_in_the_window_the_record_gives(
    demo: Store,
) -> None:
    turn = obligations(demo, JGG, "2025-03-16")[TURN_AROUND]
    assert turn["order"]["spoken"] == "2025-03-15T17:00[America/New_York]/19:26"
    assert turn["effective_from"]["utc"] == "2025-03-15T21:00:00Z", "from the window's start"


def test_the_duty_to_turn_the_planes_around_is_unmet(demo: Store) -> None:
    turn = obligations(demo, JGG, "2025-03-16")[TURN_AROUND]
    assert turn["status"] == "overdue"
    assert turn["evidence"] == []
    assert turn["deadline"]["kind"] == "immediately"
    assert turn["deadline"]["reasonable_time"]["text"] == "2 hours", "the time allowed is stated"
    assert any("0 of 219 aboard" in line for line in turn["explanation"])
    assert any(line.startswith("no evidence:") for line in turn["explanation"])


def test_before_the_window_closes_whether_the_order_was_given_cannot_be_told(
    demo: Store,
) -> None:
    turn = obligations(demo, JGG, "2025-03-15T18:50-04:00")[TURN_AROUND]
    assert turn["status"] == "cannot_tell"
    assert any(line.startswith("cannot tell:") for line in turn["explanation"])


def test_whether_a_reasonable_time_had_passed_cannot_be_told_while_it_may_not_have(
    demo: Store,
) -> None:
    # spoken between 17:00 and 19:26, two hours allowed: the time ran out between 19:00 and 21:26
    turn = obligations(demo, JGG, "2025-03-15T19:30-04:00")[TURN_AROUND]
    assert turn["status"] == "cannot_tell"
    assert any(
        "it ran out between 15 Mar 2025, 19:00 EDT and 15 Mar 2025, 21:26 EDT" in line
        for line in turn["uncertain"]
    )


def test_two_hours_after_the_written_order_the_duty_is_overdue(demo: Store) -> None:
    turn = obligations(demo, JGG, "2025-03-15T21:30-04:00")[TURN_AROUND]
    assert turn["status"] == "overdue"


def test_the_two_early_flights_are_no_violation_of_the_bar_with_the_gaps_to_the_minute(
    demo: Store,
) -> None:
    bar = obligations(demo, JGG, "2025-03-16")[NO_REMOVAL]
    assert bar["effective_from"]["local"] == "2025-03-15T19:26:00-04:00"
    lines = set(bar["explanation"])
    assert (
        "GlobalX flight 6143 departed 15 Mar 2025, 17:26 EDT, 2 hours before it took effect: "
        "not a violation" in lines
    )
    assert (
        "GlobalX flight 6145 departed 15 Mar 2025, 17:45 EDT, 1 hour 41 minutes before it "
        "took effect: not a violation" in lines
    )
    early = {FLIGHT.format("6143"), FLIGHT.format("6145")}
    assert not [v for v in bar["violations"] if v["key"] in early]


def test_the_later_flight_is_disputed_never_violated_or_cleared(demo: Store) -> None:
    bar = obligations(demo, JGG, "2025-03-16")[NO_REMOVAL]
    assert bar["status"] == "disputed"
    late = [v for v in bar["violations"] if v["key"] == FLIGHT.format("6122")]
    assert late, "the third flight is listed"
    assert all(v["disputed"] and "Title 8" in v["disputed"] for v in late)
    assert all(v["departed"] == "2025-03-15T19:26[America/New_York]/24:00" for v in late)


def test_the_supreme_court_vacated_both_on_7_april_and_what_happened_before_stands(
    demo: Store,
) -> None:
    after = obligations(demo, JGG, "2025-04-08")
    assert after[TURN_AROUND]["status"] == "vacated"
    bar = after[NO_REMOVAL]
    assert bar["ended"]["status"] == "vacated"
    assert bar["ended"]["by"] == "ruling/scotus-24a931-2025-04-07"
    # the vacatur does not rewrite the evening of March 15: the third flight stays disputed
    assert bar["status"] == "disputed"
    before = obligations(demo, JGG, "2025-04-06")
    assert before[TURN_AROUND]["status"] == "overdue"
    assert before[NO_REMOVAL]["status"] == "disputed"
    assert before[NO_REMOVAL]["ended"] is None


def test_every_passenger_is_synthetic_and_flagged(demo: Store) -> None:
    bar = obligations(demo, JGG, "2025-03-16")[NO_REMOVAL]
    people = {v["person"] for v in bar["violations"] if v["person"]}
    assert people
    for key in sorted(people)[:5]:
        w = whereabouts(demo, key, as_of="2025-03-17", principal=LOCAL_OPERATOR).to_json()
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
    demo: Store, when: str, status: str, facility: str | None
) -> None:
    w = whereabouts(demo, KAG, as_of=when, principal=LOCAL_OPERATOR).to_json()
    assert w["status"] == status
    assert (w["facility"] or {}).get("name") == facility


def test_in_september_2025_the_bars_on_removal_are_in_force_and_not_violated(
    demo: Store,
) -> None:
    md = obligations(demo, "case/mdd-8-25-cv-00951", "2025-09-01")
    assert md[NOTICE]["status"] == "in_force"
    habeas = obligations(demo, HABEAS, "2025-09-01")
    assert habeas[NOT_REMOVED]["status"] == "in_force"
    assert RELEASE not in habeas, "not yet ordered"


def test_the_release_ordered_on_11_december_was_met_that_day(demo: Store) -> None:
    habeas = obligations(demo, HABEAS, "2025-12-12")
    assert habeas[RELEASE]["status"] == "met"
    assert habeas[RELEASE]["met_at"].startswith("2025-12-11")
    assert habeas[NOT_REMOVED]["status"] == "in_force"
