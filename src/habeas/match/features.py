"""What the matcher knows of one person record: its names split and folded, its date of
birth at the precision recorded, nationalities, identifiers and context, and the blocking
keys it is found by.

Built from a person record's JSON body (as the ledger stores it), so a batch of a million
records is read without building a full record object for each.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from habeas.domain.text import fold
from habeas.match.names import SplitName, sound, split_name

__all__ = ["MatchRecord", "blocking_keys", "match_record"]

_DOB = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_ID_SCHEMES_STRONG = frozenset({"a_number", "passport", "national_id", "fbi_number"})


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """One person record as the matcher compares it."""

    key: str
    names: tuple[SplitName, ...]
    """The main name first, then the other names (aliases) of the record."""
    dob: tuple[int, int, int] | None = None
    """Year, month, day of birth; month and day are 0 when not known."""
    nationality: frozenset[str] = frozenset()
    identifiers: frozenset[tuple[str, str]] = frozenset()
    """(scheme, value folded: no spaces, dashes or leading zeros of an A-number)."""
    context: frozenset[str] = field(default_factory=frozenset)
    """What the person is part of: "transfer:<key>", "case:<key>", "facility:<key>@2025-03"."""

    @property
    def main(self) -> SplitName:
        """The record's main name."""
        return self.names[0]

    def with_context(self, context: Iterable[str]) -> MatchRecord:
        """The same record with its context set."""
        return MatchRecord(
            self.key, self.names, self.dob, self.nationality, self.identifiers, frozenset(context)
        )


def _identifier_value(scheme: str, value: str) -> str:
    v = re.sub(r"[^0-9a-z]", "", fold(value))
    if scheme == "a_number":
        v = v.lstrip("a").lstrip("0")
    return v


def _dob(value: Any) -> tuple[int, int, int] | None:
    if not isinstance(value, str) or "/" in value:
        return None  # a range says nothing exact enough to compare
    m = _DOB.match(value)
    if m is None:
        return None
    return int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)


@lru_cache(maxsize=4096)
def _nationalities(codes: tuple[str, ...]) -> frozenset[str]:
    """One set per distinct list of nationalities (a batch holds few)."""
    return frozenset(codes)


def match_record(key: str, body: Mapping[str, Any]) -> MatchRecord:
    """The matcher's view of a person record body (its JSON as the ledger holds it)."""
    full = str(body.get("full_name") or "")
    main = split_name(full, body.get("given_names"), body.get("surnames"))
    names = [main]
    if body.get("given_names") or body.get("surnames"):
        written = split_name(full)
        if written != main and (written.given or written.surnames):
            names.append(written)
    for alias in body.get("aliases") or ():
        if isinstance(alias, str):
            split = split_name(alias)
            if split not in names:
                names.append(split)
    ids = frozenset(
        (str(i["scheme"]), _identifier_value(str(i["scheme"]), str(i["value"])))
        for i in body.get("identifiers") or ()
        if isinstance(i, Mapping) and i.get("value")
    )
    return MatchRecord(
        key=key,
        names=tuple(names),
        dob=_dob(body.get("date_of_birth")),
        nationality=_nationalities(tuple(str(c) for c in body.get("nationality") or ())),
        identifiers=ids,
    )


def _name_words(name: SplitName) -> list[str]:
    return [w for w in (*name.given, *name.surnames) if len(w) > 1]


def blocking_keys(record: MatchRecord, *, limit: int = 24) -> list[str]:
    """The keys a record is found by (a candidate shares at least one):

    - `id:<scheme>:<digest>`: an identifier (its SHA-256, never the number itself);
    - `nn:<A>:<B>`: the sound keys of two words of one name, in sorted order (two surnames,
      given name and surname, in either order);
    - `ni:<A>:<i>`: the sound key of a surname and the initial of a given name (a manifest's
      "ABREGO GARCIA K A");
    - `db:<yyyy-mm-dd>:<A>`: a full date of birth and the first letter of a surname's sound
      key (a surname misspelt beyond its sound).
    """
    out: dict[str, None] = {}
    for scheme, value in sorted(record.identifiers):
        if scheme in _ID_SCHEMES_STRONG and value:
            digest = hashlib.sha256(f"{scheme}:{value}".encode()).hexdigest()[:20]
            out[f"id:{scheme}:{digest}"] = None
    for name in record.names:
        words = _name_words(name)[:5]
        sounds = sorted({sound(w) for w in words})
        for i, a in enumerate(sounds):
            for b in sounds[i + 1 :]:
                out[f"nn:{a}:{b}"] = None
        initials = {w[0] for w in name.given}
        for s in name.surnames:
            if len(s) > 1:
                for initial in sorted(initials):
                    out[f"ni:{sound(s)}:{initial}"] = None
        if not name.ordered:  # the guessed split may be the wrong way round
            for s in name.given:
                if len(s) > 1:
                    for initial in sorted({w[0] for w in name.surnames}):
                        out[f"ni:{sound(s)}:{initial}"] = None
    if record.dob is not None and record.dob[1] and record.dob[2]:
        y, m, d = record.dob
        firsts = sorted({sound(s)[:1] for n in record.names for s in n.surnames if s})
        for f in firsts:
            out[f"db:{y:04d}-{m:02d}-{d:02d}:{f}"] = None
    return list(out)[:limit]
