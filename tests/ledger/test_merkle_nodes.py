"""Proofs from stored subtree roots: which (level, index) nodes a proof needs (O(log n) of
them), and the proof assembled from them equals the one computed from every leaf."""

from __future__ import annotations

import hashlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.ledger import merkle


def leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(n)]


def stored(d: list[bytes]) -> dict[merkle.NodeId, bytes]:
    """What a writer stores: every leaf (level 0) and every subtree root as it completes."""
    nodes = {(0, i): h for i, h in enumerate(d)}
    tree = merkle.CompactRange()
    for h in d:
        for level, index, node in tree.append(h):
            nodes[(level, index)] = node
    return nodes


D = leaves(200)
NODES = stored(D)


def test_an_append_returns_the_subtrees_it_completes() -> None:
    tree = merkle.CompactRange()
    got = [tree.append(h) for h in D[:8]]
    assert [[(lv, ix) for lv, ix, _ in done] for done in got] == [
        [],
        [(1, 0)],
        [],
        [(1, 1), (2, 0)],
        [],
        [(1, 2)],
        [],
        [(1, 3), (2, 1), (3, 0)],
    ]
    assert got[-1][-1][2] == merkle.root_from_leaf_hashes(D[:8])


def test_every_stored_node_is_its_subtree_root() -> None:
    for (level, index), h in NODES.items():
        assert h == merkle.subtree_root(D, index << level, (index + 1) << level)


@given(st.integers(1, 200), st.data())
def test_stored_node_proofs_equal_the_leaf_proofs(size: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(1, size))
    ranges = merkle.inclusion_ranges(index, size)
    assert merkle.proof_from_nodes(ranges, NODES) == merkle.inclusion_proof(D, index, size)
    ranges = merkle.consistency_ranges(old, size)
    assert merkle.proof_from_nodes(ranges, NODES) == merkle.consistency_proof(D, old, size)
    assert merkle.range_root(0, size, NODES) == merkle.root_from_leaf_hashes(D[:size])


@given(st.integers(1, 10**12), st.data())
def test_a_proof_needs_o_log_n_nodes(size: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, size - 1))
    old = data.draw(st.integers(1, size))
    bound = 2 * math.ceil(math.log2(size)) + 2
    assert len(merkle.inclusion_nodes(index, size)) <= bound
    assert len(merkle.consistency_nodes(old, size)) <= bound


def test_a_range_is_the_perfect_subtrees_of_its_length() -> None:
    assert merkle.range_nodes(0, 13) == [(3, 0), (2, 2), (0, 12)]
    assert merkle.range_nodes(8, 16) == [(3, 1)]
    with pytest.raises(ValueError, match="not aligned"):
        merkle.range_nodes(3, 6)
    with pytest.raises(KeyError):
        merkle.range_root(0, 13, {(3, 0): D[0]})
