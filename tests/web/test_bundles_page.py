"""The "Download evidence bundle" button of person and case pages, in English and Spanish,
and the download it gives: a zip that verifies, for an audience within the reader's clearance."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from habeas.app import create_app
from habeas.config import Settings
from habeas.ledger.verify_bundle import verify_members
from habeas.ledger_keys import create_key_file, ed25519_verify
from habeas.services import checkpoints
from tests.web.conftest import BrowserAt, sign_in

KAG = "/person/kilmar-abrego-garcia"


def test_the_person_and_case_pages_offer_the_bundle_in_english_and_spanish(
    client: TestClient,
) -> None:
    page = client.get(KAG).text
    assert 'action="/bundle/person/kilmar-abrego-garcia.zip"' in page
    assert "Download evidence bundle" in page
    assert '<option value="court" selected>' in page  # an editor may bundle everything
    case = client.get("/case/mdd-8-25-cv-00951?lang=es").text
    assert 'action="/bundle/case/mdd-8-25-cv-00951.zip"' in case
    assert "Descargar el paquete de pruebas" in case and "la parte contraria" in case


def test_a_viewer_is_offered_no_court_bundle_and_is_refused_one(anon: TestClient) -> None:
    sign_in(anon, "vera")
    page = anon.get(KAG).text
    assert '<option value="counsel" selected>' in page and 'value="court"' not in page
    assert anon.get("/bundle/person/kilmar-abrego-garcia.zip?for=court").status_code == 403


def test_the_download_is_a_bundle_that_verifies(anon: TestClient) -> None:
    sign_in(anon, "vera")
    r = anon.get("/bundle/case/mdd-8-25-cv-00951.zip")
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "application/zip"
    assert 'filename="case-mdd-8-25-cv-00951-counsel.zip"' in r.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    report = verify_members(members)
    assert report.problems == [] and report.audience == "counsel"
    assert report.subject is not None and report.subject["key"] == "case/mdd-8-25-cv-00951"


def test_an_unknown_kind_of_bundle_is_not_found(client: TestClient) -> None:
    assert client.get("/bundle/facility/cecot.zip").status_code == 404


def test_a_server_with_a_key_bundles_against_its_signed_checkpoint(
    web_db: str, tmp_path: Path
) -> None:
    signer = create_key_file(tmp_path / "log.key", "web.example/habeas")
    app = create_app(
        Settings(database_url=web_db, public_view=True, signing_key=str(tmp_path / "log.key"))
    )
    with TestClient(app) as c:
        checkpoints.sign_checkpoint(app.state.store, signer)
        r = c.get("/bundle/person/kilmar-abrego-garcia.zip")
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    assert members["keys/web.example_habeas.vkey"].decode().strip() == signer.vkey.encode()
    report = verify_members(members, [signer.vkey.encode()], ed25519=ed25519_verify)
    assert report.problems == [] and report.audience == "public"
    assert report.signed_by == [f"web.example/habeas+{signer.key_id:08x}"]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_bundle_form_fits_a_phone_and_a_desktop(
    app: FastAPI, width: int, browser_at: BrowserAt
) -> None:
    with browser_at(app, width) as (page, base):
        for path in ("/person/kilmar-abrego-garcia?lang=es", "/case/mdd-8-25-cv-00951"):
            page.goto(f"{base}{path}")
            form = page.locator("form.bundle-form")
            assert form.locator("button").is_visible()
            box = form.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
                path,
                box,
            )
