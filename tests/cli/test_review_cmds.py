"""`habeas review`: list, show, accept (as proposed or edited) and reject drafts; problems and
conflicts get their exit codes and write nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from habeas.cli.main import cli
from habeas.services.drafts import NewDraft, queue_drafts
from habeas.storage.store import Store
from tests.conftest import small_story, write_bundle


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def setup(tmp_path: Path) -> Path:
    db = tmp_path / "h.db"
    assert run(db, "import", str(write_bundle(tmp_path / "s.jsonl", small_story()))).exit_code == 0
    store = Store(f"sqlite:///{db}")
    record = {
        "type": "statement",
        "key": "statement/ana-1",
        "speaker": "person/ana",
        "said": "2025-04-05",
        "text": "We will appeal.",
        "synthetic": True,
    }
    with store.write() as tx:
        queue_drafts(
            tx.conn,
            [
                NewDraft(
                    "statement",
                    "source/test-court-doc",
                    "source/test-court-doc",
                    "Ana: “We will appeal.”",
                    record,
                    excerpt="“We will appeal.”",
                ),
                NewDraft(
                    "statement",
                    "source/test-court-doc",
                    "source/test-court-doc",
                    "Ana again",
                    {**record, "key": "statement/ana-2"},
                    excerpt="again",
                ),
            ],
            created_by="test",
        )
    store.close()
    return db


def size(db: Path) -> int:
    return int(json.loads(run(db, "proof", "checkpoint").output)["size"])


def test_list_and_show(tmp_path: Path) -> None:
    db = setup(tmp_path)
    listed = run(db, "review")
    assert listed.exit_code == 0 and "#1" in listed.output and "Ana again" in listed.output
    shown = json.loads(run(db, "review", "show", "1", "--json").output)
    assert shown["record"]["key"] == "statement/ana-1" and shown["status"] == "pending"
    assert run(db, "review", "show", "9").exit_code == 3


def test_accept_writes_and_a_second_accept_is_a_conflict(tmp_path: Path) -> None:
    db = setup(tmp_path)
    before = size(db)
    done = run(db, "review", "accept", "1", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["key"] == "statement/ana-1"
    assert size(db) == before + 1
    again = run(db, "review", "accept", "1")
    assert again.exit_code == 4 and "accepted already" in again.output
    accepted = json.loads(run(db, "review", "list", "--status", "accepted", "--json").output)
    assert [d["id"] for d in accepted] == [1]


def test_accept_an_edited_record_and_refuse_a_bad_one(tmp_path: Path) -> None:
    db = setup(tmp_path)
    before = size(db)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"type": "statement", "key": "statement/ana-2"}), encoding="utf-8")
    refused = run(db, "review", "accept", "2", "--edit", str(bad))
    assert refused.exit_code == 1 and "speaker" in refused.output and "said" in refused.output
    assert size(db) == before
    good = tmp_path / "good.json"
    shown = json.loads(run(db, "review", "show", "2", "--json").output)["record"]
    good.write_text(json.dumps({**shown, "text": "We will appeal, again."}), encoding="utf-8")
    assert run(db, "review", "accept", "2", "--edit", str(good)).exit_code == 0
    history = json.loads(run(db, "history", "statement/ana-2", "--json").output)
    assert "We will appeal, again." in json.dumps(history)


def test_reject_needs_a_reason_and_writes_nothing(tmp_path: Path) -> None:
    db = setup(tmp_path)
    before = size(db)
    assert run(db, "review", "reject", "2").exit_code == 2
    done = run(db, "review", "reject", "2", "--reason", "not her words", "--json")
    assert json.loads(done.output)["status"] == "rejected"
    assert size(db) == before
