"""The log's Ed25519 signing key: made, kept in a file, used to sign notes and cosign.

The key lives in ONE file (HABEAS_SIGNING_KEY, mode 0600), never in the database or an
export. Its text is golang.org/x/mod/sumdb/note's signer key,

    PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || 32-byte Ed25519 seed)

so the Go reference implementation (`note.NewSigner`) reads it as it is. The key's name is
the log's origin. The same key cosigns other logs' checkpoints as a witness, under signature
type 0x04 (c2sp.org/tlog-cosignature), so its two vkeys differ in type and key ID.

This module and `habeas.ledger_crypto` (verification, `ed25519_verify` and `verifier_for`,
re-exported here) are the only ones that import `cryptography`; `habeas.ledger` stays
standard library only and takes `ed25519_verify` as a plain function.
"""

from __future__ import annotations

import base64
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from habeas.domain.errors import HabeasError
from habeas.ledger.cosignature import cosigned_message
from habeas.ledger.note import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    NoteError,
    Signature,
    VerifierKey,
    b64decode,
    check_key_name,
    key_id,
)
from habeas.ledger_crypto import ed25519_verify, verifier_for

__all__ = [
    "KeyFileError",
    "LogSigner",
    "create_key_file",
    "ed25519_verify",
    "load_key_file",
    "parse_signer_key",
    "verifier_for",
]

PREFIX = "PRIVATE+KEY+"


class KeyFileError(HabeasError):
    """The signing key file is missing, unreadable, too open, or not a signer key."""


@dataclass(frozen=True)
class LogSigner:
    """The log's key: signs checkpoint notes (type 0x01) and cosigns others' (type 0x04)."""

    name: str
    seed: bytes

    def __post_init__(self) -> None:
        check_key_name(self.name)
        if len(self.seed) != 32:
            raise NoteError("an Ed25519 seed is 32 bytes")

    @property
    def _private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public_key(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        return self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> int:
        """The note key ID (type 0x01)."""
        return key_id(self.name, ALG_ED25519, self.public_key)

    @property
    def vkey(self) -> VerifierKey:
        """The public key that checks this log's checkpoints."""
        return VerifierKey(self.name, ALG_ED25519, self.public_key)

    @property
    def cosigner_vkey(self) -> VerifierKey:
        """The public key that checks this instance's cosignatures of other logs."""
        return VerifierKey(self.name, ALG_COSIGNATURE_V1, self.public_key)

    def sign(self, text: bytes) -> bytes:
        """Ed25519 over the note text."""
        return self._private.sign(text)

    def cosign(self, checkpoint_text: str, timestamp: int) -> Signature:
        """A cosignature/v1 line for another log's checkpoint text, dated `timestamp`."""
        sig = self._private.sign(cosigned_message(checkpoint_text, timestamp))
        return Signature(self.name, self.cosigner_vkey.key_id, timestamp.to_bytes(8, "big") + sig)

    def public(self) -> dict[str, str]:
        """What may be shown of the key: its name, ID and its two public vkeys."""
        return {
            "name": self.name,
            "key_id": f"{self.key_id:08x}",
            "vkey": self.vkey.encode(),
            "cosigner_vkey": self.cosigner_vkey.encode(),
        }

    def encode(self) -> str:
        """The signer key text (Go's `note.NewSigner` format)."""
        material = base64.b64encode(bytes([ALG_ED25519]) + self.seed).decode("ascii")
        return f"{PREFIX}{self.name}+{self.key_id:08x}+{material}"


def parse_signer_key(text: str) -> LogSigner:
    """Read a signer key text; `NoteError` when it is malformed or its key ID is wrong."""
    if not text.startswith(PREFIX):
        raise NoteError(f"a signer key starts with {PREFIX!r}")
    parts = text[len(PREFIX) :].split("+", 2)
    if len(parts) != 3:
        raise NoteError("a signer key is PRIVATE+KEY+name+keyid+key")
    name, hex_id, material = parts
    raw = b64decode(material, "the signer key")
    if len(raw) != 33 or raw[0] != ALG_ED25519:
        raise NoteError("a signer key holds a 32-byte Ed25519 seed of type 0x01")
    signer = LogSigner(name, raw[1:])
    if hex_id != f"{signer.key_id:08x}":
        raise NoteError(f"the signer key's ID {hex_id} does not match its name and key")
    return signer


def create_key_file(path: Path, name: str) -> LogSigner:
    """Make a new key named `name` in `path` (mode 0600); refuses to overwrite a file."""
    signer = LogSigner(name, os.urandom(32))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        raise KeyFileError(f"{path} exists already: a signing key is never overwritten") from e
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(signer.encode() + "\n")
    os.chmod(path, 0o600)
    return signer


def load_key_file(path: Path) -> LogSigner:
    """The key in `path`; `KeyFileError` if missing, readable by others, or malformed."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError as e:
        raise KeyFileError(f"no signing key at {path}: run `habeas keys init`") from e
    except (OSError, UnicodeDecodeError) as e:
        raise KeyFileError(f"cannot read the signing key {path}: {e}") from e
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"{path} is readable by others (mode {mode & 0o777:o}): chmod 600 it")
    try:
        return parse_signer_key(text)
    except NoteError as e:
        raise KeyFileError(f"{path}: {e}") from e
