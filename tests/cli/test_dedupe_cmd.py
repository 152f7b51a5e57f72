"""`habeas dedupe`: pairs found over the whole ledger, proposed to the review queue (or only
shown with --dry-run), as text or --json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from habeas.cli.main import cli
from habeas.config import Settings
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services import linking
from habeas.services.pair_review import queue
from habeas.storage.store import Store
from tests.conftest import cite, source, write_bundle


def person(key: str, name: str, **more: Any) -> dict[str, Any]:
    return {"type": "person", "key": key, "full_name": name, "sources": cite(), **more}


def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Synthetic people, two of them one person written two ways (not real individuals),
    imported without linking (so only dedupe proposes)."""
    monkeypatch.setattr(linking, "get_settings", lambda: Settings(match_on_import=False))
    db = str(tmp_path / "l.db")
    records = [
        source(),
        person("person/a", "Ana Lucia Perez Soto", date_of_birth="1990-04-02"),
        person("person/b", "PEREZ SOTO, Ana L.", date_of_birth="1990-04-02"),
        person("person/c", "Mario Vega Ruiz", date_of_birth="1971-11-30"),
    ]
    bundle = write_bundle(tmp_path / "people.jsonl", records)
    assert CliRunner().invoke(cli, ["--db", db, "import", str(bundle)]).exit_code == 0
    return db


def test_dry_run_lists_the_pair_and_proposes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ledger(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["--db", db, "dedupe", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "person/a ~ person/b" in result.output and "person/c" not in result.output
    store = Store(db)
    assert queue(store, principal=LOCAL_OPERATOR) == []


def test_json_proposes_the_pair_to_the_review_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ledger(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["--db", db, "dedupe", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["people"] == 3 and data["proposed"] == 1
    assert [(p["left"], p["right"]) for p in data["pairs"]] == [("person/a", "person/b")]
    assert {e["field"] for e in data["pairs"][0]["evidence"]} >= {"surname", "date_of_birth"}
    assert [q.pair.left for q in queue(Store(db), principal=LOCAL_OPERATOR)] == ["person/a"]
    again = json.loads(CliRunner().invoke(cli, ["--db", db, "dedupe", "--json"]).output)
    assert again["proposed"] == 0  # queued already
