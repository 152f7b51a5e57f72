"""The person blocking keys: a registered projection that follows each person's current
version, that verify checks, and that answers "who shares a key" by one indexed query."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, insert, select

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.people import Person
from habeas.match.features import blocking_keys, match_record
from habeas.services.verify import verify_ledger
from habeas.services.write import NEW, Put, Retract, write
from habeas.storage import match_queries
from habeas.storage.match_tables import match_keys
from habeas.storage.projections.match_keys import backfill
from habeas.storage.store import Store


def kilmar(name: str = "Kilmar Armando Abrego Garcia") -> Person:
    return Person(key="person/k", full_name=name, nationality=["SV"], unsourced=True)


def keys_of(store: Store, person: str) -> set[str]:
    with store.read() as conn:
        rows = conn.execute(select(match_keys.c.block_key).where(match_keys.c.person_key == person))
        return {r.block_key for r in rows}


def test_keys_follow_the_current_version_and_leave_with_a_retraction(store: Store) -> None:
    write(store, [Put(kilmar())], principal=LOCAL_OPERATOR)
    assert "nn:ABRG:GRS" in keys_of(store, "person/k")
    write(store, [Put(kilmar("Kilmar Abrego"), expect=1)], principal=LOCAL_OPERATOR)
    assert "nn:ABRG:GRS" not in keys_of(store, "person/k")
    write(store, [Retract("person/k", "test")], principal=LOCAL_OPERATOR)
    assert keys_of(store, "person/k") == set()


def test_a_record_is_matched_by_the_keys_it_shares(store: Store) -> None:
    write(store, [Put(kilmar(), expect=NEW)], principal=LOCAL_OPERATOR)
    incoming = match_record("person/new", {"full_name": "ABREGO GARCIA K A"})
    with store.read() as conn:
        assert match_queries.candidates(conn, blocking_keys(incoming)) == ["person/k"]
        assert match_queries.candidates(conn, ["nn:XX:YY"]) == []


def test_verify_finds_an_edited_deleted_or_extra_key(store: Store) -> None:
    write(store, [Put(kilmar())], principal=LOCAL_OPERATOR)
    assert verify_ledger(store).projections["match_keys"] == len(keys_of(store, "person/k"))
    for change in (
        delete(match_keys).where(match_keys.c.block_key == "nn:ABRG:GRS"),
        insert(match_keys).values(person_key="person/k", block_key="nn:A:B"),
    ):
        with store.write() as tx:
            tx.conn.execute(change)
        with pytest.raises(LedgerCorrupt, match="match_keys"):
            verify_ledger(store)
        with store.write() as tx:
            tx.conn.execute(delete(match_keys))
            backfill(tx.conn)
        verify_ledger(store)
