"""A capability adds a derived table by registering one projection: the writer fills it
in the same transaction as each append, and `habeas verify` checks it with no other code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, MetaData, String, Table, text

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import LedgerCorrupt
from habeas.services.importing import import_bundle
from habeas.services.verify import verify_ledger
from habeas.services.writer import ledger_writer
from habeas.storage.projections import (
    KeyedProjection,
    Projected,
    register,
    registered,
    unregister,
)
from habeas.storage.store import Store
from tests.conftest import small_story, write_bundle

toy_metadata = MetaData()
toy_labels = Table(
    "toy_labels",
    toy_metadata,
    Column("key", String(200), primary_key=True, comment="A current record."),
    Column("shout", String(500), nullable=False, comment="Its label in capitals."),
)


def shout(item: Projected) -> list[dict[str, Any]]:
    record = item.record
    if record is None:  # retracted: no row
        return []
    return [{"key": item.key, "shout": record.label().upper()}]


@pytest.fixture
def toy(store: Store) -> Iterator[Store]:
    toy_metadata.create_all(store.engine)
    register(KeyedProjection(toy_labels, "key", shout))
    try:
        yield store
    finally:
        unregister("toy_labels")


@pytest.fixture
def loaded(toy: Store, tmp_path: Path) -> Store:
    import_bundle(toy, write_bundle(tmp_path / "b.jsonl", small_story()), principal=LOCAL_OPERATOR)
    return toy


def sql(store: Store, statement: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement))


def rows(store: Store) -> dict[str, str]:
    with store.read() as conn:
        return {r.key: r.shout for r in conn.execute(text("SELECT key, shout FROM toy_labels"))}


def corrupt(store: Store) -> LedgerCorrupt:
    with pytest.raises(LedgerCorrupt) as info:
        verify_ledger(store)
    return info.value


def test_the_core_projections_are_registered_in_order() -> None:
    names = [p.name for p in registered()]
    assert names[:4] == ["records", "record_versions", "record_refs", "search_terms"]


def test_a_registered_projection_is_written_with_each_append(loaded: Store) -> None:
    made = rows(loaded)
    assert made["facility/prison"] == "BIG PRISON"
    report = verify_ledger(loaded)
    assert report.projections["toy_labels"] == len(made)


def test_a_correction_replaces_the_rows_of_its_key_and_a_retraction_removes_them(
    loaded: Store,
) -> None:
    with ledger_writer(loaded) as w:
        w.retract("facility/prison", "entered by mistake")
    assert "facility/prison" not in rows(loaded)
    verify_ledger(loaded)


def test_verify_names_an_edited_row_of_a_registered_projection(loaded: Store) -> None:
    sql(loaded, "UPDATE toy_labels SET shout = 'SOMEWHERE ELSE' WHERE key = 'facility/prison'")
    err = corrupt(loaded)
    assert "toy_labels" in str(err) and "facility/prison" in str(err)
    assert err.position is not None


def test_verify_finds_a_deleted_row(loaded: Store) -> None:
    sql(loaded, "DELETE FROM toy_labels WHERE key = 'facility/prison'")
    assert "facility/prison" in str(corrupt(loaded))


def test_verify_finds_an_extra_row(loaded: Store) -> None:
    sql(loaded, "INSERT INTO toy_labels (key, shout) VALUES ('person/nobody', 'NOBODY')")
    err = corrupt(loaded)
    assert "toy_labels" in str(err) and "person/nobody" in str(err)


def test_a_second_projection_of_the_same_name_is_refused(toy: Store) -> None:
    with pytest.raises(ValueError, match="already registered"):
        register(KeyedProjection(toy_labels, "key", shout))
