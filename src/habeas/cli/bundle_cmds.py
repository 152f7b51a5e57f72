"""`habeas bundle` and `habeas verify-bundle`: evidence bundles, made and checked offline."""

from __future__ import annotations

from pathlib import Path

import click

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.config import Settings
from habeas.domain.access import LOCAL_OPERATOR
from habeas.ledger.bundle_zip import BundleRefused
from habeas.ledger.verify_bundle import verify_bundle
from habeas.ledger_keys import ed25519_verify, load_key_file
from habeas.services.checkpoints import state_file
from habeas.services.evidence_bundle import AUDIENCES, build_bundle, write_bundle

__all__ = ["bundle", "verify_bundle_cmd"]


@click.command("bundle")
@click.argument("subject")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The zip file to write.",
)
@click.option(
    "--for",
    "audience",
    type=click.Choice(AUDIENCES),
    default="court",
    show_default=True,
    help="Who it is for: public and counsel bundles leave out what they may not see.",
)
@click.option(
    "--key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The log's signing key (default: $HABEAS_SIGNING_KEY): a checkpoint is signed now "
    "so the bundle proves the whole log.",
)
@json_option
@click.pass_context
@handle_errors
def bundle(
    ctx: click.Context,
    subject: str,
    output: Path,
    audience: str,
    key_file: Path | None,
    as_json: bool,
) -> None:
    """Write the evidence bundle of a person or a case (by name, docket number or key):
    its records, every entry of their history with an inclusion proof against one signed
    checkpoint, the sources with their stored copies, and the report (PDF and HTML).

    \b
    Example:
        habeas bundle "Abrego Garcia" -o abrego-garcia.zip
        habeas bundle 8:25-cv-00951 --for public -o case-public.zip
        habeas verify-bundle case-public.zip --key "$(habeas keys show --json | jq -r .vkey)"
    """
    path = key_file or (Path(k) if (k := Settings.from_env().signing_key) else None)
    signer = load_key_file(path) if path is not None else None
    made = build_bundle(
        store_from(ctx),
        subject,
        audience=audience,  # type: ignore[arg-type]  # click.Choice(AUDIENCES)
        principal=LOCAL_OPERATOR,
        signer=signer,
        remember=state_file(path) if path is not None else None,
    )
    write_bundle(made, output)
    summary = {"file": str(output), **made.to_json()}
    if as_json:
        echo_json(summary)
        return
    cp = summary["checkpoint"]
    click.echo(
        f"wrote {output}: {summary['records']} records, {summary['entries']} entries, "
        f"{summary['copies']} stored copies, for {audience}"
    )
    signed = ", ".join(cp["signed_by"]) if cp["signed"] else "NOT signed (no key: see habeas keys)"
    click.echo(f"proved against the checkpoint of size {cp['size']}, {signed}")
    if summary["withheld_fields"]:
        click.echo(f"{summary['withheld_fields']} fields withheld (their digests only)")
    if summary["left_out_newer"]:
        click.echo(
            f"warning: {summary['left_out_newer']} records changed after that checkpoint were "
            "left out: sign one (habeas proof sign) and bundle again"
        )


@click.command("verify-bundle")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "keys",
    multiple=True,
    metavar="VKEY",
    help="The log's public key (name+id+key, from `habeas keys show`); repeatable. Without "
    "it, the key inside the bundle is used, which proves much less.",
)
@json_option
@handle_errors
def verify_bundle_cmd(file: Path, keys: tuple[str, ...], as_json: bool) -> None:
    """Check an evidence bundle offline and name every failure (member, entry, field):
    the manifest's hashes, each entry's proof against the signed checkpoint, the signature
    with --key, the disclosures, the records and the stored copies. Exit 0 when all hold,
    1 when anything fails or the zip is refused as hostile.

    The same checks run without habeas: `python -m habeas.ledger.verify_bundle FILE --key K`
    (the standard library and the `cryptography` package only; see docs/evidence.md).

    \b
    Example:
        habeas verify-bundle abrego-garcia.zip --key "habeas.example/log+1a2b3c4d+AQ..."
    """
    try:
        report = verify_bundle(file, list(keys), ed25519=ed25519_verify)
    except BundleRefused as e:
        if as_json:
            echo_json({"ok": False, "refused": str(e), "member": e.member})
        else:
            click.echo(f"refused: {e}", err=True)
        raise SystemExit(1) from e
    if as_json:
        echo_json(report.to_json())
    else:
        click.echo("\n".join(report.lines()))
    if not report.ok:
        raise SystemExit(1)
