"""`habeas import`: bring records in from a file — a bundle, a spreadsheet, a docket, an article.

`habeas import FILE` imports a bundle, or a spreadsheet with `--map`; it is short for
`habeas import file FILE`. The other kinds of input have their own subcommands
(`habeas import docket`, `habeas import article`), each in its own module, added here when
present.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from habeas.cli.common import json_option
from habeas.cli.errors import handle_errors

__all__ = ["import_group"]

SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")

# Subcommands that live in their own modules, added when present.
_OPTIONAL = (
    "habeas.cli.docket_file_cmds:import_docket",
    "habeas.cli.article_cmds:import_article",
)


class _DefaultToFile(click.Group):
    """A group whose first argument, when it is not a subcommand, is a file to import."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["file", *args]
        return super().parse_args(ctx, args)


@click.group("import", cls=_DefaultToFile)
def import_group() -> None:
    """Import records: a bundle or spreadsheet (FILE), a docket, an article.

    \b
    Example:
        habeas import flights.jsonl
        habeas import manifest.csv --map manifest.toml --preview
        habeas import docket njd_365922.html
        habeas import article report.html --url https://example.org/report
    """


@import_group.command("file")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Only check the file; write nothing.")
@click.option(
    "--map",
    "mapping_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A spreadsheet's mapping file (TOML): record type, key template, columns, constants.",
)
@click.option(
    "--encoding",
    metavar="E",
    help="A CSV file's text encoding, e.g. latin-1 (overrides the mapping's).",
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
def import_file(
    ctx: click.Context,
    file: Path,
    check_only: bool,
    mapping_file: Path | None,
    encoding: str | None,
    show_preview: bool,
    skip_bad: bool,
    report_file: Path | None,
    as_json: bool,
) -> None:
    """Import a bundle (JSON Lines), or a spreadsheet (CSV, XLSX) through --map.

    A bundle is checked whole first: problems are listed as FILE:LINE: field: what is wrong
    and nothing is written (exit 1). A spreadsheet's rows are checked first: problems are
    listed as FILE:ROW:COLUMN: what is wrong and nothing is written, unless --skip-bad.
    Importing the same file again changes nothing.

    \b
    Example:
        habeas import flights.jsonl
        habeas import --check flights.jsonl
        habeas import manifest.csv --map manifest.toml --preview
        habeas import facilities.xlsx --map facilities.toml --skip-bad
    """
    from habeas.cli.ledger_cmds import run_bundle_import
    from habeas.cli.sheet_cmds import run_sheet_import

    if not file.exists():
        raise click.BadParameter(f"{file}: no such file", param_hint="FILE")
    if mapping_file is None:
        sheet_only = [
            name
            for name, used in (
                ("--encoding", encoding),
                ("--preview", show_preview),
                ("--skip-bad", skip_bad),
                ("--report", report_file),
            )
            if used
        ]
        if file.suffix.lower() in SHEET_SUFFIXES or sheet_only:
            raise click.UsageError(
                f"{file}: a spreadsheet needs --map MAPPING.toml "
                "(see docs/importing.md); a bundle is a .jsonl file"
            )
        run_bundle_import(ctx, file, check_only, as_json)
        return
    if check_only:
        raise click.UsageError("--check is for bundles; for a spreadsheet use --preview")
    run_sheet_import(
        ctx, file, mapping_file, encoding, show_preview, skip_bad, report_file, as_json
    )


for _spec in _OPTIONAL:
    _module, _name = _spec.split(":")
    try:
        import_group.add_command(getattr(importlib.import_module(_module), _name))
    except ModuleNotFoundError as e:  # pragma: no cover - only while a module is being written
        if e.name != _module:
            raise
