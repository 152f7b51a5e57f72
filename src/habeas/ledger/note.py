"""C2SP signed notes (https://c2sp.org/signed-note): text signed by one or more keys.

A signed note is its text (UTF-8, ending in a newline, no control characters but newline),
a blank line, then one signature line per key:

    — <key name> base64(32-bit key ID || signature)

The key ID is the first four bytes, big-endian, of SHA-256(key name || 0x0A || signature
type || public key); type 0x01 is Ed25519 over the text, type 0x04 a timestamped witness
cosignature (c2sp.org/tlog-cosignature, see `habeas.ledger.cosignature`). A public key is
written as a *vkey*, `name+hex(key ID)+base64(type || public key)`, exactly as
golang.org/x/mod/sumdb/note reads it.

This module parses, assembles and checks notes with the standard library only: the
signature arithmetic itself is pluggable (a `Verifier` or `Signer` is given, or an
`Ed25519Verify` function), so an offline checker can bring its own Ed25519 (habeas uses the
`cryptography` package, in `habeas.ledger_keys`). Every malformed note raises `NoteError`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

__all__ = [
    "ALG_COSIGNATURE_V1",
    "ALG_ED25519",
    "MAX_SIGNATURES",
    "Ed25519KeyVerifier",
    "Ed25519NoteVerifier",
    "Ed25519Verify",
    "Note",
    "NoteError",
    "OpenedNote",
    "Signature",
    "Signer",
    "Verifier",
    "VerifierKey",
    "b64decode",
    "check_key_name",
    "key_id",
    "open_note",
    "parse_note",
    "parse_vkey",
    "sign_note",
]

ALG_ED25519 = 0x01
"""Signature type of an Ed25519 signature over the note text."""
ALG_COSIGNATURE_V1 = 0x04
"""Signature type of a timestamped Ed25519 witness cosignature (c2sp.org/tlog-cosignature)."""
MAX_SIGNATURES = 100
"""More signature lines than this make the note malformed (the spec asks for at least 16)."""
DASH = "\u2014 "  # em dash and a space: the start of every signature line

Ed25519Verify = Callable[[bytes, bytes, bytes], bool]
"""`verify(public_key, message, signature) -> bool`: an Ed25519 check brought from outside."""


class NoteError(ValueError):
    """A note, a signature line or a vkey is malformed, or a signature does not verify."""


def b64decode(text: str, what: str) -> bytes:
    """Strict standard base64 (RFC 4648 section 4); `NoteError` naming `what` otherwise."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as e:
        raise NoteError(f"{what} is not valid base64") from e
    if base64.b64encode(raw).decode("ascii") != text:
        raise NoteError(f"{what} is not canonical base64")
    return raw


def check_key_name(name: str) -> None:
    """Key names are non-empty, without Unicode spaces, plus signs or control characters."""
    if not name:
        raise NoteError("a key name must not be empty")
    bad = [c for c in name if c == "+" or c.isspace() or ord(c) < 0x20]
    if bad:
        raise NoteError(f"key name {name!r} contains {bad[0]!r} (no spaces or plus signs)")


