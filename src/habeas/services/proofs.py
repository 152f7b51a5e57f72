"""Inclusion and consistency proofs, and the checkpoint (size and root) to publish."""

from __future__ import annotations

from typing import Any

from habeas.domain.errors import LedgerCorrupt, NotFound
from habeas.ledger import merkle
from habeas.storage import log_queries, queries
from habeas.storage.store import Store

__all__ = ["checkpoint", "consistency_in", "consistency_proof", "inclusion_in", "inclusion_proof"]


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


def _nodes(conn: Any, wanted: list[merkle.NodeId]) -> dict[merkle.NodeId, bytes]:
    """The stored subtree roots a proof needs; LedgerCorrupt if one is not stored."""
    found = log_queries.tree_nodes(conn, wanted)
    for level, index in wanted:
        if (level, index) not in found:
            first, last = index << level, ((index + 1) << level) - 1
            raise LedgerCorrupt(
                f"the subtree root of entries {first}..{last} is not stored: "
                "run `habeas verify` (and `habeas init` to back-fill it)"
            )
    return found


def inclusion_in(conn: Any, position: int, n: int) -> tuple[bytes, list[bytes], bytes]:
    """(leaf hash, audit path, root) of the entry at `position` in the tree of `n` entries,
    from the stored subtree roots, inside the caller's transaction; checked before returned."""
    if position < 0 or position >= n:
        raise NotFound(f"no entry {position} in a tree of {n} entries")
    nodes = _nodes(conn, merkle.inclusion_nodes(position, n))
    proof = merkle.proof_from_nodes(merkle.inclusion_ranges(position, n), nodes)
    root = merkle.range_root(0, n, nodes)
    leaf = nodes[(0, position)]
    merkle.verify_inclusion(leaf, position, n, proof, root)
    return leaf, proof, root


def inclusion_proof(store: Store, position: int, size: int | None = None) -> dict[str, Any]:
    """Proof that the entry at `position` is in the tree of `size` entries (default: all).

    Reads O(log size) stored subtree roots, never every leaf.
    """
    with store.read() as conn:
        n = _size(conn, size)
        leaf, proof, root = inclusion_in(conn, position, n)
    return {
        "position": position,
        "size": n,
        "leaf_hash": leaf.hex(),
        "root": root.hex(),
        "proof": [p.hex() for p in proof],
    }


def consistency_in(conn: Any, old: int, n: int) -> tuple[bytes, bytes, list[bytes]]:
    """(old root, new root, proof) between the trees of `old` and `n` entries, from the
    stored subtree roots, inside the caller's transaction; checked before returned."""
    if old < 1 or old > n:
        raise NotFound(f"old size must be between 1 and {n}")
    nodes = _nodes(conn, merkle.consistency_nodes(old, n))
    proof = merkle.proof_from_nodes(merkle.consistency_ranges(old, n), nodes)
    root1 = merkle.range_root(0, old, nodes)
    root2 = merkle.range_root(0, n, nodes)
    merkle.verify_consistency(old, n, root1, root2, proof)
    return root1, root2, proof


def consistency_proof(store: Store, old: int, new: int | None = None) -> dict[str, Any]:
    """Proof that the tree of `old` entries is a prefix of the tree of `new` entries.

    Reads O(log new) stored subtree roots, never every leaf.
    """
    with store.read() as conn:
        n = _size(conn, new)
        root1, root2, proof = consistency_in(conn, old, n)
    return {
        "old_size": old,
        "new_size": n,
        "old_root": root1.hex(),
        "new_root": root2.hex(),
        "proof": [p.hex() for p in proof],
    }
