"""What every record shares: its key, its sources, its sensitivity, and typed references.

Records are frozen pydantic models (validation and JSON Schema come from one definition).
A record refers to another by its `key`; a field that holds a key is annotated with `RefTo`,
so the ledger can check that every reference points at a record of an allowed type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from habeas.domain.errors import InvalidTime
from habeas.domain.time import PartialTime, zone

__all__ = [
    "KEY_PATTERN",
    "Citation",
    "CountryCode",
    "Key",
    "Model",
    "Place",
    "Record",
    "RefTo",
    "Sensitivity",
    "TimeZoneName",
    "When",
    "check_order",
]

KEY_PATTERN = r"^[a-z0-9][a-z0-9._:/\-]{0,199}$"
_KEY_RE = re.compile(KEY_PATTERN)

Sensitivity = Literal["public", "restricted", "confidential"]


@dataclass(frozen=True)
class RefTo:
    """Marks a field as holding the key of a record of one of `types`."""

    types: tuple[str, ...]

    def __init__(self, *types: str) -> None:
        object.__setattr__(self, "types", types)


def _parse_when(value: Any) -> PartialTime:
    if isinstance(value, PartialTime):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a date or time string such as 2025-03-15")
    try:
        return PartialTime.parse(value)
    except InvalidTime as e:
        raise ValueError(str(e)) from e


When = Annotated[
    PartialTime,
    PlainValidator(_parse_when),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": (
                "A date or time at its real precision: YYYY, YYYY-MM, YYYY-MM-DD, or "
                "YYYY-MM-DDTHH:MM[:SS] with a UTC offset and/or an IANA zone in brackets; "
                "or a range of dates FIRST/LAST when only that is known; or a window of time "
                "START/END where START is a time and END is HH:MM (same day and zone), 24:00 "
                "(the end of that day), a full time, or .. (no later bound), optionally "
                "followed by a name in parentheses: ' (evening)'."
            ),
            "examples": [
                "2025",
                "2025-03-15",
                "2025-04-07T23:59[America/New_York]",
                "2025-03-12/2025-03-15",
                "2025-03-15T17:00[America/New_York]/18:00",
                "2025-03-15T19:26[America/New_York]/..",
                "2025-03-15T18:00[America/New_York]/24:00 (evening)",
            ],
        }
    ),
]

Key = Annotated[
    str,
    Field(pattern=KEY_PATTERN, description="A record key: lower case, digits and . _ : / -"),
]


def _check_zone(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected an IANA time zone name such as America/New_York")
    try:
        zone(value)
    except InvalidTime as e:
        raise ValueError(str(e)) from e
    return value


TimeZoneName = Annotated[
    str,
    PlainValidator(_check_zone),
    WithJsonSchema(
        {
            "type": "string",
            "description": "An IANA time zone name",
            "examples": ["America/New_York"],
        }
    ),
]


def check_order(first: PartialTime | None, last: PartialTime | None, names: str) -> None:
    """Refuse a span whose end comes before its start ('start/end: the end is before...')."""
    if first is not None and last is not None and last.end() <= first.start():
        raise ValueError(f"{names}: the end comes before the start")


CountryCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code", examples=["SV"]),
]


class Model(BaseModel):
    """Base of every value and record: frozen, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def references(self, prefix: str = "") -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """Every (field path, key, allowed types) this value refers to, nested values too."""
        for name, info in type(self).model_fields.items():
            value = getattr(self, name)
            if value is None:
                continue
            path = f"{prefix}{name}"
            allowed = next((m.types for m in info.metadata if isinstance(m, RefTo)), None)
            if allowed is None:
                allowed = _list_item_ref(info.annotation)
            yield from _refs_in(value, path, allowed)


def _list_item_ref(annotation: Any) -> tuple[str, ...] | None:
    for arg in getattr(annotation, "__args__", ()) or ():
        for meta in getattr(arg, "__metadata__", ()) or ():
            if isinstance(meta, RefTo):
                return meta.types
    return None


def _refs_in(
    value: Any, path: str, allowed: tuple[str, ...] | None
) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    if isinstance(value, Model):
        yield from value.references(prefix=f"{path}.")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _refs_in(item, f"{path}[{i}]", allowed)
    elif isinstance(value, str) and allowed is not None:
        yield (path, value, allowed)


class Citation(Model):
    """A link from a fact to a source, with the exact words or the place in it."""

    source: Annotated[Key, RefTo("source")]
    excerpt: str | None = Field(None, description="The words in the source that state the fact.")
    locator: str | None = Field(None, description="Where in the source: page, paragraph, time.")


class Place(Model):
    """A place that is not (or not only) a facility: a city, an airport, a border crossing."""

    name: str = Field(min_length=1, examples=["Harlingen, Texas"])
    country: CountryCode | None = None
    timezone: TimeZoneName | None = Field(None, examples=["America/Chicago"])
    facility: Annotated[Key | None, RefTo("facility")] = None


class Record(Model):
    """Fields every record carries besides its own."""

    TYPE: ClassVar[str] = ""
    SUMMARY_FIELDS: ClassVar[tuple[str, ...]] = ()

    type: str
    key: Key
    sources: list[Citation] = Field(
        default_factory=list, description="The sources that state this fact."
    )
    unsourced: bool = Field(
        False, description="True only for a fact deliberately recorded without a source."
    )
    sensitivity: Sensitivity = "public"
    synthetic: bool = Field(False, description="True for invented demo or test data.")
    note: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Record:
        if self.type != self.TYPE:
            raise ValueError(f"type must be {self.TYPE!r}")
        if self.TYPE != "source":
            if not self.sources and not self.unsourced:
                raise ValueError(
                    "sources: a fact needs at least one source "
                    '(or mark it explicitly with "unsourced": true)'
                )
            if self.sources and self.unsourced:
                raise ValueError("unsourced: a record with sources cannot be marked unsourced")
        return self

    # -- what queries need -------------------------------------------------------------
    def label(self) -> str:
        """A one-line name for lists and search results."""
        for name in ("full_name", "name", "caption", "title"):
            value = getattr(self, name, None)
            if isinstance(value, str) and value:
                return value
        return self.key

    def names(self) -> list[str]:
        """Every name this record can be found by (search)."""
        return [self.label()]

    def subject(self) -> str | None:
        """The key of the record this one is chiefly about (a custody event's person)."""
        return None

    def when(self) -> PartialTime | None:
        """When the fact happened (valid time), if it is an event."""
        return None

    def citation_keys(self) -> list[str]:
        """Keys of the sources cited."""
        return [c.source for c in self.sources]


def is_key(text: str) -> bool:
    """True if `text` has the form of a record key."""
    return bool(_KEY_RE.match(text))
