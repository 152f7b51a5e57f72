"""The app over the demo on PostgreSQL, for the few page tests that also run there
(`tests/web/conftest.py`'s fixtures are SQLite copies)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient

from habeas.services.database import load_demo
from habeas.storage.store import Store
from tests.web.conftest import create_account, make_app, sign_in

__all__ = ["editor_client_on"]


@contextmanager
def editor_client_on(db_url: str) -> Iterator[TestClient]:
    """A client signed in as the editor `ana`, over the demo loaded into `db_url`."""
    store = Store(db_url)
    load_demo(store)
    create_account(store, "ana", "editor")
    store.close()
    app = make_app(db_url)
    try:
        with TestClient(app) as client:
            sign_in(client)
            yield client
    finally:
        app.state.store.close()
