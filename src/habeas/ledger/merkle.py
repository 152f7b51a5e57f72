"""The RFC 6962 Merkle tree over the log's entries, and its proofs.

Every entry of the log is a leaf of one binary hash tree; the tree's root is a single 32-byte
fingerprint of the whole log. Hashing follows RFC 6962 section 2.1: a leaf is
SHA-256(0x00 || data), an inner node is SHA-256(0x01 || left || right), and the root of the
empty tree is SHA-256 of nothing. (The 0x00/0x01 prefixes keep a leaf from ever passing for a
node.) A tree of n > 1 leaves splits at k, the largest power of two smaller than n: the left
subtree holds leaves [0, k) and the right [k, n).

Two kinds of proof, a short list of hashes each:

- an inclusion proof shows that one leaf is at a given index of the tree of a given size;
- a consistency proof shows that the tree of an older, smaller size is a prefix of a newer
  one, that is, that the log was only appended to and nothing in it was changed.

Proofs are generated as RFC 6962 section 2.1 defines them and verified with the algorithms of
RFC 9162 sections 2.1.3.2 and 2.1.4.2. A verifier needs only the hashes, never the entries.

`CompactRange` is the tree's right edge: one subtree root per set bit of the size. It is all a
writer has to keep to append leaves and compute the new root without rereading the log.

Everything here works on leaf hashes already computed (`leaf_hash`), is iterative (no
recursion, so a tree of millions of leaves is fine) and does no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "CompactRange",
    "ProofError",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root_from_leaf_hashes",
    "subtree_root",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A Merkle proof does not verify (the message says why)."""


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """Where a tree of n > 1 leaves splits: the largest power of two smaller than n."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_root(leaf_hashes: Sequence[bytes], start: int, end: int) -> bytes:
    """The root of the tree over leaves [start, end); `EMPTY_ROOT` when the range is empty.

    Computed level by level: hash neighbours in pairs, carry an odd last node up unchanged.
    That gives exactly RFC 6962's left-heavy tree, in O(end - start) time.
    """
    if not 0 <= start <= end <= len(leaf_hashes):
        raise ValueError(f"leaf range [{start}, {end}) is outside 0..{len(leaf_hashes)}")
    if start == end:
        return EMPTY_ROOT
    level = list(leaf_hashes[start:end])
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def root_from_leaf_hashes(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle tree hash (MTH) of all the given leaves, which are already hashed."""
    return subtree_root(leaf_hashes, 0, len(leaf_hashes))


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]): the sibling hashes from the leaf up to the root."""
    if not 1 <= size <= len(leaf_hashes):
        raise ValueError(f"tree size {size} is outside 1..{len(leaf_hashes)}")
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside 0..{size - 1}")
    path: list[bytes] = []  # collected root-down, returned leaf-up
    start, end = 0, size
    while end - start > 1:
        mid = start + _split(end - start)
        if index < mid:
            path.append(subtree_root(leaf_hashes, mid, end))
            end = mid
        else:
            path.append(subtree_root(leaf_hashes, start, mid))
            start = mid
    path.reverse()
    return path


def consistency_proof(leaf_hashes: Sequence[bytes], size1: int, size2: int) -> list[bytes]:
    """PROOF(size1, D[0:size2]) of RFC 6962 section 2.1.2; empty when the sizes are equal."""
    if not 0 < size1 <= size2 <= len(leaf_hashes):
        raise ValueError(f"need 0 < size1 <= size2 <= {len(leaf_hashes)}, got {size1}, {size2}")
    proof: list[bytes] = []  # collected root-down, returned bottom-up
    start, end = 0, size2
    whole_old_tree = True  # still inside a subtree whose root the verifier already knows
    while end != size1:
        mid = start + _split(end - start)
        if size1 <= mid:
            proof.append(subtree_root(leaf_hashes, mid, end))
            end = mid
        else:
            proof.append(subtree_root(leaf_hashes, start, mid))
            start, whole_old_tree = mid, False
    if not whole_old_tree:
        proof.append(subtree_root(leaf_hashes, start, end))
    proof.reverse()
    return proof


def _check_hash_sizes(*hashes: bytes) -> None:
    for h in hashes:
        if len(h) != HASH_SIZE:
            raise ProofError(f"a hash must be {HASH_SIZE} bytes, got {len(h)}")


def _shift_while_even(fn: int, sn: int) -> tuple[int, int]:
    """Move both node numbers up while `fn` is a left child (its lowest bit is 0)."""
    while fn and not fn & 1:
        fn >>= 1
        sn >>= 1
    return fn, sn


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that `leaf_hash` is at `index` in the tree of `size` leaves whose root is `root`.

    Returns nothing when the proof holds; raises `ProofError` saying why when it does not.
    """
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    _check_hash_sizes(leaf_hash, root, *proof)
    fn, sn = index, size - 1  # this node's number and the last node's, on the current level
    r = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("the proof is longer than the tree is deep")
        if fn & 1 or fn == sn:  # p is a left sibling (or we are the level's last node)
            r = node_hash(p, r)
            fn, sn = _shift_while_even(fn, sn)
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the tree is deep")
    if r != root:
        raise ProofError("the proof leads to a different root")


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree of `size1` leaves (`root1`) is a prefix of that of `size2` (`root2`).

    Same rules as transparency-dev/merkle's VerifyConsistency: size1 must be at least 1 and
    at most size2; equal sizes need an empty proof and equal roots. Returns nothing when the
    proof holds; raises `ProofError` saying why when it does not.
    """
    if size1 > size2:
        raise ProofError(f"size1 {size1} is greater than size2 {size2}")
    if size1 < 1:
        raise ProofError("a consistency proof from an empty tree proves nothing")
    if size1 == size2:
        if proof:
            raise ProofError("trees of equal size need an empty proof")
        if root1 != root2:
            raise ProofError("trees of equal size have different roots")
        return
    if not proof:
        raise ProofError("the proof is empty")
    _check_hash_sizes(root1, root2, *proof)
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # the old tree is a perfect subtree: the proof omits its root
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:  # climb past the levels where the old tree's last node is a right child
        fn >>= 1
        sn >>= 1
    r1 = r2 = path[0]  # rebuilding the old root and the new root side by side
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the proof is longer than expected")
        if fn & 1 or fn == sn:
            r1 = node_hash(c, r1)
            r2 = node_hash(c, r2)
            fn, sn = _shift_while_even(fn, sn)
        else:
            r2 = node_hash(r2, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than expected")
    if r1 != root1:
        raise ProofError("the proof does not lead to the old root")
    if r2 != root2:
        raise ProofError("the proof does not lead to the new root")


class CompactRange:
    """The right edge ('frontier') of a tree: enough to append leaves and compute the root.

    Both take O(log n): the edge is one perfect-subtree root per set bit of the size.
    """

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()) -> None:
        if size < 0:
            raise ValueError(f"tree size cannot be negative, got {size}")
        expected = size.bit_count()
        if len(nodes) != expected:
            raise ValueError(f"a tree of {size} leaves has {expected} edge nodes, not {len(nodes)}")
        for node in nodes:
            if len(node) != HASH_SIZE:
                raise ValueError(f"an edge node must be {HASH_SIZE} bytes, got {len(node)}")
        self._size = size
        self._nodes = list(nodes)

    @property
    def size(self) -> int:
        """How many leaves the tree has."""
        return self._size

    @property
    def nodes(self) -> tuple[bytes, ...]:
        """Perfect-subtree roots, left to right (largest first), one per set bit of size."""
        return tuple(self._nodes)

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf (already hashed) at the right: merge equal-sized subtrees, like carries."""
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError(f"a leaf hash must be {HASH_SIZE} bytes, got {len(leaf_hash)}")
        node, size = leaf_hash, self._size
        while size & 1:
            node = node_hash(self._nodes.pop(), node)
            size >>= 1
        self._nodes.append(node)
        self._size += 1

    def root(self) -> bytes:
        """The root of the whole tree; `EMPTY_ROOT` when it has no leaves."""
        if not self._nodes:
            return EMPTY_ROOT
        r = self._nodes[-1]
        for node in reversed(self._nodes[:-1]):
            r = node_hash(node, r)
        return r

    def to_hex(self) -> list[str]:
        """The edge nodes as hex strings, for storage next to the size."""
        return [node.hex() for node in self._nodes]

    @classmethod
    def from_hex(cls, size: int, nodes: Sequence[str]) -> CompactRange:
        """Rebuild from a size and its `to_hex()` nodes; `ValueError` if they do not fit."""
        return cls(size, [bytes.fromhex(node) for node in nodes])
