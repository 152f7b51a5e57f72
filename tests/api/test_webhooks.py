"""POST /api/v1/webhooks/courtlistener on a real server: the secret URL is the authentication
(missing 401, wrong 403, unset 404 — and nothing written), the entries of a tracked docket are
imported, and a repeated Idempotency-Key returns the first outcome and writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from habeas.storage import queries
from habeas.storage import tracking_queries as tq
from tests.api.conftest import Api, _copy, serve
from tests.ingest.courtlistener_server import DOCKET, FIXTURES

SECRET = "a-long-synthetic-webhook-secret-0123"
BODY = (FIXTURES / "webhook-docket-alert.json").read_bytes()
PATH = "/api/v1/webhooks/courtlistener"
CASE = "case/mdd-8-25-cv-00951"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hook_api(request: pytest.FixtureRequest, demo_file: Path, tmp_path: Path) -> Iterator[Api]:
    """A server over the demo, with the webhook secret set and docket 69777799 tracked."""
    if request.param == "sqlite":
        url, load = _copy(demo_file, tmp_path), False
    else:
        url, load = str(request.getfixturevalue("pg_url")), True
    with serve(url, load=load, courtlistener_webhook_secret=SECRET) as api:
        with api.store.write() as tx:
            tq.track(
                tx.conn,
                {
                    "courtlistener_id": DOCKET,
                    "case_key": CASE,
                    "court_id": "mdd",
                    "docket_number": "8:25-cv-00951",
                    "added_at": "2026-11-29T00:00:00Z",
                    "added_by": "test",
                },
            )
        yield api


def written(api: Api) -> tuple[int, int]:
    """(log size, webhook deliveries) — what a refused request must not change."""
    with api.store.read() as conn:
        size = queries.head_row(conn).size
        deliveries = sum(1 for k in ("k1", "k2", "k3") if tq.get_delivery(conn, k) is not None)
        entries = len(queries.records_of_type(conn, "docket_entry"))
    return int(size) + entries, deliveries


def test_without_the_setting_the_endpoint_does_not_exist(demo_api: Api) -> None:
    r = demo_api.client().post(f"{PATH}?token={SECRET}", content=BODY)
    assert r.status_code == 404
    assert "HABEAS_COURTLISTENER_WEBHOOK_SECRET" in r.json()["detail"]


def test_a_missing_secret_is_401_a_wrong_one_403_and_nothing_is_written(hook_api: Api) -> None:
    before = written(hook_api)
    c = hook_api.client()
    headers = {"Idempotency-Key": "k1"}
    assert c.post(PATH, content=BODY, headers=headers).status_code == 401
    for url, extra in [
        (f"{PATH}?token=wrong", {}),
        (f"{PATH}/wrong-secret-of-the-same-size-0123", {}),
        (PATH, {"X-Habeas-Webhook-Secret": "wrong"}),
        (f"{PATH}?token={SECRET[:-1]}", {}),
    ]:
        r = c.post(url, content=BODY, headers={**headers, **extra})
        assert r.status_code == 403, url
        assert r.headers["content-type"].startswith("application/problem+json")
    assert written(hook_api) == before


def test_a_delivery_imports_the_new_entries_into_the_tracked_case(hook_api: Api) -> None:
    r = hook_api.client().post(
        f"{PATH}?token={SECRET}", content=BODY, headers={"Idempotency-Key": "k1"}
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["status"] == "imported" and out["cases"] == [CASE]
    assert "docket_entry/mdd-8-25-cv-00951-51" in out["new_entries"]
    assert out["untracked_dockets"] == [90000001] and len(out["drafts"]) == 1
    with hook_api.store.read() as conn:
        row = queries.get_records(conn, ["docket_entry/mdd-8-25-cv-00951-51"])
    assert json.loads(row["docket_entry/mdd-8-25-cv-00951-51"].body)["case"] == CASE


def test_the_same_delivery_again_returns_the_first_outcome_and_writes_nothing(
    hook_api: Api,
) -> None:
    c = hook_api.client(**{"X-Habeas-Webhook-Secret": SECRET})
    first = c.post(PATH, content=BODY, headers={"Idempotency-Key": "k2"})
    after_first = written(hook_api)
    again = c.post(PATH, content=BODY, headers={"Idempotency-Key": "k2"})
    assert first.status_code == again.status_code == 200
    assert again.json()["repeated"] is True
    assert again.json() | {"repeated": False} == first.json()
    assert written(hook_api) == after_first


def test_the_secret_may_be_the_last_segment_of_the_path(hook_api: Api) -> None:
    r = hook_api.client().post(f"{PATH}/{SECRET}", content=BODY, headers={"Idempotency-Key": "k3"})
    assert r.status_code == 200 and r.json()["status"] == "imported"


def test_a_body_that_is_not_a_webhook_event_is_422(hook_api: Api) -> None:
    before = written(hook_api)
    r = hook_api.client().post(
        f"{PATH}?token={SECRET}", content=b"{}", headers={"Idempotency-Key": "k1"}
    )
    assert r.status_code == 422 and r.json()["field"] == "webhook"
    assert written(hook_api) == before
