"""`habeas import FILE --map MAPPING.toml`: records from a CSV or XLSX file through a mapping."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from habeas.cli.common import echo_json, store_from
from habeas.domain.access import LOCAL_OPERATOR
from habeas.ingest.sheet_mapping import load_mapping
from habeas.ingest.sheets import count_rows
from habeas.services.sheet_import import import_sheet as run_import
from habeas.services.sheet_import import preview

__all__ = ["run_sheet_import"]


def run_sheet_import(
    ctx: click.Context,
    file: Path,
    mapping_file: Path,
    encoding: str | None,
    show_preview: bool,
    skip_bad: bool,
    report_file: Path | None,
    as_json: bool,
) -> None:
    """`habeas import FILE --map MAPPING.toml`: a spreadsheet, each row a record."""
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
            principal=LOCAL_OPERATOR,
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
