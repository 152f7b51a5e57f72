"""Every error is RFC 9457 problem+json with a clear detail, and nothing a client sends
produces a 5xx (the server is real; inputs are hostile)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from habeas.app import create_app
from habeas.config import Settings
from habeas.domain.access_errors import RateLimited
from tests.api.conftest import Api, _copy, serve
from tests.api.server import LiveServer

PROBLEM = "application/problem+json"
MEMBERS = {"type", "title", "status", "detail", "instance", "error"}


def problem(r: httpx.Response, status: int) -> dict[str, Any]:
    """Assert `r` is a problem+json of `status` and return its body."""
    assert r.status_code == status, (r.status_code, r.text[:500])
    assert r.headers["content-type"] == PROBLEM, r.headers["content-type"]
    body: dict[str, Any] = r.json()
    assert set(body) >= MEMBERS, body
    assert body["status"] == status and body["type"].startswith("urn:habeas:problem:")
    assert body["detail"] and body["instance"] == r.request.url.path
    return body


def test_404_for_a_missing_record_and_for_a_missing_path(demo_api: Api) -> None:
    c = demo_api.client()
    body = problem(c.get("/api/v1/records/person/nobody-at-all"), 404)
    assert body["error"] == "NotFound" and "person/nobody-at-all" in body["detail"]
    problem(c.get("/api/v1/records/person/nobody-at-all/history"), 404)
    problem(c.get("/api/v1/whereabouts", params={"who": "Zzyzx Qwerty"}), 404)
    problem(c.get("/api/v1/proofs/inclusion", params={"position": 10**9}), 404)
    assert "openapi" in problem(c.get("/api/v1/no-such-thing"), 404)["detail"]
    assert problem(c.delete("/api/v1/search"), 405)["title"] == "Method not allowed"


def test_409_ambiguous_and_conflict(demo_api: Api) -> None:
    c = demo_api.client("editor")
    body = problem(c.get("/api/v1/timeline", params={"subject": "Noem"}), 409)
    assert len(body["candidates"]) == 5  # four Abrego Garcia v. Noem cases, Noem v. Abrego Garcia
    key = "source/api-errors-conflict"
    record = {"type": "source", "key": key, "kind": "other", "title": "T"}
    assert c.post("/api/v1/records", json=record).status_code == 201
    assert problem(c.post("/api/v1/records", json=record), 409)["error"] == "Conflict"
    c.delete(f"/api/v1/records/{key}", params={"reason": "r"}, headers={"If-Match": '"1"'})
    again = c.delete(f"/api/v1/records/{key}", params={"reason": "r"}, headers={"If-Match": '"2"'})
    assert "already retracted" in problem(again, 409)["detail"]


@pytest.mark.parametrize("if_match", [None, "*", '""'])
def test_428_when_the_version_is_not_named(demo_api: Api, if_match: str | None) -> None:
    headers = {} if if_match is None else {"If-Match": if_match}
    body = {"reason": "r", "record": {"type": "source", "key": "source/x", "kind": "other"}}
    c = demo_api.client("editor", **headers)
    status = 428 if if_match in (None, "*") else 412
    problem(c.put("/api/v1/records/source/x", json=body), status)


@pytest.mark.parametrize("if_match", ['"99"', '"abc"', 'W/"1"', "1, 2", '"99999999999999"'])
def test_412_when_the_version_is_not_current(demo_api: Api, if_match: str) -> None:
    c = demo_api.client("editor", **{"If-Match": if_match})
    r = c.delete("/api/v1/records/person/kilmar-abrego-garcia", params={"reason": "test"})
    problem(r, 412)


def test_422_names_every_bad_field(demo_api: Api) -> None:
    c = demo_api.client("editor")
    r = c.post("/api/v1/records", json={"type": "facility", "key": "facility/x", "size": "big"})
    body = problem(r, 422)
    fields = {p["field"] for p in body["problems"]}
    assert {"name", "size"} <= fields
    body = problem(c.post("/api/v1/records", json={"type": "castle", "key": "c/x"}), 422)
    assert body["problems"][0]["field"] == "body.type"
    body = problem(c.get("/api/v1/records", params={"limit": 0}), 422)
    assert body["problems"] == [
        {"field": "query.limit", "message": "Input should be greater than or equal to 1"}
    ]
    deadline = c.get("/api/v1/deadline", params={"court": "mdd", "trigger": "2025-04-04"})
    assert "exactly one" in problem(deadline, 422)["detail"]
    unknown = c.get("/api/v1/deadline", params={"court": "zz", "trigger": "2025-04-04", "days": 1})
    assert problem(unknown, 422)["error"] == "DeadlineError"


def test_401_and_403(demo_api: Api) -> None:
    bad = demo_api.client(Authorization="Bearer not-a-token")
    r = bad.get("/api/v1/status")
    problem(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer")
    problem(demo_api.client(Authorization="Basic YWRtaW46YWRtaW4=").get("/api/v1/status"), 401)
    problem(demo_api.client(Authorization="Bearer").get("/api/v1/status"), 401)
    record = {"type": "source", "key": "source/api-403", "kind": "other", "title": "T"}
    problem(demo_api.client().post("/api/v1/records", json=record), 401)
    problem(demo_api.client("viewer").post("/api/v1/records", json=record), 403)
    problem(demo_api.client("viewer").get("/api/v1/verify"), 403)


def test_without_the_public_view_everyone_signs_in(demo_file: Path, tmp_path: Path) -> None:
    with serve(_copy(demo_file, tmp_path), load=False, public_view=False) as api:
        r = api.client().get("/api/v1/whereabouts", params={"who": "Abrego Garcia"})
        assert "sign in" in problem(r, 401)["detail"]
        assert api.client("viewer").get("/api/v1/search", params={"q": "cecot"}).is_success


HOSTILE_QUERIES = [
    ("/api/v1/records", {"limit": 10**30}),
    ("/api/v1/records", {"limit": -1}),
    ("/api/v1/records", {"cursor": "x" * 5000}),
    ("/api/v1/records", {"cursor": "%%%"}),
    ("/api/v1/records", {"type": "castle"}),
    ("/api/v1/records", {"q": "a" * 10_000}),
    ("/api/v1/records", {"q": "\x00"}),
    ("/api/v1/search?q=caf%ED%B3%BF", {}),
    ("/api/v1/search?q=%C0%AF&limit=%FF", {}),
    ("/api/v1/search", {"q": "nul\x00byte"}),
    ("/api/v1/search", {"q": "x", "limit": "1e309"}),
    ("/api/v1/whereabouts", {"who": "Abrego", "as_of": "2025-13-45"}),
    ("/api/v1/whereabouts", {"who": "Abrego", "as_of": "9999-12-31T23:59:59+14:00"}),
    ("/api/v1/whereabouts", {"who": "Abrego", "known_at": "0001-01-01T00:00Z"}),
    ("/api/v1/whereabouts", {"who": "Abrego", "as_of": "tomorrow"}),
    ("/api/v1/whereabouts", {"who": ""}),
    ("/api/v1/occupancy", {"facility": "CECOT", "on": "-0001-01-01"}),
    ("/api/v1/occupancy", {"facility": "CECOT", "on": "0001-01-01"}),
    ("/api/v1/compliance", {"as_of": "99999"}),
    ("/api/v1/compliance", {"as_of": "0001-01-01"}),
    ("/api/v1/alerts", {"as_of": "9999-12-31"}),
    ("/api/v1/alerts", {"within_days": 2**63}),
    ("/api/v1/deadline", {"court": "mdd", "trigger": "9999-12-30", "days": 3650}),
    ("/api/v1/deadline", {"court": "mdd", "trigger": "0001-01-01", "days": 30, "before": "1"}),
    ("/api/v1/deadline", {"court": "mdd", "trigger": "2025-04-04T10:00", "hours": 87600}),
    ("/api/v1/deadline", {"court": "mdd", "trigger": "2025-04-04", "days": 1, "service": "owl"}),
    ("/api/v1/deadline", {"court": "ca4", "trigger": "2025-04-04", "days": 3, "lower_court": "x"}),
    ("/api/v1/deadline", {"court": "mdd", "trigger": "2025", "days": 1, "inaccessible": "x"}),
    ("/api/v1/proofs/inclusion", {"position": 2**64}),
    ("/api/v1/proofs/consistency", {"old": 0}),
    ("/api/v1/proofs/consistency", {"old": 5, "new": 4}),
]


@pytest.mark.parametrize(("path", "params"), HOSTILE_QUERIES)
def test_hostile_queries_are_refused_not_crashed(
    demo_api: Api, path: str, params: dict[str, Any]
) -> None:
    r = demo_api.client("admin").get(path, params=params)
    assert r.status_code < 500, (r.status_code, r.text[:500])
    if r.status_code >= 400:
        problem(r, r.status_code)


def test_hostile_paths_and_bodies_are_refused_not_crashed(demo_api: Api) -> None:
    c = demo_api.client("admin")
    problem(c.get("/api/v1/records/" + "a" * 300), 422)
    problem(c.get("/api/v1/records/PERSON/UPPER"), 422)
    problem(c.get("/api/v1/records/person/%00x"), 400)
    problem(c.get("/api/v1/records/person/%ED%A0%80"), 422)
    raw = {"Content-Type": "application/json"}
    for content in (
        b'{"type": "source", "key": "source/s", "kind": "other", "title": "\\ud800"}',
        b'{"type": "source", "key": "source/s", "kind": "other", "title": "a\\u0000b"}',
        b'{"type": "source", "key": "source/s", "kind": "other", "title": 1e999}',
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe\x00",
        b"",
        b"null",
    ):
        r = c.post("/api/v1/records", content=content, headers=raw)
        assert 400 <= r.status_code < 500, (content[:60], r.status_code, r.text[:300])
        problem(r, r.status_code)
    long_title = {"type": "source", "key": "source/long", "kind": "other", "title": "x" * 900_000}
    assert c.post("/api/v1/records", json=long_title).status_code == 201  # under the 1 MiB limit
    big = c.post("/api/v1/records", content=b"{" + b" " * (2 * 1024 * 1024) + b"}", headers=raw)
    assert "larger than" in problem(big, 413)["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"type": "source", "title": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    streamed = c.post("/api/v1/records", content=chunks(), headers=raw)
    assert "larger than" in problem(streamed, 413)["detail"]
    nested: dict[str, Any] = {"type": "source", "key": "source/s", "kind": "other", "title": "T"}
    deep: Any = "x"
    for _ in range(200):
        deep = {"a": deep}
    problem(c.post("/api/v1/records", json={**nested, "note": deep}), 422)
    bad_utf8 = c.post(
        "/api/v1/import",
        files={
            "file": ("b.jsonl", b'{"type":"bundle","format":"habeas-bundle","version":1}\n\xff\n')
        },
    )
    assert problem(bad_utf8, 422)["problems"][0]["line"] == 2
    verify = {"position": 0, "size": 1, "leaf_hash": "0" * 64, "root": "0" * 64, "proof": []}
    for change in ({"position": 5}, {"size": 10**13}, {"proof": ["z" * 64]}, {"root": "A" * 64}):
        r = c.post("/api/v1/proofs/verify/inclusion", json={**verify, **change})
        assert r.status_code in (200, 422), r.text
    odd = {"old_size": 9, "new_size": 3, "old_root": "0" * 64, "new_root": "1" * 64, "proof": []}
    r = c.post("/api/v1/proofs/verify/consistency", json=odd)
    assert r.status_code == 200 and r.json()["valid"] is False


@pytest.fixture
def odd_server(demo_file: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A server with routes that fail in ways no client can cause."""
    url = _copy(demo_file, tmp_path)
    app = create_app(Settings(database_url=url))

    @app.get("/api/v1/test/boom")
    def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    @app.get("/api/v1/test/slow-down")
    def slow_down() -> None:
        raise RateLimited("too many sign-in attempts", retry_after=7)

    @app.get("/test/page-boom")
    def page_boom() -> None:
        raise RuntimeError("secret internals")

    with LiveServer(app) as server:
        yield server.url, url


def test_an_unexpected_error_is_500_problem_json_without_internals(
    odd_server: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    base, _db = odd_server
    r = httpx.get(f"{base}/api/v1/test/boom")
    body = problem(r, 500)
    assert "secret" not in r.text and "Traceback" not in r.text and "hunter2" not in r.text
    assert body["detail"] == "an unexpected error occurred; it has been logged"
    page = httpx.get(f"{base}/test/page-boom", headers={"Accept": "text/html"})
    assert page.status_code == 500 and "secret" not in page.text


def test_rate_limited_is_429_with_retry_after(odd_server: tuple[str, str]) -> None:
    base, _db = odd_server
    r = httpx.get(f"{base}/api/v1/test/slow-down")
    assert problem(r, 429)["retry_after"] == 7
    assert r.headers["retry-after"] == "7"


def test_a_broken_database_is_503_without_its_error(odd_server: tuple[str, str]) -> None:
    base, db = odd_server
    from sqlalchemy import create_engine

    engine = create_engine(db)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE ledger_head RENAME TO ledger_head_gone"))
    engine.dispose()
    r = httpx.get(f"{base}/api/v1/proofs/checkpoint")
    body = problem(r, 503)
    assert "ledger_head" not in r.text and "try again" in body["detail"]
