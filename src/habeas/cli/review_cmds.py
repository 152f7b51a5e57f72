"""`habeas review`: the queue of drafts importers found — list, show, accept, reject — and the
queue of candidate pairs of people (`habeas.cli.pair_cmds`): pairs, accept, reject, skip,
merge, split. A draft is named by its number, a pair by its id ("person/a|person/b")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.cli.pair_cmds import (
    decide_pair,
    is_draft_number,
    merge_cmd,
    pairs_cmd,
    show_pair,
    skip_cmd,
    split_cmd,
)
from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import InvalidRecord
from habeas.services.drafts import STATUSES, Draft, accept_draft, get_draft, list_drafts
from habeas.services.drafts import reject_draft as reject

__all__ = ["review"]


@click.group("review", invoke_without_command=True)
@click.pass_context
def review(ctx: click.Context) -> None:
    """The review queues: drafts found by importers, and candidate pairs of people that
    may be one person, waiting for an editor.

    Nothing a draft proposes is in the ledger until it is accepted; a pair accepted merges
    the two people (`habeas review split` undoes it). Without a subcommand, lists the
    pending drafts. A draft is named by its number, a pair by its id.

    \b
    Example:
        habeas review
        habeas review show 3
        habeas review accept 3
        habeas review accept 4 --edit order-4.json
        habeas review reject 5 --reason "a motion, not an order"
        habeas review pairs
        habeas review accept "person/a|person/b" --reason "same A-number"
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_cmd)


def _line(d: Draft) -> str:
    return f"#{d.id:<5} {d.status:<9} {d.kind:<10} {d.summary}"


@review.command("list")
@click.option(
    "--status",
    type=click.Choice([*STATUSES, "all"]),
    default="pending",
    show_default=True,
    help="Which drafts to list.",
)
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Only this kind (repeat).")
@click.option("--source", metavar="KEY", help="Only drafts citing this source.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=200, show_default=True)
@json_option
@click.pass_context
@handle_errors
def list_cmd(
    ctx: click.Context,
    status: str = "pending",
    kinds: tuple[str, ...] = (),
    source: str | None = None,
    limit: int = 200,
    as_json: bool = False,
) -> None:
    """List drafts, oldest first.

    \b
    Example:
        habeas review list --kind order
        habeas review list --status accepted --json
    """
    store = store_from(ctx)
    found = list_drafts(
        store,
        principal=LOCAL_OPERATOR,
        status=None if status == "all" else status,
        kinds=kinds,
        source=source,
        limit=limit,
    )
    if as_json:
        echo_json([d.to_json() for d in found])
        return
    if not found:
        click.echo(f"no {'' if status == 'all' else status + ' '}drafts")
        return
    for d in found:
        click.echo(_line(d))
    click.echo(f"{len(found)} draft(s); `habeas review show N` shows one", err=True)


@review.command("show")
@click.argument("item", metavar="NUMBER|PAIR_ID")
@json_option
@click.pass_context
@handle_errors
def show_cmd(ctx: click.Context, item: str, as_json: bool) -> None:
    """Show one draft (what it proposes, the excerpt it rests on, notes for the editor), or
    one candidate pair (the two people, the evidence, the decision).

    \b
    Example:
        habeas review show 3
        habeas review show "person/a|person/b"
    """
    if not is_draft_number(item):
        show_pair(ctx, item, as_json)
        return
    number = _number(item)
    d = get_draft(store_from(ctx), number, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json(d.to_json())
        return
    click.echo(_line(d))
    click.echo(f"found in {d.origin}; cites {d.source}")
    if d.excerpt:
        click.echo(f'excerpt: "{d.excerpt}"')
    for note in d.notes:
        click.echo(f"note: {note}")
    click.echo("record it proposes:")
    click.echo(json.dumps(d.record, indent=2, ensure_ascii=False))
    if d.status != "pending":
        click.echo(f"{d.status} by {d.decided_by} at {d.decided_at}: {d.decision_note or ''}")
        if d.result_key:
            click.echo(f"wrote {d.result_key}")


def _number(item: str) -> int:
    number = int(item)
    if number < 1:
        raise click.BadParameter(f"{item}: a draft number is 1 or more", param_hint="NUMBER")
    return number


def _read_edit(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InvalidRecord(f"cannot read {path}: {e.strerror or e}", field="--edit") from e
    except json.JSONDecodeError as e:
        raise InvalidRecord(f"{path}:{e.lineno}: not JSON: {e.msg}", field="--edit") from e
    if not isinstance(data, dict):
        raise InvalidRecord(f"{path}: expected one JSON object (a record)", field="--edit")
    return data


@review.command("accept")
@click.argument("item", metavar="NUMBER|PAIR_ID")
@click.option(
    "--edit",
    "edit_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A JSON file with the record to write instead of the proposal (start from "
    "`habeas review show N --json`).",
)
@click.option("--note", metavar="TEXT", help="A note kept with the decision.")
@click.option("--reason", metavar="TEXT", help="A pair: why the two are one person (required).")
@click.option("--survivor", metavar="KEY", help="A pair: the person kept (default: the older).")
@click.option("--override", metavar="TEXT", help="A pair: why, though their identifiers conflict.")
@json_option
@click.pass_context
@handle_errors
def accept_cmd(
    ctx: click.Context,
    item: str,
    edit_file: Path | None,
    note: str | None,
    as_json: bool,
    reason: str | None = None,
    survivor: str | None = None,
    override: str | None = None,
) -> None:
    """Accept a draft: write its record (or your edit of it) citing the source and excerpt;
    or accept a candidate pair: merge the two people (the older record survives unless
    --survivor says otherwise).

    Every problem of the record is listed with its field and nothing is written (exit 1).

    \b
    Example:
        habeas review accept 3
        habeas review show 4 --json | jq .record > order.json   # edit it, then:
        habeas review accept 4 --edit order.json --note "title from the PDF"
        habeas review accept "person/a|person/b" --reason "same A-number in both lists"
    """
    if not is_draft_number(item):
        decide_pair(
            ctx,
            item,
            "accept",
            reason or note,
            as_json=as_json,
            survivor=survivor,
            override=override,
        )
        return
    number = _number(item)
    record = _read_edit(edit_file) if edit_file else None
    done = accept_draft(store_from(ctx), number, record=record, note=note, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json(done.to_json())
        return
    click.echo(f"draft {number} accepted: {done.op} {done.key}")
    if done.key.startswith("order/"):
        click.echo("next: record what the order requires (its obligations)", err=True)


@review.command("reject")
@click.argument("item", metavar="NUMBER|PAIR_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why (kept with the decision).")
@json_option
@click.pass_context
@handle_errors
def reject_cmd(ctx: click.Context, item: str, reason: str, as_json: bool) -> None:
    """Reject a draft, saying why (nothing is written to the ledger); or reject a
    candidate pair: it is not proposed again unless its evidence changes.

    \b
    Example:
        habeas review reject 5 --reason "a motion, not an order"
        habeas review reject "person/a|person/b" --reason "two cousins"
    """
    if not is_draft_number(item):
        decide_pair(ctx, item, "reject", reason, as_json=as_json)
        return
    number = _number(item)
    d = reject(store_from(ctx), number, reason, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json(d.to_json())
        return
    click.echo(f"draft {number} rejected")


for _command in (pairs_cmd, skip_cmd, merge_cmd, split_cmd):
    review.add_command(_command)
