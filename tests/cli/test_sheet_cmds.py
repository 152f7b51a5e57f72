"""`habeas import`: problems listed with row and column (exit 1), a preview, --skip-bad
with a report, --json for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from habeas.cli.main import cli
from tests.conftest import source, write_bundle
from tests.ingest.conftest import MAPPING, ROWS, write_csv


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def setup(tmp_path: Path) -> tuple[Path, Path]:
    db = tmp_path / "h.db"
    assert run(db, "import", str(write_bundle(tmp_path / "s.jsonl", [source()]))).exit_code == 0
    mapping = tmp_path / "m.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return db, mapping


def test_import_sheet_lists_problems_and_writes_nothing(tmp_path: Path) -> None:
    db, mapping = setup(tmp_path)
    path = write_csv(tmp_path / "m.csv", [*ROWS, ["A-003", "", "1990", "SV", ""]])
    result = run(db, "import", str(path), "--map", str(mapping))
    assert result.exit_code == 1
    assert f"{path}:4:Passenger name: Field required" in result.output
    assert "nothing was written" in result.output
    assert json.loads(run(db, "proof", "checkpoint").output)["size"] == 1


def test_import_sheet_preview_then_import_then_skip_bad(tmp_path: Path) -> None:
    db, mapping = setup(tmp_path)
    path = write_csv(tmp_path / "m.csv", ROWS)
    shown = run(db, "import", str(path), "--map", str(mapping), "--preview", "--json")
    assert shown.exit_code == 0
    assert [r["status"] for r in json.loads(shown.output)["records"]] == ["new", "new"]
    done = run(db, "import", str(path), "--map", str(mapping), "--json")
    assert done.exit_code == 0
    assert json.loads(done.output)["asserted"] == 2
    bad = write_csv(tmp_path / "b.csv", [*ROWS, ["A-003", "", "1990", "SV", ""]])
    report = tmp_path / "rejected.csv"
    args = ["--map", str(mapping), "--skip-bad", "--report", str(report), "--json"]
    skipped = run(db, "import", str(bad), *args)
    assert skipped.exit_code == 0
    data = json.loads(skipped.output)
    assert (data["unchanged"], data["rejected"], data["report"]) == (2, 1, str(report))
    assert "Passenger name: Field required" in report.read_text(encoding="utf-8")


def test_import_sheet_refuses_latin1_without_encoding(tmp_path: Path) -> None:
    db, mapping = setup(tmp_path)
    path = write_csv(tmp_path / "m.csv", ROWS, encoding="latin-1")
    refused = run(db, "import", str(path), "--map", str(mapping))
    assert refused.exit_code == 1
    assert "--encoding latin-1" in refused.output
    ok = run(db, "import", str(path), "--map", str(mapping), "--encoding", "latin-1")
    assert ok.exit_code == 0, ok.output
    assert "2 new" in ok.output
