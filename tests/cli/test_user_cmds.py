"""`habeas user`: accounts, tokens, the public view switch and the audit trail from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habeas.cli.main import cli
from habeas.services import accounts
from habeas.services.database import open_store

PASSWORD = "correct horse battery staple"


def run(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=stdin, catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "habeas.db"
    assert run(path, "init").exit_code == 0
    return path


def test_add_prompts_twice_for_the_password_and_list_shows_no_secret(db: Path) -> None:
    result = run(db, "user", "add", "ana", "--role", "editor", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "added ana (editor)" in result.output
    listed = run(db, "user", "list", "--json")
    assert json.loads(listed.output)["users"][0] == {
        **json.loads(listed.output)["users"][0],
        "username": "ana",
        "role": "editor",
        "removed_at": None,
    }
    assert PASSWORD not in listed.output and "argon2" not in listed.output
    assert "ana" in run(db, "user", "list").output
    store = open_store(str(db))
    assert accounts.login(store, "ana", PASSWORD, "test")
    store.close()


def test_mismatched_prompts_are_asked_again(db: Path) -> None:
    result = run(
        db, "user", "add", "ana", "--role", "viewer",
        stdin=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0 and "do not match" in result.output.lower()


def test_password_stdin_and_bad_input_give_clean_errors(db: Path) -> None:
    add = ["user", "add", "bot", "--role", "viewer", "--password-stdin"]
    assert run(db, *add, stdin=f"{PASSWORD}\n").exit_code == 0
    again = run(db, *add, stdin=f"{PASSWORD}\n")
    assert again.exit_code == 4 and "exists already" in again.output
    short = run(db, "user", "add", "b2", "--role", "viewer", "--password-stdin", stdin="x\n")
    assert short.exit_code == 1 and "password" in short.output
    bad_name = run(db, "user", "add", "Not Valid", "--role", "viewer", "--password-stdin",
                   stdin=f"{PASSWORD}\n")  # fmt: skip
    assert bad_name.exit_code == 1 and "user name" in bad_name.output
    bad_role = run(db, "user", "add", "x", "--role", "root", "--password-stdin", stdin="")
    assert bad_role.exit_code == 2
    missing = run(db, "user", "remove", "nobody")
    assert missing.exit_code == 3 and "no account" in missing.output
    missing_pw = run(db, "user", "passwd", "nobody", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert missing_pw.exit_code == 3


def test_passwd_role_token_revoke_remove(db: Path) -> None:
    run(db, "user", "add", "ana", "--role", "viewer", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert (
        run(db, "user", "passwd", "ana", "--password-stdin", stdin="new password!\n").exit_code == 0
    )
    assert "ana is now admin" in run(db, "user", "role", "ana", "admin").output
    token = run(db, "user", "token", "ana", "--label", "nightly").output.strip().splitlines()[0]
    assert token.startswith("habeas_")
    store = open_store(str(db))
    assert accounts.authenticate_token(store, token).role == "admin"
    assert accounts.login(store, "ana", "new password!", "test")
    tokens = json.loads(run(db, "user", "list", "--tokens", "--json").output)["tokens"]
    assert [(t["label"], t["revoked_at"]) for t in tokens] == [("nightly", None)]
    assert token not in json.dumps(tokens)
    assert run(db, "user", "revoke", tokens[0]["token_id"]).exit_code == 0
    assert run(db, "user", "revoke", tokens[0]["token_id"]).exit_code == 4
    with pytest.raises(accounts.NotAuthenticated):
        accounts.authenticate_token(store, token)
    second = json.loads(run(db, "user", "token", "ana", "--json").output)["token"]
    assert "removed ana" in run(db, "user", "remove", "ana").output
    with pytest.raises(accounts.NotAuthenticated):
        accounts.authenticate_token(store, second)
    assert json.loads(run(db, "user", "list", "--json").output)["users"] == []
    removed = json.loads(run(db, "user", "list", "--removed", "--json").output)["users"]
    assert removed[0]["removed_at"]
    store.close()


def test_public_view_switch_and_audit_trail(db: Path) -> None:
    assert run(db, "user", "public-view").output.strip() == "public view: on"
    assert run(db, "user", "public-view", "off").output.strip() == "public view: off"
    run(db, "user", "add", "ana", "--role", "viewer", "--password-stdin", stdin=f"{PASSWORD}\n")
    trail = json.loads(run(db, "user", "audit", "--json").output)
    assert [line["action"] for line in trail] == ["account.add", "setting.set"]
    assert trail[1]["setting"] == "public_view" and trail[1]["value"] == "off"
    assert all(line["user"] == "local" and line["recorded_by"].startswith("cli:") for line in trail)
    assert json.loads(run(db, "user", "audit", "--json", "--user", "nobody").output) == []
    assert "account.add" in run(db, "user", "audit", "--limit", "1").output
    assert run(db, "verify").exit_code == 0


def test_the_group_is_registered_with_examples_in_its_help() -> None:
    result = CliRunner().invoke(cli, ["user", "--help"])
    assert result.exit_code == 0
    for name in ("add", "remove", "passwd", "role", "token", "revoke", "list", "public-view",
                 "audit"):  # fmt: skip
        assert name in result.output
    assert "Example" in CliRunner().invoke(cli, ["user", "token", "--help"]).output