def key_id(name: str, alg: int, public_key: bytes) -> int:
    """SHA-256(name || 0x0A || alg || public key)[:4], big-endian: the key ID of a key."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([alg]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


@dataclass(frozen=True)
class VerifierKey:
    """A public key as a signed note names it: key name, signature type, key bytes."""

    name: str
    alg: int
    public_key: bytes

    @property
    def key_id(self) -> int:
        """The key ID computed from name, type and key (signed-note's recommendation)."""
        return key_id(self.name, self.alg, self.public_key)

    def encode(self) -> str:
        """`name+hex(key ID)+base64(type || public key)`, the vkey string."""
        material = base64.b64encode(bytes([self.alg]) + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id:08x}+{material}"

    def with_alg(self, alg: int) -> VerifierKey:
        """The same key and name under another signature type (a cosigner's vkey)."""
        return VerifierKey(self.name, alg, self.public_key)


def parse_vkey(vkey: str) -> VerifierKey:
    """Read a vkey string; `NoteError` when it is malformed or its key ID does not match.

    Only Ed25519 (0x01) and cosignature/v1 (0x04) keys, 32 bytes, are accepted."""
    parts = vkey.split("+", 2)
    if len(parts) != 3:
        raise NoteError("a vkey is name+keyid+key, three parts separated by '+'")
    name, hex_id, material = parts
    check_key_name(name)
    if len(hex_id) != 8 or any(c not in "0123456789abcdef" for c in hex_id):
        raise NoteError("a vkey's key ID is 8 lower-case hex digits")
    raw = b64decode(material, "the vkey's key")
    if len(raw) != 33 or raw[0] not in (ALG_ED25519, ALG_COSIGNATURE_V1):
        raise NoteError("a vkey must hold a 32-byte Ed25519 key of type 0x01 or 0x04")
    key = VerifierKey(name, raw[0], raw[1:])
    if key.key_id != int(hex_id, 16):
        raise NoteError(f"the vkey's key ID {hex_id} does not match its name and key")
    return key


@dataclass(frozen=True)
class Signature:
    """One signature line: the key's name and ID, and the signature bytes after the ID."""

    name: str
    key_id: int
    signature: bytes

    def line(self) -> str:
        """The line as written in the note, with its final newline."""
        blob = self.key_id.to_bytes(4, "big") + self.signature
        return f"{DASH}{self.name} {base64.b64encode(blob).decode('ascii')}\n"


@dataclass(frozen=True)
class Note:
    """A note's text (ending in a newline) and its signature lines, in order."""

    text: str
    signatures: tuple[Signature, ...] = ()

    def encode(self) -> bytes:
        """The signed note's bytes: text, blank line, signature lines."""
        return (self.text + "\n" + "".join(s.line() for s in self.signatures)).encode("utf-8")


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("a note's text must end in a newline")
    for c in text:
        if ord(c) < 0x20 and c != "\n":
            raise NoteError(f"a note must not contain the control character {c!r}")


def _parse_signature(line: str) -> Signature:
    if not line.startswith(DASH):
        raise NoteError(f"signature line {line!r} does not start with an em dash and a space")
    rest = line[len(DASH) :]
    name, sep, blob = rest.partition(" ")
    if not sep or " " in blob:
        raise NoteError(f"signature line {line!r} is not '— name signature'")
    check_key_name(name)
    raw = b64decode(blob, f"the signature of {name}")
    if len(raw) < 5:
        raise NoteError(f"the signature of {name} is too short")
    return Signature(name, int.from_bytes(raw[:4], "big"), raw[4:])


def parse_note(data: bytes) -> Note:
    """Split a signed note into its text and signature lines, checking the format only."""
    try:
        whole = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise NoteError("a note must be UTF-8") from e
    if not whole.endswith("\n"):
        raise NoteError("a note must end in a newline")
    for c in whole:
        if ord(c) < 0x20 and c != "\n":
            raise NoteError(f"a note must not contain the control character {c!r}")
    split = whole.rfind("\n\n")
    if split < 0:
        raise NoteError("a note needs a blank line between its text and its signatures")
    text, sig_block = whole[: split + 1], whole[split + 2 :]
    lines = sig_block.split("\n")[:-1]
    if not lines:
        raise NoteError("a note needs at least one signature line")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"a note may carry at most {MAX_SIGNATURES} signatures")
    return Note(text, tuple(_parse_signature(line) for line in lines))


class Verifier(Protocol):
    """Checks the signatures of one key (name and key ID)."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> int: ...

    def verify(self, text: bytes, signature: bytes) -> bool:
        """Whether `signature` (the bytes after the key ID) signs the note `text`."""
        ...


class Signer(Protocol):
    """Signs note texts with one key (name and key ID)."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> int: ...

    def sign(self, text: bytes) -> bytes:
        """The signature of the note `text` (without the key ID)."""
        ...


