"""Compliance a lawyer can file: as the ledger knew it then, cited as courts cite, counted
per case (docs/compliance.md), on SQLite and PostgreSQL, over the demo ledger."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.registry import parse_record
from habeas.services.compliance import compliance
from habeas.services.database import load_demo
from habeas.services.writer import ledger_writer
from habeas.storage import queries
from habeas.storage.store import Store

CASE = "case/mdd-8-25-cv-00951"
RETURN = "obligation/mdd-8-25-cv-00951-2025-04-04-return"
STAY = "stay/scotus-24a949-administrative-stay-2025-04-07"


def _stay_at_five_pm(store: Store) -> None:
    """A later correction: the stay's time of entry becomes known (a synthetic time)."""
    with store.read() as conn:
        data = json.loads(queries.get_records(conn, [STAY])[STAY].body)
    data["start"] = "2025-04-07T17:00[America/New_York]"
    with ledger_writer(store, author="editor:test") as w:
        w.put(parse_record(data), reason="time of entry found (synthetic)", expected_version=1)


def test_known_at_answers_as_the_ledger_knew_it_before_a_correction(store: Store) -> None:
    load_demo(store)
    time.sleep(0.01)
    before = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    _stay_at_five_pm(store)
    now = compliance(store, CASE, as_of="2025-04-07T12:00-04:00", principal=LOCAL_OPERATOR)
    then = compliance(
        store, CASE, as_of="2025-04-07T12:00-04:00", known_at=before, principal=LOCAL_OPERATOR
    )
    assert {i.obligation.key: i.state.status.value for i in now.items} == {RETURN: "pending"}
    assert {i.obligation.key: i.state.status.value for i in then.items} == {RETURN: "cannot_tell"}
    assert then.to_json()["known_at"] == before
    assert now.to_json()["known_at"] is None


def test_known_at_before_the_ledger_held_anything_finds_nothing(store: Store) -> None:
    load_demo(store)
    report = compliance(
        store, CASE, as_of="2025-06-07", known_at="2000-01-01", principal=LOCAL_OPERATOR
    )
    assert report.items == []


def test_each_order_is_cited_and_quoted_with_its_stay(store: Store) -> None:
    load_demo(store)
    report = compliance(store, CASE, as_of="2025-04-08", principal=LOCAL_OPERATOR).to_json()
    (ret,) = report["obligations"]
    cite = ret["order"]["citation"]
    assert cite["text"] == (
        "Order, Abrego Garcia v. Noem, No. 8:25-cv-00951-PX (D. Md. Apr. 4, 2025), "
        "ECF No. not recorded"
    )
    assert cite["court_id"] == "mdd" and cite["entry_number"] is None
    assert ret["order"]["words"].startswith("Defendants are ordered to")
    (stay,) = ret["stays"]
    assert stay["key"] == STAY
    # cited by the order that entered it, and quoted in the Chief Justice's words
    assert stay["citation"]["text"].startswith(
        "Administrative stay, Noem v. Abrego Garcia, No. 24A949 (U.S. Apr. 7, 2025)"
    )
    assert stay["words"].startswith("it is ordered that the April 4, 2025 order")
    assert f"{STAY} began: 7 Apr 2025, no time recorded" in ret["assumed"]


def test_counts_are_given_per_obligation_and_per_case(store: Store) -> None:
    load_demo(store)
    report = compliance(store, None, as_of="2025-05-01", principal=LOCAL_OPERATOR).to_json()
    per_case = {c["case"]: c for c in report["by_case"]}
    mine = per_case[CASE]
    assert mine["docket_number"] == "8:25-cv-00951-PX"
    assert mine["obligations"] == sum(mine["counts"].values()) == 5
    assert mine["counts"]["overdue"] == 1 and mine["counts"]["superseded"] == 1
    assert report["cases_with"]["overdue"] == 1
    assert sum(c["obligations"] for c in report["by_case"]) == len(report["obligations"])
