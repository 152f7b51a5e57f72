"""`habeas keys init/show` and `habeas proof sign`: the key file, the public keys, and a
checkpoint signed after an import by the command line."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from click.testing import CliRunner

from habeas.cli.main import cli
from habeas.ledger.note import open_note
from habeas.ledger_keys import verifier_for
from tests.conftest import small_story, write_bundle


def run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_keys_init_show_and_signing_after_an_import(tmp_path: Path) -> None:
    key = tmp_path / "signing.key"
    env = {"HABEAS_SIGNING_KEY": str(key), "HABEAS_DATABASE_URL": str(tmp_path / "h.db")}
    code, out = run(["keys", "init", "--name", "cli.example/habeas", "--json"], env)
    made = json.loads(out)
    assert code == 0 and made["name"] == "cli.example/habeas"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "PRIVATE" not in out
    code, out = run(["keys", "init", "--name", "cli.example/habeas"], env)
    assert code == 1 and "never overwritten" in out
    code, out = run(["keys", "show", "--json"], env)
    shown = json.loads(out)
    assert shown["vkey"] == made["vkey"] and shown["vkey"].startswith("cli.example/habeas+")
    bundle = write_bundle(tmp_path / "story.jsonl", small_story())
    code, out = run(["import", "file", str(bundle)], env)
    assert code == 0, out
    # The import signed the head it left, before anyone asked:
    after_import = key.with_name("signing.key.checkpoint").read_bytes()
    opened = open_note(after_import, [verifier_for(shown["vkey"])])
    code, out = run(["proof", "checkpoint"], env)
    assert opened.text.split("\n")[1] == str(json.loads(out)["size"])
    code, out = run(["proof", "sign"], env)
    assert code == 0 and out.encode() == after_import  # the same size: the same checkpoint


def test_keys_show_without_a_key_names_what_to_do(tmp_path: Path) -> None:
    code, out = run(["keys", "show"], {"HABEAS_SIGNING_KEY": str(tmp_path / "none.key")})
    assert code == 1 and "habeas keys init" in out
