"""`habeas track docket` and `habeas sync`: CourtListener dockets kept current in the ledger.

Both read HABEAS_COURTLISTENER_TOKEN and HABEAS_COURTLISTENER_URL from the environment. When
CourtListener answers 401/403 the message says so plainly and names what still works
(docket-alert webhooks, PACER pages); the exit code is 1.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import EXIT, handle_errors
from habeas.config import Settings
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.courtlistener_sync import (
    DocketSync,
    client_for,
    sync_dockets,
    track_docket,
)

__all__ = ["sync", "track"]


@contextmanager
def _progress(label: str) -> Iterator[Progress]:
    """A progress bar on stderr (pages are counted as they come: their number is unknown)."""
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[pages]} page(s), {task.fields[entries]} entries"),
        console=Console(file=sys.stderr),
        transient=True,
    )
    with bar:
        bar.add_task(label, total=None, pages=0, entries=0)
        yield bar


def _report(result: DocketSync, verb: str) -> None:
    resumed = f" (resumed at {result.resumed_from})" if result.resumed_from else ""
    click.echo(
        f"docket {result.docket} → {result.case}: {verb} {result.entries} entries in "
        f"{result.pages} page(s){resumed}, {len(result.new_entries)} new, "
        f"{len(result.drafts)} draft order(s) to review"
    )


@click.group("track")
def track() -> None:
    """Track an outside docket: link it to a case and import its entries.

    \b
    Example:
        habeas track docket 69777799
        habeas track docket https://www.courtlistener.com/docket/69777799/abrego-garcia-v-noem/
    """


@track.command("docket")
@click.argument("docket", metavar="ID_OR_URL")
@click.option(
    "--case",
    "case_key",
    metavar="KEY",
    help="The case to link (default: found by court and docket number, or created).",
)
@json_option
@click.pass_context
@handle_errors
def track_docket_cmd(ctx: click.Context, docket: str, case_key: str | None, as_json: bool) -> None:
    """Link a case to a CourtListener docket (its id or URL) and import all its entries.

    The docket's court and case are recorded (found by court and docket number, or
    created), every entry with its CourtListener ids (entry id, recap_sequence_number,
    documents' sha1), and orders are queued for review. `habeas sync` keeps it current.
    Needs HABEAS_COURTLISTENER_TOKEN.

    \b
    Example:
        habeas track docket 69777799
        habeas track docket https://www.courtlistener.com/docket/69777799/abrego-garcia-v-noem/
        habeas track docket 69777799 --case case/mdd-8-25-cv-00951 --json
    """
    store = store_from(ctx)
    with client_for(Settings.from_env()) as client, _progress("tracking") as bar:
        result = track_docket(
            store,
            client,
            docket,
            case_key=case_key,
            progress=lambda _d, p, n: bar.update(bar.task_ids[0], pages=p, entries=n),
            principal=LOCAL_OPERATOR,
        )
    if as_json:
        echo_json(result.to_json())
        return
    _report(result, "tracked," if result.tracked_now else "tracked again,")
    click.echo("`habeas review` lists the draft orders; `habeas sync` fetches what is new")


@click.command("sync")
@click.option("--docket", metavar="ID", help="Only this tracked docket (id or URL).")
@json_option
@click.pass_context
@handle_errors
def sync(ctx: click.Context, docket: str | None, as_json: bool) -> None:
    """Fetch what is new on every tracked CourtListener docket.

    Asks only for entries modified since the last sync; a sync that failed half-way resumes
    at the page it reached; an entry is never duplicated. A docket that fails does not stop
    the others; the exit code is then 1 and the message says why (and, for a 401/403, what
    still works). Needs HABEAS_COURTLISTENER_TOKEN.

    \b
    Example:
        habeas sync
        habeas sync --docket 69777799 --json
    """
    store = store_from(ctx)
    with client_for(Settings.from_env()) as client, _progress("syncing") as bar:
        results = sync_dockets(
            store,
            client,
            docket=docket,
            progress=lambda d, p, n: bar.update(
                bar.task_ids[0], description=f"docket {d}", pages=p, entries=n
            ),
            principal=LOCAL_OPERATOR,
        )
    failed = [r for r in results if r.error]
    if as_json:
        echo_json({"dockets": [r.to_json() for r in results], "ok": not failed})
    else:
        if not results:
            click.echo("no tracked dockets: `habeas track docket ID` tracks one")
        for r in results:
            if r.error is None:
                _report(r, "read")
    for r in failed:
        click.echo(f"error: docket {r.docket}: {r.error}", err=True)
    if failed:
        sys.exit(EXIT["invalid"])
