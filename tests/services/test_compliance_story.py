"""The reference story's compliance history, read from the demo ledger on each backend.

April 4, 2025: the District of Maryland orders the government to facilitate and effectuate
Abrego Garcia's return by 11:59 p.m. on April 7. April 7: the Chief Justice stays the order.
April 10: the Supreme Court holds the deadline no longer effective but keeps "facilitate";
the same day the district court amends its order ("as soon as possible"), asks for a
supplemental declaration and sets a hearing. April 11: daily declarations from April 12.
June 6: he is returned to the United States.
"""

from __future__ import annotations

from typing import Any

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.compliance import compliance
from habeas.storage.store import Store

CASE = "case/mdd-8-25-cv-00951"
PREFIX = "obligation/mdd-8-25-cv-00951-"
RETURN = PREFIX + "2025-04-04-return"
FACILITATE = PREFIX + "2025-04-10-facilitate-return"
SUPPLEMENTAL = PREFIX + "2025-04-10-supplemental-declaration"
HEARING = PREFIX + "2025-04-10-hearing"
DAILY = PREFIX + "2025-04-11-daily-declarations"
NOTICE = PREFIX + "2025-07-23-notice-before-third-country-removal"
SUPERVISION = PREFIX + "2025-07-23-restore-supervision"
STAY = "stay/scotus-24a949-administrative-stay-2025-04-07"
RULING = "ruling/scotus-24a949-2025-04-10"
BUKELE = "statement/2025-04-14-bukele-will-not-return-abrego-garcia"


def as_of(store: Store, day: str) -> dict[str, dict[str, Any]]:
    """The case's obligations in effect at the end of `day` (Eastern), by key."""
    report = compliance(store, CASE, as_of=day, principal=LOCAL_OPERATOR).to_json()
    assert report["case"]["docket_number"] == "8:25-cv-00951-PX"
    return {o["key"]: o for o in report["obligations"]}


def test_on_6_april_the_april_4_order_is_pending_due_at_0359z_on_8_april(stories: Store) -> None:
    obligations = as_of(stories, "2025-04-06")
    assert list(obligations) == [RETURN], "only the April 4 order is in effect"
    ret = obligations[RETURN]
    assert ret["status"] == "pending"
    assert ret["deadline"]["at"] == {
        "utc": "2025-04-08T03:59:00Z",
        "local": "2025-04-07T23:59:00-04:00",
    }
    assert ret["deadline"]["in_effect"]
    assert ret["sources"][0]["excerpt"].startswith("facilitate and effectuate the return")


def test_on_8_april_the_deadline_passed_under_the_stay_and_was_not_missed(stories: Store) -> None:
    ret = as_of(stories, "2025-04-08")[RETURN]
    assert ret["status"] == "suspended"
    assert ret["overdue_by"] is None
    assert [s["stay"] for s in ret["suspended"]] == [STAY]
    assert any("not missed" in line for line in ret["explanation"])
    assert any("25-1345" in line and "the order stands" in line for line in ret["explanation"])


def test_on_11_april_the_deadline_is_gone_and_the_amended_duty_is_pending(stories: Store) -> None:
    obligations = as_of(stories, "2025-04-11")
    ret, facilitate = obligations[RETURN], obligations[FACILITATE]
    assert ret["status"] == "superseded"
    assert not ret["deadline"]["in_effect"]
    assert ret["deadline"]["vacated_by"] == RULING
    assert ret["ended"]["by"] == FACILITATE
    assert facilitate["status"] == "pending"
    assert facilitate["deadline"]["kind"] == "asap"
    assert facilitate["supersedes"] == RETURN
    assert facilitate["open_for"]["text"] == "1 day 23 hours"


def test_on_11_april_the_hearing_was_held_and_the_supplemental_declaration_filed(
    stories: Store,
) -> None:
    obligations = as_of(stories, "2025-04-11")
    hearing, supplemental = obligations[HEARING], obligations[SUPPLEMENTAL]
    assert hearing["status"] == "met" and hearing["timing_uncertain"]
    assert supplemental["deadline"]["original"]["local"] == "2025-04-11T09:30:00-04:00"
    assert supplemental["deadline"]["at"]["local"] == "2025-04-11T11:30:00-04:00"
    # filed that day, time not recorded: met, but whether before 11:30 a.m. is uncertain
    assert supplemental["status"] == "met" and supplemental["timing_uncertain"]
    assert any("met, on time or late" in u for u in supplemental["uncertain"])
    assert [e["key"] for e in supplemental["evidence"]] == [
        "docket_entry/mdd-8-25-cv-00951-2025-04-11-supplemental-declaration"
    ]
    daily = obligations[DAILY]
    assert daily["status"] == "pending"
    assert daily["deadline"]["next_due"]["utc"] == "2025-04-12T21:00:00Z"


def test_at_0030_on_7_april_whether_the_stay_existed_yet_cannot_be_told(stories: Store) -> None:
    ret = as_of(stories, "2025-04-07T00:30-04:00")[RETURN]
    assert ret["status"] == "cannot_tell", "the stay is dated 7 April, no time recorded"
    assert set(ret["possible"]) == {"suspended", "pending"}
    assert any(STAY in u and "no time recorded" in u for u in ret["uncertain"])
    assert f"{STAY} began: 7 Apr 2025, no time recorded" in ret["assumed"]


def test_at_2358_on_7_april_it_still_cannot_be_told(stories: Store) -> None:
    ret = as_of(stories, "2025-04-07T23:58-04:00")[RETURN]
    assert ret["status"] == "cannot_tell"
    assert set(ret["possible"]) == {"suspended", "pending"}


