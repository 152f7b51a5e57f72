"""Proofs from the stored log: the same hashes as the in-memory RFC 6962 functions, read from
O(log n) stored subtree roots, never every leaf."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event

from habeas.ledger import merkle
from habeas.services import proofs
from habeas.services.verify import verify_ledger
from habeas.services.writer import ledger_writer
from habeas.storage import queries
from habeas.storage.engine import _sqlite_begin, _sqlite_connect
from habeas.storage.store import Store


def append_audit(store: Store, n: int) -> None:
    """Append `n` audit entries in one transaction (they make no projection rows)."""
    with ledger_writer(store, author="test") as w:
        for i in range(n):
            w.audit({"action": "read", "n": i})


def all_leaves(store: Store) -> list[bytes]:
    with store.read() as conn:
        return queries.leaf_hashes(conn, int(queries.head_row(conn).size))


@pytest.fixture
def grown(store: Store) -> Store:
    """A log of 45 entries appended in transactions of uneven sizes (so subtrees complete
    across transactions and batches)."""
    for n in (1, 2, 5, 1, 13, 8, 15):
        append_audit(store, n)
    return store


def test_stored_inclusion_proofs_equal_the_in_memory_ones(grown: Store) -> None:
    leaves = all_leaves(grown)
    for size in range(1, len(leaves) + 1):
        root = merkle.root_from_leaf_hashes(leaves[:size])
        for index in range(size):
            got = proofs.inclusion_proof(grown, index, size)
            assert got["proof"] == [p.hex() for p in merkle.inclusion_proof(leaves, index, size)]
            assert (got["root"], got["leaf_hash"]) == (root.hex(), leaves[index].hex())


def test_stored_consistency_proofs_equal_the_in_memory_ones(grown: Store) -> None:
    leaves = all_leaves(grown)
    for new in range(1, len(leaves) + 1):
        for old in range(1, new + 1):
            got = proofs.consistency_proof(grown, old, new)
            want = merkle.consistency_proof(leaves, old, new)
            assert got["proof"] == [p.hex() for p in want]
            assert got["old_root"] == merkle.root_from_leaf_hashes(leaves[:old]).hex()
            assert got["new_root"] == merkle.root_from_leaf_hashes(leaves[:new]).hex()


def test_the_writer_stores_every_complete_subtree_and_verify_checks_them(grown: Store) -> None:
    leaves = all_leaves(grown)
    with grown.read() as conn:
        from habeas.storage.log_queries import node_count, nodes_of_level

        assert node_count(conn) == sum(len(leaves) >> level for level in range(1, 7))
        for level in range(1, 6):
            for index, digest in nodes_of_level(conn, level):
                start, end = index << level, (index + 1) << level
                assert digest == merkle.subtree_root(leaves, start, end).hex()
    assert verify_ledger(grown).size == 45


# -- counting what a proof reads ----------------------------------------------------------


class _Counts:
    statements = 0
    rows = 0


class _CountingCursor(sqlite3.Cursor):
    def fetchone(self) -> Any:
        row = super().fetchone()
        _Counts.rows += row is not None
        return row

    def fetchmany(self, size: int | None = None) -> list[Any]:
        rows = super().fetchmany(size) if size is not None else super().fetchmany()
        _Counts.rows += len(rows)
        return rows

    def fetchall(self) -> list[Any]:
        rows = super().fetchall()
        _Counts.rows += len(rows)
        return rows


class _CountingConnection(sqlite3.Connection):
    def cursor(self, factory: Any = _CountingCursor) -> Any:
        return super().cursor(factory)


@pytest.fixture
def counted(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store whose every statement and every row fetched is counted."""
    engine = create_engine(
        f"sqlite:///{tmp_path / 'counted.db'}", connect_args={"factory": _CountingConnection}
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args: Any) -> None:
        _Counts.statements += 1

    store = Store(engine=engine)
    store.migrate()
    yield store
    store.close()


def reads(call: Any) -> tuple[int, int]:
    """(statements, rows fetched) of one call."""
    _Counts.statements = _Counts.rows = 0
    call()
    return _Counts.statements, _Counts.rows


def test_a_proof_reads_o_log_n_rows(counted: Store) -> None:
    worst: dict[int, int] = {}
    for size in (1000, 10_000):
        with counted.read() as conn:
            have = int(queries.head_row(conn).size)
        append_audit(counted, size - have)
        _statements, rows = reads(lambda: all_leaves(counted))
        assert rows >= size  # the counter sees rows: reading every leaf reads `size` of them
        bound = 3 * math.log2(size)
        most = 0
        for position in (0, 1, size // 3, size // 2, size - 2, size - 1):
            s, r = reads(lambda p=position: proofs.inclusion_proof(counted, p))  # type: ignore[misc]
            assert r <= bound and s <= 6, (size, position, s, r)
            most = max(most, r)
        for old in (1, 2, size // 3, size // 2 + 1, size - 1, size):
            s, r = reads(lambda o=old: proofs.consistency_proof(counted, o))  # type: ignore[misc]
            assert r <= bound and s <= 6, (size, old, s, r)
            most = max(most, r)
        worst[size] = most
    assert worst[10_000] < 2 * worst[1000]  # ten times the log, a few more rows: not ten times


def test_a_proof_of_an_older_size_reads_o_log_n_rows_too(counted: Store) -> None:
    append_audit(counted, 3000)
    for size in (1, 2, 999, 1024, 2047, 2999):
        s, r = reads(lambda n=size: proofs.inclusion_proof(counted, n - 1, n))  # type: ignore[misc]
        assert r <= 3 * max(1, math.log2(size)) + 2 and s <= 6
        s, r = reads(lambda n=size: proofs.consistency_proof(counted, 1, n))  # type: ignore[misc]
        assert r <= 3 * max(1, math.log2(size)) + 2 and s <= 6
