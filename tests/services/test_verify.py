"""`habeas verify` finds any raw edit to the stored log or its projections, and names it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import LedgerCorrupt
from habeas.services.importing import import_bundle
from habeas.services.verify import verify_ledger
from habeas.storage.store import Store
from tests.conftest import small_story, write_bundle


@pytest.fixture
def loaded(store: Store, tmp_path: Path) -> Store:
    import_bundle(
        store, write_bundle(tmp_path / "b.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    return store


def sql(store: Store, *statements: str) -> None:
    with store.engine.begin() as conn:
        for s in statements:
            conn.execute(text(s))


def corrupt(store: Store) -> LedgerCorrupt:
    with pytest.raises(LedgerCorrupt) as info:
        verify_ledger(store)
    return info.value


def test_an_untouched_ledger_verifies(loaded: Store) -> None:
    report = verify_ledger(loaded)
    assert report.size == len(small_story())


def test_a_changed_byte_in_an_entry_is_found(loaded: Store) -> None:
    sql(
        loaded,
        """UPDATE ledger_entries SET body = REPLACE(body, '"recorded_by":"', '"recorded_by":"x')"""
        " WHERE position = 5",
    )
    err = corrupt(loaded)
    assert err.position == 5
    assert "entry 5 was altered: its bytes no longer match its leaf hash" in str(err)


def test_a_changed_value_in_a_disclosure_is_found_and_named(loaded: Store) -> None:
    sql(
        loaded,
        "UPDATE ledger_entries SET disclosures = REPLACE(disclosures, 'Ana María', 'Ana Maria') "
        "WHERE position = 5",
    )
    err = corrupt(loaded)
    assert err.position == 5
    assert "entry 5 was altered: the disclosure of field 'full_name' does not match" in str(err)


def test_a_changed_salt_in_a_disclosure_is_found_and_named(loaded: Store) -> None:
    with loaded.engine.begin() as conn:
        stored = conn.execute(
            text("SELECT disclosures FROM ledger_entries WHERE position = 5")
        ).scalar()
        items = json.loads(stored)
        for item in items:
            if item[1] == "full_name":
                item[0] = "00" * 16
        conn.execute(
            text("UPDATE ledger_entries SET disclosures = :d WHERE position = 5"),
            {"d": json.dumps(items)},
        )
    assert "'full_name' does not match its digest" in str(corrupt(loaded))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda items: [i for i in items if i[1] != "full_name"], "'full_name' has no disclosure"),
        (lambda items: [*items, ["00" * 16, "alias", "X"]], "'alias', which the entry does not"),
        (lambda items: [*items, items[0]], "disclosed twice"),
    ],
)
def test_a_missing_or_extra_disclosure_is_found_and_named(
    loaded: Store, change: Any, says: str
) -> None:
    with loaded.engine.begin() as conn:
        stored = conn.execute(
            text("SELECT disclosures FROM ledger_entries WHERE position = 5")
        ).scalar()
        conn.execute(
            text("UPDATE ledger_entries SET disclosures = :d WHERE position = 5"),
            {"d": json.dumps(change(json.loads(stored)))},
        )
    err = corrupt(loaded)
    assert err.position == 5 and says in str(err)


def test_disclosures_beside_an_entry_without_a_record_are_found(loaded: Store) -> None:
    from habeas.services.writer import ledger_writer

    with ledger_writer(loaded) as w:
        gone = w.retract("person/ana", "recorded in error")
    sql(
        loaded,
        "UPDATE ledger_entries SET disclosures = "
        "(SELECT disclosures FROM ledger_entries WHERE position = 5) "
        f"WHERE position = {gone.position}",
    )
    assert "no disclosures" in str(corrupt(loaded))


def test_a_changed_entry_with_a_recomputed_leaf_hash_is_found_by_the_tree(loaded: Store) -> None:
    with loaded.engine.begin() as conn:
        body = conn.execute(text("SELECT body FROM ledger_entries WHERE position = 3")).scalar()
        new = body.replace('"recorded_by":"', '"recorded_by":"x')
        assert new != body
        leaf = hashlib.sha256(b"\x00" + new.encode()).hexdigest()
        conn.execute(
            text("UPDATE ledger_entries SET body = :b, leaf_hash = :h WHERE position = 3"),
            {"b": new, "h": leaf},
        )
    err = corrupt(loaded)
    assert err.position == 3
    assert "tree root" in str(err)


def test_a_deleted_entry_is_found(loaded: Store) -> None:
    sql(
        loaded,
        "DELETE FROM record_versions WHERE position = 4",
        "UPDATE records SET position = 0 WHERE key = 'facility/prison'",
        "DELETE FROM ledger_entries WHERE position = 4",
    )
    err = corrupt(loaded)
    assert err.position == 4
    assert "missing" in str(err)


def test_the_last_entry_deleted_is_found(loaded: Store) -> None:
    last = len(small_story()) - 1
    sql(
        loaded,
        f"DELETE FROM record_versions WHERE position = {last}",
        f"DELETE FROM records WHERE position = {last}",
        f"DELETE FROM ledger_entries WHERE position = {last}",
    )
    err = corrupt(loaded)
    assert err.position == last


def test_reordered_entries_are_found(loaded: Store) -> None:
    cols = (
        "op, record_type, record_key, version, recorded_at, body, disclosures, leaf_hash, tree_root"
    )
    with loaded.engine.begin() as conn:
        a = conn.execute(text(f"SELECT {cols} FROM ledger_entries WHERE position = 2")).one()
        b = conn.execute(text(f"SELECT {cols} FROM ledger_entries WHERE position = 3")).one()
        setter = ", ".join(f"{c} = :{c}" for c in cols.split(", "))
        for pos, row in ((2, b), (3, a)):
            conn.execute(
                text(f"UPDATE ledger_entries SET {setter} WHERE position = {pos}"),
                dict(row._mapping),
            )
    err = corrupt(loaded)
    assert err.position == 2
    assert "reordered" in str(err)


def test_an_inserted_entry_is_found(loaded: Store) -> None:
    with loaded.engine.begin() as conn:
        row = conn.execute(text("SELECT * FROM ledger_entries WHERE position = 6")).mappings().one()
        n = len(small_story())
        conn.execute(
            text(
                "INSERT INTO ledger_entries (position, op, record_type, record_key, version, "
                "recorded_at, body, disclosures, leaf_hash, tree_root) VALUES (:p, :op, :rt, :rk, "
                ":v, :ra, :b, :d, :lh, :tr)"
            ),
            {
                "p": n,
                "op": row["op"],
                "rt": row["record_type"],
                "rk": row["record_key"],
                "v": row["version"],
                "ra": row["recorded_at"],
                "b": row["body"],
                "d": row["disclosures"],
                "lh": row["leaf_hash"],
                "tr": row["tree_root"],
            },
        )
    err = corrupt(loaded)
    assert err.position == len(small_story())


def test_an_edited_projection_is_found(loaded: Store) -> None:
    sql(loaded, "UPDATE records SET label = 'Somewhere Else' WHERE key = 'facility/prison'")
    err = corrupt(loaded)
    assert "facility/prison" in str(err)


def test_an_edited_version_row_is_found(loaded: Store) -> None:
    sql(loaded, "UPDATE record_versions SET valid_date = '2024-01-01' WHERE position = 8")
    assert corrupt(loaded).position == 8


def test_a_forged_reference_or_search_name_is_found(loaded: Store) -> None:
    sql(
        loaded,
        "INSERT INTO search_terms (key, term, record_type) "
        "VALUES ('person/ana', ' someone else ', 'person')",
    )
    assert "search_terms" in str(corrupt(loaded))


def test_a_deleted_reference_is_found(loaded: Store) -> None:
    sql(loaded, "DELETE FROM record_refs WHERE key = 'ev/ana-4' AND path = 'facility'")
    assert "record_refs" in str(corrupt(loaded))


def test_a_moved_head_is_found(loaded: Store) -> None:
    sql(loaded, "UPDATE ledger_head SET size = size - 1")
    assert "head" in str(corrupt(loaded))


def test_audit_entries_join_the_log_and_verify(loaded: Store) -> None:
    from habeas.services.writer import ledger_writer

    with ledger_writer(loaded, author="user:ana") as w:
        entry = w.audit({"action": "read", "record": "person/ana", "fields": "confidential"})
    report = verify_ledger(loaded)
    assert report.size == len(small_story()) + 1
    assert entry.record_key == f"audit/{entry.position}"
    sql(
        loaded,
        "UPDATE ledger_entries SET disclosures = REPLACE(disclosures, 'person/ana', 'person/bob') "
        f"WHERE position = {entry.position}",
    )
    err = corrupt(loaded)
    assert err.position == entry.position and "'record' does not match" in str(err)


def test_a_changed_stored_subtree_root_is_found(loaded: Store) -> None:
    sql(loaded, "UPDATE merkle_nodes SET hash = '" + "0" * 64 + "' WHERE level = 2 AND idx = 1")
    err = corrupt(loaded)
    assert err.position == 7
    assert "subtree root of entries 4..7 (level 2) does not match" in str(err)


def test_a_missing_stored_subtree_root_is_found(loaded: Store) -> None:
    sql(loaded, "DELETE FROM merkle_nodes WHERE level = 1 AND idx = 0")
    assert "subtree root of entries 0..1 (level 1) is missing" in str(corrupt(loaded))


def test_an_extra_stored_subtree_root_is_found(loaded: Store) -> None:
    sql(loaded, "INSERT INTO merkle_nodes (level, idx, hash) VALUES (9, 0, '" + "0" * 64 + "')")
    assert "merkle_nodes holds" in str(corrupt(loaded))


def test_the_log_alone_is_checked_without_the_projections(loaded: Store) -> None:
    sql(loaded, "UPDATE records SET label = 'Somewhere Else' WHERE key = 'facility/prison'")
    report = verify_ledger(loaded, log_only=True)
    assert report.size == len(small_story())
    assert report.projections == {}
    assert "facility/prison" in str(corrupt(loaded))


def test_the_log_alone_still_finds_a_changed_entry(loaded: Store) -> None:
    sql(
        loaded,
        """UPDATE ledger_entries SET body = REPLACE(body, '"recorded_by":"', '"recorded_by":"x')"""
        " WHERE position = 5",
    )
    with pytest.raises(LedgerCorrupt) as info:
        verify_ledger(loaded, log_only=True)
    assert info.value.position == 5
