"""`habeas compliance` and `habeas alerts`: tables for people, stable JSON for scripts,
meaningful exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habeas.cli.main import cli

RETURN = "obligation/mdd-8-25-cv-00951-2025-04-04-return"
FACILITATE = "obligation/mdd-8-25-cv-00951-2025-04-10-facilitate-return"


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('compliance') / 'habeas.db'}"
    assert run(db, "demo").exit_code == 0
    return db


def test_compliance_json_is_stable(demo_db: str) -> None:
    result = run(demo_db, "compliance", "8:25-cv-00951", "--as-of", "2025-04-08", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"as_of", "known_at", "case", "counts", "by_case", "cases_with",
                         "obligations"}  # fmt: skip
    (ret,) = data["obligations"]
    assert set(ret) >= {
        "key", "action", "text", "order", "case", "obligors", "obligor_text", "about",
        "destination", "supersedes", "status", "status_text", "effective_from", "deadline",
        "met_at", "late_by", "overdue_by", "open_for", "took", "timing_uncertain", "suspended",
        "ended", "evidence", "violations", "occurrences", "substance", "assessments", "context",
        "explanation", "sources", "possible", "uncertain", "assumed", "stays",
    }  # fmt: skip
    assert (ret["key"], ret["status"]) == (RETURN, "suspended")
    assert ret["deadline"]["at"]["utc"] == "2025-04-08T03:59:00Z"


def test_a_caption_two_district_cases_share_asks_which_one(demo_db: str) -> None:
    # Abrego Garcia v. Noem is the caption of the 2025-03-24 suit and of his habeas case of
    # 2025-08-25: the command lists both rather than guessing.
    result = run(demo_db, "compliance", "Abrego Garcia v. Noem", "--as-of", "2025-06-07")
    assert result.exit_code == 3
    assert "case/mdd-8-25-cv-00951" in result.output
    assert "case/mdd-abrego-garcia-v-noem-habeas-2025-08-25" in result.output


def test_compliance_as_a_report_says_why(demo_db: str) -> None:
    result = run(demo_db, "compliance", "8:25-cv-00951", "--as-of", "2025-06-07")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Abrego Garcia v. Noem (8:25-cv-00951-PX)" in out
    assert "MET after 57 days" in out
    assert "SUPERSEDED" in out and "MOOT" in out
    assert "not missed" in out
    assert "Nayib Bukele" in out, "statements are shown as context"


def test_compliance_without_a_case_covers_every_order(demo_db: str) -> None:
    result = run(demo_db, "compliance", "--as-of", "2025-06-07", "--json")
    data = json.loads(result.output)
    assert data["case"] is None
    assert {o["key"] for o in data["obligations"]} >= {RETURN, FACILITATE}


def test_alerts_json_lists_what_needs_attention(demo_db: str) -> None:
    result = run(demo_db, "alerts", "--as-of", "2025-05-01", "--within", "3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {
        "as_of", "within_days", "unknown_after_days", "asap_after_days", "counts", "alerts",
    }  # fmt: skip
    assert data["counts"] == {
        "violation": 0,
        "overdue": 0,
        "missed_filings": 1,  # 19 daily declarations with no filing recorded
        "deadline_soon": 1,
        "open_asap": 1,
        "unmet_in_substance": 1,
        "whereabouts_unknown": 0,
        "over_capacity": 0,
    }
    assert set(data["alerts"][0]) == {"kind", "severity", "subject", "at", "message", "details"}


def test_alerts_as_a_table(demo_db: str) -> None:
    result = run(demo_db, "alerts", "--as-of", "2025-05-01")
    assert result.exit_code == 0
    assert "open asap" in result.output and "unmet in substance" in result.output
    assert "medium" in result.output


def test_nothing_needs_attention_before_the_story_begins(demo_db: str) -> None:
    result = run(demo_db, "alerts", "--as-of", "2025-03-01")
    assert result.exit_code == 0 and "nothing needs attention" in result.output


def test_the_status_report_shows_obligations_and_alerts(demo_db: str) -> None:
    result = run(demo_db, "status", "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.output
    assert "Obligations of court orders" in result.output
    assert "Alerts (4)" in result.output
    data = json.loads(run(demo_db, "status", "--as-of", "2025-05-01", "--json").output)
    assert {"compliance", "alerts"} <= set(data)


def test_an_unknown_case_exits_3(demo_db: str) -> None:
    result = run(demo_db, "compliance", "Nobody v. Nothing", "--json")
    assert result.exit_code == 3
    assert json.loads(result.output)["error"] == "NotFound"


@pytest.mark.parametrize("command", ["compliance", "alerts"])
def test_an_unreadable_date_is_a_usage_error(demo_db: str, command: str) -> None:
    result = run(demo_db, command, "--as-of", "the ides of March")
    assert result.exit_code == 2
    assert "--as-of" in result.output


def test_a_missing_ledger_exits_5(tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path / 'none.db'}", "alerts")
    assert result.exit_code == 5


@pytest.mark.parametrize("command", ["compliance", "alerts"])
def test_each_command_documents_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"habeas {command}" in result.output


def test_compliance_at_0030_on_7_april_says_cannot_tell_and_why(demo_db: str) -> None:
    result = run(demo_db, "compliance", "8:25-cv-00951", "--as-of", "2025-04-07T00:30-04:00")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "CANNOT TELL: SUSPENDED BY A STAY OR PENDING" in text
    assert "cannot tell: cannot tell whether stay/scotus-24a949-administrative-stay" in text
    assert "time assumed from a date:" in text
    assert "cite: Order, Abrego Garcia v. Noem, No. 8:25-cv-00951-PX (D. Md. Apr. 4, 2025)" in text


def test_compliance_known_at_answers_as_the_ledger_knew_it(demo_db: str) -> None:
    before = run(demo_db, "compliance", "8:25-cv-00951", "--as-of", "2025-06-07",
                 "--known-at", "2001-01-01", "--json")  # fmt: skip
    assert before.exit_code == 0, before.output
    data = json.loads(before.output)
    assert data["known_at"] == "2001-01-01" and data["obligations"] == []
    bad = run(demo_db, "compliance", "--known-at", "soon")
    assert bad.exit_code == 2 and "soon" in bad.output
