"""`habeas dedupe`: match every person of the ledger against every other and fill the
review queue with the pairs that may be one person."""

from __future__ import annotations

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.dedupe import dedupe_ledger

__all__ = ["dedupe"]


@click.command("dedupe")
@click.option(
    "--min-probability",
    type=click.FloatRange(0, 1),
    metavar="P",
    help="Propose pairs of at least this match probability (default: $HABEAS_MATCH_REVIEW, 0.5).",
)
@click.option(
    "--no-train",
    is_flag=True,
    help="Score with the default model instead of re-estimating it on the ledger's pairs.",
)
@click.option(
    "--dry-run", is_flag=True, help="Show the pairs without proposing them to the review queue."
)
@click.option("--limit", type=int, default=20, show_default=True, help="Pairs to list.")
@json_option
@click.pass_context
@handle_errors
def dedupe(
    ctx: click.Context,
    min_probability: float | None,
    no_train: bool,
    dry_run: bool,
    limit: int,
    as_json: bool,
) -> None:
    """Find people recorded more than once and propose each pair to the review queue.

    Every person is compared with those sharing a blocking key (a name's sound, a surname
    and an initial, a date of birth, an identifier); the model is re-estimated on the
    ledger's own pairs; each pair is explained field by field. Nothing is merged: an
    editor accepts or rejects each pair (`habeas review`). Exit code 0 when it ran (with
    or without pairs).

    \b
    Example:
        habeas dedupe
        habeas dedupe --dry-run --min-probability 0.9
        habeas dedupe --json > pairs.json
    """
    store = store_from(ctx)
    err = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("reading people", total=None)

        def told(stage: str, done: int, total: int) -> None:
            what = "reading people" if stage == "read" else "comparing pairs"
            bar.update(task, description=what, completed=done, total=total)

        report = dedupe_ledger(
            store,
            principal=LOCAL_OPERATOR,
            min_probability=min_probability,
            train=not no_train,
            propose=not dry_run,
            on_progress=told,
        )
    if as_json:
        echo_json(report.to_json())
        return
    click.echo(
        f"{report.people} people, {report.compared} pairs compared, {len(report.pairs)} of "
        f"probability {report.min_probability:g} or more"
        + ("" if dry_run else f", {report.proposed} proposed to the review queue")
    )
    for pair in report.pairs[:limit]:
        flag = " [conflicting identifier]" if pair.conflict else ""
        click.echo(
            f"  {pair.probability:.3f}  {pair.left} ~ {pair.right}{flag}\n         {pair.explain()}"
        )
    if len(report.pairs) > limit:
        click.echo(f"  … and {len(report.pairs) - limit} more (--limit, --json)")
