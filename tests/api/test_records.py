"""`/api/v1/records` over a real HTTP server: listing, reading, and writing without lost
updates — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import secrets
import threading
from typing import Any

import httpx

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services import accounts
from habeas.services.audit import flush_audit
from habeas.services.browse import record_view
from habeas.services.verify import verify_ledger
from habeas.storage import queries
from habeas.storage.log_queries import entry_of
from tests.api.auth import PASSWORD
from tests.api.conftest import Api

PERSON = "person/kilmar-abrego-garcia"
PROBLEM = "application/problem+json"


def source(key: str, title: str = "Order of the court") -> dict[str, Any]:
    return {
        "type": "source",
        "key": key,
        "kind": "court_document",
        "title": title,
        "published": "2025-04-04",
    }


def bundle(*records: dict[str, Any]) -> bytes:
    header = {"type": "bundle", "format": "habeas-bundle", "version": 1}
    return ("\n".join(json.dumps(r) for r in (header, *records)) + "\n").encode()


# -- reading ------------------------------------------------------------------------------
def test_pages_walk_every_person_once_in_key_order(demo_api: Api) -> None:
    c = demo_api.client("viewer")
    keys: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"type": "person", "limit": 40}
        if cursor:
            params["cursor"] = cursor
        r = c.get("/api/v1/records", params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        assert page["limit"] == 40 and len(page["items"]) <= 40
        keys += [i["key"] for i in page["items"]]
        assert all(i["type"] == "person" and i["status"] == "active" for i in page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    status = demo_api.client("admin").get("/api/v1/status").json()
    assert len(keys) == status["records"]["person"] > 200
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert pages == -(-len(keys) // 40)


def test_listing_filters_by_words_and_by_synthetic(demo_api: Api) -> None:
    c = demo_api.client()
    found = c.get("/api/v1/records", params={"q": "Ábrego garcía", "type": "person"}).json()
    assert [i["key"] for i in found["items"]] == [PERSON]
    real = c.get("/api/v1/records", params={"type": "person", "synthetic": "false"}).json()
    assert real["items"] and not any(i["synthetic"] for i in real["items"])
    fake = c.get("/api/v1/records", params={"type": "person", "synthetic": "true", "limit": 5})
    assert all(i["synthetic"] for i in fake.json()["items"])


def test_a_record_is_its_service_view_with_its_version_as_etag(demo_api: Api) -> None:
    r = demo_api.client("admin").get(f"/api/v1/records/{PERSON}")
    assert r.status_code == 200
    assert r.headers["etag"] == '"1"'
    assert r.headers["content-type"] == "application/json"
    assert r.json() == record_view(demo_api.store, PERSON, principal=LOCAL_OPERATOR).to_json()


def test_history_lists_each_entry_with_its_leaf_hash(demo_api: Api) -> None:
    r = demo_api.client().get(f"/api/v1/records/{PERSON}/history")
    assert r.status_code == 200
    body = r.json()
    assert body["key"] == PERSON
    (first,) = body["entries"]
    assert first["op"] == "assert" and first["version"] == 1 and len(first["leaf_hash"]) == 64


# -- writing ------------------------------------------------------------------------------
def test_append_correct_retract_restore_each_naming_its_version(api: Api) -> None:
    c = api.client("editor")
    key = "source/api-test-order"
    r = c.post("/api/v1/records", json=source(key))
    assert r.status_code == 201, r.text
    assert r.headers["etag"] == '"1"' and r.headers["location"] == f"/api/v1/records/{key}"
    created = r.json()
    assert created["op"] == "assert" and created["version"] == 1

    etag = c.get(f"/api/v1/records/{key}").headers["etag"]
    fix = {"reason": "title misread", "record": source(key, "Amended order")}
    r = c.put(f"/api/v1/records/{key}", json=fix, headers={"If-Match": etag})
    assert r.status_code == 200, r.text
    assert r.json()["op"] == "correct" and r.headers["etag"] == '"2"'
    assert c.get(f"/api/v1/records/{key}").json()["record"]["title"] == "Amended order"

    same = c.put(f"/api/v1/records/{key}", json=fix, headers={"If-Match": '"2"'})
    assert same.status_code == 200 and same.json()["op"] == "unchanged"

    r = c.delete(f"/api/v1/records/{key}", params={"reason": "duplicate"})
    assert r.status_code == 428 and r.headers["content-type"] == PROBLEM
    r = c.delete(
        f"/api/v1/records/{key}", params={"reason": "duplicate"}, headers={"If-Match": '"2"'}
    )
    assert r.status_code == 200 and r.json()["op"] == "retract" and r.json()["version"] == 3
    assert c.get(f"/api/v1/records/{key}").status_code == 404

    back = {"reason": "not a duplicate after all", "record": source(key, "Amended order")}
    r = c.put(f"/api/v1/records/{key}", json=back, headers={"If-Match": '"3"'})
    assert r.status_code == 200 and r.json()["version"] == 4

    entries = c.get(f"/api/v1/records/{key}/history").json()["entries"]
    assert [e["op"] for e in entries] == ["assert", "correct", "retract", "correct"]
    assert [e["reason"] for e in entries] == [
        None,
        "title misread",
        "duplicate",
        "not a duplicate after all",
    ]
    assert all(e["recorded_by"].startswith("user:editor-") for e in entries)
    assert verify_ledger(api.store).size == created["position"] + 4


def test_a_retraction_may_cite_the_source_that_shows_the_record_wrong(api: Api) -> None:
    c = api.client("editor")
    key, proof = "source/api-retracted", "source/api-proof"
    for k in (key, proof):
        assert c.post("/api/v1/records", json=source(k)).status_code == 201
    params = {"reason": "misfiled", "source": "source/api-nowhere"}
    r = c.delete(f"/api/v1/records/{key}", params=params, headers={"If-Match": '"1"'})
    assert r.status_code == 422 and "no source with key" in r.text
    params["source"] = proof
    r = c.delete(f"/api/v1/records/{key}", params=params, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["op"] == "retract"
    last = c.get(f"/api/v1/records/{key}/history").json()["entries"][-1]
    assert last["reason"] == f"misfiled (source: {proof})"


def test_a_stale_version_is_refused_and_nothing_is_written(api: Api) -> None:
    c = api.client("editor")
    key = "source/api-stale"
    assert c.post("/api/v1/records", json=source(key)).status_code == 201
    first = {"reason": "first fix", "record": source(key, "First")}
    assert c.put(f"/api/v1/records/{key}", json=first, headers={"If-Match": '"1"'}).is_success
    size = c.get("/api/v1/proofs/checkpoint").json()["size"]

    late = {"reason": "second fix, based on version 1", "record": source(key, "Second")}
    r = c.put(f"/api/v1/records/{key}", json=late, headers={"If-Match": '"1"'})
    assert r.status_code == 412
    assert r.headers["content-type"] == PROBLEM and r.headers["etag"] == '"2"'
    problem = r.json()
    assert problem["current_version"] == 2 and "version 2" in problem["detail"]
    r = c.delete(f"/api/v1/records/{key}", params={"reason": "x"}, headers={"If-Match": '"1"'})
    assert r.status_code == 412
    assert c.get("/api/v1/proofs/checkpoint").json()["size"] == size
    assert c.get(f"/api/v1/records/{key}").json()["record"]["title"] == "First"


def test_two_editors_correcting_the_same_version_one_wins_one_gets_412(api: Api) -> None:
    key = "source/api-race"
    assert api.client("editor").post("/api/v1/records", json=source(key)).status_code == 201
    results: list[int] = []
    barrier = threading.Barrier(2)

    def correct(title: str) -> None:
        with httpx.Client(base_url=api.url, timeout=30) as c:
            barrier.wait()
            r = c.put(
                f"/api/v1/records/{key}",
                json={"reason": f"set {title}", "record": source(key, title)},
                headers={"If-Match": '"1"', "Authorization": f"Bearer {api.tokens['editor']}"},
            )
            results.append(r.status_code)

    threads = [threading.Thread(target=correct, args=(t,)) for t in ("Left", "Right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 412]
    history = api.client().get(f"/api/v1/records/{key}/history").json()["entries"]
    assert [e["version"] for e in history] == [1, 2]


def test_a_new_record_with_a_key_in_use_is_409(demo_api: Api) -> None:
    c = demo_api.client("editor")
    r = c.post("/api/v1/records", json=source("source/api-dup"))
    assert r.status_code == 201
    r = c.post("/api/v1/records", json=source("source/api-dup", "Other"))
    assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
    assert "already exists" in r.json()["detail"]


def test_every_field_problem_is_listed_and_nothing_written(demo_api: Api) -> None:
    c = demo_api.client("editor")
    size = c.get("/api/v1/proofs/checkpoint").json()["size"]
    bad = {"type": "person", "key": "person/api-nobody", "colour": "grey"}
    r = c.post("/api/v1/records", json=bad)
    assert r.status_code == 422
    fields = {p["field"] for p in r.json()["problems"]}
    assert {"full_name", "colour"} <= fields, r.json()
    dangling = {
        "type": "person",
        "key": "person/api-somebody",
        "full_name": "Some Body",
        "sources": [{"source": "source/not-in-the-ledger"}],
    }
    r = c.post("/api/v1/records", json=dangling)
    assert r.status_code == 422
    assert r.json()["problems"][0]["field"] == "sources[0].source"
    assert "dangling" in r.json()["detail"]
    assert c.get("/api/v1/proofs/checkpoint").json()["size"] == size


def test_writes_need_an_editor(demo_api: Api) -> None:
    body = source("source/api-rights")
    assert demo_api.client().post("/api/v1/records", json=body).status_code == 401
    assert demo_api.client("viewer").post("/api/v1/records", json=body).status_code == 403
    assert demo_api.client("editor").post("/api/v1/records", json=body).status_code == 201


# -- import -----------------------------------------------------------------------------
def test_import_dry_run_reports_and_writes_nothing_then_imports(api: Api) -> None:
    c = api.client("editor")
    size = c.get("/api/v1/proofs/checkpoint").json()["size"]
    upload = {"file": ("new.jsonl", bundle(source("source/api-bundle-1")), "application/x-ndjson")}
    r = c.post("/api/v1/import", params={"dry_run": "true"}, files=upload)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["dry_run"] and report["ok"] and report["records"] == 1
    assert report["written"] is None
    assert c.get("/api/v1/proofs/checkpoint").json()["size"] == size

    r = c.post("/api/v1/import", files=upload)
    assert r.status_code == 200 and r.json()["written"]["asserted"] == 1
    assert c.get("/api/v1/records/source/api-bundle-1").status_code == 200
    again = c.post("/api/v1/import", files=upload).json()
    assert again["written"]["unchanged"] == 1 and again["written"]["asserted"] == 0


def test_an_invalid_bundle_is_422_with_every_problem_by_line(demo_api: Api) -> None:
    c = demo_api.client("admin")
    size = c.get("/api/v1/proofs/checkpoint").json()["size"]
    content = bundle(
        source("source/api-bundle-ok"),
        {"type": "person", "key": "person/api-x", "sources": [{"source": "source/api-bundle-ok"}]},
        {
            "type": "person",
            "key": "person/api-y",
            "full_name": "Y",
            "sources": [{"source": "source/nope"}],
        },
    )
    upload = {"file": ("bad.jsonl", content, "application/x-ndjson")}
    dry = c.post("/api/v1/import", params={"dry_run": "true"}, files=upload).json()
    assert not dry["ok"] and {p["line"] for p in dry["problems"]} == {3, 4}
    r = c.post("/api/v1/import", files=upload)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    problems = {(p["line"], p["field"]) for p in r.json()["problems"]}
    assert problems == {(3, "full_name"), (4, "sources[0].source")}
    assert c.get("/api/v1/proofs/checkpoint").json()["size"] == size
    assert demo_api.client("viewer").post("/api/v1/import", files=upload).status_code == 403


def test_a_page_session_may_write_only_with_its_csrf_token(demo_api: Api) -> None:
    name = f"cookie-{secrets.token_hex(3)}"
    accounts.add_user(demo_api.store, name, PASSWORD, role="editor")
    session = accounts.login(demo_api.store, name, PASSWORD, "127.0.0.1")
    cookies = {"habeas_session": session}
    body = source("source/api-cookie")
    with httpx.Client(base_url=demo_api.url, cookies=cookies) as c:
        assert c.get(f"/api/v1/records/{PERSON}").status_code == 200
        refused = c.post("/api/v1/records", json=body)
        assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
        csrf = {"X-CSRF-Token": accounts.csrf_token_for(session)}
        assert c.post("/api/v1/records", json=body, headers=csrf).status_code == 201
    history = demo_api.client("admin").get("/api/v1/records/source/api-cookie/history").json()
    assert history["entries"][0]["recorded_by"] == f"user:{name}"
    with httpx.Client(base_url=demo_api.url, cookies={"habeas_session": "ended"}) as c:
        assert c.get("/api/v1/search", params={"q": "cecot"}).status_code == 200  # as public


def test_each_role_sees_what_its_clearance_allows_and_confidential_reads_are_audited(
    api: Api,
) -> None:
    def children(role: str | None) -> list[str]:
        r = api.client(role).get(f"/api/v1/records/{PERSON}")
        assert r.status_code == 200
        return [x["person"] for x in r.json()["record"].get("relationships", [])]

    assert "person/a-a-v" not in children(None)
    assert "person/a-a-v" not in children("viewer")
    size = api.client().get("/api/v1/proofs/checkpoint").json()["size"]
    assert "person/a-a-v" in children("editor")
    flush_audit(api.store)  # the read was queued before the answer; the server flushes it
    with api.store.read() as conn:
        entry = queries.entry_at(conn, size)
    assert entry is not None and entry.op == "audit"
    event = entry_of(entry).record
    assert event is not None and event["action"] == "read" and PERSON in event["records"]
    assert event["user"].startswith("editor-")
    assert "relationships" not in entry.body + (entry.disclosures or "")

    secret = {**source("source/api-confidential"), "sensitivity": "confidential"}
    assert api.client("editor").post("/api/v1/records", json=secret).status_code == 201
    for role in (None, "viewer"):
        c = api.client(role)
        assert c.get("/api/v1/records/source/api-confidential").status_code == 404
        listed = c.get("/api/v1/records", params={"type": "source", "limit": 500}).json()
        assert "source/api-confidential" not in {i["key"] for i in listed["items"]}
        assert c.get("/api/v1/records/source/api-confidential/history").status_code == 404
    listed = api.client("admin").get("/api/v1/records", params={"q": "order", "limit": 500})
    assert "source/api-confidential" in {i["key"] for i in listed.json()["items"]}