def test_at_0001_on_8_april_the_stay_had_begun_and_the_deadline_question_is_stated(
    stories: Store,
) -> None:
    ret = as_of(stories, "2025-04-08T00:01-04:00")[RETURN]
    assert ret["status"] == "suspended"
    assert ret["overdue_by"] is None
    assert any(
        "cannot tell whether the deadline came first" in u and STAY in u for u in ret["uncertain"]
    )


def test_on_15_april_each_recorded_declaration_counts_by_the_time_it_was_filed(
    stories: Store,
) -> None:
    daily = as_of(stories, "2025-04-15")[DAILY]
    assert daily["occurrences"]["total"] == 4  # April 12 to 15
    assert daily["occurrences"]["counts"] == {
        "met": 1, "met_late": 1, "no_filing_recorded": 2, "suspended": 0
    }  # fmt: skip
    items = {o["due"]["local"][:10]: o for o in daily["occurrences"]["items"]}
    # April 12: reported as submitted ten minutes after the 5 p.m. deadline
    assert items["2025-04-12"]["status"] == "met_late"
    assert items["2025-04-12"]["late_by"]["text"] == "10 minutes"
    # April 15: filed that afternoon before the 4 p.m. hearing, a window wholly before 17:00
    assert items["2025-04-15"]["status"] == "met"
    assert not items["2025-04-15"]["timing_uncertain"]
    # April 13 and 14: no declaration is recorded, and the answer says only that
    assert items["2025-04-13"]["status"] == items["2025-04-14"]["status"] == "no_filing_recorded"
    assert "no filing recorded for 2025-04-13, 2025-04-14" in daily["explanation"]
    assert daily["status"] == "overdue", "a day due with no filing recorded"
    assert daily["substance"] == "unmet", "the assessment judges substance, not filing"


def test_on_1_may_facilitating_is_still_open_and_declarations_are_formal_only(
    stories: Store,
) -> None:
    obligations = as_of(stories, "2025-05-01")
    facilitate = obligations[FACILITATE]
    assert facilitate["status"] == "pending", "'as soon as possible' is never overdue"
    assert facilitate["open_for"]["text"] == "21 days 23 hours"
    assert facilitate["evidence"] == []
    context = {c["key"]: c for c in facilitate["context"]}
    assert context[BUKELE]["speaker"]["name"] == "Nayib Bukele"
    assert "would not return" in context[BUKELE]["text"]
    daily = obligations[DAILY]
    assert daily["occurrences"]["total"] == 20  # April 12 to May 1
    counts = daily["occurrences"]["counts"]
    assert counts == {"met": 1, "met_late": 1, "no_filing_recorded": 18, "suspended": 0}
    assert daily["substance"] == "unmet"
    assert daily["status"] == "overdue", "from April 13 no filing is recorded"
    assert daily["overdue_by"]["text"] == "18 days 6 hours", "from 17:00 on April 13"
    assert "no filing recorded for 2025-04-13, 2025-04-14, 2025-04-16, 2025-04-17, 2025-04-18 " \
        "and 13 more" in daily["explanation"]  # fmt: skip
    assert [e["key"] for e in daily["evidence"]] == [
        f"docket_entry/mdd-8-25-cv-00951-2025-04-{day}-declaration" for day in ("12", "15")
    ]
    assert [a["finding"] for a in daily["assessments"]] == ["met_in_form_only", "moot"]


def test_on_7_june_the_return_obligation_was_met_on_6_june_after_57_days(stories: Store) -> None:
    obligations = as_of(stories, "2025-06-07")
    facilitate = obligations[FACILITATE]
    assert facilitate["status"] == "met"
    assert facilitate["met_at"] == "2025-06-06"
    assert facilitate["took"] == {"seconds": 57 * 86400, "text": "57 days"}
    assert [e["key"] for e in facilitate["evidence"]] == [
        "custody_event/abrego-garcia-returned-2025-06-06"
    ]
    assert obligations[RETURN]["status"] == "superseded"
    assert obligations[DAILY]["status"] == "moot"
    assert obligations[DAILY]["occurrences"]["total"] == 55  # April 12 to June 5


def test_the_compliance_history_at_a_glance(stories: Store) -> None:
    expected = {
        "2025-04-06": {RETURN: "pending"},
        "2025-04-07T00:30-04:00": {RETURN: "cannot_tell"},
        "2025-04-07T23:58-04:00": {RETURN: "cannot_tell"},
        "2025-04-08T00:01-04:00": {RETURN: "suspended"},
        "2025-04-08": {RETURN: "suspended"},
        "2025-04-11": {RETURN: "superseded", FACILITATE: "pending", HEARING: "met",
                       SUPPLEMENTAL: "met", DAILY: "pending"},
        "2025-04-15": {RETURN: "superseded", FACILITATE: "pending", HEARING: "met",
                       SUPPLEMENTAL: "met", DAILY: "overdue"},
        "2025-05-01": {RETURN: "superseded", FACILITATE: "pending", HEARING: "met",
                       SUPPLEMENTAL: "met", DAILY: "overdue"},
        "2025-06-07": {RETURN: "superseded", FACILITATE: "met", HEARING: "met",
                       SUPPLEMENTAL: "met", DAILY: "moot"},
        "2025-09-01": {RETURN: "superseded", FACILITATE: "met", HEARING: "met",
                       SUPPLEMENTAL: "met", DAILY: "moot", NOTICE: "in_force",
                       SUPERVISION: "pending"},
    }  # fmt: skip
    for day, statuses in expected.items():
        report = compliance(stories, "8:25-cv-00951", as_of=day, principal=LOCAL_OPERATOR)
        assert {i.obligation.key: i.state.status.value for i in report.items} == statuses, day
