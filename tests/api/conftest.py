"""Fixtures for the API tests: a REAL uvicorn server on a free port, over the demo ledger.

    demo_api   one server per test module over a fresh SQLite copy of the demo (reads, and
               writes to keys of the test's own)
    api        one server per test over a fresh demo ledger, on SQLite and on PostgreSQL
               (`tests/conftest.py`'s `pg_url`; skipped where no server answers)
Each has an admin, an editor and a viewer token (`Api.client(role)`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from habeas.app import create_app
from habeas.config import Settings
from habeas.services.database import load_demo
from habeas.storage.store import Store
from tests.api.auth import api_tokens
from tests.api.server import LiveServer


@dataclass
class Api:
    """A running server: its address, its database, and tokens by role."""

    url: str
    db_url: str
    store: Store
    tokens: dict[str, str]
    _clients: list[httpx.Client] = field(default_factory=list)

    def client(self, role: str | None = None, **headers: str) -> httpx.Client:
        """An HTTP client; with `role`, sending that account's bearer token."""
        sent = dict(headers)
        if role is not None:
            sent["Authorization"] = f"Bearer {self.tokens[role]}"
        c = httpx.Client(base_url=self.url, headers=sent, timeout=30)
        self._clients.append(c)
        return c

    def close(self) -> None:
        for c in self._clients:
            c.close()


@contextmanager
def serve(db_url: str, *, load: bool = True, **settings: Any) -> Iterator[Api]:
    """The ledger at `db_url` (with `load`, the demo is loaded first), served for the
    duration of the block."""
    store = Store(db_url)
    if load:
        load_demo(store)
    try:
        tokens = api_tokens(store)
        app = create_app(Settings(database_url=db_url, **settings))
        with LiveServer(app) as server:
            api = Api(server.url, db_url, store, tokens)
            try:
                yield api
            finally:
                api.close()
    finally:
        store.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger in a SQLite file, made once (each server gets a copy)."""
    path = tmp_path_factory.mktemp("api-demo") / "demo.db"
    store = Store(f"sqlite:///{path}")
    load_demo(store)
    store.close()
    return path


def _copy(demo_file: Path, folder: Path) -> str:
    path = folder / "habeas.db"
    shutil.copy(demo_file, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def demo_api(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """A server over a fresh SQLite copy of the demo, shared by one test module."""
    with serve(_copy(demo_file, tmp_path_factory.mktemp("api")), load=False) as api:
        yield api


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, demo_file: Path, tmp_path: Path) -> Iterator[Api]:
    """A server over a fresh demo ledger, on each backend."""
    if request.param == "sqlite":
        url, load = _copy(demo_file, tmp_path), False
    else:
        url, load = str(request.getfixturevalue("pg_url")), True
    with serve(url, load=load) as served:
        yield served
