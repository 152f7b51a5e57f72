"""Test vectors of the log's byte forms, for checking another implementation against this one.

`log_vectors()` builds `docs/log-vectors.json` (written by `scripts/build_log_vectors.py`,
checked by `tests/ledger/test_vectors.py`): a small log of format-1 and format-2 entries with
fixed salts, each with its inputs, canonical bytes, digests and leaf hash; one entry disclosed
in part; entries that must fail and the field they must name; and the tree over the log with
an inclusion and a consistency proof. Everything is derived from fixed inputs, so the file is
the same on every machine. (Real salts are random; here they are derived from a label so the
vectors can be rebuilt.)
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from habeas.ledger import merkle
from habeas.ledger.commitments import Disclosure, disclosures_text
from habeas.ledger.entry import Entry, Op

__all__ = ["log_vectors", "log_vectors_text"]

RECORDED_AT = "2025-04-14T18:02:03.000123Z"


def _salt(label: str) -> str:
    """A fixed 16-byte salt (hex) for the vectors: the first half of SHA-256(label)."""
    return hashlib.sha256(label.encode("utf-8")).hexdigest()[:32]


def _salts(position: int, record: dict[str, Any]) -> dict[str, str]:
    return {name: _salt(f"entry {position} field {name}") for name in record}


PERSON: dict[str, Any] = {
    "type": "person",
    "key": "person/vector-example",
    "full_name": "José Ejemplo Núñez",
    "a_number": "A-000-000-000",
    "sensitivity": "restricted",
    "synthetic": True,
    "sources": [{"source": "source/vector-example", "pages": "3-4"}],
}
SOURCE: dict[str, Any] = {
    "type": "source",
    "key": "source/vector-example",
    "kind": "court_document",
    "title": "Order of the court",
    "published": "2025-04-04",
}


def _entry(
    position: int,
    op: Op,
    record_type: str,
    record_key: str,
    version: int,
    recorded_by: str,
    record: dict[str, Any] | None,
    *,
    format: int = 2,
    supersedes: int | None = None,
    reason: str | None = None,
) -> Entry:
    salts = _salts(position, record) if record is not None and format == 2 else None
    return Entry(
        position=position,
        op=op,
        record_type=record_type,
        record_key=record_key,
        version=version,
        recorded_at=RECORDED_AT,
        recorded_by=recorded_by,
        salt=_salt(f"entry {position}"),
        record=record,
        supersedes=supersedes,
        reason=reason,
        format=format,
        field_salts=salts,
    )


def _entries() -> list[Entry]:
    key = str(PERSON["key"])
    corrected = {**PERSON, "full_name": "José Ejemplo Núñez García"}
    audit = {"action": "read", "user": "ana", "role": "editor", "records": [key]}
    imported = "import:vectors.jsonl"
    return [
        _entry(0, "assert", "source", str(SOURCE["key"]), 1, imported, dict(SOURCE), format=1),
        _entry(1, "assert", "person", key, 1, imported, dict(PERSON)),
        _entry(
            2,
            "correct",
            "person",
            key,
            2,
            "user:ana",
            corrected,
            supersedes=1,
            reason="full name as in the order",
        ),
        _entry(3, "audit", "audit", "audit/3", 1, "user:ana", audit),
        _entry(
            4,
            "retract",
            "person",
            key,
            3,
            "user:ana",
            None,
            supersedes=2,
            reason="recorded in error",
        ),
    ]


def _entry_vector(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "position": entry.position,
        "format": entry.format,
        "canonical": entry.canonical().decode("utf-8"),
        "leaf_hash": entry.leaf_hash().hex(),
    }
    if entry.format == 1:
        out["description"] = "format 1: the whole record inside the hashed bytes"
        return out
    out["record"] = entry.record
    if entry.record is None:
        out["description"] = "format 2 without a record (a retraction): fields is null"
        out["disclosures"] = None
        return out
    out["description"] = f"format 2 {entry.op}: one digest per field, values in disclosures"
    out["disclosures"] = [
        {
            "disclosure": d.to_json(),
            "canonical": d.canonical().decode("utf-8"),
            "digest": d.digest(),
        }
        for d in entry.disclosures()
    ]
    out["stored_disclosures"] = disclosures_text(entry.disclosures())
    return out


def _partial(entry: Entry) -> dict[str, Any]:
    withheld = ["a_number", "full_name"]
    given = [d for d in entry.disclosures() if d.name not in withheld]
    return {
        "description": "entry 1 disclosed in part: a verifier checks the leaf over the "
        "envelope, each given disclosure against its digest, and reports the fields "
        "with a digest but no disclosure as withheld",
        "position": entry.position,
        "canonical": entry.canonical().decode("utf-8"),
        "leaf_hash": entry.leaf_hash().hex(),
        "disclosures": [d.to_json() for d in given],
        "disclosed": {d.name: d.value for d in given},
        "withheld": withheld,
    }


def _invalid(entry: Entry) -> list[dict[str, Any]]:
    good = entry.disclosures()

    def changed(name: str, salt: str | None = None, value: Any = None) -> list[Any]:
        return [
            Disclosure(salt or d.salt, d.name, d.value if value is None else value).to_json()
            if d.name == name
            else d.to_json()
            for d in good
        ]

    return [
        {
            "description": "a changed value: its disclosure no longer matches its digest",
            "disclosures": changed("full_name", value="Someone Else"),
            "field": "full_name",
        },
        {
            "description": "a changed salt: its disclosure no longer matches its digest",
            "disclosures": changed("a_number", salt=_salt("another salt")),
            "field": "a_number",
        },
        {
            "description": "a disclosure for a field the entry does not commit to",
            "disclosures": [*(d.to_json() for d in good), [_salt("x"), "alias", "Joe"]],
            "field": "alias",
        },
    ]


def log_vectors() -> dict[str, Any]:
    """The vectors as JSON data."""
    entries = _entries()
    leaves = [e.leaf_hash() for e in entries]
    size = len(leaves)
    return {
        "description": "Test vectors of the habeas log (docs/log.md): entries of format 1 and "
        "2, a partly disclosed entry, disclosures that must fail, and the RFC 6962 tree "
        "over the entries with an inclusion and a consistency proof. All hashes SHA-256, "
        "lower-case hex; all JSON canonical (keys sorted, no spaces, UTF-8, no floats).",
        "entries": [_entry_vector(e) for e in entries],
        "partial": _partial(entries[1]),
        "invalid": {
            "canonical": entries[1].canonical().decode("utf-8"),
            "cases": _invalid(entries[1]),
        },
        "tree": {
            "size": size,
            "leaf_hashes": [leaf.hex() for leaf in leaves],
            "roots": [merkle.root_from_leaf_hashes(leaves[:n]).hex() for n in range(size + 1)],
            "inclusion": {
                "index": 2,
                "size": size,
                "proof": [p.hex() for p in merkle.inclusion_proof(leaves, 2, size)],
            },
            "consistency": {
                "old_size": 3,
                "new_size": size,
                "proof": [p.hex() for p in merkle.consistency_proof(leaves, 3, size)],
            },
        },
    }


def log_vectors_text() -> str:
    """The vectors as written to docs/log-vectors.json: sorted keys, indent 2."""
    return json.dumps(log_vectors(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
