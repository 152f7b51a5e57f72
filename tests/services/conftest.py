"""Fixtures for the services tests: the demo ledger, loaded once per module on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from habeas.services.database import load_demo
from habeas.storage.store import Store
from tests.conftest import pg_schema_url


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def stories(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Both demo stories loaded once per backend for the module (its tests only read)."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path_factory.mktemp('stories')}/h.db"])
    else:
        urls = pg_schema_url()
    store = Store(next(urls))
    load_demo(store)
    yield store
    store.close()
    next(urls, None)
