"""The storage contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from habeas.domain.errors import Conflict, StorageError
from habeas.domain.registry import parse_record
from habeas.services.verify import verify_ledger
from habeas.services.writer import LedgerWriter, write_changes
from habeas.storage.engine import make_engine, normalise_url
from habeas.storage.name_index import BACKEND_OBJECTS
from habeas.storage.store import Store
from habeas.storage.tables import metadata
from tests.conftest import cite, source


def person(key: str, name: str) -> object:
    return parse_record(
        {"type": "person", "key": key, "full_name": name, "synthetic": True, "sources": cite()}
    )


def test_migrations_create_exactly_the_tables_the_code_describes(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _described})
        diff = compare_metadata(context, metadata)
    assert diff == []


def _described(name: str | None, kind: str, _parent: object) -> bool:
    """Every table and index is described by the table definitions, except the backend's
    own word index over name_index (FTS5 tables, a trigram GIN index), created by 0008."""
    return name not in BACKEND_OBJECTS


def test_migrating_twice_changes_nothing(store: Store) -> None:
    store.migrate()
    assert store.revision() == store.head_revision() == "0014"


def test_appends_take_consecutive_positions_and_move_the_head(store: Store) -> None:
    r1 = write_changes(store, [parse_record(source())])
    r2 = write_changes(store, [person("person/a", "A"), person("person/b", "B")])
    assert (r1.first_position, r1.size) == (0, 1)
    assert (r2.first_position, r2.size) == (1, 3)
    assert verify_ledger(store).size == 3


def test_two_entries_can_never_share_a_position(store: Store) -> None:
    write_changes(store, [parse_record(source())])
    with pytest.raises(Conflict), store.write() as tx:
        tx.conn.execute(
            text(
                "INSERT INTO ledger_entries (position, op, record_type, record_key, version, "
                "recorded_at, body, leaf_hash, tree_root) VALUES (0, 'assert', 'x', 'x', 1, 'x', "
                "'x', 'x', 'x')"
            )
        )


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    write_changes(store, [parse_record(source())])
    with pytest.raises(RuntimeError), store.write() as tx:
        w = LedgerWriter(tx)
        w.put(person("person/a", "A"))
        w.finish()
        raise RuntimeError("crash after the append, before commit")
    assert verify_ledger(store).size == 1


def test_concurrent_writers_cannot_fork_the_log(db_url: str) -> None:
    first = Store(db_url)
    first.migrate()
    write_changes(first, [parse_record(source())])
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        s = Store(db_url)
        try:
            for i in range(5):
                write_changes(s, [person(f"person/w{n}-{i}", f"W {n} {i}")])
        except BaseException as e:  # collected and asserted below
            errors.append(e)
        finally:
            s.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_ledger(first)
    assert report.size == 1 + 4 * 5
    first.close()


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    engine.dispose()


def test_a_bare_path_means_a_sqlite_file_and_postgres_urls_use_psycopg() -> None:
    assert normalise_url("cases.db") == "sqlite:///cases.db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_an_unreachable_database_is_a_clear_storage_error() -> None:
    with pytest.raises(StorageError, match="cannot open database"):
        make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(StorageError, match="no folder"):
        make_engine("sqlite:////no/such/folder/x.db")
    with pytest.raises(StorageError, match="unsupported"):
        make_engine("mysql://x@y/z")


def test_an_uninitialised_database_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="habeas init"):
        Store(f"sqlite:///{tmp_path / 'empty.db'}").require_schema()


def test_a_reader_does_not_block_a_writer(db_url: str) -> None:
    s = Store(db_url)
    s.migrate()
    with s.read() as conn:
        conn.execute(text("SELECT count(*) FROM ledger_entries")).scalar()
        result = write_changes(s, [parse_record(source())])  # would wait 60 s if blocked
        assert result.size == 1
    s.close()


def test_an_older_schema_must_be_upgraded_first(sqlite_url: str) -> None:
    s = Store(sqlite_url)
    s.migrate()
    with s.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(StorageError, match="run `habeas init` to upgrade"):
        s.require_schema()
    s.close()
