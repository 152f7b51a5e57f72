"""`/api/v1/pairs` and `/api/v1/merges` over a real server: readers list the pairs they may
see, editors accept (the absorbed key then answers as the survivor), reject and skip; a
split gives the person back; viewers may not decide and the public must sign in."""

from __future__ import annotations

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.pair_review import propose_pairs
from habeas.storage import queries
from tests.api.conftest import Api
from tests.services.pair_fixtures import a_number, candidate, load, person, two_spellings

PROBLEM = "application/problem+json"


def test_the_queue_is_decided_over_http(demo_api: Api) -> None:
    two_spellings(demo_api.store)
    load(demo_api.store, [person("person/api-hidden", "Kilmer A.", sensitivity="confidential")])
    result = propose_pairs(
        demo_api.store,
        LOCAL_OPERATOR,
        [
            candidate(),
            candidate("person/kilmar-a", "person/other"),
            candidate("person/api-hidden", "person/kilmar-a"),
        ],
        origin="dedupe",
    )
    assert result.added == 3
    editor, viewer = demo_api.client("editor"), demo_api.client("viewer")
    listed = editor.get("/api/v1/pairs").json()
    assert listed["count"] == 3
    seen = viewer.get("/api/v1/pairs").json()
    assert "person/api-hidden" not in str(seen) and seen["count"] == 2
    assert demo_api.client().get("/api/v1/pairs").status_code == 401
    ref = next(p for p in listed["items"] if p["id"] == "person/kilmar-a|person/kilmer-b")["key"]
    ref = ref.removeprefix("pair/")
    one = viewer.get(f"/api/v1/pairs/{ref}").json()
    assert one["left"]["name"] == "Kilmar Armando Abrego Garcia"
    assert one["evidence"][1]["weight"] == 3.5
    refused = viewer.post(f"/api/v1/pairs/{ref}/accept", json={"reason": "same"})
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    assert editor.post(f"/api/v1/pairs/{ref}/accept", json={}).status_code == 422
    done = editor.post(f"/api/v1/pairs/{ref}/accept", json={"reason": "same man"})
    assert done.status_code == 201, done.text
    assert done.json()["merge"]["absorbed"] == "person/kilmer-b"
    again = editor.post(f"/api/v1/pairs/{ref}/reject", json={"reason": "no"})
    assert again.status_code == 409
    where = editor.get("/api/v1/whereabouts", params={"who": "person/kilmer-b"})
    assert where.json()["person"]["key"] == "person/kilmar-a"
    [merged] = where.json()["merged"]
    assert (merged["key"], merged["name"], merged["reason"]) == (
        "person/kilmer-b",
        "Kilmer Abrego",
        "same man",
    )
    assert merged["merged_by"] and merged["sources"][0]["title"] == "Order of the court"
    told = viewer.get("/api/v1/timeline", params={"subject": "person/kilmar-a"}).json()
    assert [m["key"] for m in told["merged"]] == ["person/kilmer-b"]
    split = editor.post(
        "/api/v1/merges/split", json={"absorbed": "person/kilmer-b", "reason": "two men"}
    )
    assert split.status_code == 200, split.text
    other = next(p for p in listed["items"] if p["id"] == "person/kilmar-a|person/other")
    other_ref = other["key"].removeprefix("pair/")
    assert editor.post(f"/api/v1/pairs/{other_ref}/skip").status_code == 200
    assert (
        editor.post(f"/api/v1/pairs/{other_ref}/reject", json={"reason": "no"}).json()["status"]
        == "rejected"
    )
    assert editor.get("/api/v1/pairs/ffffffffffffffffffffffff").status_code == 404
    merged = editor.post(
        "/api/v1/merges",
        json={"survivor": "person/other", "absorbed": "person/kilmer-b", "reason": "x"},
    )
    assert merged.status_code == 201 and merged.json()["merge"] == "merge/person/kilmer-b"


def test_the_records_api_refuses_a_merge_the_queue_would_refuse(demo_api: Api) -> None:
    load(
        demo_api.store,
        [
            person("person/api-one", "Ana Uno", identifiers=a_number("A333333333")),
            person("person/api-two", "Ana Una", identifiers=a_number("A444444444")),
            person("person/api-three", "Ana Unas"),
        ],
    )
    editor = demo_api.client("editor")
    written = data_entries(demo_api)
    body = {
        "type": "merge",
        "key": "merge/person/api-two",
        "unsourced": True,
        "synthetic": True,
        "survivor": "person/api-one",
        "absorbed": "person/api-two",
        "reason": "same woman",
    }
    r = editor.post("/api/v1/records", json=body)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, r.text
    assert r.json()["problems"][0]["field"] == "override"
    assert "identifiers conflict (a_number)" in r.json()["detail"]

    upload = {"file": ("m.jsonl", bundle_of(body), "application/x-ndjson")}
    dry = editor.post("/api/v1/import", params={"dry_run": "true"}, files=upload).json()
    assert not dry["ok"] and [(p["line"], p["field"]) for p in dry["problems"]] == [(2, "override")]
    r = editor.post("/api/v1/import", files=upload)
    assert r.status_code == 422, r.text
    assert [(p["line"], p["field"]) for p in r.json()["problems"]] == [(2, "override")]
    # nothing but the audit of reads (flushed in the background) reached the log
    assert data_entries(demo_api) == written

    forced = {**body, "override": "one A-number was mistyped", "conflicts": ["a_number"]}
    assert editor.post("/api/v1/records", json=forced).status_code == 201
    chained = {**body, "key": "merge/person/api-three", "absorbed": "person/api-three"}
    r = editor.post("/api/v1/records", json={**chained, "survivor": "person/api-two"})
    assert r.status_code == 422 and "merge into person/api-one instead" in r.json()["detail"]


def data_entries(api: Api) -> int:
    """How many entries of the log write records (every entry but the audit of reads)."""
    with api.store.read() as conn:
        return sum(1 for e in queries.all_entries(conn) if e.op != "audit")


def bundle_of(*records: dict[str, object]) -> bytes:
    """A bundle file's bytes: the header, then `records`."""
    import json

    lines = [{"type": "bundle", "format": "habeas-bundle", "version": 1}, *records]
    return ("\n".join(json.dumps(r) for r in lines) + "\n").encode()
