"""htmx: the vendored file is the one its README describes, and a route answers an htmx
request (the `HX-Request` header) with a fragment of the page it renders otherwise."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import habeas
from habeas.web.render import HTMX_SCRIPT
from tests.web.conftest import TestClient, csrf_of

STATIC = Path(habeas.__file__).resolve().parent / "web" / "static"
VENDOR = STATIC / "vendor"
DEMO = Path(habeas.__file__).resolve().parent / "demo" / "reference_story.jsonl"
HX = {"HX-Request": "true"}


def test_the_vendored_htmx_matches_its_readme() -> None:
    script = STATIC / HTMX_SCRIPT
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    version = re.fullmatch(r"vendor/htmx-(\d+\.\d+\.\d+)\.min\.js", HTMX_SCRIPT)
    assert version, HTMX_SCRIPT
    assert f"htmx.org@{version.group(1)}" in readme
    digest = hashlib.sha256(script.read_bytes()).hexdigest()
    assert f"`{digest}`" in readme
    assert "Zero-Clause BSD" in (VENDOR / "LICENSE").read_text(encoding="utf-8")


def test_every_page_loads_htmx_and_no_cdn(client: TestClient) -> None:
    html = client.get("/search").text
    assert f'<script src="/static/{HTMX_SCRIPT}" defer></script>' in html
    assert "https://" not in "".join(re.findall(r"<script[^>]*>", html))
    r = client.get(f"/static/{HTMX_SCRIPT}")
    assert r.status_code == 200
    assert r.content == (STATIC / HTMX_SCRIPT).read_bytes()


def test_search_fragment_for_htmx_full_page_otherwise(client: TestClient) -> None:
    full = client.get("/search?q=abrego")
    assert "<html" in full.text and 'id="results"' in full.text
    assert 'hx-trigger="input changed delay:300ms, search"' in full.text
    assert "HX-Request" in full.headers["vary"]
    part = client.get("/search?q=abrego", headers=HX)
    assert part.status_code == 200
    assert "<html" not in part.text and "<form" not in part.text
    assert "Kilmar Armando Abrego Garcia" in part.text
    assert "HX-Request" in part.headers["vary"]
    # a history restore (htmx's cache is off) or a boosted request wants the whole page
    restore = client.get("/search?q=abrego", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_person_as_of_fragment(client: TestClient) -> None:
    path = "/person/kilmar-abrego-garcia?as_of=2025-04-14&lang=en"
    full = client.get(path)
    assert "<html" in full.text and 'id="as-of-view"' in full.text
    assert 'id="hist-h"' in full.text  # the history is on the page...
    part = client.get(path, headers=HX)
    assert part.status_code == 200
    assert part.text.lstrip().startswith('<div id="as-of-view">')
    assert "<html" not in part.text and 'id="hist-h"' not in part.text  # ...not in the fragment
    assert 'data-testid="where-facility">CECOT<' in part.text
    assert 'name="as_of"' in part.text and 'value="2025-04-14"' in part.text


def test_import_check_and_confirm_in_place(client: TestClient) -> None:
    csrf = csrf_of(client.get("/import").text)
    bad = client.post(
        "/import",
        data={"csrf_token": csrf},
        files={"bundle": ("bad.jsonl", b"not json\n", "application/x-ndjson")},
        headers=HX,
    )
    assert bad.status_code == 422
    assert bad.text.lstrip().startswith('<div id="import-flow">')
    assert "<html" not in bad.text and 'class="data problems"' in bad.text
    full = client.post(
        "/import",
        data={"csrf_token": csrf},
        files={"bundle": ("bad.jsonl", b"not json\n", "application/x-ndjson")},
    )
    assert full.status_code == 422 and "<html" in full.text and 'id="import-flow"' in full.text

    ok = client.post(
        "/import",
        data={"csrf_token": csrf},
        files={"bundle": ("story.jsonl", DEMO.read_bytes(), "application/x-ndjson")},
        headers=HX,
    )
    assert ok.status_code == 200, ok.text[:2000]
    assert "<html" not in ok.text and 'hx-post="/import/confirm"' in ok.text
    upload_id = re.search(r'name="upload_id" value="([^"]+)"', ok.text)
    assert upload_id
    done = client.post(
        "/import/confirm",
        data={"csrf_token": csrf, "upload_id": upload_id.group(1), "name": "story.jsonl"},
        headers=HX,
    )
    assert done.status_code == 200, done.text[:2000]
    assert done.text.lstrip().startswith('<div id="import-flow">')
    assert 'aria-current="step">' in done.text and "<html" not in done.text


def test_an_error_replaces_main_for_htmx(client: TestClient) -> None:
    r = client.get("/person/nobody-at-all", headers=HX)
    assert r.status_code == 404
    assert r.headers["hx-retarget"] == "#main"
    assert r.headers["hx-reselect"] == "#main"
    assert 'id="main"' in r.text
    plain = client.get("/person/nobody-at-all")
    assert "hx-retarget" not in plain.headers


def test_language_switch_works_without_javascript(client: TestClient) -> None:
    html = client.get("/search?lang=en").text
    assert 'hx-on:change="this.form.requestSubmit()"' in html
    assert re.search(r"<noscript><button type=\"submit\"[^>]*>", html)  # no JS: a button
    r = client.get("/search?lang=es")
    assert '<html lang="es">' in r.text
