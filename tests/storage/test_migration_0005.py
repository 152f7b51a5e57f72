"""Migration 0005 back-fills the stored subtree roots of a ledger written before it, so old
ledgers get proofs that read O(log n) rows, and their format-1 entries still verify."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import text

from habeas.ledger import merkle
from habeas.ledger.entry import Entry
from habeas.services import proofs
from habeas.services.verify import verify_ledger
from habeas.services.writer import ledger_writer
from habeas.storage.store import Store

SIZE = 37


def old_ledger(db_url: str) -> tuple[Store, list[bytes]]:
    """A ledger at schema 0004 holding SIZE format-1 audit entries."""
    store = Store(db_url)
    tree = merkle.CompactRange()
    leaves = []
    rows = []
    for pos in range(SIZE):
        entry = Entry(pos, "audit", "audit", f"audit/{pos}", 1, "2025-01-01T00:00:00.000000Z",
                      "cli:old", f"{pos:032x}", {"action": "read", "n": pos}, format=1)  # fmt: skip
        leaf = entry.leaf_hash()
        tree.append(leaf)
        leaves.append(leaf)
        rows.append(
            {
                "position": pos,
                "op": "audit",
                "record_type": "audit",
                "record_key": entry.record_key,
                "version": 1,
                "recorded_at": entry.recorded_at,
                "body": entry.canonical().decode(),
                "leaf_hash": leaf.hex(),
                "tree_root": tree.root().hex(),
            }
        )
    with store.engine.begin() as conn:
        command.upgrade(store._alembic_config(conn), "0004")
        conn.execute(
            text(
                "INSERT INTO ledger_entries (position, op, record_type, record_key, version, "
                "recorded_at, body, leaf_hash, tree_root) VALUES (:position, :op, :record_type, "
                ":record_key, :version, :recorded_at, :body, :leaf_hash, :tree_root)"
            ),
            rows,
        )
        conn.execute(
            text("INSERT INTO ledger_head (id, size, root, frontier) VALUES (1, :s, :r, :f)"),
            {"s": SIZE, "r": tree.root().hex(), "f": json.dumps(tree.to_hex())},
        )
    return store, leaves


def test_the_migration_back_fills_every_subtree_root(db_url: str) -> None:
    store, leaves = old_ledger(db_url)
    assert store.revision() == "0004"
    store.migrate()
    with store.engine.connect() as conn:
        stored = {
            (int(level), int(idx)): h
            for level, idx, h in conn.execute(text("SELECT level, idx, hash FROM merkle_nodes"))
        }
    want = {
        (level, idx): merkle.subtree_root(leaves, idx << level, (idx + 1) << level).hex()
        for level in range(1, SIZE.bit_length())
        for idx in range(SIZE >> level)
    }
    assert stored == want
    assert verify_ledger(store).size == SIZE
    for size in (1, 2, 16, 31, SIZE):
        for index in range(size):
            got = proofs.inclusion_proof(store, index, size)
            assert got["proof"] == [p.hex() for p in merkle.inclusion_proof(leaves, index, size)]
    store.close()


def test_an_old_ledger_takes_format_2_entries_after_the_migration(db_url: str) -> None:
    store, _leaves = old_ledger(db_url)
    store.migrate()
    with ledger_writer(store, author="cli:new") as w:
        for i in range(30):
            w.audit({"action": "read", "n": i})
    assert verify_ledger(store).size == SIZE + 30
    got = proofs.consistency_proof(store, SIZE)
    assert got["new_size"] == SIZE + 30 and got["proof"]
    store.close()
