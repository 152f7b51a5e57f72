"""`habeas import-sheet`: records from a CSV or XLSX file through a mapping file."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.ingest.sheet_mapping import load_mapping
from habeas.ingest.sheets import count_rows
from habeas.services.sheet_import import import_sheet as run_import
from habeas.services.sheet_import import preview

__all__ = ["import_sheet"]


@click.command("import-sheet")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "mapping_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The mapping file (TOML): record type, key template, columns, constants.",
)
@click.option(
    "--encoding",
    metavar="E",
    help="The CSV file's text encoding, e.g. latin-1 (overrides the mapping's).",
)
@click.option(
    "--preview", "show_preview", is_flag=True, help="Show the first records; write nothing."
)
@click.option(
    "--skip-bad", is_flag=True, help="Write the good rows; put the rejected ones in a report."
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where --skip-bad writes rejected rows (default: FILE.rejected.csv).",
)
@json_option
@click.pass_context
@handle_errors
def import_sheet(
    ctx: click.Context,
    file: Path,
    mapping_file: Path,
    encoding: str | None,
    show_preview: bool,
    skip_bad: bool,
    report_file: Path | None,
    as_json: bool,
) -> None:
    """Import a spreadsheet (CSV or XLSX): each row becomes a record through a mapping file.

    Every row is checked first; problems are listed as FILE:ROW:COLUMN: what is wrong and
    nothing is written (exit 1), unless --skip-bad. Importing the same sheet again changes
    nothing. CSV must be UTF-8 (a byte-order mark is fine) unless --encoding says otherwise.

    \b
    Example:
        habeas import-sheet manifest.csv --map manifest.toml --preview
        habeas import-sheet manifest.csv --map manifest.toml
        habeas import-sheet facilities.xlsx --map facilities.toml --skip-bad
    """
    if not file.exists():
        raise click.BadParameter(f"{file}: no such file", param_hint="FILE")
    mapping = load_mapping(mapping_file)
    store = store_from(ctx, create=True)
    if show_preview:
        shown = preview(store, file, mapping, encoding=encoding, display_name=str(file))
        if as_json:
            echo_json(shown.to_json())
        else:
            import json

            for row, status, record in zip(shown.rows, shown.status, shown.records, strict=True):
                click.echo(f"row {row} ({status}): {json.dumps(record, ensure_ascii=False)}")
            for problem in shown.problems:
                click.echo(str(problem), err=True)
            click.echo(
                f"{len(shown.records)} record(s) shown, {len(shown.problems)} problem(s) "
                "in the rows read; nothing was written",
                err=True,
            )
        if shown.problems:
            sys.exit(1)
        return
    report = report_file or file.with_name(file.name + ".rejected.csv")
    err = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as p:
        task = p.add_task("checking rows", total=count_rows(file, mapping))
        done = run_import(
            store,
            file,
            mapping,
            skip_bad=skip_bad,
            report_path=report if skip_bad else None,
            encoding=encoding,
            on_rows=lambda n: p.advance(task, n),
            display_name=str(file),
        )
    if as_json:
        echo_json(done.to_json())
        return
    r = done.result
    click.echo(
        f"{file}: {done.rows} rows; {r.asserted} new, {r.corrected} corrected, "
        f"{r.unchanged} unchanged; log size {r.size}, root {r.root[:16]}…"
    )
    if done.rejected:
        click.echo(f"{len(done.rejected)} row(s) rejected, listed in {report}", err=True)
