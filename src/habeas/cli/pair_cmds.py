"""`habeas review pairs|skip|merge|split` and the pair side of `habeas review accept|reject`:
the review queue of candidate pairs (two person records that may be one person)."""

from __future__ import annotations

import click

from habeas.cli.common import echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.merges import PAIR_STATUSES
from habeas.services.merges import merge_people, split_people
from habeas.services.pair_review import OPEN, Decision, QueuedPair, decide, get_pair, queue
from habeas.storage.store import Store

__all__ = ["decide_pair", "is_draft_number", "merge_cmd", "pairs_cmd", "skip_cmd", "split_cmd"]


def is_draft_number(item: str) -> bool:
    """True when `item` names a draft (a number), not a pair (an id or key)."""
    return item.isdigit()


def _line(q: QueuedPair) -> str:
    p = q.pair
    flag = " CONFLICT" if p.conflict else ""
    return (
        f"{p.pair_id}  {p.status:<8} p={p.probability:.3f}{flag}\n"
        f"    {q.left.full_name}  ~  {q.right.full_name}\n"
        f"    {p.explanation}"
    )


@click.command("pairs")
@click.option(
    "--status",
    "statuses",
    type=click.Choice([*PAIR_STATUSES, "all"]),
    multiple=True,
    help="Which pairs (repeat; default: the open ones, pending then skipped).",
)
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@json_option
@click.pass_context
@handle_errors
def pairs_cmd(ctx: click.Context, statuses: tuple[str, ...], limit: int, as_json: bool) -> None:
    """List candidate pairs: two person records that may be one person, most probable
    first, with the evidence for and against.

    \b
    Example:
        habeas review pairs
        habeas review pairs --status rejected --json
        habeas review accept "person/a|person/b" --reason "same A-number"
    """
    wanted = PAIR_STATUSES if "all" in statuses else (statuses or OPEN)
    found = queue(store_from(ctx), principal=LOCAL_OPERATOR, statuses=wanted, limit=limit)
    if as_json:
        echo_json([q.to_json() for q in found])
        return
    if not found:
        click.echo("no candidate pairs")
        return
    for q in found:
        click.echo(_line(q))
    click.echo(f"{len(found)} pair(s); `habeas review accept|reject|skip PAIR_ID`", err=True)


def _said(store: Store, done: Decision, as_json: bool) -> None:
    if as_json:
        echo_json(done.to_json())
        return
    click.echo(f"pair {done.pair_id} {done.status}")
    if done.merge is not None:
        click.echo(f"{done.merge.absorbed} now answers as {done.merge.survivor}")


def decide_pair(
    ctx: click.Context,
    item: str,
    decision: str,
    reason: str | None,
    *,
    as_json: bool,
    survivor: str | None = None,
    override: str | None = None,
) -> None:
    """Decide the pair `item` from the command line (the operator decides)."""
    store = store_from(ctx)
    done = decide(
        store, LOCAL_OPERATOR, item, decision, reason, survivor=survivor, override=override
    )
    _said(store, done, as_json)


@click.command("skip")
@click.argument("pair_id")
@click.option("--reason", metavar="TEXT", help="Why it is put off (optional).")
@json_option
@click.pass_context
@handle_errors
def skip_cmd(ctx: click.Context, pair_id: str, reason: str | None, as_json: bool) -> None:
    """Put a candidate pair off: it stays in the queue, behind the pending pairs.

    \b
    Example:
        habeas review skip "person/a|person/b" --reason "ask the family first"
    """
    decide_pair(ctx, pair_id, "skip", reason, as_json=as_json)


@click.command("merge")
@click.argument("survivor")
@click.argument("absorbed")
@click.option("--reason", required=True, metavar="TEXT", help="Why they are one person.")
@click.option(
    "--override", metavar="TEXT", help="Why, though their identifiers conflict (required then)."
)
@json_option
@click.pass_context
@handle_errors
def merge_cmd(
    ctx: click.Context,
    survivor: str,
    absorbed: str,
    reason: str,
    override: str | None,
    as_json: bool,
) -> None:
    """Merge the person ABSORBED into SURVIVOR without a pair: reads of either answer for
    the survivor, with both people's records. `habeas review split` undoes it.

    \b
    Example:
        habeas review merge person/kilmar-abrego-garcia person/kilmer-abrego \\
            --reason "the same petitioner, spelt two ways in the news"
    """
    done = merge_people(
        store_from(ctx),
        LOCAL_OPERATOR,
        survivor=survivor,
        absorbed=absorbed,
        reason=reason,
        override=override,
    )
    if as_json:
        echo_json(done.to_json())
        return
    click.echo(f"{done.absorbed} now answers as {done.survivor} ({done.key})")


@click.command("split")
@click.argument("absorbed")
@click.option("--reason", required=True, metavar="TEXT", help="Why they are two people.")
@json_option
@click.pass_context
@handle_errors
def split_cmd(ctx: click.Context, absorbed: str, reason: str, as_json: bool) -> None:
    """Split a merge: the person ABSORBED answers as themself again, every read as before
    the merge. The pair it accepted is not proposed again unless its evidence changes.

    \b
    Example:
        habeas review split person/kilmer-abrego --reason "two brothers, says the family"
    """
    done = split_people(store_from(ctx), LOCAL_OPERATOR, absorbed=absorbed, reason=reason)
    if as_json:
        echo_json(done.to_json())
        return
    click.echo(f"{done.absorbed} answers as themself again (split from {done.survivor})")


def show_pair(ctx: click.Context, item: str, as_json: bool) -> None:
    """`habeas review show PAIR_ID`."""
    q = get_pair(store_from(ctx), item, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json(q.to_json())
        return
    click.echo(_line(q))
    for e in q.pair.evidence:
        click.echo(f"    {e.weight:+7.2f}  {e.field}: {e.detail} ({e.comparison})")
    if q.pair.decided_by:
        click.echo(f"{q.pair.status} by {q.pair.decided_by}: {q.pair.reason or ''}")
