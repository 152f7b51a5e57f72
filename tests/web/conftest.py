"""Fixtures for the web pages: a demo database copied fresh for each test, the app, and a
client signed in as an editor."""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from habeas.app import create_app
from habeas.config import Settings
from habeas.services.accounts import add_user
from habeas.services.database import load_demo
from habeas.storage.store import Store

with warnings.catch_warnings():
    # Starlette 0.5x deprecates its httpx-based TestClient in favour of httpx2, which is not
    # pinned here; the client still works. Only this import is excused.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple"


def make_app(db_url: str, *, public_view: bool = True) -> FastAPI:
    """The app (habeas.app:create_app) over `db_url`."""
    return create_app(Settings(database_url=db_url, public_view=public_view))


def create_account(store: Store, username: str, role: str) -> None:
    """An account with PASSWORD."""
    add_user(store, username, PASSWORD, role)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference story, loaded once per session (copied for each test)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store(f"sqlite:///{path}")
    load_demo(store)
    create_account(store, "ana", "editor")
    create_account(store, "vera", "viewer")
    store.close()
    return path


@pytest.fixture
def web_db(demo_db: Path, tmp_path: Path) -> str:
    """A fresh copy of the demo database for one test."""
    path = tmp_path / "habeas.db"
    shutil.copy(demo_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(web_db: str) -> Iterator[FastAPI]:
    application = make_app(web_db)
    yield application
    store = getattr(application.state, "store", None)
    if store is not None:
        store.close()


@pytest.fixture
def anon(app: FastAPI) -> Iterator[TestClient]:
    """A client that has not signed in."""
    with TestClient(app) as c:
        yield c


def sign_in(client: TestClient, username: str = "ana") -> None:
    """Sign the client in through the login form."""
    r = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client signed in as an editor."""
    with TestClient(app) as c:
        sign_in(c)
        yield c


BrowserAt = Callable[[FastAPI, int], AbstractContextManager[tuple[Any, str]]]
"""`with browser_at(app, width) as (page, base): ...`: a Playwright page of that width."""


@pytest.fixture
def browser_at() -> BrowserAt:
    """A real browser over an app: serves `app` (uvicorn, a free port), opens Chromium and
    a page `width` px wide (900 high), and closes both on leaving. Skipped, saying why, when
    Chromium is absent, unless HABEAS_REQUIRE_BROWSER=1 (then it fails)."""
    from tests.web.test_e2e import CHROMIUM, REQUIRED, S

    if not CHROMIUM.exists():
        if REQUIRED:
            pytest.fail(f"HABEAS_REQUIRE_BROWSER=1 but {CHROMIUM} is absent")
        pytest.skip(f"{CHROMIUM} is absent")

    @contextmanager
    def opened(app: FastAPI, width: int) -> Iterator[tuple[Any, str]]:
        from playwright.sync_api import sync_playwright

        with S.serve(app) as base, sync_playwright() as pw:
            browser = S.launch(pw)
            try:
                yield browser.new_page(viewport={"width": width, "height": 900}), base
            finally:
                browser.close()

    return opened


def overflow_of(page: Any) -> int:
    """How many pixels a Playwright page is wider than its viewport (0 or less: it fits)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def csrf_of(html: str) -> str:
    """The CSRF token in a page's form."""
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)
