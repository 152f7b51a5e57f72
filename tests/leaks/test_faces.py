"""Every page (HTML and `.json`) and every API path, as every reader, over the canary
ledger: no canary above clearance in any answer, every canary within clearance in some
answer, counts that agree with the lists, and a new route fails here until it is walked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI

from tests.leaks.canaries import (
    CANARIES,
    CENTRE_HELD,
    CONFIDENTIAL_PERSON,
    MERGED_PERSON,
    PAIR_REFS,
    PUBLIC_PERSON,
    RESTRICTED_CASE,
    RESTRICTED_PERSON,
    RESTRICTED_SOURCE,
    ROLES,
    leaked,
    missing,
)
from tests.leaks.conftest import World

ON = "2025-03-10"
KEYS = (
    "person/ana",
    PUBLIC_PERSON,
    RESTRICTED_PERSON,
    CONFIDENTIAL_PERSON,
    MERGED_PERSON,
    RESTRICTED_SOURCE,
    RESTRICTED_CASE,
    "facility/centre",
    "ev/zyqx-1",
    "ev/vorp-1",
    "ev/ana-secret-1",
)
SEARCHES = (
    *("zyqx", "vorp", "plainc", "quell", "ana", "zyqx restricta"),
    *("Zyqxcanery Restrikta", "Sikxcanary", "Vorpkanary Konfida", "Restricta, Z"),
)


def _slugs(prefix: str) -> list[str]:
    """The slugs (and their .json twins) of the keys of one type."""
    slugs = [k.split("/", 1)[1] for k in KEYS if k.startswith(f"{prefix}/")] or ["none"]
    return [s + suffix for s in slugs for suffix in ("", ".json")]


def _q(name: str, values: tuple[str, ...]) -> list[str]:
    return [f"?{name}={quote(v)}" for v in values]


# path template -> the fillings (path parameters, query) each reader asks
PAGES: dict[str, list[str]] = {
    "/": [""],
    "/index.json": ["", f"?as_of={ON}"],
    "/login": [""],
    "/public": _q("q", SEARCHES),
    "/public.json": _q("q", SEARCHES),
    "/public/person/{slug}": _slugs("person"),
    "/person/{slug}": _slugs("person"),
    "/case/{slug}": _slugs("case"),
    "/facility/{slug}": [*_slugs("facility"), f"centre.json?on={ON}", f"centre?on={ON}"],
    "/transfer/{slug}": _slugs("transfer"),
    "/source/{slug}": _slugs("source"),
    "/record/{key:path}": [k + s for k in KEYS for s in ("", ".json")],
    "/search": _q("q", SEARCHES),
    "/search.json": _q("q", SEARCHES),
    "/import": [""],
    "/add": [""],
    "/add/custody": ["", f"?person={RESTRICTED_PERSON}"],
    "/add/order": [""],
    "/add/statement": [""],
    "/correct": _q("key", KEYS),
    "/deadline": ["", "?court=mdd&trigger=2025-04-04&days=14"],
    "/proofs": ["", "?entry=0", "?entry=7"],
    "/bundle/{subject:path}": [
        f"{k}.zip{q}"
        for k in ("person/ana", PUBLIC_PERSON, RESTRICTED_PERSON, RESTRICTED_CASE)
        for q in ("", "?for=court")
    ],
    "/proofs.json": ["", "?entry=3"],
    "/deadline.json": ["?court=mdd&trigger=2025-04-04&days=14"],
    "/copy/{sha256}": ["{sha256}"],
    "/review": ["", "?status=all"],
    "/review/{draft_id}": ["1"],
    "/review/{draft_id}/obligations": ["1"],
    "/pairs": ["", "?status=all"],
    "/pairs/{ref}": list(PAIR_REFS),
    "/import/sheet": [""],
    "/import/sheet/{upload_id}/mapping.toml": ["1"],
    "/import/sheet/{upload_id}/rejected.csv": ["1"],
    "/import/docket": [""],
    "/courtlistener": [""],
    "/courtlistener.json": [""],
    "/import/article": [""],
    "/openapi.json": [""],
    "/docs": [""],
    "/docs/oauth2-redirect": [""],
}

API: dict[str, list[str]] = {
    "/api/v1/records": ["?limit=200", "?type=person", *_q("q", SEARCHES)],
    "/api/v1/records/{key}": list(KEYS),
    "/api/v1/records/{key}/history": list(KEYS),
    "/api/v1/whereabouts": [f"?who={quote(k)}&as_of={ON}" for k in KEYS if "person/" in k],
    "/api/v1/timeline": _q("subject", KEYS[:6]),
    "/api/v1/occupancy": [f"?facility=facility/centre&on={ON}"],
    "/api/v1/search": _q("q", SEARCHES),
    "/api/v1/status": [f"?as_of={ON}"],
    "/api/v1/compliance": ["", f"?case={RESTRICTED_CASE}"],
    "/api/v1/alerts": [f"?as_of={ON}"],
    "/api/v1/deadline": ["?court=mdd&trigger=2025-04-04&days=14"],
    "/api/v1/proofs/checkpoint": [""],
    "/api/v1/checkpoint": [""],
    "/api/v1/keys": [""],
    "/api/v1/proofs/entry/{position}": [str(n) for n in range(80)],
    "/api/v1/entries/find": ["?copy_sha256={sha256}"],
    "/api/v1/proofs/inclusion": ["?position=0", "?position=3"],
    "/api/v1/proofs/consistency": ["?old=1"],
    "/api/v1/verify": [""],
    "/api/v1/sources/{sha256}/copy": ["{sha256}"],
    "/api/v1/drafts": ["", "?status=all"],
    "/api/v1/drafts/{draft_id}": ["1"],
    "/api/v1/pairs": ["", "?status=pending&status=skipped"],
    "/api/v1/pairs/{ref}": list(PAIR_REFS),
}


def _get_routes(app: FastAPI) -> set[str]:
    """The path of every GET route of the app (routers included lazily walked too)."""

    def walk(routes: list[Any]) -> Iterator[Any]:
        for r in routes:
            contexts = getattr(r, "effective_route_contexts", None)
            if callable(contexts):
                yield from contexts()
            elif hasattr(r, "routes") and not hasattr(r, "methods"):
                yield from walk(list(r.routes))
            else:
                yield r

    return {
        r.path
        for r in walk(list(app.routes))
        if "GET" in (getattr(r, "methods", None) or ()) and not r.path.startswith("/api/")
    }


def test_every_page_and_api_path_is_walked(world: World) -> None:
    app = world.apps[0]
    pages = _get_routes(app)
    assert pages - set(PAGES) == set(), "walk these pages in PAGES"
    assert set(PAGES) - pages == set(), "no longer pages"
    api = {path for path, ops in app.openapi()["paths"].items() if "get" in ops}
    assert api - set(API) == set(), "walk these API paths in API"
    assert set(API) - api == set(), "no longer API paths"


def _urls(table: dict[str, list[str]], sha256: str) -> Iterator[tuple[str, str]]:
    """(url, what the reader put in it) for every filling of every route."""
    for template, fills in table.items():
        head, brace, _rest = template.partition("{")
        for fill in fills:
            fill = fill.replace("{sha256}", sha256)
            if brace:
                tail = template.split("}", 1)[1]
                if "?" in fill:
                    param, query = fill.split("?", 1)
                    url = f"{head}{param}{tail}?{query}"
                else:
                    url = f"{head}{fill}{tail}"
            else:
                url = template + fill
            yield url, url


def _given(url: str) -> tuple[str, ...]:
    """The canaries the reader wrote in the URL (an answer may repeat the reader's words:
    'no record with key X' says nothing about X)."""
    from urllib.parse import unquote

    plain = unquote(url)
    words = [w for ws in CANARIES.values() for w in ws]
    given = {w for w in words if w in plain}
    for w in words:  # a key's slug in the path: /person/zyqx-restricta names person/zyqx-…
        if "/" in w and w.split("/", 1)[1] in plain:
            given.add(w)
    return tuple(given)


@pytest.fixture(scope="module")
def seen(world: World) -> dict[str, list[tuple[str, int, str]]]:
    """role -> (url, status, body) for every page and API path it asked."""
    out: dict[str, list[tuple[str, int, str]]] = {}
    for role in ROLES:
        client = world.clients[role.name]
        got = []
        for url, _ in [*_urls(PAGES, world.sha256), *_urls(API, world.sha256)]:
            r = client.get(url, follow_redirects=True)
            got.append((url, r.status_code, r.text))
        out[role.name] = got
    return out


@pytest.mark.parametrize("role", [r.name for r in ROLES])
def test_no_page_or_api_answer_shows_a_canary_above_clearance(
    seen: dict[str, list[tuple[str, int, str]]], role: str
) -> None:
    errors = [(url, status) for url, status, _body in seen[role] if status >= 500]
    assert not errors, errors
    leaks = {}
    for url, _status, body in seen[role]:
        # the public look-up answers as the public, whoever asks
        as_whom = "public" if url.startswith("/public") and role != "anonymous" else role
        found = leaked(body, as_whom, allowed=_given(url))
        if found:
            leaks[url] = found
    assert not leaks, f"{role} was shown {leaks}"


@pytest.mark.parametrize("role", [r.name for r in ROLES if r.username is not None])
def test_an_api_token_is_shown_no_more_than_its_account_signed_in(
    world: World, seen: dict[str, list[tuple[str, int, str]]], role: str
) -> None:
    client = world.token_clients[role]
    by_session = {url: status for url, status, _body in seen[role]}
    leaks, differ = {}, []
    for url, _ in _urls(API, world.sha256):
        r = client.get(url, follow_redirects=True)
        assert r.status_code < 500, (url, r.status_code)
        if r.status_code != by_session[url]:
            differ.append((url, r.status_code, by_session[url]))
        found = leaked(r.text, role, allowed=_given(url))
        if found:
            leaks[url] = found
    assert not leaks, f"{role}'s token was shown {leaks}"
    assert not differ, differ


@pytest.mark.parametrize("role", [r.name for r in ROLES])
def test_every_canary_within_clearance_is_shown_somewhere(
    seen: dict[str, list[tuple[str, int, str]]], role: str
) -> None:
    bodies = []
    for url, status, body in seen[role]:
        if status == 200:
            for word in _given(url):  # what the reader wrote proves nothing
                body = body.replace(word, "")
            bodies.append(body)
    assert not missing(bodies, role)


@pytest.mark.parametrize("role", [r.name for r in ROLES if r.name != "anonymous"])
def test_the_facility_counts_agree_with_its_list(world: World, role: str) -> None:
    client = world.clients[role]
    page = client.get(f"/facility/centre.json?on={ON}").json()
    assert page["occupancy"]["held"] == len(page["occupancy"]["people"]) == CENTRE_HELD[role]
    series = [p["held"] for p in page["series"]]
    assert max(series) == CENTRE_HELD[role], series
    api = client.get(f"/api/v1/occupancy?facility=facility/centre&on={ON}").json()
    assert api["held"] == len(api["people"]) == CENTRE_HELD[role]
    status = client.get(f"/api/v1/status?as_of={ON}").json()
    [centre] = [f for f in status["facilities"] if f["key"] == "facility/centre"]
    assert centre["held"] == CENTRE_HELD[role]
    if role != "public":
        dash = client.get(f"/index.json?as_of={ON}").json()
        [centre] = [f for f in dash["facilities"] if f["key"] == "facility/centre"]
        assert centre["held"] == CENTRE_HELD[role]


@pytest.mark.parametrize("role", [r.name for r in ROLES])
def test_the_family_look_up_answers_as_the_public_whoever_asks(world: World, role: str) -> None:
    client = world.clients[role]
    if role == "anonymous":
        assert client.get("/public.json?q=plainc").status_code == 404
        return
    found = client.get("/public.json?q=plainc").json()["results"]
    assert [r["key"] for r in found] == [PUBLIC_PERSON]
    for word in ("zyqx", "vorp"):
        assert client.get(f"/public.json?q={word}").json()["results"] == []
