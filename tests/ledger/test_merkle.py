"""The RFC 6962 Merkle tree: roots, proofs and the compact range, checked against the RFC's own
recursive definitions, the published transparency-dev/merkle vectors, and random trees."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.ledger.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    CompactRange,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    subtree_root,
    verify_consistency,
    verify_inclusion,
)

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "rfc6962"
ABSENT = "shared/testdata/rfc6962 is absent"
needs_vectors = pytest.mark.skipif(not VECTORS.is_dir(), reason=ABSENT)


# --- RFC 6962 section 2.1, written exactly as the RFC defines it (recursive, small trees only) ---


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def rfc_mth(d: Sequence[bytes]) -> bytes:
    if len(d) == 0:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = _k(len(d))
    return node_hash(rfc_mth(d[:k]), rfc_mth(d[k:]))


def rfc_path(m: int, d: Sequence[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*rfc_path(m, d[:k]), rfc_mth(d[k:])]
    return [*rfc_path(m - k, d[k:]), rfc_mth(d[:k])]


def rfc_subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [rfc_mth(d)]
    k = _k(len(d))
    if m <= k:
        return [*rfc_subproof(m, d[:k], b), rfc_mth(d[k:])]
    return [*rfc_subproof(m - k, d[k:], False), rfc_mth(d[:k])]


def rfc_proof(m: int, d: Sequence[bytes]) -> list[bytes]:
    return rfc_subproof(m, d, True)


# --- helpers ---


def hashes_of(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def flip(h: bytes, bit: int) -> bytes:
    b = bytearray(h)
    b[bit // 8] ^= 1 << (bit % 8)
    return bytes(b)


def b64(value: str | None) -> bytes:
    return base64.b64decode(value) if value else b""


def b64_list(values: list[str] | None) -> list[bytes]:
    return [b64(v) for v in values or []]


def vector_cases(kind: str) -> list[Any]:
    if not VECTORS.is_dir():
        return [pytest.param(None, id="absent", marks=pytest.mark.skip(reason=ABSENT))]
    files = sorted((VECTORS / kind).rglob("*.json"))
    return [pytest.param(f, id=str(f.relative_to(VECTORS).with_suffix(""))) for f in files]


def reference_tree() -> tuple[list[bytes], list[bytes]]:
    """The 8 reference leaves (hashed) and the published root for every size 0..8."""
    if not VECTORS.is_dir():
        pytest.skip(ABSENT)
    ref = json.loads((VECTORS / "reference_tree.json").read_text())
    leaves = [leaf_hash(bytes.fromhex(x)) for x in ref["leaf_inputs_hex"]]
    roots = [bytes.fromhex(x) for x in ref["root_hex_by_size"]]
    return leaves, roots


# --- hashing ---


def test_hashes_are_domain_separated_sha256() -> None:
    assert HASH_SIZE == 32
    assert hashlib.sha256(b"").digest() == EMPTY_ROOT
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert (
        node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    )
    assert leaf_hash(b"") != EMPTY_ROOT  # a leaf can never pass for the empty tree


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    assert root_from_leaf_hashes([]) == EMPTY_ROOT
    assert CompactRange().root() == EMPTY_ROOT


def test_one_leaf_tree_root_is_the_leaf_hash() -> None:
    h = leaf_hash(b"x")
    assert root_from_leaf_hashes([h]) == h


def test_three_leaves_split_at_two() -> None:
    a, b, c = hashes_of(3)
    assert root_from_leaf_hashes([a, b, c]) == node_hash(node_hash(a, b), c)


@pytest.mark.parametrize("n", range(0, 70))
def test_root_matches_the_rfc_definition(n: int) -> None:
    d = hashes_of(n)
    assert root_from_leaf_hashes(d) == rfc_mth(d)


def test_subtree_root_covers_a_range_and_rejects_bad_ranges() -> None:
    d = hashes_of(11)
    assert subtree_root(d, 3, 10) == rfc_mth(d[3:10])
    assert subtree_root(d, 4, 4) == EMPTY_ROOT
    for start, end in [(-1, 3), (5, 4), (0, 12)]:
        with pytest.raises(ValueError):
            subtree_root(d, start, end)


# --- proof generation equals the RFC definitions ---


@pytest.mark.parametrize("size", range(1, 34))
def test_inclusion_proofs_equal_the_rfc_definition_and_verify(size: int) -> None:
    d = hashes_of(size + 3)  # extra leaves beyond `size` must be ignored
    root = rfc_mth(d[:size])
    for index in range(size):
        proof = inclusion_proof(d, index, size)
        assert proof == rfc_path(index, d[:size])
        verify_inclusion(d[index], index, size, proof, root)


@pytest.mark.parametrize("size2", range(1, 34))
def test_consistency_proofs_equal_the_rfc_definition_and_verify(size2: int) -> None:
    d = hashes_of(size2 + 3)
    root2 = rfc_mth(d[:size2])
    for size1 in range(1, size2 + 1):
        proof = consistency_proof(d, size1, size2)
        assert proof == rfc_proof(size1, d[:size2])
        verify_consistency(size1, size2, rfc_mth(d[:size1]), root2, proof)


def test_consistency_proof_between_equal_sizes_is_empty() -> None:
    assert consistency_proof(hashes_of(5), 5, 5) == []


@pytest.mark.parametrize(("index", "size"), [(0, 0), (-1, 3), (3, 3), (0, 6), (7, 5)])
def test_inclusion_proof_rejects_bad_index_or_size(index: int, size: int) -> None:
    with pytest.raises(ValueError):
        inclusion_proof(hashes_of(5), index, size)


@pytest.mark.parametrize(("size1", "size2"), [(0, 0), (0, 3), (-1, 3), (4, 3), (2, 6)])
def test_consistency_proof_rejects_sizes_out_of_order_or_range(size1: int, size2: int) -> None:
    with pytest.raises(ValueError):
        consistency_proof(hashes_of(5), size1, size2)


# --- verification: every single-bit change anywhere breaks a proof ---


def test_every_bit_flip_breaks_every_inclusion_proof_of_a_13_leaf_tree() -> None:
    d = hashes_of(13)
    root = root_from_leaf_hashes(d)
    for index in range(13):
        proof = inclusion_proof(d, index, 13)
        verify_inclusion(d[index], index, 13, proof, root)
        for bit in range(HASH_SIZE * 8):
            with pytest.raises(ProofError):
                verify_inclusion(flip(d[index], bit), index, 13, proof, root)
            with pytest.raises(ProofError):
                verify_inclusion(d[index], index, 13, proof, flip(root, bit))
            for i in range(len(proof)):
                bad = [*proof[:i], flip(proof[i], bit), *proof[i + 1 :]]
                with pytest.raises(ProofError):
                    verify_inclusion(d[index], index, 13, bad, root)


def test_every_bit_flip_breaks_every_consistency_proof_of_a_13_leaf_tree() -> None:
    d = hashes_of(13)
    roots = [root_from_leaf_hashes(d[:n]) for n in range(14)]
    for size1 in range(1, 13):
        proof = consistency_proof(d, size1, 13)
        verify_consistency(size1, 13, roots[size1], roots[13], proof)
        for bit in range(HASH_SIZE * 8):
            with pytest.raises(ProofError):
                verify_consistency(size1, 13, flip(roots[size1], bit), roots[13], proof)
            with pytest.raises(ProofError):
                verify_consistency(size1, 13, roots[size1], flip(roots[13], bit), proof)
            for i in range(len(proof)):
                bad = [*proof[:i], flip(proof[i], bit), *proof[i + 1 :]]
                with pytest.raises(ProofError):
                    verify_consistency(size1, 13, roots[size1], roots[13], bad)


def test_verify_consistency_rules_for_degenerate_sizes() -> None:
    r = leaf_hash(b"a")
    verify_consistency(1, 1, r, r, [])  # equal sizes: empty proof and equal roots
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 1, EMPTY_ROOT, r, [])
    with pytest.raises(ProofError, match="greater"):
        verify_consistency(2, 1, r, r, [])
    with pytest.raises(ProofError, match="empty proof"):
        verify_consistency(1, 1, r, r, [r])
    with pytest.raises(ProofError, match="different roots"):
        verify_consistency(1, 1, r, EMPTY_ROOT, [])
    with pytest.raises(ProofError, match="empty"):
        verify_consistency(1, 2, r, r, [])


def test_verify_inclusion_says_why_a_proof_does_not_fit_the_tree() -> None:
    d = hashes_of(5)
    root = root_from_leaf_hashes(d)
    proof = inclusion_proof(d, 1, 5)
    with pytest.raises(ProofError, match="outside"):
        verify_inclusion(d[1], 5, 5, proof, root)
    with pytest.raises(ProofError, match="longer"):
        verify_inclusion(d[1], 1, 5, [*proof, root], root)
    with pytest.raises(ProofError, match="shorter"):
        verify_inclusion(d[1], 1, 5, proof[:-1], root)
    with pytest.raises(ProofError, match="32 bytes"):
        verify_inclusion(d[1][:31], 1, 5, proof, root)
    with pytest.raises(ProofError, match="different root"):
        verify_inclusion(d[2], 1, 5, proof, root)


def test_proof_error_is_a_value_error() -> None:
    assert issubclass(ProofError, ValueError)


# --- the published vectors (transparency-dev/merkle testdata) ---


@pytest.mark.parametrize("path", vector_cases("inclusion"))
def test_published_inclusion_vector(path: Path) -> None:
    case = json.loads(path.read_text())
    args = (
        b64(case["leafHash"]),
        case["leafIdx"],
        case["treeSize"],
        b64_list(case["proof"]),
        b64(case["root"]),
    )
    if case["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize("path", vector_cases("consistency"))
def test_published_consistency_vector(path: Path) -> None:
    case = json.loads(path.read_text())
    args = (
        case["size1"],
        case["size2"],
        b64(case["root1"]),
        b64(case["root2"]),
        b64_list(case["proof"]),
    )
    if case["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


@needs_vectors
def test_published_vectors_are_all_there() -> None:
    assert len(list((VECTORS / "inclusion").rglob("*.json"))) >= 90
    assert len(list((VECTORS / "consistency").rglob("*.json"))) >= 90


def test_reference_tree_roots_for_every_size() -> None:
    leaves, roots = reference_tree()
    assert len(leaves) == 8
    assert len(roots) == 9
    tree = CompactRange()
    for n in range(9):
        assert root_from_leaf_hashes(leaves[:n]) == roots[n]
        assert tree.root() == roots[n]
        if n < 8:
            tree.append(leaves[n])


def test_reference_tree_proofs_verify_against_published_roots() -> None:
    leaves, roots = reference_tree()
    for size in range(1, 9):
        for index in range(size):
            proof = inclusion_proof(leaves, index, size)
            verify_inclusion(leaves[index], index, size, proof, roots[size])
        for size1 in range(1, size + 1):
            proof = consistency_proof(leaves, size1, size)
            verify_consistency(size1, size, roots[size1], roots[size], proof)


@needs_vectors
def test_published_happy_path_proofs_are_the_ones_we_generate() -> None:
    leaves, roots = reference_tree()
    checked = 0
    for path in sorted(VECTORS.glob("inclusion/*/happy-path.json")):
        case = json.loads(path.read_text())
        size, index = case["treeSize"], case["leafIdx"]
        if size <= 8 and b64(case["root"]) == roots[size]:
            assert inclusion_proof(leaves, index, size) == b64_list(case["proof"]), path
            checked += 1
    for path in sorted(VECTORS.glob("consistency/*/happy-path.json")):
        case = json.loads(path.read_text())
        size1, size2 = case["size1"], case["size2"]
        if size2 <= 8 and b64(case["root2"]) == roots[size2]:
            assert consistency_proof(leaves, size1, size2) == b64_list(case["proof"]), path
            checked += 1
    assert checked >= 8


# --- the compact range ---


def test_compact_range_keeps_one_node_per_set_bit_of_size() -> None:
    d = hashes_of(13)  # 13 = 8 + 4 + 1
    tree = CompactRange()
    for h in d:
        tree.append(h)
    assert tree.size == 13
    assert tree.nodes == (rfc_mth(d[0:8]), rfc_mth(d[8:12]), d[12])
    assert tree.root() == rfc_mth(d)


def test_compact_range_from_hex_rejects_what_does_not_fit() -> None:
    h = leaf_hash(b"a").hex()
    with pytest.raises(ValueError):
        CompactRange.from_hex(3, [h])  # 3 = 0b11 needs two nodes
    with pytest.raises(ValueError):
        CompactRange.from_hex(1, ["zz" * 32])
    with pytest.raises(ValueError):
        CompactRange.from_hex(1, ["ab" * 31])
    with pytest.raises(ValueError):
        CompactRange.from_hex(-1, [])
    with pytest.raises(ValueError):
        CompactRange().append(b"short")


# --- random trees (hypothesis) ---


def numbered(n: int, salt: bytes) -> list[bytes]:
    return [salt + i.to_bytes(2, "big") for i in range(n)]


# Free-form lists (small, with repeats) and salted numbered lists (sizes spread over 0..200).
leaf_data = st.one_of(
    st.lists(st.binary(max_size=12), max_size=200),
    st.builds(numbered, st.integers(0, 200), st.binary(max_size=8)),
)
distinct_leaf_data = st.one_of(
    st.lists(st.binary(max_size=12), min_size=1, max_size=200, unique=True),
    st.builds(numbered, st.integers(1, 200), st.binary(max_size=8)),
)
bits = st.integers(0, HASH_SIZE * 8 - 1)


@given(leaf_data)
def test_compact_range_root_equals_full_root_for_every_prefix(data: list[bytes]) -> None:
    d = [leaf_hash(x) for x in data]
    tree = CompactRange()
    assert tree.root() == EMPTY_ROOT
    for n, h in enumerate(d, start=1):
        tree.append(h)
        assert tree.size == n
        assert len(tree.nodes) == n.bit_count()
        assert tree.root() == root_from_leaf_hashes(d[:n])


@given(leaf_data, st.data())
def test_compact_range_hex_round_trip(data: list[bytes], pick: st.DataObject) -> None:
    d = [leaf_hash(x) for x in data]
    cut = pick.draw(st.integers(0, len(d)), label="cut")
    tree = CompactRange()
    for h in d[:cut]:
        tree.append(h)
    restored = CompactRange.from_hex(tree.size, tree.to_hex())
    assert restored.size == tree.size
    assert restored.nodes == tree.nodes
    assert restored.root() == tree.root()
    for h in d[cut:]:  # a restored range goes on exactly as the original would
        restored.append(h)
    assert restored.root() == root_from_leaf_hashes(d)


@given(distinct_leaf_data, st.data())
def test_inclusion_proof_verifies_and_breaks_when_tampered(
    data: list[bytes], pick: st.DataObject
) -> None:
    d = [leaf_hash(x) for x in data]
    size = pick.draw(st.integers(1, len(d)), label="size")
    index = pick.draw(st.integers(0, size - 1), label="index")
    root = root_from_leaf_hashes(d[:size])
    proof = inclusion_proof(d, index, size)
    verify_inclusion(d[index], index, size, proof, root)

    with pytest.raises(ProofError):
        verify_inclusion(flip(d[index], pick.draw(bits)), index, size, proof, root)
    with pytest.raises(ProofError):
        verify_inclusion(d[index], index, size, proof, flip(root, pick.draw(bits)))
    for i in range(len(proof)):
        bad = [*proof[:i], flip(proof[i], pick.draw(bits)), *proof[i + 1 :]]
        with pytest.raises(ProofError):
            verify_inclusion(d[index], index, size, bad, root)
    other = pick.draw(st.integers(-1, size).filter(lambda i: i != index), label="other index")
    with pytest.raises(ProofError):
        verify_inclusion(d[index], other, size, proof, root)
    with pytest.raises(ProofError):
        verify_inclusion(d[index], index, size, [*proof, root], root)
    if proof:
        with pytest.raises(ProofError):
            verify_inclusion(d[index], index, size, proof[:-1], root)


@given(leaf_data.filter(bool), st.data())
def test_consistency_proof_verifies_and_breaks_when_tampered(
    data: list[bytes], pick: st.DataObject
) -> None:
    d = [leaf_hash(x) for x in data]
    size2 = pick.draw(st.integers(1, len(d)), label="size2")
    size1 = pick.draw(st.integers(1, size2), label="size1")
    root1, root2 = root_from_leaf_hashes(d[:size1]), root_from_leaf_hashes(d[:size2])
    proof = consistency_proof(d, size1, size2)
    verify_consistency(size1, size2, root1, root2, proof)

    with pytest.raises(ProofError):
        verify_consistency(size1, size2, flip(root1, pick.draw(bits)), root2, proof)
    with pytest.raises(ProofError):
        verify_consistency(size1, size2, root1, flip(root2, pick.draw(bits)), proof)
    for i in range(len(proof)):
        bad = [*proof[:i], flip(proof[i], pick.draw(bits)), *proof[i + 1 :]]
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, root1, root2, bad)
    with pytest.raises(ProofError):
        verify_consistency(size1, size2, root1, root2, [*proof, root1])
    if proof:
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, root1, root2, proof[:-1])


# --- big trees: iterative, no recursion limits ---


def test_a_tree_of_100_000_leaves() -> None:
    n = 100_000
    d = hashes_of(n)
    root = root_from_leaf_hashes(d)
    tree = CompactRange()
    for h in d:
        tree.append(h)
    assert tree.root() == root

    index = 77_777
    verify_inclusion(d[index], index, n, inclusion_proof(d, index, n), root)

    old = 65_537
    old_root = root_from_leaf_hashes(d[:old])
    verify_consistency(old, n, old_root, root, consistency_proof(d, old, n))
