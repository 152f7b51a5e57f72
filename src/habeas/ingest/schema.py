"""The JSON Schema of one bundle line, built from the record models themselves.

A bundle line is one of: the header, a retraction, or a record of one of the types in
`habeas.domain.registry.RECORD_TYPES`. Each record's schema is its pydantic model's
`model_json_schema()`, so the schema cannot drift from the code; `scripts/build_bundle_schema.py`
writes it to `docs/bundle.schema.json`, and a test checks that file is current.

The schema checks the shape of each line. Some rules need more than one field, another line
or the ledger (a fact needs a source or `"unsourced": true`; a key is unique in a bundle; a
reference points at a record of the right type; a time is a real date in a real zone): those
only `habeas import --check` checks.
"""

from __future__ import annotations

import json
from typing import Any

from habeas.domain.base import KEY_PATTERN
from habeas.domain.registry import RECORD_TYPES
from habeas.ingest.bundle import BUNDLE_FORMAT, BUNDLE_VERSION

__all__ = ["SCHEMA_ID", "bundle_schema", "bundle_schema_text"]

SCHEMA_ID = f"urn:habeas:bundle-line:{BUNDLE_VERSION}"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _header() -> dict[str, Any]:
    return {
        "title": "Bundle header",
        "description": (
            "The first line of every bundle. Other fields are allowed and ignored by import."
        ),
        "type": "object",
        "properties": {
            "type": {"const": "bundle"},
            "format": {"const": BUNDLE_FORMAT},
            "version": {"const": BUNDLE_VERSION},
            "title": {"type": "string", "description": "What the bundle holds."},
            "description": {"type": "string", "description": "A longer account of it."},
            "exported_at": {
                "type": "string",
                "description": "Set by `habeas export`: when, UTC (YYYY-MM-DDTHH:MM:SSZ).",
            },
            "exported_by": {
                "type": "string",
                "description": "Set by `habeas export`: the habeas version.",
            },
            "ledger": {
                "description": "Set by `habeas export`: the log's size and root when exported.",
                "anyOf": [
                    {
                        "type": "object",
                        "properties": {
                            "size": {"type": "integer", "minimum": 0},
                            "root": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        },
                        "required": ["size", "root"],
                    },
                    {"type": "null"},
                ],
            },
        },
        "required": ["type", "format", "version"],
    }


def _retraction() -> dict[str, Any]:
    return {
        "title": "Retraction",
        "description": "Withdraws a record already in the ledger, saying why.",
        "type": "object",
        "properties": {
            "type": {"const": "retraction"},
            "key": {"type": "string", "pattern": KEY_PATTERN},
            "reason": {"type": "string", "minLength": 1, "pattern": r"\S"},
        },
        "required": ["type", "key", "reason"],
        "additionalProperties": False,
    }


def bundle_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one bundle line."""
    defs: dict[str, Any] = {}
    records: list[dict[str, Any]] = []
    for rtype in sorted(RECORD_TYPES):
        schema = RECORD_TYPES[rtype].model_json_schema()
        for name, definition in schema.pop("$defs", {}).items():
            if defs.setdefault(name, definition) != definition:
                raise ValueError(f"two different value types are both called {name!r}")
        # A bundle line must say its type (habeas refuses a line without one).
        required = schema.setdefault("required", [])
        if "type" not in required:
            required.insert(0, "type")
        records.append(schema)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "habeas bundle line",
        "description": (
            f"One line of a habeas bundle ({BUNDLE_FORMAT}, version {BUNDLE_VERSION}): "
            "the header, a retraction, or one record. See docs/bundle.md."
        ),
        "version": BUNDLE_VERSION,
        "oneOf": [_header(), _retraction(), *records],
        "$defs": defs,
    }


def bundle_schema_text() -> str:
    """The schema as written to docs/bundle.schema.json: sorted keys, indent 2."""
    return json.dumps(bundle_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
