"""C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature): a witness's timestamped
Ed25519 cosignature of a checkpoint, signature type 0x04.

A cosignature is a note signature line whose signature is `timestamp (u64, big-endian) ||
Ed25519 signature` over the message

    cosignature/v1
    time <timestamp>
    <the whole checkpoint note text>

It states: as of that time, this is the largest tree the cosigner has seen of this log, and
the cosigner checked it is consistent with every earlier one it saw. Standard library only:
the Ed25519 check is passed in (`habeas.ledger.note.Ed25519Verify`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from habeas.ledger.note import ALG_COSIGNATURE_V1, Ed25519KeyVerifier, NoteError, Signature

__all__ = ["MAX_TIMESTAMP", "CosignatureVerifier", "cosigned_message", "split_cosignature"]

MAX_TIMESTAMP = 2**63 - 1


def cosigned_message(checkpoint_text: str, timestamp: int) -> bytes:
    """The bytes an Ed25519 cosigner signs for `checkpoint_text` at `timestamp`."""
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise NoteError(f"a cosignature timestamp must be 0..2^63-1, got {timestamp}")
    return f"cosignature/v1\ntime {timestamp}\n{checkpoint_text}".encode()


def split_cosignature(signature: bytes) -> tuple[int, bytes]:
    """(timestamp, Ed25519 signature) of a cosignature's bytes after the key ID."""
    if len(signature) != 8 + 64:
        raise NoteError(f"a cosignature is 72 bytes after the key ID, got {len(signature)}")
    timestamp = int.from_bytes(signature[:8], "big")
    if timestamp > MAX_TIMESTAMP:
        raise NoteError("a cosignature timestamp must not exceed 2^63-1")
    return timestamp, signature[8:]


@dataclass(frozen=True)
class CosignatureVerifier(Ed25519KeyVerifier):
    """A cosigner's key (type 0x04): checks its cosignatures of checkpoint notes."""

    ALG: ClassVar[int] = ALG_COSIGNATURE_V1
    KIND: ClassVar[str] = "a cosigner key"

    def verify(self, text: bytes, signature: bytes) -> bool:
        try:
            timestamp, sig = split_cosignature(signature)
            message = cosigned_message(text.decode("utf-8"), timestamp)
        except (NoteError, UnicodeDecodeError):
            return False
        return self.verify_fn(self.key.public_key, message, sig)

    def timestamp(self, line: Signature) -> int:
        """When a line of this cosigner says it cosigned."""
        return split_cosignature(line.signature)[0]
