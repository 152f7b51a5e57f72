"""The command line: subcommands, --json for scripts, meaningful exit codes."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habeas.cli.main import cli
from habeas.ledger.merkle import verify_consistency, verify_inclusion
from tests.conftest import SRC, small_story, write_bundle


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def test_init_creates_an_empty_ledger(tmp_path: Path) -> None:
    result = run(tmp_path / "new.db", "init", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["size"] == 0


def test_a_command_on_a_missing_ledger_says_to_run_init(tmp_path: Path) -> None:
    result = run(tmp_path / "none.db", "search", "x")
    assert result.exit_code == 5
    assert "habeas init" in result.output


def test_whereabouts_json_is_stable(demo_db: Path) -> None:
    result = run(demo_db, "whereabouts", "Abrego Garcia", "--as-of", "2025-04-14", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) >= {
        "person",
        "as_of",
        "known_at",
        "status",
        "facility",
        "country",
        "custodian",
        "since",
        "legal_basis",
        "sources",
        "chain",
    }
    assert data["facility"]["name"] == "CECOT" and data["country"] == "SV"


def test_whereabouts_as_a_table_names_the_place(demo_db: Path) -> None:
    result = run(demo_db, "whereabouts", "Kilmar Ábrego", "--as-of", "2025-04-14")
    assert result.exit_code == 0
    assert "IN CUSTODY" in result.output and "CECOT" in result.output


def test_an_unknown_person_exits_3(demo_db: Path) -> None:
    result = run(demo_db, "whereabouts", "Nobody Atall")
    assert result.exit_code == 3
    assert "no person matches" in result.output


def test_an_ambiguous_name_exits_3_and_lists_candidates(demo_db: Path) -> None:
    result = run(demo_db, "occupancy", "ICE", "--json")
    assert result.exit_code == 3
    assert json.loads(result.output)["candidates"]


def test_bad_options_exit_2(demo_db: Path) -> None:
    assert run(demo_db, "proof", "inclusion", "-1").exit_code == 2
    assert run(demo_db, "frobnicate").exit_code == 2


def test_a_bad_bundle_exits_1_lists_file_line_field_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    records = small_story()
    records[3] = {**records[3], "capacity": "lots"}
    path = write_bundle(tmp_path / "bad.jsonl", records)
    result = run(db, "import", str(path))
    assert result.exit_code == 1
    assert f"{path}:5: capacity:" in result.output
    assert "nothing was written" in result.output
    assert json.loads(run(db, "proof", "checkpoint").output)["size"] == 0


def test_import_check_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    path = write_bundle(tmp_path / "ok.jsonl", small_story())
    assert run(db, "import", "--check", str(path)).exit_code == 0
    assert json.loads(run(db, "proof", "checkpoint").output)["size"] == 0
    assert json.loads(run(db, "import", str(path), "--json").output)["asserted"] == 11


def test_export_then_import_into_an_empty_ledger(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    assert run(demo_db, "export", "-o", str(out)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = run(fresh, "import", str(out), "--json")
    assert result.exit_code == 0
    again = tmp_path / "again.jsonl"
    run(fresh, "export", "-o", str(again))
    strip = lambda p: p.read_text().splitlines()[1:]  # noqa: E731 - the header differs
    assert strip(out) == strip(again)


def test_verify_finds_a_raw_edit_and_names_the_entry(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    run(db, "import", str(write_bundle(tmp_path / "b.jsonl", small_story())))
    assert run(db, "verify").exit_code == 0
    con = sqlite3.connect(db)
    con.execute(
        "UPDATE ledger_entries SET disclosures = replace(disclosures, 'Big Prison', 'Small Prison')"
    )
    con.commit()
    con.close()
    result = run(db, "verify", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["position"] == 4


def test_verify_log_only_checks_the_log_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    run(db, "import", str(write_bundle(tmp_path / "b.jsonl", small_story())))
    con = sqlite3.connect(db)
    con.execute("UPDATE records SET label = 'Somewhere Else' WHERE key = 'facility/prison'")
    con.commit()
    con.close()
    result = run(db, "verify", "--log-only", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["log_only"] is True
    assert data["projections"] == {}
    assert run(db, "verify", "--json").exit_code == 1


def test_proofs_check_out_against_the_checkpoint(demo_db: Path) -> None:
    cp = json.loads(run(demo_db, "proof", "checkpoint").output)
    inc = json.loads(run(demo_db, "proof", "inclusion", "7").output)
    assert inc["root"] == cp["root"]
    verify_inclusion(
        bytes.fromhex(inc["leaf_hash"]),
        7,
        inc["size"],
        [bytes.fromhex(p) for p in inc["proof"]],
        bytes.fromhex(cp["root"]),
    )
    con = json.loads(run(demo_db, "proof", "consistency", "100").output)
    verify_consistency(
        100,
        con["new_size"],
        bytes.fromhex(con["old_root"]),
        bytes.fromhex(cp["root"]),
        [bytes.fromhex(p) for p in con["proof"]],
    )


def test_an_entry_can_be_checked_by_hand_with_hashlib(demo_db: Path) -> None:
    history = json.loads(run(demo_db, "history", "facility/cecot", "--json").output)
    position = history[0]["position"]
    con = sqlite3.connect(demo_db)
    (body, disclosures) = con.execute(
        "SELECT body, disclosures FROM ledger_entries WHERE position = ?", (position,)
    ).fetchone()
    con.close()
    assert hashlib.sha256(b"\x00" + body.encode()).hexdigest() == history[0]["leaf_hash"]
    digests = json.loads(body)["fields"]  # format 2: each field by the digest of its disclosure
    for item in json.loads(disclosures):
        canonical = json.dumps(item, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        assert hashlib.sha256(canonical.encode()).hexdigest() == digests[item[1]]
    assert sorted(digests) == sorted(item[1] for item in json.loads(disclosures))
    assert base64.b64encode(bytes.fromhex(history[0]["leaf_hash"]))


def test_retract_needs_a_reason_and_keeps_history(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    run(db, "import", str(write_bundle(tmp_path / "b.jsonl", small_story())))
    assert run(db, "retract", "ev/ana-5").exit_code == 2
    assert run(db, "retract", "ev/ana-5", "--reason", "withdrawn", "--version", "7").exit_code == 4
    assert run(db, "retract", "ev/ana-5", "--reason", "withdrawn").exit_code == 0
    ops = [h["op"] for h in json.loads(run(db, "history", "ev/ana-5", "--json").output)]
    assert ops == ["assert", "retract"]


def test_retract_cites_a_source_that_must_be_a_current_source(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    run(db, "import", str(write_bundle(tmp_path / "b.jsonl", small_story())))
    refused = run(db, "retract", "ev/ana-5", "--reason", "wrong", "--source", "person/ana")
    assert refused.exit_code != 0 and "no source with key 'person/ana'" in refused.output
    assert run(db, "retract", "ev/ana-5", "--reason", "wrong", "--source", SRC).exit_code == 0
    lines = json.loads(run(db, "history", "ev/ana-5", "--json").output)
    assert [(h["op"], h["reason"]) for h in lines][-1] == ("retract", f"wrong (source: {SRC})")


@pytest.mark.parametrize(
    "args",
    [
        ("timeline", "Abrego Garcia"),
        ("timeline", "8:25-cv-00951-PX"),
        ("occupancy", "CECOT", "--on", "2025-04-14"),
        ("search", "cecot"),
        ("status",),
        ("history", "person/kilmar-abrego-garcia"),
    ],
)
def test_question_commands_answer_in_tables_and_json(demo_db: Path, args: tuple[str, ...]) -> None:
    table = run(demo_db, *args)
    assert table.exit_code == 0, table.output
    assert table.output.strip()
    data = run(demo_db, *args, "--json")
    assert data.exit_code == 0
    assert json.loads(data.output)


def test_the_installed_command_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("habeas")
    done = subprocess.run(
        [str(exe), "--db", str(tmp_path / "x.db"), "init"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "ledger ready" in done.stdout
