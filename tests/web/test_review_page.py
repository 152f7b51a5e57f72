"""The review queue in the browser: editors see the drafts importers found, accept one (as
proposed or edited; every field problem is shown beside the form and nothing is written),
go on to an accepted order's obligations, or reject a draft with a reason. Viewers and
anonymous readers cannot see the queue."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.drafts import NewDraft, get_draft, queue_drafts
from habeas.storage import queries
from habeas.storage.store import Store
from tests.web.conftest import csrf_of, sign_in
from tests.web.postgres_app import editor_client_on

CASE = "case/mdd-8-25-cv-00951"
SOURCE = "source/mdd-8-25-cv-00951-order-2025-04-11"
EXCERPT = "ORDER directing Defendants to file a supplemental declaration by 5:00 PM."


def order_body(key: str = "order/mdd-8-25-cv-00951-review-test") -> dict[str, Any]:
    return {
        "type": "order",
        "key": key,
        "case": CASE,
        "kind": "order",
        "title": "Order directing a supplemental declaration",
        "issued": "2025-04-11",
        "text": EXCERPT,
    }


def order_draft(**changes: Any) -> NewDraft:
    fields: dict[str, Any] = {
        "kind": "order",
        "origin": CASE,
        "source": SOURCE,
        "summary": "Abrego Garcia v. Noem, entry 61: ORDER directing a declaration",
        "record": order_body(),
        "excerpt": EXCERPT,
        "notes": ("Read the order itself: the judge is a guess.",),
    }
    fields.update(changes)
    return NewDraft(**fields)


def queue(app: FastAPI, *drafts: NewDraft) -> list[int]:
    store: Store = app.state.store
    with store.write() as tx:
        return queue_drafts(tx.conn, drafts, created_by="test")


def current(app: FastAPI, key: str) -> Any:
    with app.state.store.read() as conn:
        return queries.get_records(conn, [key]).get(key)


def log_size(app: FastAPI) -> int:
    with app.state.store.read() as conn:
        return int(queries.head_row(conn).size)


@pytest.fixture
def number(client: TestClient, app: FastAPI) -> int:
    [n] = queue(app, order_draft())
    return n


def test_the_queue_lists_pending_drafts_with_their_origin(client: TestClient, number: int) -> None:
    page = client.get("/review")
    assert page.status_code == 200
    assert f'data-draft="{number}"' in page.text
    assert "entry 61: ORDER directing a declaration" in page.text
    assert f'href="/{CASE}"' in page.text
    assert "1 draft(s)" in page.text
    assert client.get("/review?status=accepted").text.count("data-draft=") == 0
    assert client.get("/review?kind=statement").text.count("data-draft=") == 0


def test_the_nav_shows_the_pending_count_to_editors(client: TestClient, number: int) -> None:
    assert re.search(r'data-testid="nav-review">Review \(1\)<', client.get("/").text)


def test_a_draft_shows_its_excerpt_source_and_editable_record(
    client: TestClient, number: int
) -> None:
    page = client.get(f"/review/{number}")
    assert page.status_code == 200
    assert f"“{EXCERPT}”" in page.text
    assert f'href="/{SOURCE}"' in page.text
    assert 'name="record"' in page.text and "supplemental declaration" in page.text
    assert 'name="title" value="Order directing a supplemental declaration"' in page.text
    assert "Read the order itself" in page.text


def test_accepting_writes_the_order_citing_the_excerpt_then_asks_for_obligations(
    client: TestClient, app: FastAPI, number: int
) -> None:
    page = client.get(f"/review/{number}")
    form = {
        "csrf_token": csrf_of(page.text),
        "record": json.dumps(order_body()),
        "kind": "order",
        "title": "Order directing a supplemental declaration",
        "issued": "2025-04-11",
        "judge": "Paula Xinis",
        "note": "checked against the order",
    }
    r = client.post(f"/review/{number}/accept", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/review/{number}/obligations"
    row = current(app, "order/mdd-8-25-cv-00951-review-test")
    body = json.loads(row.body)
    assert body["judge"] == "Paula Xinis"
    assert {"source": SOURCE, "excerpt": EXCERPT} in body["sources"]
    draft = get_draft(app.state.store, number, principal=LOCAL_OPERATOR)
    assert (draft.status, draft.result_key) == ("accepted", row.key)
    assert draft.decision_note == "checked against the order"
    follow = client.get(r.headers["location"])
    assert "Record the order" in follow.text and 'href="/record/order/' in follow.text


def test_the_obligations_of_an_accepted_order_cite_the_same_source(
    client: TestClient, app: FastAPI, number: int
) -> None:
    page = client.get(f"/review/{number}")
    client.post(
        f"/review/{number}/accept",
        data={"csrf_token": csrf_of(page.text), "record": json.dumps(order_body())},
        follow_redirects=False,
    )
    form_page = client.get(f"/review/{number}/obligations")
    r = client.post(
        f"/review/{number}/obligations",
        data={
            "csrf_token": csrf_of(form_page.text),
            "zone": "America/New_York",
            "ob0_action": "file_declaration",
            "ob0_obligor": "Defendants",
            "ob0_text": "File a supplemental declaration.",
            "ob0_deadline": "2025-04-11T17:00",
            "excerpt": EXCERPT,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/{CASE}"
    with app.state.store.read() as conn:
        obligations = [
            json.loads(x.body)
            for x in queries.records_of_type(conn, "obligation")
            if json.loads(x.body).get("order") == "order/mdd-8-25-cv-00951-review-test"
        ]
    assert len(obligations) == 1
    assert obligations[0]["sources"] == [{"source": SOURCE, "excerpt": EXCERPT}]
    assert obligations[0]["deadline"]["at"] == "2025-04-11T17:00[America/New_York]"


def test_bad_edited_json_shows_the_problems_and_writes_nothing(
    client: TestClient, app: FastAPI, number: int
) -> None:
    before = log_size(app)
    csrf = csrf_of(client.get(f"/review/{number}").text)
    broken = client.post(
        f"/review/{number}/accept", data={"csrf_token": csrf, "record": "{not json"}
    )
    assert broken.status_code == 422
    assert "JSON:" in broken.text and 'data-testid="problems"' in broken.text
    bad = {**order_body(), "issued": "the eleventh of April", "case": "case/no-such-case"}
    r = client.post(
        f"/review/{number}/accept",
        data={"csrf_token": csrf, "record": json.dumps(bad), "title": ""},
    )
    assert r.status_code == 422
    assert "<code>issued</code>" in r.text or "<code>title</code>" in r.text
    assert "the eleventh of April" in r.text  # the editor's text is kept
    assert log_size(app) == before
    assert get_draft(app.state.store, number, principal=LOCAL_OPERATOR).status == "pending"


def test_a_reference_to_nothing_is_named_and_nothing_is_written(
    client: TestClient, app: FastAPI, number: int
) -> None:
    before = log_size(app)
    csrf = csrf_of(client.get(f"/review/{number}").text)
    bad = {**order_body(), "case": "case/no-such-case"}
    r = client.post(
        f"/review/{number}/accept", data={"csrf_token": csrf, "record": json.dumps(bad)}
    )
    assert r.status_code == 422
    assert "case/no-such-case" in r.text
    assert log_size(app) == before


def test_rejecting_needs_a_reason_and_writes_nothing(
    client: TestClient, app: FastAPI, number: int
) -> None:
    before = log_size(app)
    csrf = csrf_of(client.get(f"/review/{number}").text)
    r = client.post(f"/review/{number}/reject", data={"csrf_token": csrf, "reason": "  "})
    assert r.status_code == 422 and "Say why the draft is rejected." in r.text
    assert get_draft(app.state.store, number, principal=LOCAL_OPERATOR).status == "pending"
    r = client.post(
        f"/review/{number}/reject",
        data={"csrf_token": csrf, "reason": "a notice, not an order"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/review?rejected={number}"
    draft = get_draft(app.state.store, number, principal=LOCAL_OPERATOR)
    assert (draft.status, draft.decision_note) == ("rejected", "a notice, not an order")
    assert log_size(app) == before
    again = client.post(f"/review/{number}/reject", data={"csrf_token": csrf, "reason": "again"})
    assert again.status_code == 409


def test_a_post_without_the_csrf_token_is_refused(
    client: TestClient, app: FastAPI, number: int
) -> None:
    r = client.post(f"/review/{number}/accept", data={"record": json.dumps(order_body())})
    assert r.status_code == 403
    assert get_draft(app.state.store, number, principal=LOCAL_OPERATOR).status == "pending"


def test_an_unknown_draft_is_not_found(client: TestClient) -> None:
    assert client.get("/review/999999").status_code == 404
    assert client.get("/review/0").status_code in (400, 404)


def test_viewers_are_refused_and_anonymous_readers_sent_to_sign_in(
    app: FastAPI, anon: TestClient, number: int
) -> None:
    r = anon.get("/review", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert anon.get(f"/review/{number}", follow_redirects=False).status_code == 303
    sign_in(anon, "vera")
    assert anon.get("/review").status_code == 403
    assert anon.get(f"/review/{number}").status_code == 403
    assert 'data-testid="nav-review"' not in anon.get("/").text


def test_the_import_page_leads_to_every_importer(client: TestClient) -> None:
    page = client.get("/import").text
    for path in ("/import/sheet", "/import/docket", "/courtlistener", "/import/article", "/review"):
        assert f'href="{path}"' in page


def test_an_accepted_statement_leads_to_its_record(client: TestClient, app: FastAPI) -> None:
    said = "The administration said the deportation was an administrative error."
    statement = {
        "type": "statement",
        "key": "statement/review-test-administrative-error",
        "speaker": "actor/nayib-bukele",
        "said": "2025-04-14",
        "text": said,
        "quote": "paraphrase",
        "about": ["person/kilmar-abrego-garcia"],
    }
    [n] = queue(
        app,
        NewDraft(
            kind="statement",
            origin="source/white-house-meeting-2025-04-14",
            source="source/white-house-meeting-2025-04-14",
            summary="Statement about the deportation",
            record=statement,
            excerpt=said,
        ),
    )
    page = client.get(f"/review/{n}")
    assert 'name="judge"' not in page.text  # the order fields are for orders only
    r = client.post(
        f"/review/{n}/accept",
        data={"csrf_token": csrf_of(page.text), "record": json.dumps(statement)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/record/statement/review-test-administrative-error"
    decided = client.get(f"/review/{n}")
    assert 'data-testid="decided"' in decided.text and "Record its obligations" not in decided.text


@pytest.mark.postgres
def test_accept_and_reject_on_postgresql(pg_url: str) -> None:
    with editor_client_on(pg_url) as pg:
        app = pg.app
        assert isinstance(app, FastAPI)
        first, second = queue(
            app, order_draft(), order_draft(record=order_body("order/mdd-8-25-cv-00951-pg"))
        )
        csrf = csrf_of(pg.get(f"/review/{first}").text)
        r = pg.post(
            f"/review/{first}/accept",
            data={"csrf_token": csrf, "record": json.dumps(order_body()), "judge": "Paula Xinis"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        assert json.loads(current(app, "order/mdd-8-25-cv-00951-review-test").body)["judge"] == (
            "Paula Xinis"
        )
        r = pg.post(f"/review/{second}/reject", data={"csrf_token": csrf, "reason": "duplicate"})
        assert r.status_code == 200  # redirected to the queue
        assert get_draft(app.state.store, second, principal=LOCAL_OPERATOR).status == "rejected"
        assert current(app, "order/mdd-8-25-cv-00951-pg") is None
