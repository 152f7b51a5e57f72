"""`habeas deadline`: a deadline calculator (FRCP 6(a), FRAP 26(a)) that explains itself."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from habeas.cli.common import echo_json, json_option
from habeas.domain.courts import UnknownCourt
from habeas.domain.deadlines import ComputedDeadline, DeadlineError
from habeas.services.deadlines import SERVICE_METHODS, calculate_deadline

__all__ = ["deadline"]


def _show(result: ComputedDeadline) -> None:
    # Not habeas.cli.common.console(): it calls click.get_text_stream, deprecated in Click 8.5.
    out = Console(file=sys.stdout, soft_wrap=False, width=120, highlight=False)
    ends = result.ends_at
    head = (
        f"[bold]{result.deadline:%A} {result.deadline.isoformat()}[/bold]\n"
        f"ends {ends.isoformat(timespec='seconds')} ({ends:%H:%M %Z}, {ends.tzinfo})\n"
        f"{escape(result.period)} {result.trigger} in {result.court} · {escape(result.rule)}"
    )
    out.print(Panel(head, title="Deadline", expand=False))
    steps = Table(show_header=True, header_style="bold", box=None)
    steps.add_column("#", justify="right")
    steps.add_column("step")
    for i, step in enumerate(result.steps, 1):
        steps.add_row(str(i), Text(step))
    out.print(steps)
    for warning in result.warnings:
        out.print(f"[yellow]warning:[/yellow] {escape(warning)}")


@click.command("deadline")
@click.option(
    "--court",
    "court_id",
    required=True,
    metavar="ID",
    help="Court id from courts-db: mdd, ca4, scotus, dcd, tnmd…",
)
@click.option(
    "--from",
    "trigger",
    required=True,
    metavar="DATE",
    help="The triggering event: 2025-04-07, or 2025-04-07T14:30 for hour periods "
    "(read in the court's time zone unless it has an offset).",
)
@click.option("--days", type=int, metavar="N", help="Period in days.")
@click.option("--hours", type=int, metavar="N", help="Period in hours.")
@click.option(
    "--before", is_flag=True, help="Count backward: the deadline is N days/hours before the event."
)
@click.option(
    "--service",
    type=click.Choice(list(SERVICE_METHODS)),
    help="How the triggering paper was served; mail, clerk and consented add 3 days (FRCP 6(d)).",
)
@click.option(
    "--inaccessible",
    multiple=True,
    metavar="DATE",
    help="A day the clerk's office was inaccessible (Rule 6(a)(3)); repeatable.",
)
@click.option(
    "--lower-court",
    metavar="ID",
    help="For a court of appeals: the district court whose judgment is challenged "
    "(its state's holidays count, FRAP 26(a)(6)(C)).",
)
@click.option(
    "--no-declared-closures",
    is_flag=True,
    help="Do not count presidential closure orders (e.g. 2025-12-24) as holidays.",
)
@json_option
def deadline(
    court_id: str,
    trigger: str,
    days: int | None,
    hours: int | None,
    before: bool,
    service: str | None,
    inaccessible: tuple[str, ...],
    lower_court: str | None,
    no_declared_closures: bool,
    as_json: bool,
) -> None:
    """Compute a deadline under FRCP 6(a) / FRAP 26(a) and show every step.

    Days: the trigger day is excluded, every day counts, and a last day that is a weekend or
    legal holiday (federal, declared by the President, or a state holiday where the court
    sits) moves to the next day (the previous one with --before). The last day ends at
    midnight in the court's time zone. Hours: counted from the event, every hour.

    \b
    Example:
        habeas deadline --court mdd --from 2007-08-22 --days 10
        habeas deadline --court mdd --from 2007-09-11 --days 10 --before
        habeas deadline --court tnmd --from 2025-04-04 --days 14 --service mail --json
        habeas deadline --court dcd --from 2025-04-07T17:00 --hours 72
    """
    if (days is None) == (hours is None):
        raise click.UsageError("give exactly one of --days N or --hours N")
    try:
        result = calculate_deadline(
            court_id,
            trigger,
            days,
            hours,
            before,
            service,
            inaccessible,
            lower_court=lower_court,
            declared_closures=not no_declared_closures,
        )
    except DeadlineError as e:
        if isinstance(e.__cause__, UnknownCourt):
            hint = "--court" if e.__cause__.court_id == court_id else "--lower-court"
            raise click.BadParameter(str(e), param_hint=hint) from e
        raise click.UsageError(str(e)) from e
    if as_json:
        echo_json(result.to_json())
    else:
        _show(result)
