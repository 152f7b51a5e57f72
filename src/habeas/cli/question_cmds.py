"""Commands that answer questions: where is this person, what happened, who is held where."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from habeas.cli.common import console, echo_json, json_option, store_from
from habeas.cli.compliance_cmds import print_status_sections
from habeas.cli.errors import handle_errors
from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.audit import flush_audit
from habeas.services.occupancy import occupancy
from habeas.services.search import search
from habeas.services.status import status_report
from habeas.services.timeline import timeline
from habeas.services.whereabouts import whereabouts

__all__ = ["COMMANDS"]

STATUS_TEXT = {
    "in_custody": "IN CUSTODY",
    "released": "RELEASED",
    "removed": "REMOVED",
    "unknown": "WHEREABOUTS UNKNOWN",
    "died": "DIED",
    "no_record": "NO CUSTODY RECORD",
}


def _flags(item: dict[str, Any]) -> str:
    """The markers beside a line, markup-escaped: rich would take `[synthetic]` for a style."""
    out = []
    if item.get("unsourced"):
        out.append("[UNSOURCED]")
    if item.get("synthetic"):
        out.append("[synthetic]")
    if item.get("certainty") and item["certainty"] != "confirmed":
        out.append(f"[{item['certainty']}]")
    return escape(" ".join(out))


def _source_lines(sources: list[dict[str, Any]], width: int = 0) -> str:
    """One line per source: 'publisher or docket, date: title' (titles cut to `width`)."""
    lines = []
    for s in sources:
        head = ", ".join(
            x for x in (s.get("publisher") or s.get("docket_number"), s.get("published")) if x
        )
        title = s["title"]
        if width and len(title) > width:
            title = title[: width - 1] + "…"
        lines.append(f"{head}: {title}" if head else title)
    return escape("\n".join(lines)) or "(no source)"


def _print_merged(merged: list[dict[str, Any]]) -> None:
    """The records merged into the person: key, name as recorded, sources, who merged it,
    why and when, and the command that splits it."""
    if not merged:
        return
    table = Table(title="Merged into this person")
    for col in ("record", "source", "merged"):
        table.add_column(col, overflow="fold")
    for m in merged:
        flag = " [synthetic]" if m["synthetic"] else ""
        by = f"{m['merged_at'][:10]} by {m['merged_by']}: {m['reason']}"
        if m["override"]:
            by += f" (despite conflicting identifiers: {m['override']})"
        table.add_row(
            escape(f"{m['name']} ({m['key']}){flag}"),
            _source_lines(m["sources"], 48),
            escape(by),
        )
    c = console()
    c.print(table)
    for m in merged:
        c.print(escape(f"  to split: habeas review split {m['key']} --reason …"))


@click.command("whereabouts")
@click.argument("who")
@click.option("--as-of", help="A date (the whole day) or an instant: where were they then?")
@click.option("--known-at", help="Answer as the ledger knew it at this time (recorded time).")
@json_option
@click.pass_context
@handle_errors
def whereabouts_cmd(
    ctx: click.Context, who: str, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """Where a person is (or was): status, facility, country, custodian, since when, on what
    claimed basis, the sources, and the chain of custody that led there.

    WHO is a key or any part of a name; case and accents are ignored.

    \b
    Example:
        habeas whereabouts "Abrego Garcia" --as-of 2025-04-14
        habeas whereabouts person/kilmar-abrego-garcia --json
    """
    data = whereabouts(
        store_from(ctx), who, as_of=as_of, known_at=known_at, principal=LOCAL_OPERATOR
    ).to_json()
    if as_json:
        echo_json(data)
        return
    c = console()
    p = data["person"]
    when = f" as of {as_of}" if as_of else ""
    flag = escape(" [synthetic]") if p["synthetic"] else ""
    c.print(f"[bold]{escape(p['name'])}[/bold] ({escape(p['key'])}){flag}{escape(when)}")
    where = data["facility"]["name"] if data["facility"] else (data["place"] or "")
    certainty = data.get("certainty")
    marker = escape(f" [{certainty}]") if certainty and certainty != "confirmed" else ""
    c.print(f"  status:      [bold]{STATUS_TEXT[data['status']]}[/bold]{marker}")
    if where:
        country = f", {data['country']}" if data["country"] else ""
        c.print(f"  where:       {escape(where + country)}")
    if data["custodian"]:
        c.print(f"  held by:     {escape(data['custodian']['name'])}")
    if data["since"]:
        c.print(f"  since:       {escape(data['since']['when'])} ({data['since']['kind']})")
    if data["legal_basis"]:
        c.print(f"  basis:       {escape(data['legal_basis'])}")
    if data["unsourced"]:
        c.print("  [bold red]UNSOURCED[/bold red]: the last event has no source")
    for s in data["sources"]:
        c.print(f"  source:      {_source_lines([s])}")
    table = Table(title="Chain of custody", show_lines=False)
    for col in ("when", "event", "where", "held by", "sources"):
        table.add_column(col, overflow="fold")
    for e in data["chain"]:
        place = e["facility_name"] or e["place"] or ""
        if e["country"]:
            place = f"{place} ({e['country']})" if place else e["country"]
        table.add_row(
            escape(e["when"]),
            f"{e['kind'].replace('_', ' ')} {_flags(e)}".strip(),
            escape(place),
            escape(e["custodian_name"] or ""),
            _source_lines(e["sources"], 48),
        )
    c.print(table)
    _print_merged(data["merged"])


@click.command("timeline")
@click.argument("subject")
@json_option
@click.pass_context
@handle_errors
def timeline_cmd(ctx: click.Context, subject: str, as_json: bool) -> None:
    """Everything about a person or a case in time order, each line with its sources.

    \b
    Example:
        habeas timeline "Abrego Garcia"
        habeas timeline 8:25-cv-00951
    """
    data = timeline(store_from(ctx), subject, principal=LOCAL_OPERATOR).to_json()
    if as_json:
        echo_json(data)
        return
    table = Table(title=f"Timeline: {data['subject']['label']}")
    for col in ("when", "what", "sources"):
        table.add_column(col, overflow="fold")
    for item in data["items"]:
        table.add_row(
            escape(item["when"] or "?"),
            f"{escape(item['summary'])} {_flags(item)}".strip(),
            _source_lines(item["sources"], 48),
        )
    console().print(table)
    _print_merged(data["merged"])


@click.command("occupancy")
@click.argument("facility")
@click.option("--on", "on", help="The day (default: now, every recorded event).")
@json_option
@click.pass_context
@handle_errors
def occupancy_cmd(ctx: click.Context, facility: str, on: str | None, as_json: bool) -> None:
    """Who is held in a facility on a day, against its capacity.

    \b
    Example:
        habeas occupancy CECOT --on 2025-04-14
    """
    store = store_from(ctx)
    data = occupancy(store, facility, on=on, principal=LOCAL_OPERATOR, people=None).to_json()
    if as_json:
        echo_json(data)
        return
    f = data["facility"]
    cap = f"{data['capacity']:,}" if data["capacity"] else "unknown"
    pct = f" ({data['percent_of_capacity']}%)" if data["percent_of_capacity"] is not None else ""
    c = console()
    c.print(
        f"[bold]{f['name']}[/bold] ({f['country']}) on {on or 'now'}: "
        f"{data['held']:,} held{pct}; capacity {cap}"
        + (" — [bold red]OVER CAPACITY[/bold red]" if data["over_capacity"] else "")
    )
    if data["synthetic"]:
        c.print(f"  of whom {data['synthetic']} are synthetic demo people")
    table = Table()
    for col in ("person", "since", "flag"):
        table.add_column(col)
    for p in data["people"][:50]:
        table.add_row(
            escape(p["name"]), escape(p["since"] or ""), "synthetic" if p["synthetic"] else ""
        )
    if len(data["people"]) > 50:
        table.add_row(f"… and {len(data['people']) - 50} more (use --json for all)", "", "")
    c.print(table)


@click.command("search")
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@json_option
@click.pass_context
@handle_errors
def search_cmd(ctx: click.Context, text: str, limit: int, as_json: bool) -> None:
    """Find people, facilities, cases, sources and actors by a name, any spelling: typos,
    names that sound alike, accents, word order, particles and initials are forgiven.
    Best first, each with what matched (an empty list when nothing does: exit code 0).

    \b
    Example:
        habeas search "Kilmar Abrego Garsia"
        habeas search "ABREGO GARCIA K"
        habeas search cecot --json
    """
    hits = search(store_from(ctx), text, limit=limit, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json(hits)
        return
    table = Table()
    for col in ("type", "name", "key", "matched", "flags"):
        table.add_column(col)
    for h in hits:
        table.add_row(
            h["type"], escape(h["label"]), escape(h["key"]), escape(h["matched"]), _flags(h)
        )
    console().print(table)


@click.command("status")
@click.option(
    "--as-of",
    help="Where people are, occupancy, compliance and alerts on this day or at this "
    "instant (default: now).",
)
@json_option
@click.pass_context
@handle_errors
def status_cmd(ctx: click.Context, as_of: str | None, as_json: bool) -> None:
    """A status report: what the ledger holds, where the named people are, facility occupancy.

    \b
    Example:
        habeas status
    """
    store = store_from(ctx)
    flush_audit(store)  # the log's size and root include the queued audit of reads
    data = status_report(store, as_of=as_of, principal=LOCAL_OPERATOR)
    if as_json:
        echo_json(data)
        return
    c = console()
    c.print(f"[bold]habeas[/bold] — {data['database']} ({data['backend']})")
    c.print(f"log: {data['ledger']['size']} entries, root {data['ledger']['root']}")
    counts = ", ".join(f"{n} {t}" for t, n in data["records"].items())
    c.print(f"records: {counts}")
    c.print(f"unsourced facts: {data['unsourced']}; synthetic records: {data['synthetic']}")
    if data.get("drafts_pending"):
        c.print(f"drafts waiting for review: {data['drafts_pending']} (habeas review)")
    if data["people"]:
        table = Table(title=f"Where the named people are ({as_of or 'now'})")
        for col in ("person", "status", "where", "held by", "since"):
            table.add_column(col)
        for p in data["people"]:
            where = ", ".join(x for x in (p["facility"], p["country"]) if x)
            table.add_row(
                escape(p["name"]),
                STATUS_TEXT[p["status"]],
                escape(where),
                escape(p["custodian"] or ""),
                escape(p["since"] or ""),
            )
        c.print(table)
    if data["facilities"]:
        table = Table(title=f"Facilities ({as_of or 'now'})")
        for col in ("facility", "held", "capacity", "over capacity"):
            table.add_column(col)
        for f in data["facilities"]:
            table.add_row(
                escape(f["name"]),
                f"{f['held']:,}",
                f"{f['capacity']:,}" if f["capacity"] else "unknown",
                "OVER CAPACITY" if f["over_capacity"] else "no",
            )
        c.print(table)
    print_status_sections(c, data)
    for extra in data.get("sections", []):
        c.print(extra)


COMMANDS = [whereabouts_cmd, timeline_cmd, occupancy_cmd, search_cmd, status_cmd]