@dataclass(frozen=True)
class Ed25519KeyVerifier:
    """A key of one signature type (`ALG`) whose Ed25519 check is the given `verify_fn`:
    what note and cosignature verifiers share. Subclasses say how a signature is checked."""

    ALG: ClassVar[int]
    KIND: ClassVar[str]
    """What the key is, for the error when it has another type: "an Ed25519 note key"."""

    key: VerifierKey
    verify_fn: Ed25519Verify

    def __post_init__(self) -> None:
        if self.key.alg != self.ALG:
            raise NoteError(f"key {self.key.name} is not {self.KIND} (type 0x{self.ALG:02x})")

    @property
    def name(self) -> str:
        return self.key.name

    @property
    def key_id(self) -> int:
        return self.key.key_id


@dataclass(frozen=True)
class Ed25519NoteVerifier(Ed25519KeyVerifier):
    """A type-0x01 key: Ed25519 over the note text, checked by the given `verify_fn`."""

    ALG: ClassVar[int] = ALG_ED25519
    KIND: ClassVar[str] = "an Ed25519 note key"

    def verify(self, text: bytes, signature: bytes) -> bool:
        return len(signature) == 64 and self.verify_fn(self.key.public_key, text, signature)


@dataclass(frozen=True)
class OpenedNote:
    """A note whose signatures were checked: those from known keys that verified, and the
    lines of unknown keys (kept, unchecked, as the spec requires)."""

    note: Note
    verified: tuple[Signature, ...]
    unverified: tuple[Signature, ...]

    @property
    def text(self) -> str:
        """The note's text (trust it only because `verified` is not empty)."""
        return self.note.text


def open_note(data: bytes, verifiers: Iterable[Verifier]) -> OpenedNote:
    """Parse a signed note and check every signature from a known key.

    A known key is one whose name AND key ID both match a verifier; other lines are
    ignored (listed as unverified). A failing signature of a known key, or no verified
    signature at all, raises `NoteError` naming the key."""
    note = parse_note(data)
    known: dict[tuple[str, int], list[Verifier]] = {}
    for v in verifiers:
        known.setdefault((v.name, v.key_id), []).append(v)
    text = note.text.encode("utf-8")
    verified: list[Signature] = []
    unverified: list[Signature] = []
    for sig in note.signatures:
        matches = known.get((sig.name, sig.key_id))
        if not matches:
            if sig not in unverified:
                unverified.append(sig)
            continue
        if len(matches) > 1:
            raise NoteError(f"ambiguous key {sig.name}+{sig.key_id:08x}")
        if not matches[0].verify(text, sig.signature):
            raise NoteError(f"invalid signature for key {sig.name}+{sig.key_id:08x}")
        if sig not in verified:
            verified.append(sig)
    if not verified:
        names = ", ".join(f"{s.name}+{s.key_id:08x}" for s in note.signatures)
        raise NoteError(f"the note has no signature from a trusted key (it is signed by {names})")
    return OpenedNote(note, tuple(verified), tuple(unverified))


def sign_note(text: str, signers: Sequence[Signer], keep: Iterable[Signature] = ()) -> bytes:
    """The signed note of `text` by every signer, after the lines in `keep` (a signer's
    own earlier line, same name and key ID, is replaced)."""
    _check_text(text)
    if not signers:
        raise NoteError("signing needs at least one key")
    mine = {(s.name, s.key_id) for s in signers}
    lines = [s for s in keep if (s.name, s.key_id) not in mine]
    for signer in signers:
        check_key_name(signer.name)
        lines.append(Signature(signer.name, signer.key_id, signer.sign(text.encode("utf-8"))))
    return Note(text, tuple(lines)).encode()
