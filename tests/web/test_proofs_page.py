"""The proofs page: the public key, the newest signed checkpoint and its witnesses, and an
entry's proof to download, in English and Spanish, at 390 px and 1280 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from habeas.app import create_app
from habeas.config import Settings
from habeas.ledger.note import open_note
from habeas.ledger_keys import create_key_file, verifier_for
from tests.web.conftest import BrowserAt, overflow_of


@pytest.fixture
def signed_app(web_db: str, tmp_path: Path) -> Iterator[FastAPI]:
    key = tmp_path / "signing.key"
    create_key_file(key, "web.example/habeas")
    app = create_app(Settings(database_url=web_db, signing_key=str(key)))
    yield app
    app.state.store.close()


def test_the_page_shows_the_key_and_a_checkpoint_that_verifies_with_it(
    signed_app: FastAPI,
) -> None:
    with TestClient(signed_app) as c:  # the server signs a checkpoint as it starts
        data = c.get("/proofs.json").json()
        vkey = data["key"]["vkey"]
        assert vkey.startswith("web.example/habeas+")
        opened = open_note(data["checkpoint"]["note"].encode(), [verifier_for(vkey)])
        assert opened.text.startswith("web.example/habeas\n")
        html = c.get("/proofs?entry=12").text
        assert vkey in html and 'href="/api/v1/proofs/entry/12"' in html
        assert "Download the proof of entry 12" in html
        proof = c.get("/api/v1/proofs/entry/12")
        assert proof.status_code == 200 and proof.text.startswith("c2sp.org/tlog-proof@v1")
        spanish = c.get("/proofs?lang=es").text
        assert "La clave pública" in spanish and vkey in spanish
        assert "Give the entry" in c.get("/proofs?entry=x&lang=en").text


def test_without_a_key_the_page_says_so(anon: TestClient) -> None:
    html = anon.get("/proofs").text
    assert 'data-testid="no-key"' in html and 'data-testid="no-checkpoint"' in html


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_fits_a_phone_and_a_desktop(
    signed_app: FastAPI, width: int, browser_at: BrowserAt
) -> None:
    with browser_at(signed_app, width) as (page, base):
        for lang in ("en", "es"):
            page.goto(f"{base}/proofs?entry=3&lang={lang}")
            assert page.get_by_test_id("vkey").is_visible()
            overflow = overflow_of(page)
            assert overflow <= 0, f"{width}px, {lang}: the page is {overflow}px too wide"
