"""The name index behind search and lookup: every word of the query begins a word of one of
a record's names; ranked exact, then prefix, then by relevance; types and sensitivity
filtered in SQL; filled by the migration; checked by verify; answered by the word index."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from habeas.domain.errors import LedgerCorrupt
from habeas.domain.registry import parse_record
from habeas.services.lookup import find
from habeas.services.verify import verify_ledger
from habeas.services.writer import ledger_writer, write_changes
from habeas.storage.name_index import find_names, search_statement
from habeas.storage.store import Store
from tests.conftest import cite, source


def person(key: str, name: str, **kw: Any) -> Any:
    return parse_record({"type": "person", "key": key, "full_name": name, "sources": cite(), **kw})


def facility(key: str, name: str) -> Any:
    return parse_record(
        {
            "type": "facility",
            "key": key,
            "name": name,
            "kind": "prison",
            "country": "US",
            "sources": cite(),
        }
    )


@pytest.fixture
def people(store: Store) -> Store:
    write_changes(
        store,
        [
            parse_record(source()),
            person("person/kilmar", "Kilmar Ábrego García", aliases=["K. A. G."]),
            person("person/abrego", "Abrego"),
            person("person/abregon", "Abregon Smith"),
            person("person/maria", "María Abrego Luna"),
            person("person/secret", "Abrego Hidden", sensitivity="restricted"),
            facility("facility/abrego", "Abrego Detention Centre"),
        ],
    )
    return store


def keys(store: Store, q: str, **kw: Any) -> list[str]:
    with store.read() as conn:
        return [f.key for f in find(conn, q, **kw)]


def test_every_word_must_begin_a_word_of_one_name(people: Store) -> None:
    assert keys(people, "kil gar") == ["person/kilmar"]
    assert keys(people, "GARCIA abrego") == ["person/kilmar"]  # case, accents, order
    assert keys(people, "brego") == []  # inside a word: no
    assert keys(people, "kilmar luna") == []  # two names of two records: no
    assert keys(people, "k a g") == ["person/kilmar"]  # an alias is a name
    assert keys(people, "") == [] and keys(people, "—") == []


def test_an_equal_name_ranks_first_then_a_name_that_starts_with_the_query(people: Store) -> None:
    found = keys(people, "abrego", types=["person"])
    assert found[0] == "person/abrego"  # the name is "Abrego"
    assert set(found[1:3]) == {"person/abregon", "person/secret"}  # names starting so
    assert set(found[3:]) == {"person/kilmar", "person/maria"}  # the word elsewhere


def test_types_and_the_limit_are_applied_in_sql(people: Store) -> None:
    assert keys(people, "abrego", types=["facility"]) == ["facility/abrego"]
    assert len(keys(people, "abrego", limit=2)) == 2
    with people.read() as conn:
        assert len(find_names(conn, ["abrego"], None, None, 3)) == 3


def test_a_reader_never_finds_a_level_above_clearance_and_the_limit_counts_only_visible(
    people: Store,
) -> None:
    public = keys(people, "abrego", levels=["public"], limit=3)
    assert "person/secret" not in public and len(public) == 3
    assert "person/secret" in keys(people, "abrego", levels=["public", "restricted"])
    assert keys(people, "person/secret", levels=["public"]) == []  # nor by key


def test_a_correction_or_retraction_changes_what_is_found(people: Store) -> None:
    write_changes(people, [person("person/abrego", "Cerezo")])
    assert "person/abrego" in keys(people, "cerezo")
    assert "person/abrego" not in keys(people, "abrego")
    with ledger_writer(people) as w:
        w.retract("person/abrego", "entered in error")
    assert keys(people, "cerezo") == []
    verify_ledger(people)


def test_the_migration_fills_the_index_from_the_records_already_there(people: Store) -> None:
    with people.engine.begin() as conn:
        cfg = people._alembic_config(conn)
        command.downgrade(cfg, "0007")
    with people.engine.connect() as conn:
        tables = set(people.engine.dialect.get_table_names(conn))
    assert "name_index" not in tables and "case_index" not in tables
    people.migrate()
    assert keys(people, "kil gar") == ["person/kilmar"]
    report = verify_ledger(people)
    assert report.projections["name_index"] == 9  # a name each, an alias, a source title


def sql(store: Store, statement: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement))


def test_verify_finds_an_edited_index_row(people: Store) -> None:
    sql(people, "UPDATE name_index SET term = ' someone else ' WHERE key = 'person/abrego'")
    with pytest.raises(LedgerCorrupt, match="name_index rows of person/abrego"):
        verify_ledger(people)


def test_verify_finds_a_forged_index_row(people: Store) -> None:
    sql(
        people,
        "INSERT INTO name_index (key, term, record_type, sensitivity) "
        "VALUES ('person/ghost', ' ghost ', 'person', 'public')",
    )
    with pytest.raises(LedgerCorrupt, match="person/ghost"):
        verify_ledger(people)


def test_verify_finds_a_row_made_public_that_is_not(people: Store) -> None:
    sql(people, "UPDATE name_index SET sensitivity = 'public' WHERE key = 'person/secret'")
    with pytest.raises(LedgerCorrupt, match="person/secret"):
        verify_ledger(people)


def test_verify_finds_a_forged_word_index_entry(people: Store) -> None:
    if people.backend != "sqlite":
        pytest.skip("PostgreSQL maintains its GIN index itself")
    sql(people, "INSERT INTO name_index_fts (rowid, term) VALUES (9999, ' ghost ')")
    with pytest.raises(LedgerCorrupt, match="name_index_fts"):
        verify_ledger(people)


def test_verify_finds_an_edited_case_index_row(store: Store) -> None:
    write_changes(
        store,
        [
            parse_record(source()),
            parse_record(
                {
                    "type": "court",
                    "key": "court/mdd",
                    "court_id": "mdd",
                    "name": "D. Md.",
                    "sources": cite(),
                }
            ),
            parse_record(
                {
                    "type": "case",
                    "key": "case/mdd-8-25-cv-00951",
                    "court": "court/mdd",
                    "docket_number": "8:25-cv-00951-PX",
                    "caption": "Abrego Garcia v. Noem",
                    "sources": cite(),
                }
            ),
        ],
    )
    assert verify_ledger(store).projections["case_index"] == 1
    sql(store, "UPDATE case_index SET docket_number_core = '2500952'")
    with pytest.raises(LedgerCorrupt, match="case_index rows of case/mdd-8-25-cv-00951"):
        verify_ledger(store)


def test_a_search_is_answered_by_the_word_index(people: Store) -> None:
    def query(*filters: Any) -> str:
        stmt = search_statement(people.backend, ["abr", "gar"], *filters)
        return str(stmt.compile(people.engine, compile_kwargs={"literal_binds": True}))

    with people.read() as conn:
        if conn.dialect.name == "sqlite":  # with filters on type and level, too
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query(['person'], ['public'])}")
            plan = " | ".join(str(r[-1]) for r in rows)
            assert "SCAN name_index_fts VIRTUAL TABLE INDEX" in plan
            assert "SEARCH name_index USING INTEGER PRIMARY KEY" in plan
            assert "SCAN name_index " not in f"{plan} "  # never the whole table
        else:  # a few rows: the planner is told not to scan, as it would not on many
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(str(r[0]) for r in conn.exec_driver_sql(f"EXPLAIN {query()}"))
            assert "ix_name_index_term_trgm" in plan
