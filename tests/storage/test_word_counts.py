"""The word counts: how many names bear each word, per part of the name, type and
sensitivity; always what the name keys hold (kept on every append, correction and
retraction, filled by the migration), checked by verify."""

from __future__ import annotations

import random
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.people import Person
from habeas.services.verify import verify_ledger
from habeas.services.write import Put, Retract, write
from habeas.storage import tables as t
from habeas.storage import word_count_queries
from habeas.storage.name_key_tables import name_keys, word_counts
from habeas.storage.store import Store
from tests.storage.test_name_index import sql

# All people here are SYNTHETIC.
GIVEN = ["José", "Maria", "Pedro", "Ana", "Luis"]
SURNAMES = ["García", "López", "Ruiz", "Quillet", "de la Cruz"]


def person(key: str, name: str, **kw: Any) -> Person:
    return Person(key=key, full_name=name, synthetic=True, unsourced=True, **kw)


def stored(store: Store) -> dict[tuple[str, str, str, str], int]:
    c = word_counts
    with store.read() as conn:
        rows = conn.execute(select(c.c.word, c.c.record_type, c.c.sensitivity, c.c.role, c.c.names))
        return {(w, t, s, r): n for w, t, s, r, n in rows}


def counted(store: Store) -> dict[tuple[str, str, str, str], int]:
    """The counts read the slow way: every name key grouped."""
    n = name_keys
    group = (n.c.word, n.c.record_type, n.c.sensitivity, n.c.role)
    with store.read() as conn:
        rows = conn.execute(select(*group, func.count()).group_by(*group))
        return {(w, t, s, r): c for w, t, s, r, c in rows}


def test_a_count_is_how_many_names_bear_the_word_so(store: Store) -> None:
    write(
        store,
        [
            Put(person("person/a", "José García López", aliases=["GARCIA J"])),
            Put(person("person/b", "Ana García")),
            Put(person("person/c", "Zorvana Quillet", sensitivity="restricted")),
        ],
        principal=LOCAL_OPERATOR,
    )
    counts = stored(store)
    assert counts[("garcia", "person", "public", "surname")] == 3  # two names of one, one
    assert counts[("j", "person", "public", "initial")] == 1
    assert counts[("quillet", "person", "restricted", "surname")] == 1
    assert ("quillet", "person", "public", "surname") not in counts
    assert counts == counted(store)


def test_counts_follow_corrections_and_retractions_and_none_is_left_at_zero(
    store: Store,
) -> None:
    write(store, [Put(person("person/a", "José Uzcátegui"))], principal=LOCAL_OPERATOR)
    write(store, [Put(person("person/a", "José Briceño"), expect=1)], principal=LOCAL_OPERATOR)
    counts = stored(store)
    assert ("uzcategui", "person", "public", "surname") not in counts
    assert counts[("briceno", "person", "public", "surname")] == 1
    write(store, [Retract("person/a", "entered in error")], principal=LOCAL_OPERATOR)
    assert stored(store) == {}


def test_counts_always_equal_the_name_keys_grouped(store: Store) -> None:
    """A seeded run of creations, corrections (of name and sensitivity) and retractions,
    several to a write."""
    rng = random.Random(3)
    retracted: set[str] = set()
    for _step in range(25):
        changes: list[Put | Retract] = []
        free = [f"person/p{i}" for i in range(8) if f"person/p{i}" not in retracted]
        for key in rng.sample(free, min(len(free), rng.randint(1, 4))):
            version = _version(store, key)
            if version and rng.random() < 0.2:
                changes.append(Retract(key, "test"))
                retracted.add(key)
                continue
            name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            level = rng.choice(["public", "public", "restricted"])
            changes.append(Put(person(key, name, sensitivity=level), expect=version or "new"))
        write(store, changes, principal=LOCAL_OPERATOR)
        assert stored(store) == counted(store)
    assert retracted
    verify_ledger(store)


def _version(store: Store, key: str) -> int:
    """The current version of `key` (0: none yet)."""
    with store.read() as conn:
        v = conn.execute(select(t.records.c.version).where(t.records.c.key == key)).scalar()
    return int(v or 0)


def test_the_migration_fills_the_counts_from_the_name_keys(store: Store) -> None:
    write(
        store,
        [Put(person("person/a", "José García")), Put(person("person/b", "Ana García Ruiz"))],
        principal=LOCAL_OPERATOR,
    )
    before = stored(store)
    with store.engine.begin() as conn:
        command.downgrade(store._alembic_config(conn), "0013")
    with store.engine.connect() as conn:
        assert "word_counts" not in set(store.engine.dialect.get_table_names(conn))
    store.migrate()
    assert stored(store) == before
    assert verify_ledger(store).projections["word_counts"] == len(before) > 3


@pytest.fixture
def counted_store(store: Store) -> Store:
    write(
        store,
        [Put(person("person/a", "José García")), Put(person("person/b", "Ana García"))],
        principal=LOCAL_OPERATOR,
    )
    verify_ledger(store)
    return store


def test_verify_finds_an_edited_count(counted_store: Store) -> None:
    sql(counted_store, "UPDATE word_counts SET names = 7 WHERE word = 'garcia'")
    with pytest.raises(LedgerCorrupt, match="word_counts do not match the log"):
        verify_ledger(counted_store)


def test_verify_finds_a_forged_count(counted_store: Store) -> None:
    sql(
        counted_store,
        "INSERT INTO word_counts (word, record_type, sensitivity, role, names) "
        "VALUES ('ghost', 'person', 'public', 'surname', 1)",
    )
    with pytest.raises(LedgerCorrupt, match="an extra row"):
        verify_ledger(counted_store)


def test_verify_finds_a_missing_count(counted_store: Store) -> None:
    sql(counted_store, "DELETE FROM word_counts WHERE word = 'ana'")
    with pytest.raises(LedgerCorrupt, match="a row is missing"):
        verify_ledger(counted_store)


def test_word_shares_are_read_from_the_counts_by_part_of_the_name(store: Store) -> None:
    write(
        store,
        [
            Put(person("person/a", "José García López")),
            Put(person("person/b", "Juan García", sensitivity="restricted")),
            Put(person("person/c", "J. Ruiz")),
            Put(person("person/d", "Ana Quillet")),
        ],
        principal=LOCAL_OPERATOR,
    )
    with store.read() as conn:
        shares = word_count_queries.word_shares(conn, {"garcia", "jose", "j", "nadie"}, 4)
        reference = word_count_queries.agreement_reference(conn, 4)
    assert shares["surname"] == {"garcia": 0.5}  # of every sensitivity: an editor's read
    assert shares["given_name"] == {"jose": 0.25, "j": 0.75}  # José, Juan and J.
    # only "garcia" is borne by two people's names: the one pair agreeing on a word
    assert reference == {("surname", "exact"): pytest.approx(-1.0)}
