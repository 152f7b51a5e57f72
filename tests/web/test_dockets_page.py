"""`/import/docket`: an editor uploads a docket file and sees the case, its entries and the
draft orders queued (linked to /review); a bad file is named and nothing is written; viewers
may not; the POST is CSRF-checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.drafts import list_drafts
from habeas.storage import queries
from tests.conftest import SHARED
from tests.web.conftest import TestClient, csrf_of, sign_in

PACER = SHARED / "testdata" / "pacer"
pytestmark = pytest.mark.skipif(not PACER.is_dir(), reason=f"fixtures not found at {PACER}")

DISTRICT = PACER / "pacer__dockets__district__njd_365922.html"
SCOTUS = PACER / "scotus__dockets__json__24A1.compare.json"


def upload(client: TestClient, name: str, raw: bytes, **fields: str) -> tuple[int, str]:
    token = csrf_of(client.get("/import/docket").text)
    r = client.post(
        "/import/docket",
        data={"csrf_token": token, **fields},
        files={"file": (name, raw, "application/octet-stream")},
    )
    return r.status_code, r.text


def ledger_size(app: FastAPI) -> int:
    with app.state.store.read() as conn:
        return int(queries.head_row(conn).size)


def test_the_form_offers_every_kind_and_the_court(client: TestClient) -> None:
    r = client.get("/import/docket")
    assert r.status_code == 200
    assert 'enctype="multipart/form-data"' in r.text
    for label in ("District court docket page", "Supreme Court docket (JSON)", "PACER RSS feed"):
        assert label in r.text
    assert 'name="court"' in r.text


def test_a_district_docket_is_recorded_and_its_orders_sent_to_review(
    client: TestClient, app: FastAPI
) -> None:
    status, html = upload(client, "njd_365922.html", DISTRICT.read_bytes())
    assert status == 200, html
    assert "njd_365922.html imported" in html
    assert "District court docket page, court njd: 1 case(s), 3 new entries" in html
    assert 'href="/case/njd-2-18-cv-01510"' in html
    drafts = [
        d for d in list_drafts(app.state.store, principal=LOCAL_OPERATOR) if "njd-2-18" in d.origin
    ]
    assert len(drafts) == 2
    for d in drafts:
        assert f'href="/review/{d.id}"' in html
    assert 'data-testid="to-review"' in html and 'href="/review"' in html


def test_a_supreme_court_docket_shows_its_lower_court_case(client: TestClient) -> None:
    status, html = upload(client, "24A1.json", SCOTUS.read_bytes(), kind="scotus")
    assert status == 200, html
    assert 'href="/case/ca5-23-40273"' in html and "Lower-court case" in html


def test_a_bad_file_is_named_and_nothing_is_written(client: TestClient, app: FastAPI) -> None:
    size = ledger_size(app)
    page = DISTRICT.read_bytes().replace(b'nowrap="">02/02/2018</td>', b'nowrap=""></td>', 1)
    status, html = upload(client, "njd.html", page)
    assert status == 422
    assert "njd.html:" in html and "the entry has no date filed" in html
    assert "Nothing was written." in html
    status, html = upload(client, "notes.txt", b"hello")
    assert status == 422 and "cannot tell what kind of docket file" in html
    status, html = upload(client, "njd.html", DISTRICT.read_bytes(), court="zzz")
    assert status == 404 and "unknown court" in html
    assert ledger_size(app) == size


def test_the_page_speaks_spanish(client: TestClient) -> None:
    r = client.get("/import/docket", headers={"Accept-Language": "es"})
    assert "Importar un archivo de expediente" in r.text


def test_a_post_without_the_csrf_token_is_refused(client: TestClient, app: FastAPI) -> None:
    size = ledger_size(app)
    r = client.post(
        "/import/docket", files={"file": ("njd.html", DISTRICT.read_bytes(), "text/html")}
    )
    assert r.status_code == 403
    assert ledger_size(app) == size


@pytest.fixture
def viewer(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        sign_in(c, "vera")
        yield c


def test_a_viewer_may_not_import(viewer: TestClient) -> None:
    assert viewer.get("/import/docket").status_code == 403
