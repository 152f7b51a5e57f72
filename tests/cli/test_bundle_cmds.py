"""`habeas bundle` and `habeas verify-bundle`: a signed bundle written and checked from the
command line, each outcome with its exit code."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from habeas.cli.main import cli
from tests.conftest import small_story, write_bundle


def run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A ledger holding the small story, with a signing key."""
    env = {
        "HABEAS_SIGNING_KEY": str(tmp_path / "signing.key"),
        "HABEAS_DATABASE_URL": str(tmp_path / "h.db"),
    }
    assert run(["keys", "init", "--name", "cli.example/habeas"], env)[0] == 0
    story = write_bundle(tmp_path / "story.jsonl", small_story())
    assert run(["import", "file", str(story)], env)[0] == 0
    return env


def _vkey(env: dict[str, str]) -> str:
    return str(json.loads(run(["keys", "show", "--json"], env)[1])["vkey"])


def test_a_bundle_is_written_and_verifies_with_the_key(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "ana.zip"
    code, text = run(["bundle", "Ana María", "-o", str(out), "--for", "public", "--json"], env)
    assert code == 0, text
    made = json.loads(text)
    assert made["file"] == str(out) and made["audience"] == "public"
    assert made["checkpoint"]["signed"] and made["left_out_newer"] == 0
    code, text = run(["verify-bundle", str(out), "--key", _vkey(env)], env)
    assert code == 0, text
    assert text.startswith("ok: ") and "(given key)" in text
    code, text = run(["verify-bundle", str(out), "--json"], env)
    checked = json.loads(text)
    assert code == 0 and checked["key_source"] == "bundle" and checked["notes"]


def test_a_changed_member_fails_with_exit_1_naming_it(env: dict[str, str], tmp_path: Path) -> None:
    good = tmp_path / "ana.zip"
    assert run(["bundle", "person/ana", "-o", str(good)], env)[0] == 0
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(
                name,
                data.replace(b"North Centre", b"South Centre") if name == "report.html" else data,
            )
    code, text = run(["verify-bundle", str(bad), "--key", _vkey(env)], env)
    assert code == 1
    assert "report.html: does not match its SHA-256 in the manifest" in text


def test_a_hostile_zip_is_refused_with_exit_1(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("/etc/cron.d/x", b"* * * * * root rm -rf /")
    code, text = run(["verify-bundle", str(bad), "--json"], env)
    assert code == 1
    assert json.loads(text) == {
        "ok": False,
        "refused": "member '/etc/cron.d/x' has an absolute path",
        "member": "/etc/cron.d/x",
    }


def test_an_unknown_subject_exits_3_and_writes_nothing(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "none.zip"
    code, text = run(["bundle", "Nobody Atall", "-o", str(out)], env)
    assert code == 3, text
    assert not out.exists()
