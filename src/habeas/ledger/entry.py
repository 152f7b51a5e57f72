"""One entry of the log, and the bytes its leaf hash commits to.

An entry says one thing happened to one record: it was asserted (first version), corrected
(a new version that supersedes an earlier entry, with a reason), or retracted (with a reason).
Later kinds (audit, checkpoint) use the same envelope.

The leaf of entry *n* is SHA-256(0x00 || canonical bytes), where the canonical bytes include
the entry's position, its recorded time and a random 128-bit salt. The position makes a moved
entry fail verification; the salt means a published tree root reveals nothing about the
people in the log (nobody can confirm a guessed entry from the root alone).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from habeas.ledger.canonical import canonical_bytes
from habeas.ledger.merkle import leaf_hash

__all__ = ["ENTRY_FORMAT", "Entry", "Op", "decode_entry", "format_recorded_at", "new_salt"]

ENTRY_FORMAT = 1
Op = Literal["assert", "correct", "retract", "audit"]
OPS: tuple[str, ...] = ("assert", "correct", "retract", "audit")


def new_salt() -> str:
    """A fresh random salt, 16 bytes as hex."""
    return secrets.token_hex(16)


def format_recorded_at(value: datetime) -> str:
    """Recorded times are stored as UTC with microseconds: 2025-04-14T18:02:03.000123Z."""
    if value.tzinfo is None:
        raise ValueError("recorded time must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Entry:
    """One entry in the log."""

    position: int
    op: Op
    record_type: str
    record_key: str
    version: int
    recorded_at: str
    recorded_by: str
    salt: str
    record: dict[str, Any] | None = None
    supersedes: int | None = None
    reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """The entry as canonical JSON data."""
        out: dict[str, Any] = {
            "format": ENTRY_FORMAT,
            "position": self.position,
            "op": self.op,
            "type": self.record_type,
            "key": self.record_key,
            "version": self.version,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
            "salt": self.salt,
            "record": self.record,
            "supersedes": self.supersedes,
            "reason": self.reason,
        }
        if self.extra:
            out["extra"] = self.extra
        return out

    def canonical(self) -> bytes:
        """The bytes the leaf hash commits to."""
        return canonical_bytes(self.body())

    def leaf_hash(self) -> bytes:
        """SHA-256(0x00 || canonical bytes)."""
        return leaf_hash(self.canonical())


def decode_entry(data: bytes | str) -> Entry:
    """Read an entry back from its canonical bytes; ValueError if they are not an entry."""
    obj = json.loads(data)
    if not isinstance(obj, dict) or obj.get("format") != ENTRY_FORMAT:
        raise ValueError("not a habeas log entry (format 1)")
    try:
        op = obj["op"]
        if op not in OPS:
            raise ValueError(f"unknown op {op!r}")
        return Entry(
            position=int(obj["position"]),
            op=op,
            record_type=str(obj["type"]),
            record_key=str(obj["key"]),
            version=int(obj["version"]),
            recorded_at=str(obj["recorded_at"]),
            recorded_by=str(obj["recorded_by"]),
            salt=str(obj["salt"]),
            record=obj["record"],
            supersedes=obj["supersedes"],
            reason=obj["reason"],
            extra=obj.get("extra") or {},
        )
    except KeyError as e:
        raise ValueError(f"entry lacks field {e.args[0]!r}") from e
