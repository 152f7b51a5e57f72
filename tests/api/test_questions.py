"""The questions over a real HTTP server: each answer is the CLI's `--json` for the same
question (one query behind both), and the demo's known answers come back."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
from click.testing import CliRunner

from habeas.cli.main import cli
from habeas.services.alerts import alerts
from habeas.services.compliance import compliance
from habeas.services.status import status_report
from tests.api.conftest import Api

ABREGO = "person/kilmar-abrego-garcia"


def cli_json(api: Api, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", api.db_url, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


SAME_AS_CLI = [
    (
        "/api/v1/whereabouts",
        {"who": "Abrego Garcia", "as_of": "2025-04-14"},
        ["whereabouts", "Abrego Garcia", "--as-of", "2025-04-14"],
    ),
    (
        "/api/v1/whereabouts",
        {"who": ABREGO, "as_of": "2025-04-14", "known_at": "2099-01-01T00:00Z"},
        ["whereabouts", ABREGO, "--as-of", "2025-04-14", "--known-at", "2099-01-01T00:00Z"],
    ),
    ("/api/v1/timeline", {"subject": "Abrego Garcia"}, ["timeline", "Abrego Garcia"]),
    (
        "/api/v1/occupancy",
        {"facility": "CECOT", "on": "2025-04-14"},
        ["occupancy", "CECOT", "--on", "2025-04-14"],
    ),
    (
        "/api/v1/deadline",
        {"court": "mdd", "trigger": "2025-04-04", "days": 14, "service": "mail"},
        ["deadline", "--court", "mdd", "--from", "2025-04-04", "--days", "14", "--service", "mail"],
    ),
    (
        "/api/v1/compliance",
        {"case": "8:25-cv-00951", "as_of": "2025-04-30"},
        ["compliance", "8:25-cv-00951", "--as-of", "2025-04-30"],
    ),
    (
        "/api/v1/compliance",
        {"case": "8:25-cv-00951", "as_of": "2025-04-07T00:30-04:00", "known_at": "2030-01-01"},
        [
            "compliance",
            "8:25-cv-00951",
            "--as-of",
            "2025-04-07T00:30-04:00",
            "--known-at",
            "2030-01-01",
        ],
    ),
]


@pytest.mark.parametrize(
    ("path", "params", "argv"), SAME_AS_CLI, ids=[f"{p} {a[1]}" for p, _q, a in SAME_AS_CLI]
)
def test_each_answer_is_the_cli_json(
    demo_api: Api, path: str, params: dict[str, Any], argv: list[str]
) -> None:
    r = demo_api.client("admin").get(path, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json() == cli_json(demo_api, *argv)


def test_status_is_the_cli_json_without_the_database_address(demo_api: Api) -> None:
    cli_status = cli_json(demo_api, "status")  # first: the admin's read of it is audited
    api_status = demo_api.client("admin").get("/api/v1/status").json()
    assert "database" not in api_status
    assert api_status == {k: v for k, v in cli_status.items() if k != "database"}


def test_search_and_alerts_are_the_cli_json(demo_api: Api) -> None:
    c = demo_api.client("admin")
    search = c.get("/api/v1/search", params={"q": "cecot"}).json()
    assert search == {"q": "cecot", "results": cli_json(demo_api, "search", "cecot")}
    only = c.get("/api/v1/search", params={"q": "abrego", "type": ["case"]}).json()
    assert only["results"] and {r["type"] for r in only["results"]} == {"case"}
    alerts = c.get("/api/v1/alerts", params={"as_of": "2025-04-30"}).json()
    assert alerts == cli_json(demo_api, "alerts", "--as-of", "2025-04-30")


def test_the_reference_story_answers(demo_api: Api) -> None:
    c = demo_api.client()
    where = c.get("/api/v1/whereabouts", params={"who": "kilmar ábrego", "as_of": "2025-04-14"})
    body = where.json()
    assert body["person"]["key"] == ABREGO
    assert body["status"] == "in_custody" and body["facility"]["name"] == "CECOT"
    assert body["sources"], "the answer cites its sources"
    occ = c.get("/api/v1/occupancy", params={"facility": "CECOT", "on": "2025-04-14"}).json()
    assert occ["held"] == 261 and occ["synthetic"] == 260 and occ["capacity"] == 40000
    deadline = c.get(
        "/api/v1/deadline", params={"court": "mdd", "trigger": "2025-04-04", "days": 14}
    ).json()
    assert deadline["deadline"] == "2025-04-18"


def test_an_ambiguous_name_is_409_with_the_candidates(demo_api: Api) -> None:
    r = demo_api.client().get("/api/v1/whereabouts", params={"who": "jose"})
    assert r.status_code == 409
    problem = r.json()
    assert problem["error"] == "Ambiguous" and len(problem["candidates"]) >= 2
    assert all(c.startswith("person/") for c in problem["candidates"])


def test_proofs_check_out_and_a_forged_one_does_not(demo_api: Api) -> None:
    c = demo_api.client()
    checkpoint = c.get("/api/v1/proofs/checkpoint").json()
    # Proofs are asked against the checkpoint's tree: the log may grow meanwhile (the audit
    # of earlier reads is flushed in the background), and a published checkpoint stays put.
    size = checkpoint["size"]
    proof = c.get("/api/v1/proofs/inclusion", params={"position": 42, "size": size}).json()
    assert proof["size"] == checkpoint["size"] and proof["root"] == checkpoint["root"]
    good = c.post("/api/v1/proofs/verify/inclusion", json=proof).json()
    assert good == {"valid": True, "reason": None}
    forged = {**proof, "leaf_hash": "0" * 64}
    bad = c.post("/api/v1/proofs/verify/inclusion", json=forged).json()
    assert bad["valid"] is False and bad["reason"]

    consistency = c.get("/api/v1/proofs/consistency", params={"old": 100, "new": size}).json()
    assert consistency["new_root"] == checkpoint["root"]
    ok = c.post("/api/v1/proofs/verify/consistency", json=consistency).json()
    assert ok["valid"] is True
    wrong = {**consistency, "old_root": "f" * 64}
    assert c.post("/api/v1/proofs/verify/consistency", json=wrong).json()["valid"] is False


def test_verifying_the_whole_ledger_needs_an_admin(api: Api) -> None:
    r = api.client("admin").get("/api/v1/verify")
    assert r.status_code == 200, r.text
    report = r.json()
    assert (
        report["ok"]
        and report["size"] == api.client().get("/api/v1/proofs/checkpoint").json()["size"]
    )
    assert api.client("editor").get("/api/v1/verify").status_code == 403
    assert api.client().get("/api/v1/verify").status_code == 401


def test_questions_on_each_backend(api: Api) -> None:
    c = api.client("editor")
    where = c.get("/api/v1/whereabouts", params={"who": "Abrego Garcia", "as_of": "2025-04-14"})
    assert where.status_code == 200 and where.json()["facility"]["key"] == "facility/cecot"
    assert c.get("/api/v1/timeline", params={"subject": "Abrego Garcia"}).json()["items"]
    assert c.get("/api/v1/compliance").json()["obligations"]
    assert c.get("/api/v1/search", params={"q": "cecot"}).json()["results"]


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/api/v1/status", status_report),
        ("/api/v1/compliance", compliance),
        ("/api/v1/alerts", alerts),
    ],
)
def test_the_answers_that_redact_are_for_every_reader(
    demo_api: Api, path: str, service: Any
) -> None:
    """Status, compliance and alerts answer as a principal may see them (`principal=`), so
    every reader may ask them: the public (while the public view is on), viewers, editors."""
    assert inspect.signature(service).parameters["principal"].default is inspect.Parameter.empty
    assert demo_api.client().get(path).status_code == 200
    assert demo_api.client("viewer").get(path).status_code == 200
    assert demo_api.client("editor").get(path).status_code == 200
