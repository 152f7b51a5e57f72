"""`/courtlistener`: editors see the tracked dockets, track one by URL and sync now (CSRF-checked
POSTs calling the same services as the CLI); a 403 from CourtListener is said plainly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from habeas.app import create_app
from habeas.config import Settings
from habeas.domain.access import LOCAL_OPERATOR
from habeas.ingest.courtlistener_client import CourtListenerClient
from habeas.services.courtlistener_sync import client_for, list_tracked
from habeas.services.drafts import list_drafts
from habeas.web import pages_courtlistener
from tests.ingest.courtlistener_server import DOCKET, TOKEN, FakeCourtListener
from tests.web.conftest import TestClient, csrf_of, sign_in

URL = "https://www.courtlistener.com/docket/69777799/abrego-garcia-v-noem/"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCourtListener]:
    with FakeCourtListener() as server:

        def quick(settings: Settings, **kw: Any) -> CourtListenerClient:
            return client_for(settings, min_interval=0, sleep=lambda s: None)

        monkeypatch.setattr(pages_courtlistener, "client_for", quick)
        yield server


@pytest.fixture
def cl_app(web_db: str, fake: FakeCourtListener) -> Iterator[FastAPI]:
    app = create_app(
        Settings(database_url=web_db, courtlistener_url=fake.url, courtlistener_token=TOKEN)
    )
    yield app
    app.state.store.close()


@pytest.fixture
def editor(cl_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(cl_app) as c:
        sign_in(c)
        yield c


def test_the_page_lists_nothing_yet_and_offers_the_form(editor: TestClient) -> None:
    r = editor.get("/courtlistener")
    assert r.status_code == 200
    assert "No docket is tracked yet." in r.text and 'action="/courtlistener/track"' in r.text
    assert "webhooks are off" in r.text


def test_tracking_by_url_imports_links_the_demo_case_and_lists_it(
    editor: TestClient, cl_app: FastAPI
) -> None:
    token = csrf_of(editor.get("/courtlistener").text)
    r = editor.post("/courtlistener/track", data={"csrf_token": token, "docket": URL})
    assert r.status_code == 200, r.text
    assert "Linked to case/mdd-8-25-cv-00951: 6 entries read in 2 page(s), 6 new" in r.text
    assert 'data-testid="tracked"' in r.text and "8:25-cv-00951" in r.text
    store = cl_app.state.store
    assert [t.case for t in list_tracked(store, principal=LOCAL_OPERATOR)] == [
        "case/mdd-8-25-cv-00951"
    ]
    assert len(list_drafts(store, kinds=["order"], principal=LOCAL_OPERATOR)) == 3
    listed = editor.get("/courtlistener.json").json()
    assert listed["tracked"][0]["docket"] == DOCKET


def test_sync_now_reads_what_is_new(editor: TestClient, fake: FakeCourtListener) -> None:
    token = csrf_of(editor.get("/courtlistener").text)
    editor.post("/courtlistener/track", data={"csrf_token": token, "docket": str(DOCKET)})
    fake.new_filings()
    r = editor.post("/courtlistener/sync", data={"csrf_token": token})
    assert r.status_code == 200, r.text
    assert "Docket 69777799: 3 entries read, 2 new, 1 draft order(s)." in r.text


def test_a_403_is_said_plainly_on_the_page(editor: TestClient, fake: FakeCourtListener) -> None:
    fake.entries_forbidden()
    token = csrf_of(editor.get("/courtlistener").text)
    r = editor.post("/courtlistener/track", data={"csrf_token": token, "docket": str(DOCKET)})
    assert r.status_code == 502
    assert "only to some accounts" in r.text and "habeas import docket FILE.html" in r.text


def test_posts_without_the_csrf_token_are_refused_and_do_nothing(
    editor: TestClient, cl_app: FastAPI, fake: FakeCourtListener
) -> None:
    r = editor.post("/courtlistener/track", data={"csrf_token": "x", "docket": str(DOCKET)})
    assert r.status_code == 403
    assert editor.post("/courtlistener/sync", data={}).status_code == 403
    assert fake.paths() == [] and list_tracked(cl_app.state.store, principal=LOCAL_OPERATOR) == []


def test_viewers_may_not_and_strangers_are_sent_to_sign_in(cl_app: FastAPI) -> None:
    with TestClient(cl_app) as c:
        r = c.get("/courtlistener", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        sign_in(c, "vera")
        assert c.get("/courtlistener").status_code == 403


def test_the_page_in_spanish(editor: TestClient) -> None:
    r = editor.get("/courtlistener?lang=es")
    assert "Expedientes de CourtListener" in r.text and "Seguir un expediente" in r.text
