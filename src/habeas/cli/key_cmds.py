"""`habeas keys`: the log's Ed25519 signing key (made once, kept in a 0600 file), its public
key to hand out, and `habeas proof sign` to sign a checkpoint now."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.cli.ledger_cmds import proof_group
from habeas.domain.errors import HabeasError
from habeas.ledger_keys import create_key_file, load_key_file
from habeas.services import checkpoints

__all__ = ["key_file_option", "key_path", "keys"]


def key_path(path: str | None) -> Path:
    chosen = path or os.environ.get("HABEAS_SIGNING_KEY", "").strip()
    if not chosen:
        raise HabeasError("no key file: set HABEAS_SIGNING_KEY or pass --key-file PATH")
    return Path(chosen)


key_file_option = click.option(
    "--key-file",
    metavar="PATH",
    help="The signing key file (default: $HABEAS_SIGNING_KEY).",
)


@click.group("keys")
def keys() -> None:
    """The log's signing key: checkpoints are signed with it, and it cosigns as a witness."""


@keys.command("init")
@key_file_option
@click.option(
    "--name",
    metavar="NAME",
    help="The key's name, which is the log's origin: a schema-less URL such as "
    "'habeas.example.org/log' (default: this host's name + '/habeas').",
)
@json_option
@handle_errors
def keys_init(key_file: str | None, name: str | None, as_json: bool) -> None:
    """Make the log's Ed25519 signing key in a new file (mode 0600). Refuses to overwrite:
    a log keeps its key, or its old checkpoints can no longer be told from forgeries.

    The private key never enters the database or an export; back the file up apart.

    \b
    Example:
        export HABEAS_SIGNING_KEY=/etc/habeas/signing.key
        habeas keys init --name habeas.example.org/log
    """
    path = key_path(key_file)
    signer = create_key_file(path, name or f"{socket.getfqdn()}/habeas")
    out = {"key_file": str(path), **signer.public()}
    if as_json:
        echo_json(out)
        return
    click.echo(f"signing key written to {path} (mode 0600; keep a copy apart)")
    click.echo(f"public key: {out['vkey']}")


@keys.command("show")
@key_file_option
@json_option
@handle_errors
def keys_show(key_file: str | None, as_json: bool) -> None:
    """Print the public key (vkey) that checks this log's checkpoints, and the one that
    checks its cosignatures as a witness. Nothing secret is printed.

    \b
    Example:
        habeas keys show
    """
    out = load_key_file(key_path(key_file)).public()
    if as_json:
        echo_json(out)
        return
    click.echo(f"log key:      {out['vkey']}")
    click.echo(f"witness key:  {out['cosigner_vkey']}")


@proof_group.command("sign")
@key_file_option
@json_option
@click.pass_context
@handle_errors
def sign_cmd(ctx: click.Context, key_file: str | None, as_json: bool) -> None:
    """Sign a checkpoint of the log now (C2SP signed note). Refuses, exit 1, when the log
    does not extend the last checkpoint signed (an old backup restored, a rewrite).

    \b
    Example:
        habeas proof sign > checkpoint.txt
    """
    path = key_path(key_file)
    done = checkpoints.sign_checkpoint(
        store_from(ctx), load_key_file(path), remember=checkpoints.state_file(path)
    )
    if as_json:
        echo_json(done.as_json())
    else:
        click.echo(done.note, nl=False)
