"""Alerts: what needs attention at a moment, from the demo and from a small synthetic ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.alerts import alerts
from habeas.services.database import load_demo
from habeas.services.importing import import_bundle
from habeas.services.status import status_report
from habeas.storage.store import Store
from tests.conftest import cite, small_story, write_bundle

PREFIX = "obligation/mdd-8-25-cv-00951-"


def kinds(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(a["kind"], a["subject"]["key"]) for a in report["alerts"]}


def test_on_1_may_2025_the_story_needs_attention_in_four_ways(store: Store) -> None:
    load_demo(store)
    report = alerts(store, as_of="2025-05-01", principal=LOCAL_OPERATOR).to_json()
    assert kinds(report) == {
        ("deadline_soon", PREFIX + "2025-04-11-daily-declarations"),
        # two daily declarations are recorded (April 12, 15): the other 18 have no filing recorded
        ("missed_filings", PREFIX + "2025-04-11-daily-declarations"),
        ("open_asap", PREFIX + "2025-04-10-facilitate-return"),
        ("unmet_in_substance", PREFIX + "2025-04-11-daily-declarations"),
    }
    # the supplemental declaration of April 11 is recorded as filed: not overdue
    assert not any(a["kind"] == "overdue" for a in report["alerts"])
    missed = next(a for a in report["alerts"] if a["kind"] == "missed_filings")
    assert missed["message"].startswith("18 occurrence(s) with no filing recorded"), (
        "April 13, 14, from 16"
    )
    soon = next(a for a in report["alerts"] if a["kind"] == "deadline_soon")
    assert soon["message"].startswith("due 2 May 2025, 17:00 EDT")


def test_the_window_decides_which_deadlines_are_coming_up(sqlite_store: Store) -> None:
    load_demo(sqlite_store)
    assert ("deadline_soon", PREFIX + "2025-04-04-return") in kinds(
        alerts(sqlite_store, as_of="2025-04-06", within_days=2, principal=LOCAL_OPERATOR).to_json()
    )
    at_once = kinds(
        alerts(sqlite_store, as_of="2025-04-06", within_days=0, principal=LOCAL_OPERATOR).to_json()
    )
    # the reference story has nothing else then (the J.G.G. story's planes are its own)
    assert not {k for k in at_once if k[1].startswith(PREFIX)}
    assert not {k for k in at_once if k[0] == "deadline_soon"}


def test_an_asap_duty_is_flagged_only_after_the_days_allowed(sqlite_store: Store) -> None:
    load_demo(sqlite_store)
    open_asap = ("open_asap", PREFIX + "2025-04-10-facilitate-return")
    assert open_asap in kinds(
        alerts(
            sqlite_store, as_of="2025-05-01", asap_after_days=14, principal=LOCAL_OPERATOR
        ).to_json()
    )
    assert open_asap not in kinds(
        alerts(
            sqlite_store, as_of="2025-05-01", asap_after_days=30, principal=LOCAL_OPERATOR
        ).to_json()
    )


def crowded_story() -> list[dict[str, Any]]:
    """The small story, with two more people in the two-place prison and one gone missing."""
    extra: list[dict[str, Any]] = []
    for name in ("bea", "caro"):
        extra.append({"type": "person", "key": f"person/{name}", "full_name": name.title(),
                      "synthetic": True, "sources": cite()})  # fmt: skip
        extra.append({"type": "custody_event", "key": f"ev/{name}-in", "person": f"person/{name}",
                      "kind": "admitted", "at": "2025-03-20", "facility": "facility/prison",
                      "synthetic": True, "sources": cite()})  # fmt: skip
    extra.append({"type": "person", "key": "person/dora", "full_name": "Dora", "synthetic": True,
                  "sources": cite()})  # fmt: skip
    extra.append({"type": "custody_event", "key": "ev/dora-gone", "person": "person/dora",
                  "kind": "whereabouts_unknown", "at": "2025-03-01", "synthetic": True,
                  "sources": cite()})  # fmt: skip
    return small_story() + extra


def test_people_unknown_too_long_and_facilities_over_capacity(
    sqlite_store: Store, tmp_path: Path
) -> None:
    import_bundle(
        sqlite_store, write_bundle(tmp_path / "b.jsonl", crowded_story()), principal=LOCAL_OPERATOR
    )
    report = alerts(
        sqlite_store, as_of="2025-04-01", unknown_after_days=30, principal=LOCAL_OPERATOR
    ).to_json()
    assert kinds(report) == {
        ("whereabouts_unknown", "person/dora"),
        ("over_capacity", "facility/prison"),
    }
    unknown = next(a for a in report["alerts"] if a["kind"] == "whereabouts_unknown")
    assert unknown["message"].startswith("whereabouts unknown for 31 days")
    full = next(a for a in report["alerts"] if a["kind"] == "over_capacity")
    assert full["details"] == {"held": 3, "capacity": 2}
    assert ("whereabouts_unknown", "person/dora") not in kinds(
        alerts(
            sqlite_store, as_of="2025-03-20", unknown_after_days=30, principal=LOCAL_OPERATOR
        ).to_json()
    )


def test_the_status_report_carries_compliance_and_alerts(sqlite_store: Store) -> None:
    load_demo(sqlite_store)
    report = status_report(sqlite_store, as_of="2025-05-01", principal=LOCAL_OPERATOR)
    comp = report["compliance"]
    nonzero = {k: n for k, n in comp["counts"].items() if n}
    # with the J.G.G. story's two duties, both vacated by the Supreme Court on April 7 (the bar
    # on removal keeps its finding while in force, disputed, beside the status)
    assert nonzero == {
        "met": 2, "pending": 1, "overdue": 1, "superseded": 1, "vacated": 2,
    }  # fmt: skip
    assert "violated" in comp["counts"], "every status is counted, zeros too"
    facilitate = next(o for o in comp["obligations"] if o["action"] == "facilitate_return")
    assert facilitate["deadline"] == "as soon as possible"
    assert report["alerts"]["total"] == len(report["alerts"]["items"]) == 4
