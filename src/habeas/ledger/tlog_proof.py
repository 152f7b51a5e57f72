"""C2SP tlog-proof (https://c2sp.org/tlog-proof): one entry's offline proof.

    c2sp.org/tlog-proof@v1
    extra <base64 opaque data>          (optional)
    index <zero-based entry index>
    <base64 inclusion-path hash>        (zero or more, leaf's sibling first)

    <the signed checkpoint, verbatim, with its cosignatures>

habeas puts the entry's canonical bytes in `extra`, so the proof carries what it proves: the
leaf is SHA-256(0x00 || extra). The extra data is not trusted by itself: it counts only
because its leaf hash is proved to be in the signed tree. Standard library only (the
Ed25519 check is in the verifiers passed in).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass

from habeas.ledger.checkpoint import Checkpoint, parse_checkpoint
from habeas.ledger.merkle import HASH_SIZE, ProofError, leaf_hash, verify_inclusion
from habeas.ledger.note import NoteError, OpenedNote, Verifier, b64decode, open_note

__all__ = ["HEADER", "CheckedProof", "TlogProof", "decode_proof", "verify_proof"]

HEADER = "c2sp.org/tlog-proof@v1"


@dataclass(frozen=True)
class TlogProof:
    """An entry's index, its inclusion path, the signed checkpoint, and optional extra data."""

    index: int
    path: tuple[bytes, ...]
    checkpoint: bytes
    extra: bytes | None = None

    def encode(self) -> bytes:
        """The proof file's bytes."""
        lines = [HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode("ascii"))
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(h).decode("ascii") for h in self.path)
        return ("\n".join(lines) + "\n\n").encode("ascii") + self.checkpoint


def _index(line: str) -> int:
    value = line.removeprefix("index ")
    if line == value or not value.isascii() or not value.isdigit():
        raise NoteError(f"tlog-proof line {line!r} should be 'index N'")
    if value != "0" and value.startswith("0"):
        raise NoteError("a tlog-proof index has no leading zeroes")
    return int(value)


def decode_proof(data: bytes) -> TlogProof:
    """Read a proof file; `NoteError` naming what is malformed (nothing is verified here)."""
    head, sep, checkpoint = data.partition(b"\n\n")
    if not sep:
        raise NoteError("a tlog-proof needs a blank line before its checkpoint")
    try:
        lines = head.decode("ascii").split("\n")
    except UnicodeDecodeError as e:
        raise NoteError("a tlog-proof's header lines must be ASCII") from e
    if lines[0] != HEADER:
        raise NoteError(f"a tlog-proof starts with {HEADER!r}")
    rest = lines[1:]
    extra = None
    if rest and rest[0].startswith("extra "):
        extra = b64decode(rest.pop(0).removeprefix("extra "), "the proof's extra data")
    if not rest:
        raise NoteError("a tlog-proof needs an 'index N' line")
    index = _index(rest[0])
    path = []
    for n, line in enumerate(rest[1:], start=1):
        h = b64decode(line, f"inclusion-path hash {n}")
        if len(h) != HASH_SIZE:
            raise NoteError(f"inclusion-path hash {n} is {len(h)} bytes, not {HASH_SIZE}")
        path.append(h)
    return TlogProof(index, tuple(path), checkpoint, extra)


@dataclass(frozen=True)
class CheckedProof:
    """What a verified proof proves: the checkpoint, its verified signatures, the leaf."""

    proof: TlogProof
    checkpoint: Checkpoint
    note: OpenedNote
    leaf_hash: bytes


def verify_proof(
    data: bytes,
    verifiers: Iterable[Verifier],
    *,
    origin: str | None = None,
    leaf: bytes | None = None,
) -> CheckedProof:
    """Check a proof file: the checkpoint's signatures (by the known `verifiers`), its
    origin (when given), and the inclusion of the leaf in the checkpoint's tree.

    The leaf is `leaf` when given, else SHA-256(0x00 || extra). `NoteError` for a bad
    format or signature, `ProofError` for a path that does not lead to the root."""
    proof = decode_proof(data)
    opened = open_note(proof.checkpoint, verifiers)
    checkpoint = parse_checkpoint(opened.text)
    if origin is not None and checkpoint.origin != origin:
        raise NoteError(f"the checkpoint is of log {checkpoint.origin!r}, not {origin!r}")
    if leaf is None:
        if proof.extra is None:
            raise ProofError("the proof carries no entry (no extra line) and no leaf was given")
        leaf = leaf_hash(proof.extra)
    verify_inclusion(leaf, proof.index, checkpoint.size, proof.path, checkpoint.root)
    return CheckedProof(proof, checkpoint, opened, leaf)
