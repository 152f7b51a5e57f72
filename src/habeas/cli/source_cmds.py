"""`habeas source`: stored copies of sources — attach a file to a Source, get a copy back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.copies import attach_copy, get_copy

__all__ = ["source"]


@click.group("source")
def source() -> None:
    """Stored copies of sources: the bytes kept under their SHA-256, the hash in the log.

    \b
    Example:
        habeas source attach source/mdd-order-2025-04-04 order.pdf
        habeas source get 9f86d081884c7d65… -o order.pdf
    """


@source.command("attach")
@click.argument("source_key", metavar="SOURCE_KEY")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--reason",
    metavar="TEXT",
    help='Why the Source is corrected (default: "stored copy attached").',
)
@click.option(
    "--media-type",
    metavar="TYPE",
    help="The file's MIME type (default: guessed from its name, else application/octet-stream).",
)
@click.option("--url", "retrieved_from", metavar="URL", help="Where the file was taken from.")
@json_option
@click.pass_context
@handle_errors
def attach_cmd(
    ctx: click.Context,
    source_key: str,
    file: Path,
    reason: str | None,
    media_type: str | None,
    retrieved_from: str | None,
    as_json: bool,
) -> None:
    """Store FILE's bytes under their SHA-256 and correct the Source SOURCE_KEY to carry it.

    The correction is an entry of the log, so the hash is tamper-evident; the bytes are kept
    in the database, and `habeas verify` checks that they still hash to it.

    \b
    Example:
        habeas source attach source/mdd-order-2025-04-04 order.pdf --reason "court copy"
    """
    done = attach_copy(
        store_from(ctx),
        source_key,
        file,
        reason,
        media_type=media_type,
        retrieved_from=retrieved_from,
        principal=LOCAL_OPERATOR,
    )
    if as_json:
        echo_json(done.to_json())
    else:
        what = "attached" if done.corrected else "already attached"
        click.echo(f"{what}: {done.source} sha256 {done.sha256} ({done.size:,} bytes)")


@source.command("get")
@click.argument("sha256", metavar="SHA256")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Write the copy to this file ('-': standard output).",
)
@click.pass_context
@handle_errors
def get_cmd(ctx: click.Context, sha256: str, output: Path) -> None:
    """Write the stored copy whose SHA-256 is SHA256 to a file.

    \b
    Example:
        habeas source get 9f86d081884c7d65…0f00a08 -o order.pdf
    """
    copy = get_copy(store_from(ctx), sha256, principal=LOCAL_OPERATOR)
    if str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(copy.data)
        return
    output.write_bytes(copy.data)
    click.echo(f"wrote {output} ({copy.size:,} bytes, {copy.media_type})", err=True)
