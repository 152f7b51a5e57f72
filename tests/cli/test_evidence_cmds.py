"""`habeas proof entry/check`, `habeas find-entry` and `habeas witness add/list` from the
command line: files and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from habeas.cli.main import cli
from tests.conftest import small_story, write_bundle


def run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_an_entry_proof_written_checked_and_found(tmp_path: Path) -> None:
    env = {
        "HABEAS_SIGNING_KEY": str(tmp_path / "k.key"),
        "HABEAS_DATABASE_URL": str(tmp_path / "h.db"),
    }
    run(["keys", "init", "--name", "cli.example/habeas"], env)
    run(["import", "file", str(write_bundle(tmp_path / "s.jsonl", small_story()))], env)
    vkey = json.loads(run(["keys", "show", "--json"], env)[1])["vkey"]
    proof = tmp_path / "e.tlog-proof"
    code, out = run(["proof", "entry", "2", "-o", str(proof)], env)
    assert code == 0 and proof.read_bytes().startswith(b"c2sp.org/tlog-proof@v1\n")
    code, out = run(["proof", "check", str(proof), "--key", vkey, "--json"], {})
    checked = json.loads(out)
    assert code == 0 and checked["index"] == 2 and checked["origin"] == "cli.example/habeas"
    proof.write_bytes(proof.read_bytes().replace(b"index 2", b"index 1"))
    code, out = run(["proof", "check", str(proof), "--key", vkey], {})
    assert code == 1 and "does not hold" in out
    code, out = run(["proof", "check", str(proof)], {})
    assert code == 1 and "--key" in out
    code, out = run(["find-entry", "--hash", checked["leaf_hash"], "--json"], env)
    assert code == 0 and json.loads(out)[0]["position"] == 2
    code, out = run(["find-entry", "--hash", "ab" * 32], env)
    assert code == 3
    code, out = run(["find-entry"], env)
    assert code == 2


def test_witness_add_and_list(tmp_path: Path) -> None:
    env = {"HABEAS_DATABASE_URL": str(tmp_path / "h.db")}
    other = tmp_path / "other.key"
    vkey = json.loads(
        run(["keys", "init", "--key-file", str(other), "--name", "b.example/h", "--json"], env)[1]
    )["vkey"]
    run(["init"], env)
    code, out = run(["witness", "add", "b.example/h", "http://127.0.0.1:9", vkey], env)
    assert code == 0
    code, out = run(["witness", "add", "b.example/h", "http://127.0.0.1:9", vkey], env)
    assert code == 4
    code, out = run(["witness", "add", "c.example/h", "http://127.0.0.1:9", vkey], env)
    assert code == 1 and "not of 'c.example/h'" in out
    code, out = run(["witness", "list", "--json"], env)
    assert [w["name"] for w in json.loads(out)] == ["b.example/h"]
    code, out = run(["witness", "run", "--key-file", str(other)], env)
    assert code == 1 and "did not answer" in out
