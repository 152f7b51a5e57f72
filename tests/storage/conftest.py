"""Fixtures of the storage tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.importing import import_bundle
from habeas.storage.store import Store
from tests.conftest import small_story, write_bundle


@pytest.fixture
def loaded(store: Store, tmp_path: Path) -> Store:
    """The small story of tests.conftest imported, on each backend."""
    import_bundle(
        store, write_bundle(tmp_path / "b.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    return store
