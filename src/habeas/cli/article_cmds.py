"""`habeas import article`: a news article or web page in, its facts queued as drafts."""

from __future__ import annotations

from pathlib import Path

import click

from habeas.cli.common import console, echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.article_import import import_article as run_import

__all__ = ["import_article"]


@click.command("article")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", metavar="URL", help="Where the article was published (recorded).")
@click.option(
    "--published",
    metavar="DATE",
    help="The publication date (YYYY-MM-DD), overriding the page's own.",
)
@json_option
@click.pass_context
@handle_errors
def import_article(
    ctx: click.Context, file: Path, url: str | None, published: str | None, as_json: bool
) -> None:
    """Read an article (HTML or text) and queue the facts it states as drafts for review.

    The file is kept (content-addressed) and recorded as a news_article Source; people,
    officials, facilities and courts it names are matched against the ledger; what the ledger
    lacks, dated orders and custody events (relative dates resolved against the nearest
    anchor) and attributed quotes become drafts. Nothing else is written until an editor
    accepts a draft (`habeas review`). Importing the same file again adds nothing.

    \b
    Example:
        habeas import article report.html --url https://example.org/news/report
        habeas import article notes.txt --published 2025-04-05 --json
        habeas review list --source source/article-280b3d9e11fd
    """
    store = store_from(ctx)
    try:
        report = run_import(store, file, url=url, published=published, principal=LOCAL_OPERATOR)
    finally:
        store.close()
    if as_json:
        echo_json(report.to_json())
        return
    out = console()
    a = report.article
    out.print(f"[bold]{a.title}[/bold]")
    out.print(
        f"{a.publisher or 'publisher not stated'} · {a.published} · "
        f"{report.source} ({'recorded' if report.source_created else 'already recorded'})"
    )
    for note in a.notes:
        out.print(f"note: {note}")
    known = [m for m in report.matches if m.key]
    if known:
        names = ", ".join(f"{m.name} → {m.key}" for m in known)
        out.print(f"in the ledger: {names}", soft_wrap=True)
    if report.places:
        out.print(f"places: {', '.join(report.places)}", soft_wrap=True)
    if not report.queued:
        out.print(f"{len(report.drafts)} draft(s) proposed, none new: all were queued before")
        return
    out.print(f"{len(report.queued)} draft(s) queued for review:")
    for draft, number in zip(report.drafts, report.numbers, strict=True):
        if number is None:
            continue
        out.print(f"  #{number} {draft.kind}: {draft.summary}", soft_wrap=True)
        if draft.excerpt:
            out.print(f"      > {draft.excerpt}", soft_wrap=True)
    out.print(f"review them with: habeas review list --source {report.source}")
