"""The name keys behind forgiving search: a row per significant word of each name, with
its phonetic key and its part of the name; replaced on correction, gone on retraction;
filled by the migration; checked by verify; and the candidate queries answer from them,
the reader's clearance applied in SQL."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from habeas.domain.errors import LedgerCorrupt
from habeas.domain.registry import parse_record
from habeas.services.name_search import rank_names
from habeas.services.verify import verify_ledger
from habeas.services.writer import ledger_writer, write_changes
from habeas.storage import name_key_queries as nkq
from habeas.storage.name_key_tables import name_keys
from habeas.storage.store import Store
from tests.conftest import cite, source
from tests.storage.test_name_index import sql

# Synthetic people (no real person), but for the public figure of the reference story.


def person(key: str, name: str, **kw: Any) -> Any:
    return parse_record({"type": "person", "key": key, "full_name": name, "sources": cite(), **kw})


@pytest.fixture
def people(store: Store) -> Store:
    write_changes(
        store,
        [
            parse_record(source()),
            person(
                "person/kilmar",
                "Kilmar Armando Ábrego García",
                given_names="Kilmar Armando",
                surnames="Ábrego García",
                aliases=["ABREGO GARCIA K A"],
            ),
            person("person/maria", "María de la Cruz viuda de Vázquez"),
            person("person/secret", "Zorvana Abrego Quillet", sensitivity="restricted"),
        ],
    )
    return store


def rows(store: Store, key: str) -> list[tuple[Any, ...]]:
    n = name_keys
    with store.read() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(n.c.name_no, n.c.word, n.c.sound, n.c.role, n.c.written)
                .where(n.c.key == key)
                .order_by(n.c.name_no, n.c.position)
            )
        ]


def found(store: Store, q: str, **kw: Any) -> list[str]:
    with store.read() as conn:
        return [r.key for r in rank_names(conn, q, **kw)]


def test_each_word_of_each_name_is_a_row_with_its_sound_and_part(people: Store) -> None:
    kag = rows(people, "person/kilmar")
    assert kag[:4] == [
        (0, "kilmar", "kilmar", "given", "Kilmar"),
        (0, "armando", "armando", "given", "Armando"),
        (0, "abrego", "abrego", "surname", "Ábrego"),
        (0, "garcia", "garsia", "surname", "García"),
    ]
    assert (1, "k", "k", "initial", "K") in kag  # the manifest form of the alias
    maria = rows(people, "person/maria")
    assert [(w, role) for _n, w, _s, role, _w in maria] == [
        ("maria", "given"),
        ("cruz", "surname"),
        ("vazquez", "married"),
    ]
    assert maria[2][2] == "baskes"


def test_a_correction_replaces_the_rows_and_a_retraction_removes_them(people: Store) -> None:
    write_changes(people, [person("person/maria", "María Cerezo")])
    assert [w for _n, w, *_ in rows(people, "person/maria")] == ["maria", "cerezo"]
    with ledger_writer(people) as w:
        w.retract("person/maria", "entered in error")
    assert rows(people, "person/maria") == []
    assert found(people, "Maria Serezo") == []
    verify_ledger(people)


def test_the_vocabulary_finds_words_by_start_end_and_sound(people: Store) -> None:
    with people.read() as conn:
        assert "abrego" in nkq.vocabulary(conn, "abrejo", "abrejo")  # same start
        assert "garcia" in nkq.vocabulary(conn, "jarcia", "jarsia")  # same end
        assert "vazquez" in nkq.vocabulary(conn, "basques", "baskes")  # same sound
        assert "abrego" not in nkq.vocabulary(conn, "abrejo", "abrejo", levels=[])
        hidden = nkq.vocabulary(conn, "quilet", "kilet", levels=["public"])
        assert "quillet" not in hidden  # a restricted person's word: not even a candidate


def test_a_misspelt_name_finds_the_person_and_a_reader_never_one_above_clearance(
    people: Store,
) -> None:
    assert found(people, "Kilmer Abrego Gracia")[0] == "person/kilmar"
    assert found(people, "Maria Basques")[0] == "person/maria"
    assert found(people, "Zorbana Kilet") == ["person/secret"]
    assert found(people, "Zorbana Kilet", levels=["public"]) == []
    assert "person/secret" not in found(people, "Abrego", levels=["public"])


def test_the_migration_fills_the_name_keys_from_the_records_already_there(people: Store) -> None:
    before = verify_ledger(people).projections["name_keys"]
    with people.engine.begin() as conn:
        command.downgrade(people._alembic_config(conn), "0009")
    with people.engine.connect() as conn:
        assert "name_keys" not in set(people.engine.dialect.get_table_names(conn))
    people.migrate()
    assert found(people, "Kilmar Abrego Garsia")[0] == "person/kilmar"
    assert verify_ledger(people).projections["name_keys"] == before > 14


def test_verify_finds_an_edited_row(people: Store) -> None:
    sql(people, "UPDATE name_keys SET word = 'someone' WHERE key = 'person/maria'")
    with pytest.raises(LedgerCorrupt, match="name_keys rows of person/maria"):
        verify_ledger(people)


def test_verify_finds_a_forged_row(people: Store) -> None:
    sql(
        people,
        "INSERT INTO name_keys (key, name_no, position, word, sound, drow, role, written, "
        "record_type, sensitivity) VALUES ('person/ghost', 0, 0, 'ghost', 'gost', 'tsohg', "
        "'surname', 'Ghost', 'person', 'public')",
    )
    with pytest.raises(LedgerCorrupt, match="person/ghost"):
        verify_ledger(people)


def test_verify_finds_a_row_made_public_that_is_not(people: Store) -> None:
    sql(people, "UPDATE name_keys SET sensitivity = 'public' WHERE key = 'person/secret'")
    with pytest.raises(LedgerCorrupt, match="person/secret"):
        verify_ledger(people)
