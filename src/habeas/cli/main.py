"""The `habeas` command: a group of subcommands sharing the global --db option."""

from __future__ import annotations

import importlib

import click

from habeas import __version__
from habeas.cli import ledger_cmds, question_cmds
from habeas.services.audit import audit_scope

__all__ = ["cli", "main"]

# Commands that live in their own modules, registered when present.
_OPTIONAL = (
    "habeas.cli.deadline_cmd:deadline",
    "habeas.cli.compliance_cmds:compliance",
    "habeas.cli.compliance_cmds:alerts",
    "habeas.cli.serve_cmd:serve",
    "habeas.cli.user_cmds:user",
    "habeas.cli.source_cmds:source",
    "habeas.cli.import_cmds:import_group",
    "habeas.cli.review_cmds:review",
    "habeas.cli.courtlistener_cmds:track",
    "habeas.cli.courtlistener_cmds:sync",
    "habeas.cli.bundle_cmds:bundle",
    "habeas.cli.bundle_cmds:verify_bundle_cmd",
    "habeas.cli.key_cmds:keys",
    "habeas.cli.evidence_cmds:witness",
    "habeas.cli.evidence_cmds:find_entry",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="HABEAS_DATABASE_URL",
    metavar="URL",
    help="Database URL or SQLite file (default: $HABEAS_DATABASE_URL, else ./habeas.db). "
    "PostgreSQL: postgresql+psycopg://user@host/db",
)
@click.option(
    "--copy-dir",
    envvar="HABEAS_COPY_DIR",
    metavar="DIR",
    help="Keep stored copies of sources in this folder, by SHA-256, instead of the database "
    "(default: $HABEAS_COPY_DIR, else the database).",
)
@click.version_option(__version__, prog_name="habeas")
@click.pass_context
def cli(ctx: click.Context, db: str | None, copy_dir: str | None) -> None:
    """habeas: an evidence-grade ledger of people in custody, transfers, courts and orders.

    \b
    Example:
        habeas demo
        habeas whereabouts "Abrego Garcia" --as-of 2025-04-14
        habeas verify
    """
    ctx.ensure_object(dict)
    # One audit item per command for the reads it makes, flushed into the log at its end.
    ctx.with_resource(audit_scope(flush=True))
    ctx.obj["db"] = db
    ctx.obj["copy_dir"] = copy_dir


for _cmd in (*ledger_cmds.COMMANDS, *question_cmds.COMMANDS):
    cli.add_command(_cmd)

for _spec in _OPTIONAL:
    _module, _name = _spec.split(":")
    try:
        cli.add_command(getattr(importlib.import_module(_module), _name))
    except ModuleNotFoundError as e:  # pragma: no cover - only while a module is being written
        if e.name != _module:
            raise


def main() -> None:
    """Entry point of the `habeas` script."""
    cli(prog_name="habeas")
