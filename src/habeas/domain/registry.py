"""Every record type by name, and reading a record from its JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from habeas.domain.base import Record
from habeas.domain.courts_records import Appeal, Case, CourtRecord, DocketEntry, Order, Stay
from habeas.domain.custody import CustodyEvent, Facility, Transfer
from habeas.domain.errors import InvalidRecord
from habeas.domain.merges import PairRecord, PersonMerge
from habeas.domain.obligations import Assessment, Obligation, Ruling
from habeas.domain.people import Actor, Person
from habeas.domain.sources import Agreement, Source, Statement

__all__ = ["RECORD_TYPES", "FieldError", "canonical_record", "parse_record", "record_errors"]

RECORD_TYPES: Mapping[str, type[Record]] = {
    cls.TYPE: cls
    for cls in (
        Source,
        Person,
        Actor,
        Facility,
        Transfer,
        CustodyEvent,
        Agreement,
        CourtRecord,
        Case,
        DocketEntry,
        Order,
        Appeal,
        Stay,
        Statement,
        Obligation,
        Ruling,
        Assessment,
        PairRecord,
        PersonMerge,
    )
}


FieldError = tuple[str, str]


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def record_errors(data: Mapping[str, Any]) -> tuple[Record | None, list[FieldError]]:
    """Validate one record's JSON form: the record, or every (field, problem) found."""
    rtype = data.get("type")
    if not isinstance(rtype, str) or not rtype:
        return None, [("type", "missing record type")]
    cls = RECORD_TYPES.get(rtype)
    if cls is None:
        known = ", ".join(sorted(RECORD_TYPES))
        return None, [("type", f"unknown record type {rtype!r} (known: {known})")]
    try:
        return cls.model_validate(dict(data)), []
    except ValidationError as e:
        errors: list[FieldError] = []
        for err in e.errors(include_url=False):
            field = _loc(tuple(err["loc"]))
            msg = str(err["msg"])
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
            if err["type"] == "extra_forbidden":
                msg = "unknown field"
            if ": " in msg and not field:
                field, msg = msg.split(": ", 1)
            errors.append((field or "record", msg))
        return None, errors


def parse_record(data: Mapping[str, Any]) -> Record:
    """Validate one record, raising InvalidRecord naming the first bad field."""
    record, errors = record_errors(data)
    if record is None:
        field, message = errors[0]
        raise InvalidRecord(message, field=field)
    return record


def canonical_record(record: Record) -> dict[str, Any]:
    """The record as plain JSON data, defaults left out, so equal facts have equal bytes."""
    data: dict[str, Any] = record.model_dump(mode="json", exclude_defaults=True)
    data["type"] = record.TYPE
    data["key"] = record.key
    return data
