"""Per-field salted commitments: how a format-2 entry commits to a record field by field.

The idea is SD-JWT's selective disclosure (RFC 9901). Each top-level field of a record gets
its own fresh random salt, and its *disclosure* is the JSON array `[salt, name, value]`. The
digest of a disclosure is SHA-256 of the disclosure's canonical JSON bytes, written as 64
lower-case hex digits:

    digest = hex(SHA-256(canonical_bytes([salt, name, value])))

The entry's leaf commits to the digests only (see `habeas.ledger.entry`); the disclosures are
kept beside it. Given a disclosure, anyone can check it against its digest; withheld, the
digest says nothing about the value, because nobody can guess the salt. The name is inside
the hashed array, so a disclosure cannot be passed off as another field's.

Pure and standard-library only.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from habeas.ledger.canonical import canonical_bytes, canonical_text

__all__ = [
    "Disclosure",
    "DisclosureError",
    "PartialRecord",
    "check_salts",
    "commit_record",
    "disclosures_text",
    "new_field_salts",
    "open_record",
    "parse_disclosures",
    "rebuild_record",
]

DIGEST_SIZE_HEX = 64


class DisclosureError(ValueError):
    """A disclosure does not fit the entry's digests; `field` names the field concerned."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Disclosure:
    """One field of a record with its salt: the JSON array [salt, name, value]."""

    salt: str
    name: str
    value: Any

    def to_json(self) -> list[Any]:
        """The disclosure as JSON data: [salt, name, value]."""
        return [self.salt, self.name, self.value]

    def canonical(self) -> bytes:
        """The canonical JSON bytes its digest is taken over."""
        return canonical_bytes(self.to_json())

    def digest(self) -> str:
        """SHA-256 of the canonical bytes, 64 lower-case hex digits."""
        return hashlib.sha256(self.canonical()).hexdigest()

    @classmethod
    def from_json(cls, data: Any) -> Disclosure:
        """Read [salt, name, value]; ValueError if `data` is not that shape."""
        if not isinstance(data, list) or len(data) != 3:
            raise ValueError("a disclosure is a JSON array [salt, name, value]")
        salt, name, value = data
        if not isinstance(salt, str) or not salt:
            raise ValueError("a disclosure's salt must be a non-empty string")
        if not isinstance(name, str) or not name:
            raise ValueError("a disclosure's field name must be a non-empty string")
        return cls(salt, name, value)


def new_field_salts(record: Mapping[str, Any]) -> dict[str, str]:
    """A fresh random salt (16 bytes as hex) for every top-level field of `record`."""
    pool = secrets.token_hex(16 * len(record))  # one call to the system's random source
    return {name: pool[32 * i : 32 * (i + 1)] for i, name in enumerate(record)}


def check_salts(record: Mapping[str, Any], salts: Mapping[str, str]) -> None:
    """ValueError naming the field unless `salts` gives one salt per field of `record`."""
    missing = sorted(set(record) - set(salts))
    if missing:
        raise ValueError(f"field {missing[0]!r} has no salt")
    extra = sorted(set(salts) - set(record))
    if extra:
        raise ValueError(f"a salt is given for {extra[0]!r}, which the record does not have")
    for name, salt in salts.items():
        if not isinstance(salt, str) or not salt:
            raise ValueError(f"the salt of field {name!r} must be a non-empty string")


def commit_record(
    record: Mapping[str, Any], salts: Mapping[str, str]
) -> tuple[dict[str, str], list[Disclosure]]:
    """The digests (field name -> digest) and disclosures (sorted by name) of `record`.

    `salts` must give exactly one salt per field of the record.
    """
    check_salts(record, salts)
    disclosures = [Disclosure(salts[name], name, record[name]) for name in sorted(record)]
    return {d.name: d.digest() for d in disclosures}, disclosures


@dataclass(frozen=True)
class PartialRecord:
    """A record as far as its disclosures show it: the disclosed fields and the withheld
    ones (named, since the digests name them; their values stay hidden)."""

    disclosed: dict[str, Any]
    withheld: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """True when nothing is withheld."""
        return not self.withheld

    def record(self) -> dict[str, Any]:
        """The whole record; DisclosureError naming a withheld field if it is not whole."""
        if self.withheld:
            name = self.withheld[0]
            raise DisclosureError(f"field {name!r} has no disclosure (withheld)", field=name)
        return dict(self.disclosed)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form: {"disclosed": {...}, "withheld": [...]}."""
        return {"disclosed": dict(self.disclosed), "withheld": list(self.withheld)}


def _check_digests(digests: Mapping[str, Any]) -> None:
    for name, digest in digests.items():
        if not isinstance(digest, str) or len(digest) != DIGEST_SIZE_HEX:
            raise DisclosureError(f"the digest of field {name!r} is not 64 hex digits", field=name)


def open_record(
    digests: Mapping[str, str], disclosures: Iterable[Disclosure], *, allow_withheld: bool = True
) -> PartialRecord:
    """Check `disclosures` against `digests` and say what they show.

    Every disclosure must name a field of the digests, once, and hash to that field's digest;
    otherwise DisclosureError names the field. A field without a disclosure is withheld (an
    error too when `allow_withheld` is false).
    """
    _check_digests(digests)
    disclosed: dict[str, Any] = {}
    for d in disclosures:
        if d.name not in digests:
            raise DisclosureError(
                f"a disclosure is given for field {d.name!r}, which the entry does not commit to",
                field=d.name,
            )
        if d.name in disclosed:
            raise DisclosureError(f"field {d.name!r} is disclosed twice", field=d.name)
        try:
            digest = d.digest()
        except ValueError as e:
            raise DisclosureError(f"field {d.name!r} cannot be hashed: {e}", field=d.name) from e
        if digest != digests[d.name]:
            raise DisclosureError(
                f"the disclosure of field {d.name!r} does not match its digest "
                "(its value or salt was changed)",
                field=d.name,
            )
        disclosed[d.name] = d.value
    withheld = tuple(sorted(set(digests) - set(disclosed)))
    if withheld and not allow_withheld:
        raise DisclosureError(f"field {withheld[0]!r} has no disclosure", field=withheld[0])
    return PartialRecord({k: disclosed[k] for k in sorted(disclosed)}, withheld)


def rebuild_record(digests: Mapping[str, str], disclosures: Iterable[Disclosure]) -> dict[str, Any]:
    """The whole record from its digests and all its disclosures; DisclosureError naming
    the field when one is missing, extra, or does not match its digest."""
    return open_record(digests, disclosures, allow_withheld=False).disclosed


def parse_disclosures(data: str | bytes | list[Any]) -> list[Disclosure]:
    """Disclosures from their stored JSON (a list of [salt, name, value] arrays)."""
    items = json.loads(data) if isinstance(data, str | bytes) else data
    if not isinstance(items, list):
        raise ValueError("disclosures are a JSON array of [salt, name, value] arrays")
    return [Disclosure.from_json(item) for item in items]


def disclosures_text(disclosures: Iterable[Disclosure]) -> str:
    """The stored form of disclosures: canonical JSON of their arrays, sorted by name."""
    return canonical_text([d.to_json() for d in sorted(disclosures, key=lambda d: d.name)])
