"""A class order about flights, read from a ledger on each backend: coverage that is disputed
stays disputed, a duty to turn planes around is met only by a recorded return, and a ruling
that vacates a stay ends the stay. Every person and flight here is synthetic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.alerts import alerts
from habeas.services.compliance import compliance
from habeas.services.importing import import_bundle
from habeas.storage.store import Store
from tests.conftest import cite, source, write_bundle

CASE = "case/dcd-synthetic"
BAR = "obligation/synthetic-class-bar"
TURN = "obligation/synthetic-turn-around"
ZONE = "[America/New_York]"


def _flight(key: str, departed: str, people: list[str]) -> dict[str, Any]:
    return {"type": "transfer", "key": key, "kind": "flight", "synthetic": True,
            "departed": f"2025-03-15T{departed}{ZONE}",
            "origin": {"name": "Harlingen, Texas", "country": "US"},
            "destination": {"name": "San Salvador", "country": "SV"},
            "manifest": [{"person": p} for p in people], "sources": cite()}  # fmt: skip


def _person(key: str) -> dict[str, Any]:
    return {"type": "person", "key": key, "full_name": f"Synthetic {key[-1].upper()}",
            "synthetic": True, "sources": cite()}  # fmt: skip


def story() -> list[dict[str, Any]]:
    ob = {"type": "obligation", "order": "order/synthetic-oral", "obligor_text": "Defendants",
          "synthetic": True, "sources": cite()}  # fmt: skip
    return [
        source(),
        {"type": "court", "key": "court/dcd", "court_id": "dcd", "sources": cite(),
         "name": "U.S. District Court for the District of Columbia",
         "timezone": "America/New_York"},
        {"type": "case", "key": CASE, "court": "court/dcd", "docket_number": "1:25-cv-00000",
         "caption": "Synthetic v. Example", "synthetic": True, "sources": cite()},
        _person("person/syn-a"), _person("person/syn-b"), _person("person/syn-c"),
        _flight("transfer/syn-1", "17:26", ["person/syn-a"]),
        _flight("transfer/syn-2", "17:45", ["person/syn-b"]),
        _flight("transfer/syn-3", "19:37", ["person/syn-c"]),
        {"type": "order", "key": "order/synthetic-oral", "case": CASE, "kind": "oral_order",
         "title": "Oral order", "issued": "2025-03-15", "spoken": f"2025-03-15T18:45{ZONE}",
         "text": "Any plane in the air must be turned around.", "synthetic": True,
         "sources": cite()},
        {**ob, "key": BAR, "action": "do_not_remove", "text": "do not remove class members",
         "covers_class": "the class as certified", "coverage": [
             {"transfer": "transfer/syn-1", "covered": "covered", "reason": "class members"},
             {"transfer": "transfer/syn-2", "covered": "covered", "reason": "class members"},
             {"transfer": "transfer/syn-3", "covered": "disputed", "reason": "another statute"},
         ]},
        {**ob, "key": TURN, "action": "return", "destination": "US",
         "transfers": ["transfer/syn-1", "transfer/syn-2"], "text": "turn the planes around",
         "deadline": {"kind": "immediately", "reasonable_minutes": 120}},
    ]  # fmt: skip


def report(store: Store, tmp_path: Path, *extra: dict[str, Any]) -> dict[str, dict[str, Any]]:
    bundle = write_bundle(tmp_path / "class.jsonl", [*story(), *extra])
    import_bundle(store, bundle, principal=LOCAL_OPERATOR)
    out = compliance(store, CASE, as_of="2025-03-20", principal=LOCAL_OPERATOR).to_json()
    return {o["key"]: o for o in out["obligations"]}


def test_early_flights_are_not_violations_the_later_one_is_disputed(
    store: Store, tmp_path: Path
) -> None:
    bar = report(store, tmp_path)[BAR]
    assert bar["status"] == "disputed"
    assert [(v["key"], v["disputed"]) for v in bar["violations"]] == [
        ("transfer/syn-3", "another statute")
    ]
    assert bar["violations"][0]["after_order"]["text"] == "52 minutes"
    gaps = [line for line in bar["explanation"] if "before it took effect" in line]
    assert any("1 hour 19 minutes before" in line for line in gaps)
    assert any("1 hour before" in line for line in gaps)


def test_the_turn_around_duty_is_overdue_until_a_return_is_recorded(
    store: Store, tmp_path: Path
) -> None:
    turn = report(store, tmp_path)[TURN]
    assert turn["status"] == "overdue"
    assert turn["deadline"]["reasonable_time"]["text"] == "2 hours"
    assert any("0 of 2 aboard" in line for line in turn["explanation"])


def test_a_ruling_that_vacates_a_stay_ends_it(store: Store, tmp_path: Path) -> None:
    stayed = {"type": "stay", "key": "stay/syn", "kind": "administrative", "synthetic": True,
              "order": "order/synthetic-oral", "entered_in": CASE,
              "start": f"2025-03-15T18:50{ZONE}", "sources": cite()}  # fmt: skip
    lifted = {"type": "ruling", "key": "ruling/syn", "decision": "order/synthetic-oral",
              "decided": f"2025-03-16T09:00{ZONE}", "synthetic": True, "sources": cite(),
              "effects": [{"target": "stay/syn", "effect": "stay_vacated"}]}  # fmt: skip
    turn = report(store, tmp_path, stayed, lifted)[TURN]
    assert turn["status"] == "overdue"
    assert turn["suspended"][0]["end"]["local"] == "2025-03-16T09:00:00-04:00"


def test_a_covered_flight_after_the_order_is_one_line_and_one_alert_however_many_aboard(
    store: Store, tmp_path: Path
) -> None:
    records = story()
    for r in records:
        if r.get("key") == "transfer/syn-3":
            r["manifest"] = [{"person": f"person/syn-{x}"} for x in "abc"]
        if r.get("key") == BAR:
            r["coverage"][2] = {"transfer": "transfer/syn-3", "covered": "covered", "reason": "x"}
    import_bundle(store, write_bundle(tmp_path / "c.jsonl", records), principal=LOCAL_OPERATOR)
    out = compliance(store, CASE, as_of="2025-03-20", principal=LOCAL_OPERATOR).to_json()
    bar = next(o for o in out["obligations"] if o["key"] == BAR)
    assert bar["status"] == "violated"
    assert len(bar["violations"]) == 3, "the per-person detail"
    lines = [line for line in bar["explanation"] if line.startswith("VIOLATION:")]
    assert lines == [
        "VIOLATION: transfer/syn-3 (3 aboard, covered) departed 15 Mar 2025, 19:37 EDT, "
        "52 minutes after it took effect"
    ]
    found = alerts(store, as_of="2025-03-20", principal=LOCAL_OPERATOR).to_json()["alerts"]
    mine = [a for a in found if a["kind"] == "violation" and a["subject"]["key"] == BAR]
    assert len(mine) == 1, "one alert for the flight, not one a passenger"
