"""`habeas source`: attach a file to a Source, get a stored copy back, verify checks it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habeas.cli.main import cli
from habeas.domain.registry import parse_record
from habeas.services.database import open_store
from habeas.services.writer import write_changes

PDF = b"%PDF-1.4 an order\n"
SHA = hashlib.sha256(PDF).hexdigest()


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "habeas.db"
    assert run(path, "init").exit_code == 0
    store = open_store(str(path))
    try:
        write_changes(
            store,
            [parse_record({"type": "source", "key": "source/o", "kind": "other", "title": "O"})],
        )
    finally:
        store.close()
    return path


def test_attach_then_get_gives_back_the_same_bytes(db: Path, tmp_path: Path) -> None:
    file = tmp_path / "order.pdf"
    file.write_bytes(PDF)
    done = run(db, "source", "attach", "source/o", str(file), "--reason", "court copy", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {
        "source": "source/o",
        "sha256": SHA,
        "size": len(PDF),
        "media_type": "application/pdf",
        "corrected": True,
    }
    again = run(db, "source", "attach", "source/o", str(file))
    assert again.exit_code == 0 and "already attached" in again.output
    hist = run(db, "history", "source/o", "--json")
    assert "court copy" in hist.output and SHA in hist.output
    out = tmp_path / "back.pdf"
    got = run(db, "source", "get", SHA, "-o", str(out))
    assert got.exit_code == 0, got.output
    assert out.read_bytes() == PDF
    assert run(db, "verify").exit_code == 0


def test_unknown_source_or_hash_is_exit_code_3(db: Path, tmp_path: Path) -> None:
    file = tmp_path / "x.bin"
    file.write_bytes(b"x")
    assert run(db, "source", "attach", "source/none", str(file)).exit_code == 3
    assert run(db, "source", "get", "0" * 64, "-o", str(tmp_path / "y")).exit_code == 3
    assert not (tmp_path / "y").exists()


def test_get_to_standard_output(db: Path, tmp_path: Path) -> None:
    file = tmp_path / "order.pdf"
    file.write_bytes(PDF)
    assert run(db, "source", "attach", "source/o", str(file)).exit_code == 0
    got = run(db, "source", "get", SHA, "-o", "-")
    assert got.exit_code == 0 and got.stdout_bytes == PDF
