"""`habeas witness` (witness another habeas's log), `habeas proof entry` / `proof check`
(one entry's offline C2SP tlog-proof) and `habeas find-entry` (an entry by hash)."""

from __future__ import annotations

from pathlib import Path

import click

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import EXIT, handle_errors
from habeas.cli.key_cmds import key_file_option, key_path
from habeas.cli.ledger_cmds import proof_group
from habeas.domain.access import LOCAL_OPERATOR
from habeas.ledger_keys import load_key_file
from habeas.services import entry_proofs
from habeas.services import witness as witnessing

__all__ = ["find_entry", "witness"]


@click.group("witness")
def witness() -> None:
    """Witness other habeas logs: check each new checkpoint is consistent, then cosign it."""


@witness.command("add")
@click.argument("name")
@click.argument("url")
@click.argument("vkey")
@json_option
@click.pass_context
@handle_errors
def witness_add(ctx: click.Context, name: str, url: str, vkey: str, as_json: bool) -> None:
    """Witness the log NAME (its origin), served by the habeas at URL, whose public key is
    VKEY (its `habeas keys show`). Its cosignatures are then also accepted here.

    \b
    Example:
        habeas witness add habeas.example.org/log https://habeas.example.org \\
            habeas.example.org/log+0da3d2cb+AezKyq7...
    """
    added = witnessing.add_log(store_from(ctx), name, url, vkey, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json(added)
    else:
        click.echo(f"witnessing {name} at {added['url']}")


@witness.command("list")
@json_option
@click.pass_context
@handle_errors
def witness_list(ctx: click.Context, as_json: bool) -> None:
    """List the logs witnessed here, with the last checkpoint seen of each.

    \b
    Example:
        habeas witness list --json
    """
    logs = witnessing.list_logs(store_from(ctx), principal=LOCAL_OPERATOR)
    if as_json:
        echo_json(logs)
        return
    for log in logs:
        seen = f"size {log['last_size']}" if log["last_size"] is not None else "not yet checked"
        click.echo(f"{log['name']}  {log['url']}  {seen}")


@witness.command("run")
@key_file_option
@json_option
@click.pass_context
@handle_errors
def witness_run(ctx: click.Context, key_file: str | None, as_json: bool) -> None:
    """Fetch each witnessed log's newest signed checkpoint, check its signature and that it
    extends the last one seen (a consistency proof), cosign it with this instance's key and
    hand the cosignature back. Exit 1 if any log was refused.

    \b
    Example:
        habeas witness run
    """
    signer = load_key_file(key_path(key_file))
    results = witnessing.witness_all(store_from(ctx), signer, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json([r.as_json() for r in results])
    else:
        for r in results:
            status = f"size {r.size}: {r.message}" if r.ok else f"REFUSED: {r.message}"
            click.echo(f"{r.name}  {status}", err=not r.ok)
    if not all(r.ok for r in results):
        ctx.exit(EXIT["invalid"])


@proof_group.command("entry")
@click.argument("position", type=click.IntRange(0, 2**62))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the proof to this file (default: print it).",
)
@json_option
@click.pass_context
@handle_errors
def entry_cmd(ctx: click.Context, position: int, output: Path | None, as_json: bool) -> None:
    """Prove entry POSITION offline: a C2SP tlog-proof (the entry's bytes, its inclusion
    path, and the newest signed checkpoint with its cosignatures).

    \b
    Example:
        habeas proof entry 42 -o entry-42.tlog-proof
    """
    proof = entry_proofs.entry_proof(store_from(ctx), position, principal=LOCAL_OPERATOR)
    if output is not None:
        output.write_bytes(proof.data)
    if as_json:
        echo_json(proof.as_json())
    elif output is None:
        click.echo(proof.data.decode("utf-8"), nl=False)
    else:
        click.echo(f"proof of entry {position} against size {proof.size} written to {output}")


@proof_group.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "keys",
    multiple=True,
    metavar="VKEY",
    help="A public key to trust: the log's, and any witness's (repeatable).",
)
@click.option("--origin", metavar="NAME", help="Require the checkpoint to be of this log.")
@click.option("--leaf-hash", metavar="HEX", help="The leaf to prove, if the file has no entry.")
@json_option
@handle_errors
def check_cmd(
    file: Path, keys: tuple[str, ...], origin: str | None, leaf_hash: str | None, as_json: bool
) -> None:
    """Check a tlog-proof FILE offline, with no database: the checkpoint's signature by a
    --key, and the entry's inclusion in its tree. Exit 1 naming what fails.

    \b
    Example:
        habeas proof check entry-42.tlog-proof --key "$(habeas keys show --json | jq -r .vkey)"
    """
    result = entry_proofs.check_proof(
        file.read_bytes(), list(keys), origin=origin, leaf_hash=leaf_hash
    )
    if as_json:
        echo_json(result)
        return
    entry = result["entry"]
    what = f" ({entry.get('op')} {entry.get('key')} v{entry.get('version')})" if entry else ""
    click.echo(
        f"valid: entry {result['index']}{what} is in {result['origin']} at size "
        f"{result['size']}, signed by {', '.join(result['signed_by'])}"
    )


@click.command("find-entry")
@click.option("--hash", "hash_hex", metavar="HEX", help="An entry's leaf hash or SHA-256.")
@click.option("--copy-sha256", metavar="HEX", help="The SHA-256 of a stored source copy.")
@json_option
@click.pass_context
@handle_errors
def find_entry(
    ctx: click.Context, hash_hex: str | None, copy_sha256: str | None, as_json: bool
) -> None:
    """Find the entry with this hash: its leaf hash or the SHA-256 of its bytes (--hash),
    or the entries of the source record naming a stored copy (--copy-sha256). Exit 3 if none.

    \b
    Example:
        habeas find-entry --copy-sha256 "$(sha256sum order.pdf | cut -c1-64)"
    """
    if (hash_hex is None) == (copy_sha256 is None):
        raise click.UsageError("give one of --hash or --copy-sha256")
    found = entry_proofs.find_entries(
        store_from(ctx), principal=LOCAL_OPERATOR, hash_hex=hash_hex, copy_sha256=copy_sha256
    )
    if as_json:
        echo_json(found)
        return
    for f in found:
        click.echo(
            f"entry {f['position']}  {f.get('op', '')} {f.get('record_key', '')} "
            f"v{f.get('version', '')}  (matched {f['matched']})"
        )
