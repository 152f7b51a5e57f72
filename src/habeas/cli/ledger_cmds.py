"""Commands that create, load, check and prove the ledger."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from habeas.cli.common import console, echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services import proofs
from habeas.services.audit import flush_audit
from habeas.services.database import load_demo
from habeas.services.exporting import export_bundle
from habeas.services.history import history
from habeas.services.importing import check_file, import_bundle
from habeas.services.name_variants import load_name_variants
from habeas.services.verify import verify_ledger
from habeas.services.write import writing
from habeas.services.writer import AppendResult

__all__ = ["COMMANDS", "run_bundle_import"]


@contextmanager
def _progress(kind: str) -> Iterator[Progress]:
    err = Console(stderr=True)
    columns: list[Any] = [TextColumn("{task.description}"), BarColumn()]
    columns.append(DownloadColumn() if kind == "bytes" else MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as p:
        yield p


def _print_result(result: AppendResult, what: str) -> None:
    click.echo(
        f"{what}: {result.asserted} new, {result.corrected} corrected, "
        f"{result.retracted} retracted, {result.unchanged} unchanged; "
        f"log size {result.size}, root {result.root[:16]}…"
    )


@click.command("init")
@json_option
@click.pass_context
@handle_errors
def init_cmd(ctx: click.Context, as_json: bool) -> None:
    """Create an empty ledger (or bring an existing one up to date).

    \b
    Example:
        habeas --db cases.db init
    """
    store = store_from(ctx, create=True)
    cp = proofs.checkpoint(store)
    if as_json:
        echo_json({"database": store.url, **cp})
    else:
        click.echo(f"ledger ready at {store.url} ({cp['size']} entries)")


@click.command("demo")
@click.option(
    "--name-variants",
    is_flag=True,
    help="Also import four records of the reference story's person under the spellings of a "
    "caption, a list, a news report and a manifest; the matcher proposes each with him and the "
    "demo accepts the proposals as an editor would (see docs/matching.md).",
)
@json_option
@click.pass_context
@handle_errors
def demo_cmd(ctx: click.Context, name_variants: bool, as_json: bool) -> None:
    """Load both demo stories: the reference story (the March 15, 2025 flights, Abrego
    Garcia v. Noem) and J.G.G. v. Trump (the orders of that evening).

    Loading them again changes nothing.

    \b
    Example:
        habeas demo && habeas whereabouts "Abrego Garcia" --as-of 2025-04-14
        habeas demo && habeas compliance 1:25-cv-00766 --as-of 2025-03-16
        habeas demo --name-variants && habeas review pairs --status accepted
    """
    store = store_from(ctx, create=True)
    result = load_demo(store)
    variants = load_name_variants(store) if name_variants else None
    if as_json:
        echo_json(
            result.to_json()
            | ({} if variants is None else {"name_variants": dict(variants.resolved)})
        )
        return
    _print_result(result, "demo stories (reference story, J.G.G. v. Trump)")
    if variants is not None:
        for key, person in sorted(variants.resolved.items()):
            console().print(f"{key} answers as {person}", markup=False)


def run_bundle_import(ctx: click.Context, file: Path, check_only: bool, as_json: bool) -> None:
    """`habeas import FILE`: a bundle (JSON Lines), checked whole before anything is written."""
    store = store_from(ctx, create=True)
    size = file.stat().st_size
    with _progress("bytes") as p:
        task = p.add_task("checking", total=size)
        if check_only:
            report = check_file(
                store, file, on_bytes=lambda n: p.advance(task, n), display_name=str(file)
            )
            if report.problems:
                from habeas.domain.errors import BundleInvalid

                raise BundleInvalid(report.problems, truncated=report.truncated)
            if as_json:
                echo_json(
                    {"ok": True, "records": report.records, "retractions": report.retractions}
                )
            else:
                click.echo(
                    f"{file}: {report.records} records, {report.retractions} "
                    "retractions, no problems"
                )
            return
        result = import_bundle(
            store,
            file,
            on_bytes=lambda n: p.advance(task, n),
            display_name=str(file),
            principal=LOCAL_OPERATOR,
        )
    if as_json:
        echo_json(result.to_json())
    else:
        _print_result(result, str(file))


@click.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (default: standard output).",
)
@click.option("--title", help="Title for the bundle header.")
@click.pass_context
@handle_errors
def export_cmd(ctx: click.Context, output: Path | None, title: str | None) -> None:
    """Export every current record as a bundle that re-imports to the same state.

    \b
    Example:
        habeas export -o backup.jsonl
    """
    store = store_from(ctx)
    if output is None:
        export_bundle(store, sys.stdout, title=title, principal=LOCAL_OPERATOR)
        return
    tmp = output.with_name(output.name + ".partial")
    with tmp.open("w", encoding="utf-8") as out:
        n = export_bundle(store, out, title=title, principal=LOCAL_OPERATOR)
    tmp.replace(output)
    click.echo(f"{n} records written to {output}", err=True)


@click.command("verify")
@click.option(
    "--log-only",
    is_flag=True,
    help="Check the log alone (entries, leaves, tree, head, stored copies), not the projections.",
)
@json_option
@click.pass_context
@handle_errors
def verify_cmd(ctx: click.Context, log_only: bool, as_json: bool) -> None:
    """Recompute every leaf, the Merkle tree and every projection from the stored log.

    Exits 1 and names the first bad entry if anything was changed, deleted, moved or inserted.
    With --log-only the projection tables are not checked (a faster check of the log itself).

    \b
    Example:
        habeas verify && habeas proof checkpoint
    """
    store = store_from(ctx)
    flush_audit(store)  # the queued audit of reads joins the log first
    with _progress("count") as p:
        task = p.add_task("verifying", total=None)
        report = verify_ledger(
            store,
            progress=lambda done, total: p.update(task, completed=done, total=total),
            log_only=log_only,
        )
    data = {
        "ok": True,
        "log_only": log_only,
        "size": report.size,
        "root": report.root,
        "records": report.records,
        "references": report.references,
        "search_terms": report.search_terms,
        "projections": dict(report.projections),
    }
    if as_json:
        echo_json(data)
    else:
        click.echo(f"ok: {report.size} entries, {report.records} records; root {report.root}")
        checked = ", ".join(f"{name} {rows}" for name, rows in report.projections.items())
        click.echo(f"projections checked (rows): {checked}")


@click.command("history")
@click.argument("key")
@json_option
@click.pass_context
@handle_errors
def history_cmd(ctx: click.Context, key: str, as_json: bool) -> None:
    """Every entry that touched a record: versions, corrections with reasons, retractions.

    \b
    Example:
        habeas history person/kilmar-abrego-garcia
    """
    lines = history(store_from(ctx), key, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json([h.to_json() for h in lines])
        return
    table = Table(title=f"History of {key}")
    for col in ("entry", "version", "op", "recorded", "by", "reason"):
        table.add_column(col)
    for h in lines:
        table.add_row(
            str(h.position), str(h.version), h.op, h.recorded_at, h.recorded_by, h.reason or ""
        )
    console().print(table)


@click.command("retract")
@click.argument("key")
@click.option("--reason", required=True, help="Why the record is withdrawn (kept in the log).")
@click.option(
    "--version",
    "expected",
    type=click.IntRange(1, 2**31),
    default=None,
    help="Refuse unless the record is still at this version.",
)
@click.option(
    "--source",
    "source",
    default=None,
    metavar="KEY",
    help="The source (a source record's key) that shows the record was wrong.",
)
@json_option
@click.pass_context
@handle_errors
def retract_cmd(
    ctx: click.Context,
    key: str,
    reason: str,
    expected: int | None,
    source: str | None,
    as_json: bool,
) -> None:
    """Withdraw a record, saying why (and citing the source that shows it wrong). Its
    history stays in the log.

    \b
    Example:
        habeas retract custody_event/x --reason "duplicate of custody_event/y"
    """
    store = store_from(ctx)
    with writing(store, principal=LOCAL_OPERATOR) as session:
        entry = session.retract(key, reason, source=source, expect_version=expected)
    result = session.finish()  # committed when the block ended
    assert entry is not None
    if as_json:
        echo_json({"position": entry.position, "version": entry.version, **result.to_json()})
    else:
        click.echo(f"retracted {key} (entry {entry.position}, version {entry.version})")


@click.group("proof")
def proof_group() -> None:
    """Merkle proofs over the log (RFC 6962), for anyone to check against a published root."""


@proof_group.command("checkpoint")
@click.pass_context
@handle_errors
def checkpoint_cmd(ctx: click.Context) -> None:
    """Print the log's size and root (JSON) to publish or keep.

    \b
    Example:
        habeas proof checkpoint > checkpoint-2025-04-14.json
    """
    echo_json(proofs.checkpoint(store_from(ctx)))


@proof_group.command("inclusion")
@click.argument("position", type=click.IntRange(0, 2**62))
@click.option("--size", type=click.IntRange(1, 2**62), help="Tree size (default: the whole log).")
@click.pass_context
@handle_errors
def inclusion_cmd(ctx: click.Context, position: int, size: int | None) -> None:
    """Prove that entry POSITION is in the tree (JSON: leaf_hash, root, proof).

    \b
    Example:
        habeas proof inclusion 42
    """
    echo_json(proofs.inclusion_proof(store_from(ctx), position, size))


@proof_group.command("consistency")
@click.argument("old_size", type=click.IntRange(1, 2**62))
@click.argument("new_size", type=click.IntRange(1, 2**62), required=False)
@click.pass_context
@handle_errors
def consistency_cmd(ctx: click.Context, old_size: int, new_size: int | None) -> None:
    """Prove that the log of OLD_SIZE entries is a prefix of the log of NEW_SIZE entries.

    \b
    Example:
        habeas proof consistency 100 250
    """
    echo_json(proofs.consistency_proof(store_from(ctx), old_size, new_size))


COMMANDS = [
    init_cmd,
    demo_cmd,
    export_cmd,
    verify_cmd,
    history_cmd,
    retract_cmd,
    proof_group,
]
