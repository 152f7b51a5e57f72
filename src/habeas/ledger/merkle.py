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
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "CompactRange",
    "NodeId",
    "ProofError",
    "consistency_nodes",
    "consistency_proof",
    "consistency_ranges",
    "inclusion_nodes",
    "inclusion_proof",
    "inclusion_ranges",
    "leaf_hash",
    "node_hash",
    "nodes_for_ranges",
    "proof_from_nodes",
    "range_nodes",
    "range_root",
    "root_from_leaf_hashes",
    "subtree_root",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
NodeId = tuple[int, int]  # (level, index) of a perfect subtree
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


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges [start, end) whose subtree roots make PATH(index, D[0:size]), leaf-up.

    Every range starts at a multiple of a power of two at least its length, so each is the
    left-to-right run of perfect subtrees that `range_nodes` names.
    """
    if size < 1:
        raise ValueError(f"tree size {size} must be at least 1")
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside 0..{size - 1}")
    ranges: list[tuple[int, int]] = []  # collected root-down, returned leaf-up
    start, end = 0, size
    while end - start > 1:
        mid = start + _split(end - start)
        if index < mid:
            ranges.append((mid, end))
            end = mid
        else:
            ranges.append((start, mid))
            start = mid
    ranges.reverse()
    return ranges


def consistency_ranges(size1: int, size2: int) -> list[tuple[int, int]]:
    """The leaf ranges whose subtree roots make PROOF(size1, D[0:size2]), bottom-up."""
    if not 0 < size1 <= size2:
        raise ValueError(f"need 0 < size1 <= size2, got {size1}, {size2}")
    ranges: list[tuple[int, int]] = []  # collected root-down, returned bottom-up
    start, end = 0, size2
    whole_old_tree = True  # still inside a subtree whose root the verifier already knows
    while end != size1:
        mid = start + _split(end - start)
        if size1 <= mid:
            ranges.append((mid, end))
            end = mid
        else:
            ranges.append((start, mid))
            start, whole_old_tree = mid, False
    if not whole_old_tree:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]): the sibling hashes from the leaf up to the root."""
    if not 1 <= size <= len(leaf_hashes):
        raise ValueError(f"tree size {size} is outside 1..{len(leaf_hashes)}")
    return [subtree_root(leaf_hashes, s, e) for s, e in inclusion_ranges(index, size)]


def consistency_proof(leaf_hashes: Sequence[bytes], size1: int, size2: int) -> list[bytes]:
    """PROOF(size1, D[0:size2]) of RFC 6962 section 2.1.2; empty when the sizes are equal."""
    if not 0 < size1 <= size2 <= len(leaf_hashes):
        raise ValueError(f"need 0 < size1 <= size2 <= {len(leaf_hashes)}, got {size1}, {size2}")
    return [subtree_root(leaf_hashes, s, e) for s, e in consistency_ranges(size1, size2)]


# -- stored subtree roots ---------------------------------------------------------------
# A perfect subtree is named (level, index): the root of leaves [index * 2**level,
# (index + 1) * 2**level). Level 0 is a leaf hash. A writer stores each such root once it is
# complete (`CompactRange.append` returns them), so any proof needs O(log n) stored hashes.


def range_nodes(start: int, end: int) -> list[NodeId]:
    """The perfect subtrees (level, index) that make up leaves [start, end), left to right.

    The range must start at a multiple of a power of two at least its length (as every
    range of `inclusion_ranges`, `consistency_ranges` and [0, size) does): then it is one
    perfect subtree per set bit of its length, largest first, and its RFC 6962 root is those
    roots folded from the right.
    """
    length = end - start
    if start < 0 or length < 1:
        raise ValueError(f"leaf range [{start}, {end}) is empty or negative")
    if start % (1 << (length - 1).bit_length()):
        raise ValueError(f"leaf range [{start}, {end}) is not aligned to a subtree")
    nodes: list[NodeId] = []
    pos = start
    for level in range(length.bit_length() - 1, -1, -1):
        if length >> level & 1:
            nodes.append((level, pos >> level))
            pos += 1 << level
    return nodes


def nodes_for_ranges(ranges: Iterable[tuple[int, int]]) -> list[NodeId]:
    """Every stored node the given ranges need, each once, in a stable order."""
    return list(dict.fromkeys(node for s, e in ranges for node in range_nodes(s, e)))


def range_root(start: int, end: int, nodes: Mapping[NodeId, bytes]) -> bytes:
    """The RFC 6962 root of leaves [start, end) from the stored perfect-subtree roots."""
    parts = range_nodes(start, end)
    missing = [n for n in parts if n not in nodes]
    if missing:
        raise KeyError(missing[0])
    r = nodes[parts[-1]]
    for node in reversed(parts[:-1]):
        r = node_hash(nodes[node], r)
    return r


def proof_from_nodes(
    ranges: Sequence[tuple[int, int]], nodes: Mapping[NodeId, bytes]
) -> list[bytes]:
    """Assemble a proof (the roots of `ranges`, in order) from stored subtree roots."""
    return [range_root(s, e, nodes) for s, e in ranges]


def inclusion_nodes(index: int, size: int) -> list[NodeId]:
    """Which stored nodes an inclusion proof of `index` in a tree of `size` needs, with the
    leaf itself and the root's parts: O(log size) of them."""
    ranges = [(index, index + 1), *inclusion_ranges(index, size), (0, size)]
    return nodes_for_ranges(ranges)


def consistency_nodes(size1: int, size2: int) -> list[NodeId]:
    """Which stored nodes a consistency proof from `size1` to `size2` needs, with both
    roots' parts: O(log size2) of them."""
    ranges = [*consistency_ranges(size1, size2), (0, size1), (0, size2)]
    return nodes_for_ranges(ranges)


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

    def append(self, leaf_hash: bytes) -> list[tuple[int, int, bytes]]:
        """Add one leaf (already hashed) at the right: merge equal-sized subtrees, like carries.

        Returns the perfect subtrees this leaf completes, as (level, index, hash), level 1
        and up (the leaf itself is level 0 and not listed), lowest first.
        """
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError(f"a leaf hash must be {HASH_SIZE} bytes, got {len(leaf_hash)}")
        node, size, level = leaf_hash, self._size, 0
        completed: list[tuple[int, int, bytes]] = []
        while size & 1:
            node = node_hash(self._nodes.pop(), node)
            size >>= 1
            level += 1
            completed.append((level, self._size >> level, node))
        self._nodes.append(node)
        self._size += 1
        return completed

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
