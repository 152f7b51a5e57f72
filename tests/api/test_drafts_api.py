"""`/api/v1/drafts`: the review queue over HTTP. Editors list and read drafts, accept one
(as proposed or edited) so its record is written citing the source with its excerpt, or
reject one with a reason; a bad record is 422 with every field problem and writes nothing;
a decided draft is 409; viewers are refused and the public must sign in."""

from __future__ import annotations

import json
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.drafts import NewDraft, get_draft, queue_drafts
from habeas.storage import queries
from habeas.storage.store import Store
from tests.api.conftest import Api

CASE = "case/mdd-8-25-cv-00951"
SOURCE = "source/mdd-8-25-cv-00951-order-2025-04-11"
EXCERPT = "ORDER directing Defendants to file a supplemental declaration by 5:00 PM."
PROBLEM = "application/problem+json"


def order_body(key: str) -> dict[str, Any]:
    return {
        "type": "order",
        "key": key,
        "case": CASE,
        "kind": "order",
        "title": "Order directing a supplemental declaration",
        "issued": "2025-04-11",
        "text": EXCERPT,
    }


def queue(store: Store, key: str, kind: str = "order") -> int:
    draft = NewDraft(
        kind=kind,
        origin=CASE,
        source=SOURCE,
        summary=f"entry 61: {key}",
        record=order_body(key),
        excerpt=EXCERPT,
        notes=("Read the order itself.",),
    )
    with store.write() as tx:
        [number] = queue_drafts(tx.conn, [draft], created_by="test")
    return number


def log_size(store: Store) -> int:
    with store.read() as conn:
        return int(queries.head_row(conn).size)


def test_accepting_writes_the_record_citing_the_excerpt(api: Api) -> None:
    number = queue(api.store, "order/api-drafts-accepted")
    editor = api.client("editor")
    listed = editor.get("/api/v1/drafts").json()
    assert [d["id"] for d in listed["items"]] == [number] and listed["count"] == 1
    one = editor.get(f"/api/v1/drafts/{number}").json()
    assert (one["excerpt"], one["status"], one["source"]) == (EXCERPT, "pending", SOURCE)
    r = editor.post(f"/api/v1/drafts/{number}/accept", json={"note": "read the order"})
    assert r.status_code == 201, r.text
    assert r.json()["key"] == "order/api-drafts-accepted" and r.json()["op"] == "assert"
    assert r.headers["location"] == "/api/v1/records/order/api-drafts-accepted"
    record = editor.get(r.headers["location"]).json()
    assert record["record"]["sources"] == [{"source": SOURCE, "excerpt": EXCERPT}]
    decided = get_draft(api.store, number, principal=LOCAL_OPERATOR)
    assert (decided.status, decided.decision_note) == ("accepted", "read the order")
    again = editor.post(f"/api/v1/drafts/{number}/accept")
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
    assert editor.get("/api/v1/drafts?status=accepted").json()["count"] == 1


def test_an_edited_record_is_written_instead(api: Api) -> None:
    number = queue(api.store, "order/api-drafts-edited")
    edited = {**order_body("order/api-drafts-edited"), "judge": "Paula Xinis"}
    r = api.client("admin").post(f"/api/v1/drafts/{number}/accept", json={"record": edited})
    assert r.status_code == 201, r.text
    with api.store.read() as conn:
        body = json.loads(
            queries.get_records(conn, ["order/api-drafts-edited"])["order/api-drafts-edited"].body
        )
    assert body["judge"] == "Paula Xinis"


def test_a_bad_record_lists_every_problem_and_writes_nothing(demo_api: Api) -> None:
    number = queue(demo_api.store, "order/api-drafts-bad")
    before = log_size(demo_api.store)
    bad = {**order_body("order/api-drafts-bad"), "issued": "someday", "title": ""}
    r = demo_api.client("editor").post(f"/api/v1/drafts/{number}/accept", json={"record": bad})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    fields = {p["field"] for p in r.json()["problems"]}
    assert "issued" in fields
    assert log_size(demo_api.store) == before
    assert get_draft(demo_api.store, number, principal=LOCAL_OPERATOR).status == "pending"


def test_rejecting_needs_a_reason_and_writes_nothing(demo_api: Api) -> None:
    number = queue(demo_api.store, "order/api-drafts-rejected")
    before = log_size(demo_api.store)
    editor = demo_api.client("editor")
    assert editor.post(f"/api/v1/drafts/{number}/reject", json={}).status_code == 422
    blank = editor.post(f"/api/v1/drafts/{number}/reject", json={"reason": "   "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    r = editor.post(f"/api/v1/drafts/{number}/reject", json={"reason": "a notice, not an order"})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["decision_note"]) == (
        "rejected",
        "a notice, not an order",
    )
    assert log_size(demo_api.store) == before
    assert editor.post(f"/api/v1/drafts/{number}/accept").status_code == 409


def test_the_kind_filter_and_unknown_drafts(demo_api: Api) -> None:
    number = queue(demo_api.store, "order/api-drafts-statement", kind="statement")
    editor = demo_api.client("editor")
    kinds = {d["kind"] for d in editor.get("/api/v1/drafts?kind=statement").json()["items"]}
    assert kinds == {"statement"}
    ids = [d["id"] for d in editor.get("/api/v1/drafts?kind=nothing-like-it").json()["items"]]
    assert number not in ids and ids == []
    missing = editor.get("/api/v1/drafts/987654")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert editor.post("/api/v1/drafts/987654/reject", json={"reason": "x"}).status_code == 404
    assert editor.get("/api/v1/drafts?status=maybe").status_code == 422


def test_viewers_are_refused_and_the_public_must_sign_in(demo_api: Api) -> None:
    number = queue(demo_api.store, "order/api-drafts-guarded")
    viewer = demo_api.client("viewer")
    assert viewer.get("/api/v1/drafts").status_code == 403
    assert viewer.get(f"/api/v1/drafts/{number}").status_code == 403
    assert viewer.post(f"/api/v1/drafts/{number}/accept").status_code == 403
    assert demo_api.client().get("/api/v1/drafts").status_code == 401
    assert get_draft(demo_api.store, number, principal=LOCAL_OPERATOR).status == "pending"
