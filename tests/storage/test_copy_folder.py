"""Stored copies in a folder: the bytes go to DIR/ab/abcdef…, the row says where they are,
reads and `habeas verify` find them there, and a changed or missing file is reported."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import LedgerCorrupt, StorageSettingsError
from habeas.services.copies import get_copy, store_copy
from habeas.services.verify import verify_ledger
from habeas.storage.store import Store

DATA = b"%PDF-1.7 order of the court"
DIGEST = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def folder_store(db_url: str, tmp_path: Path) -> Store:
    s = Store(db_url, copy_dir=tmp_path / "copies")
    s.migrate()
    yield s  # type: ignore[misc]
    s.close()


def test_a_copy_goes_to_the_folder_under_its_hash(folder_store: Store, tmp_path: Path) -> None:
    assert store_copy(folder_store, DATA, "application/pdf") == DIGEST
    path = tmp_path / "copies" / DIGEST[:2] / DIGEST
    assert path.read_bytes() == DATA
    with folder_store.read() as conn:
        from habeas.storage.copy_tables import source_copies as c

        row = conn.execute(c.select()).one()
    assert (row.location, bytes(row.bytes), row.size) == ("folder", b"", len(DATA))
    assert get_copy(folder_store, DIGEST, principal=LOCAL_OPERATOR).data == DATA
    verify_ledger(folder_store)  # raises if the file does not hash to its key


def test_a_changed_or_missing_file_is_reported(folder_store: Store, tmp_path: Path) -> None:
    store_copy(folder_store, DATA, "application/pdf")
    path = tmp_path / "copies" / DIGEST[:2] / DIGEST
    path.write_bytes(DATA + b" altered")
    with pytest.raises(LedgerCorrupt, match=DIGEST):
        verify_ledger(folder_store)
    path.unlink()
    with pytest.raises(LedgerCorrupt, match="missing from the copy folder"):
        get_copy(folder_store, DIGEST, principal=LOCAL_OPERATOR)


def test_a_store_without_the_folder_says_so(folder_store: Store, db_url: str) -> None:
    store_copy(folder_store, DATA, "application/pdf")
    plain = Store(db_url)
    try:
        with pytest.raises(StorageSettingsError, match="HABEAS_COPY_DIR"):
            get_copy(plain, DIGEST, principal=LOCAL_OPERATOR)
    finally:
        plain.close()


def test_without_a_folder_copies_stay_in_the_database(store: Store) -> None:
    store_copy(store, DATA, "application/pdf")
    with store.read() as conn:
        from habeas.storage.copy_tables import source_copies as c

        row = conn.execute(c.select()).one()
    assert (row.location, bytes(row.bytes)) == ("database", DATA)
