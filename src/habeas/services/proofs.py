"""Inclusion and consistency proofs, and the checkpoint (size and root) to publish."""

from __future__ import annotations

from typing import Any

from habeas.domain.errors import NotFound
from habeas.ledger import merkle
from habeas.storage import queries
from habeas.storage.store import Store

__all__ = ["checkpoint", "consistency_proof", "inclusion_proof"]


def checkpoint(store: Store) -> dict[str, Any]:
    """The log's current size and root, and when its last entry was recorded."""
    with store.read() as conn:
        head = queries.head_row(conn)
        last = queries.entry_at(conn, int(head.size) - 1) if head.size else None
    return {
        "size": int(head.size),
        "root": head.root,
        "last_recorded_at": last.recorded_at if last is not None else None,
    }


def _size(conn: Any, size: int | None) -> int:
    head = int(queries.head_row(conn).size)
    if size is None:
        return head
    if size < 0 or size > head:
        raise NotFound(f"the log has {head} entries; there is no tree of size {size}")
    return size


def inclusion_proof(store: Store, position: int, size: int | None = None) -> dict[str, Any]:
    """Proof that the entry at `position` is in the tree of `size` entries (default: all)."""
    with store.read() as conn:
        n = _size(conn, size)
        if position < 0 or position >= n:
            raise NotFound(f"no entry {position} in a tree of {n} entries")
        leaves = queries.leaf_hashes(conn, n)
    proof = merkle.inclusion_proof(leaves, position, n)
    root = merkle.root_from_leaf_hashes(leaves)
    merkle.verify_inclusion(leaves[position], position, n, proof, root)
    return {
        "position": position,
        "size": n,
        "leaf_hash": leaves[position].hex(),
        "root": root.hex(),
        "proof": [p.hex() for p in proof],
    }


def consistency_proof(store: Store, old: int, new: int | None = None) -> dict[str, Any]:
    """Proof that the tree of `old` entries is a prefix of the tree of `new` entries."""
    with store.read() as conn:
        n = _size(conn, new)
        if old < 1 or old > n:
            raise NotFound(f"old size must be between 1 and {n}")
        leaves = queries.leaf_hashes(conn, n)
    proof = merkle.consistency_proof(leaves, old, n)
    root1 = merkle.root_from_leaf_hashes(leaves[:old])
    root2 = merkle.root_from_leaf_hashes(leaves)
    merkle.verify_consistency(old, n, root1, root2, proof)
    return {
        "old_size": old,
        "new_size": n,
        "old_root": root1.hex(),
        "new_root": root2.hex(),
        "proof": [p.hex() for p in proof],
    }
