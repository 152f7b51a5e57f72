"""`habeas review pairs|accept|reject|skip|show|merge|split` over candidate pairs: the queue
listed as text and JSON, decisions with their reasons, exit codes for the refused ones."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from habeas.cli.main import cli
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.pair_review import propose_pairs
from habeas.storage.store import Store
from tests.services.pair_fixtures import candidate, two_spellings

PAIR = "person/kilmar-a|person/kilmer-b"


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def setup(tmp_path: Path) -> Path:
    db = tmp_path / "h.db"
    assert run(db, "init").exit_code == 0
    store = Store(f"sqlite:///{db}")
    two_spellings(store)
    propose_pairs(
        store,
        LOCAL_OPERATOR,
        [candidate(), candidate("person/kilmar-a", "person/other")],
        origin="dedupe",
    )
    store.close()
    return db


def test_the_queue_lists_pairs_as_text_and_json(tmp_path: Path) -> None:
    db = setup(tmp_path)
    text = run(db, "review", "pairs")
    assert text.exit_code == 0
    assert "Kilmar Armando Abrego Garcia  ~  Kilmer Abrego" in text.output
    assert "matched: surname Abrego" in text.output
    data = json.loads(run(db, "review", "pairs", "--json").output)
    assert [p["id"] for p in data] == [PAIR, "person/kilmar-a|person/other"]
    assert data[0]["left"]["name"] == "Kilmar Armando Abrego Garcia"
    shown = run(db, "review", "show", PAIR)
    assert shown.exit_code == 0 and "+3.50  given_name" in shown.output


def test_accept_merges_split_undoes_and_reject_is_remembered(tmp_path: Path) -> None:
    db = setup(tmp_path)
    assert run(db, "review", "accept", PAIR).exit_code == 1  # a reason is required
    done = run(db, "review", "accept", PAIR, "--reason", "same man", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["merge"]["absorbed"] == "person/kilmer-b"
    where = json.loads(run(db, "whereabouts", "person/kilmer-b", "--json").output)
    assert where["person"]["key"] == "person/kilmar-a"
    assert run(db, "review", "accept", PAIR, "--reason", "again").exit_code == 4
    split = run(db, "review", "split", "person/kilmer-b", "--reason", "two brothers")
    assert split.exit_code == 0 and "answers as themself again" in split.output
    where = json.loads(run(db, "whereabouts", "person/kilmer-b", "--json").output)
    assert where["person"]["key"] == "person/kilmer-b"
    other = "person/kilmar-a|person/other"
    assert run(db, "review", "reject", other, "--reason", "not him").exit_code == 0
    assert json.loads(run(db, "review", "pairs", "--json").output) == []
    rejected = json.loads(run(db, "review", "pairs", "--status", "rejected", "--json").output)
    assert [p["reason"] for p in rejected] == ["not him"]


def test_skip_merge_and_the_errors(tmp_path: Path) -> None:
    db = setup(tmp_path)
    assert run(db, "review", "skip", PAIR).exit_code == 0
    data = json.loads(run(db, "review", "pairs", "--json").output)
    assert [p["status"] for p in data] == ["pending", "skipped"]
    assert run(db, "review", "show", "person/x|person/y").exit_code == 3
    merged = run(
        db, "review", "merge", "person/other", "person/kilmar-a", "--reason", "x", "--json"
    )
    assert json.loads(merged.output)["survivor"] == "person/other"
    assert (
        run(db, "review", "merge", "person/other", "person/kilmar-a", "--reason", "x").exit_code
        == 4
    )


def test_whereabouts_and_timeline_of_a_survivor_list_what_was_merged_into_it(
    tmp_path: Path,
) -> None:
    db = setup(tmp_path)
    done = run(db, "review", "merge", "person/kilmar-a", "person/kilmer-b", "--reason", "one man")
    assert done.exit_code == 0, done.output
    for command in ("whereabouts", "timeline"):
        text = run(db, command, "person/kilmer-b")
        assert text.exit_code == 0, text.output
        assert "Merged into this person" in text.output
        assert "Kilmer Abrego (person/kilmer-b)" in text.output and "one man" in text.output
        assert "Order of the court" in text.output
        assert "habeas review split person/kilmer-b" in text.output
        data = json.loads(run(db, command, "person/kilmar-a", "--json").output)
        assert [m["key"] for m in data["merged"]] == ["person/kilmer-b"]
    run(db, "review", "split", "person/kilmer-b", "--reason", "two brothers")
    assert "Merged into this person" not in run(db, "whereabouts", "person/kilmar-a").output
