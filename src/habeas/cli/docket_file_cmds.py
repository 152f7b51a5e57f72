"""`habeas import docket FILE`: a docket file saved from PACER or the Supreme Court, into the
ledger (`habeas.services.docket_files`)."""

from __future__ import annotations

from pathlib import Path

import click

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.domain.access import LOCAL_OPERATOR
from habeas.ingest.pacer import KINDS
from habeas.services.docket_files import DocketFileImport, import_docket_file

__all__ = ["import_docket"]


def _report(done: DocketFileImport) -> None:
    click.echo(
        f"{done.name}: {done.kind} docket file, court {done.court}, {len(done.dockets)} case(s)"
    )
    for docket in done.dockets:
        made = "new case" if docket.case_created else "case"
        origin = f" (from {docket.origin_case})" if docket.origin_case else ""
        drafts = ", ".join(f"#{n}" for n in docket.drafts) or "none"
        click.echo(
            f"  {made} {docket.case}{origin}: {len(docket.entries)} entries, "
            f"{len(docket.new_entries)} new; draft orders queued: {drafts}"
        )
    if done.drafts:
        click.echo(
            f"{len(done.drafts)} draft order(s) to review: habeas review list "
            "(accept one with habeas review accept ID, then record its obligations)"
        )


@click.command("docket")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    help="What the file is (default: told from its contents).",
)
@click.option(
    "--court",
    metavar="ID",
    help="The court's courts-db id, e.g. njd, ca4 (default: read from the file's PACER links).",
)
@click.option(
    "--case",
    "case_key",
    metavar="KEY",
    help="File the docket under this case (default: found by court and number, or created).",
)
@json_option
@click.pass_context
@handle_errors
def import_docket(
    ctx: click.Context,
    file: Path,
    kind: str | None,
    court: str | None,
    case_key: str | None,
    as_json: bool,
) -> None:
    """Import a docket file saved from PACER or the Supreme Court.

    FILE is a district or appellate docket page (HTML), a Supreme Court docket (its JSON from
    supremecourt.gov), a PACER RSS feed (XML) or a notice email (NEF / NDA). The case, its
    entries and the file itself (as a source) are recorded; every entry that is an order is
    queued as a draft order for review. An appeal or application is linked to the lower-court
    case it comes from. A problem names the file and the entry, and nothing is written
    (exit 1). Importing the same file again changes nothing.

    \b
    Example:
        habeas import docket njd_365922.html
        habeas import docket 24A949.json --json
        habeas import docket ca4_rss.xml --kind rss --court ca4
        habeas review list
    """
    if not file.exists():
        raise click.BadParameter(f"{file}: no such file", param_hint="FILE")
    done = import_docket_file(
        store_from(ctx, create=True),
        file,
        file.name,
        kind=kind,
        court=court,
        case_key=case_key,
        principal=LOCAL_OPERATOR,
    )
    if as_json:
        echo_json(done.to_json())
    else:
        _report(done)
