"""Shared pieces for the spreadsheet importer tests: a source in the ledger, a mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.importing import import_bundle
from habeas.storage.store import Store
from tests.conftest import SRC, source, write_bundle

HEADER = ["Row ID", "Passenger name", "Date of birth", "Nationality", "Other names"]

MAPPING = f"""
type = "person"
key = "person/manifest-{{Row ID}}"

[columns]
full_name = "Passenger name"
date_of_birth = "Date of birth"
nationality = "Nationality"
aliases = "Other names"

[constants]
synthetic = true
sources = [{{ source = "{SRC}" }}]
"""


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    path = tmp_path / "manifest.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


@pytest.fixture
def sourced(store: Store, tmp_path: Path) -> Store:
    """A store holding the source the mapping cites."""
    import_bundle(
        store, write_bundle(tmp_path / "source.jsonl", [source()]), principal=LOCAL_OPERATOR
    )
    return store


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    """A CSV file with the standard header, written in `encoding`."""
    lines = [",".join(HEADER), *(",".join(r) for r in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


ROWS = [
    ["A-001", "Ana María Pérez Gómez", "1990-05-04", "SV", "Ana Perez; Ana M. Pérez"],
    ["A-002", "José Luis Martínez", "1985", "HN", ""],
]
