"""One entry of the log, and the bytes its leaf hash commits to.

An entry says one thing happened to one record: it was asserted (first version), corrected
(a new version that supersedes an earlier entry, with a reason), or retracted (with a reason).
Audit entries use the same envelope.

The leaf of entry *n* is SHA-256(0x00 || canonical bytes), where the canonical bytes include
the entry's position, its recorded time and a random 128-bit salt. The position makes a moved
entry fail verification; the salt means a published tree root reveals nothing about the
people in the log (nobody can confirm a guessed entry from the root alone).

Two formats, both read and verified:

- format 1 (the first entries of older ledgers) holds the record itself in its bytes;
- format 2 (every new entry) holds, instead of the record, one digest per top-level field
  (`fields`), each over that field's salt, name and value (`habeas.ledger.commitments`).
  The values travel beside the entry as *disclosures*; some can be withheld and the rest,
  and the entry, still verify.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Literal

from habeas.ledger.canonical import canonical_bytes
from habeas.ledger.commitments import (
    Disclosure,
    PartialRecord,
    check_salts,
    commit_record,
    disclosures_text,
    open_record,
    parse_disclosures,
)
from habeas.ledger.merkle import leaf_hash

__all__ = [
    "ENTRY_FORMAT",
    "FORMATS",
    "Entry",
    "Op",
    "PartialEntry",
    "decode_entry",
    "decode_partial",
    "format_recorded_at",
    "new_salt",
]

ENTRY_FORMAT = 2  # the format new entries are written in
FORMATS = (1, 2)
Op = Literal["assert", "correct", "retract", "audit"]
OPS: tuple[str, ...] = ("assert", "correct", "retract", "audit")

DisclosuresIn = str | bytes | Iterable[Disclosure] | None


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
    """One entry in the log (format 1 or 2).

    In format 2, `field_salts` gives the salt of every top-level field of `record` (None
    when there is no record); in format 1 it is None and `salt` covers the whole entry.
    """

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
    format: int = ENTRY_FORMAT
    field_salts: dict[str, str] | None = None

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown entry format {self.format!r}")
        if self.format == 1 and self.field_salts is not None:
            raise ValueError("a format-1 entry has no per-field salts")
        if self.format == 2 and (self.record is None) != (self.field_salts is None):
            raise ValueError("a format-2 entry has per-field salts exactly when it has a record")
        if self.record is not None and self.field_salts is not None:
            check_salts(self.record, self.field_salts)

    @cached_property
    def _commitment(self) -> tuple[dict[str, str], list[Disclosure]] | None:
        # Computed once per entry (the writer asks for the bytes and the disclosures).
        if self.format != 2 or self.record is None or self.field_salts is None:
            return None
        return commit_record(self.record, self.field_salts)

    def disclosures(self) -> list[Disclosure]:
        """Format 2: one disclosure per field of the record, sorted by name ([] otherwise)."""
        return list(self._commitment[1]) if self._commitment else []

    def field_digests(self) -> dict[str, str] | None:
        """Format 2: field name -> digest of its disclosure (None without a record)."""
        return dict(self._commitment[0]) if self._commitment else None

    def body(self) -> dict[str, Any]:
        """The entry as canonical JSON data: the bytes the leaf commits to, as data."""
        out: dict[str, Any] = {
            "format": self.format,
            "position": self.position,
            "op": self.op,
            "type": self.record_type,
            "key": self.record_key,
            "version": self.version,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
            "salt": self.salt,
            "supersedes": self.supersedes,
            "reason": self.reason,
        }
        if self.format == 1:
            out["record"] = self.record
        else:
            out["fields"] = self.field_digests()
        if self.extra:
            out["extra"] = self.extra
        return out

    def canonical(self) -> bytes:
        """The bytes the leaf hash commits to (format 2: the envelope, never the values)."""
        return canonical_bytes(self.body())

    def leaf_hash(self) -> bytes:
        """SHA-256(0x00 || canonical bytes)."""
        return leaf_hash(self.canonical())

    def disclosures_text(self) -> str | None:
        """The disclosures as stored beside the entry; None for format 1 or no record."""
        if self.format != 2 or self.record is None:
            return None
        return disclosures_text(self.disclosures())


@dataclass(frozen=True)
class PartialEntry:
    """An entry whose record may be partly withheld: its envelope fields (`entry`, whose
    `record` is None unless the record is whole), the digests it commits to (`fields`; None
    for format 1 or no record), and what the given disclosures show of the record (None when
    the entry has no record)."""

    entry: Entry
    record: PartialRecord | None
    fields: dict[str, str] | None = None

    @property
    def complete(self) -> bool:
        """True when the whole record (if any) is disclosed."""
        return self.record is None or self.record.complete


def _as_disclosures(disclosures: DisclosuresIn) -> list[Disclosure]:
    if disclosures is None:
        return []
    if isinstance(disclosures, str | bytes):
        return parse_disclosures(disclosures)
    return list(disclosures)


def _header(obj: dict[str, Any]) -> dict[str, Any]:
    op = obj["op"]
    if op not in OPS:
        raise ValueError(f"unknown op {op!r}")
    extra = obj.get("extra") or {}
    if not isinstance(extra, dict):
        raise ValueError("an entry's extra must be a JSON object")
    return {
        "position": int(obj["position"]),
        "op": op,
        "record_type": str(obj["type"]),
        "record_key": str(obj["key"]),
        "version": int(obj["version"]),
        "recorded_at": str(obj["recorded_at"]),
        "recorded_by": str(obj["recorded_by"]),
        "salt": str(obj["salt"]),
        "supersedes": obj["supersedes"],
        "reason": obj["reason"],
        "extra": extra,
    }


def _load(data: bytes | str) -> dict[str, Any]:
    try:
        obj = json.loads(data)
    except ValueError as e:
        raise ValueError(f"not a habeas log entry: {e}") from e
    if not isinstance(obj, dict) or obj.get("format") not in FORMATS:
        raise ValueError("not a habeas log entry (format 1 or 2)")
    return obj


def decode_partial(data: bytes | str, disclosures: DisclosuresIn = None) -> PartialEntry:
    """Read an entry from its canonical bytes and whatever disclosures are given.

    Every given disclosure is checked against its digest (`DisclosureError` names the field
    that does not match, or is not in the entry); fields without a disclosure are reported
    as withheld. The returned `entry` has `record=None` unless the record is complete.
    A format-1 entry carries its whole record and takes no disclosures.
    """
    obj = _load(data)
    given = _as_disclosures(disclosures)
    try:
        header = _header(obj)
        if obj["format"] == 1:
            if given:
                raise ValueError("a format-1 entry takes no disclosures")
            record = obj["record"]
            if record is not None and not isinstance(record, dict):
                raise ValueError("an entry's record must be a JSON object")
            entry = Entry(**header, record=record, format=1)
            partial = PartialRecord(dict(record), ()) if record is not None else None
            return PartialEntry(entry, partial)
        digests = obj["fields"]
    except KeyError as e:
        raise ValueError(f"entry lacks field {e.args[0]!r}") from e
    if digests is None:
        if given:
            raise ValueError("an entry without a record takes no disclosures")
        return PartialEntry(Entry(**header, format=2), None)
    if not isinstance(digests, dict):
        raise ValueError("an entry's fields must be a JSON object of digests")
    partial = open_record(digests, given)
    if partial.complete:
        salts = {d.name: d.salt for d in given}
        entry = Entry(**header, record=partial.record(), format=2, field_salts=salts)
    else:
        entry = Entry(**header, format=2)
    return PartialEntry(entry, partial, dict(digests))


def decode_entry(data: bytes | str, disclosures: DisclosuresIn = None) -> Entry:
    """Read a whole entry back from its canonical bytes (and, for format 2, the
    disclosures stored beside it); ValueError if they are not an entry, `DisclosureError`
    (a ValueError) naming the field when a disclosure is missing, extra or altered."""
    partial = decode_partial(data, disclosures)
    if partial.record is not None:
        partial.record.record()  # raises, naming the field, when one is withheld
    return partial.entry
