"""`habeas compliance` and `habeas alerts`: are orders obeyed, and what needs attention now."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from habeas.cli.common import console, echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import InvalidTime
from habeas.domain.time import PartialTime, parse_instant
from habeas.services.alerts import alerts as alerts_report
from habeas.services.compliance import compliance as compliance_report

__all__ = ["alerts", "compliance", "print_status_sections"]

STATUS_STYLE = {
    "met": "green",
    "met_late": "yellow",
    "overdue": "bold red",
    "violated": "bold red",
    "possibly_violated": "red",
    "suspended": "cyan",
    "disputed": "magenta",
    "cannot_tell": "magenta",
    "pending": "",
    "in_force": "",
    "superseded": "dim",
    "vacated": "dim",
    "moot": "dim",
    "not_yet_effective": "dim",
}


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            parse_instant(value)
        except InvalidTime as e:
            raise click.BadParameter(str(e)) from e
    return value


as_of_option = click.option(
    "--as-of",
    callback=_as_of,
    metavar="DATE",
    help="A date (the end of that day where the court sits) or an instant (default: now).",
)


def _status(item: dict[str, Any]) -> str:
    style = STATUS_STYLE.get(item["status"], "")
    text = escape(item["status_text"].upper())
    return f"[{style}]{text}[/{style}]" if style else text


def _how_long(item: dict[str, Any]) -> str:
    for name, word in (
        ("late_by", "late by"),
        ("overdue_by", "overdue by"),
        ("took", "after"),
        ("open_for", "open for"),
    ):
        if item.get(name):
            uncertain = " (timing uncertain)" if item["timing_uncertain"] else ""
            said = item[name]["text"]
            return f"{said if said == 'the same day' else f'{word} {said}'}{uncertain}"
    return ""


def _when(at: dict[str, Any] | None) -> str:
    """An instant as written, or the time as recorded when it is a day or a window."""
    if not at:
        return "?"
    if at.get("recorded"):
        return str(PartialTime.parse(at["recorded"]).human())
    return str(at["local"])


def _deadline(item: dict[str, Any]) -> str:
    d = item["deadline"]
    if d["kind"] == "asap":
        return "as soon as possible"
    if d["kind"] == "immediately" and d["reasonable_time"]:
        at = _when(d["at"])
        return f"immediately (reasonable time taken as {d['reasonable_time']['text']}): {at}"
    if d["kind"] == "none":
        return "none"
    if d["kind"] == "recurring":
        nxt = d["next_due"]["local"] if d["next_due"] else "—"
        return f"recurring ({d['words'] or ''}); next {nxt}"
    at = _when(d["at"])
    if not d["in_effect"]:
        return f"{at} (no longer in effect)"
    return at


def _show_obligation(c: Console, n: int, item: dict[str, Any]) -> None:
    flags = " [synthetic]" if item["synthetic"] else ""
    c.print(
        f"\n[bold]{n}. {escape(item['action'].replace('_', ' '))}[/bold]{escape(flags)} "
        f"— {_status(item)} {escape(_how_long(item))}"
    )
    c.print(f"   “{escape(item['text'])}”")
    who = item["obligor_text"] or ", ".join(o["name"] for o in item["obligors"])
    about = ", ".join(p["name"] for p in item["about"])
    order = item["order"]
    c.print(f"   order: {escape(order['title'])} ({order['issued']}) · by: {escape(who)}")
    if order["citation"]:
        c.print(f"   cite: {escape(order['citation']['text'])}")
    c.print(f"   order's words: “{escape(order['words'])}”")
    for st in order["separate_statements"]:
        c.print(f"   separately: {escape(st['label'])}")
    for st in item["stays"]:
        cite = f" — {st['citation']['text']}" if st["citation"] else ""
        words = f": “{st['words']}”" if st["words"] else " (its words are not recorded)"
        c.print(f"   stay: {escape(st['key'])}{escape(words)}{escape(cite)}")
    if about:
        c.print(f"   about: {escape(about)}")
    c.print(f"   deadline: {escape(_deadline(item))}")
    occ = item["occurrences"]
    if occ:
        tally = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in occ["counts"].items() if v)
        c.print(f"   occurrences: {occ['total']} due ({tally or 'none yet'})")
    if item["evidence"]:
        for e in item["evidence"][:3]:
            c.print(f"   evidence: {escape(e['key'])} ({e['at']})")
        if len(item["evidence"]) > 3:
            c.print(f"   … and {len(item['evidence']) - 3} more")
    elif item["status"] not in ("superseded", "vacated", "not_yet_effective"):
        c.print("   evidence: none recorded")
    for t in item["transfers"]:  # one line a transfer; the per-person detail is in --json
        if t["finding"] in ("violated", "possibly_violated", "disputed"):
            word = "violation" if t["finding"] == "violated" else t["finding"].replace("_", " ")
            c.print(f"   [bold red]{word}[/bold red]: {escape(t['summary'])}")
    for v in item["violations"]:
        if v["type"] != "transfer":
            c.print(f"   [bold red]violation[/bold red]: {escape(v['summary'])}")
    if item["substance"]:
        c.print(f"   substance: {escape(item['substance'].upper())} (assessed)")
    for s in item["context"]:
        quote = f"“{s['text']}”" if s["quote"] == "direct" else s["text"]
        c.print(f"   context: {escape(s['speaker']['name'])}, {s['said']}: {escape(quote)}")
    for line in item["uncertain"]:
        c.print(f"   [magenta]cannot tell[/magenta]: {escape(line)}")
    for line in item["assumed"]:
        c.print(f"   time assumed from a date: {escape(line)}")
    for line in item["explanation"]:
        c.print(f"     · {escape(line)}")


@click.command("compliance")
@click.argument("case", required=False)
@as_of_option
@click.option(
    "--known-at",
    callback=_as_of,
    metavar="INSTANT",
    help="Answer as the ledger knew it at this instant (records and corrections made later "
    "do not count).",
)
@json_option
@click.pass_context
@handle_errors
def compliance(
    ctx: click.Context, case: str | None, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """Each obligation of a case's orders (or of every order), and where it stands: pending,
    met on time, met late, overdue, suspended by a stay, vacated, superseded, moot or violated
    — with the evidence, the stays, what the courts above did, and statements as context.

    CASE is a key, caption or docket number; its appeals and applications count too. Each
    order is cited (court, docket number, entry number, date, title) and quoted, with its
    stays; every time assumed from a date is marked, and what cannot be told is said.

    \b
    Example:
        habeas compliance 8:25-cv-00951 --as-of 2025-04-08
        habeas compliance "J.G.G. v. Trump" --as-of 2025-03-16 --json
        habeas compliance 8:25-cv-00951 --as-of 2025-04-08 --known-at 2025-04-09T12:00Z
        habeas compliance
    """
    data = compliance_report(
        store_from(ctx), case, as_of=as_of, known_at=known_at, principal=LOCAL_OPERATOR
    ).to_json()
    if as_json:
        echo_json(data)
        return
    c = console()
    title = "every order"
    if data["case"]:
        title = f"{data['case']['caption']} ({data['case']['docket_number']})"
    known = f", as the ledger knew it at {known_at}" if known_at else ""
    c.print(f"[bold]{escape(title)}[/bold] — compliance as of {escape(as_of or 'now')}{known}")
    counts = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in data["counts"].items() if n)
    c.print(f"{len(data['obligations'])} obligation(s) in effect: {escape(counts or 'none')}")
    table = Table()
    for col in ("#", "obligation", "order", "status", "deadline"):
        table.add_column(col, overflow="fold")
    for n, item in enumerate(data["obligations"], 1):
        table.add_row(
            str(n),
            escape(item["action"].replace("_", " ")),
            escape(f"{item['order']['title']} ({item['order']['issued']})"),
            f"{_status(item)} {escape(_how_long(item))}".strip(),
            escape(_deadline(item)),
        )
    if data["obligations"]:
        c.print(table)
    if len(data["by_case"]) > 1:
        for per in data["by_case"]:
            tally = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in per["counts"].items() if n)
            c.print(f"   {escape(per['docket_number'] or per['case'])}: {escape(tally)}")
    for n, item in enumerate(data["obligations"], 1):
        _show_obligation(c, n, item)


@click.command("alerts")
@as_of_option
@click.option(
    "--within",
    "within_days",
    type=click.IntRange(0, 3650),
    default=7,
    show_default=True,
    metavar="DAYS",
    help="Deadlines coming up within this many days.",
)
@click.option(
    "--unknown-days",
    type=click.IntRange(0, 36500),
    default=30,
    show_default=True,
    metavar="DAYS",
    help="Whereabouts unknown for longer than this many days.",
)
@click.option(
    "--asap-days",
    type=click.IntRange(0, 36500),
    default=14,
    show_default=True,
    metavar="DAYS",
    help="'As soon as possible' obligations still open after this many days.",
)
@json_option
@click.pass_context
@handle_errors
def alerts(
    ctx: click.Context,
    as_of: str | None,
    within_days: int,
    unknown_days: int,
    asap_days: int,
    as_json: bool,
) -> None:
    """What needs attention: violations, obligations overdue, recurring filings missed,
    deadlines coming up, open "as soon as possible" duties, obligations unmet in substance,
    people whose whereabouts are unknown, facilities over capacity.

    \b
    Example:
        habeas alerts
        habeas alerts --as-of 2025-05-01 --within 3
        habeas alerts --unknown-days 14 --json
    """
    data = alerts_report(
        store_from(ctx),
        as_of=as_of,
        within_days=within_days,
        unknown_after_days=unknown_days,
        asap_after_days=asap_days,
        principal=LOCAL_OPERATOR,
    ).to_json()
    if as_json:
        echo_json(data)
        return
    c = console()
    c.print(f"[bold]Alerts[/bold] as of {escape(as_of or 'now')}: {len(data['alerts'])}")
    if not data["alerts"]:
        c.print("nothing needs attention")
        return
    table = Table()
    for col in ("severity", "kind", "subject", "what"):
        table.add_column(col, overflow="fold")
    for a in data["alerts"]:
        style = "bold red" if a["severity"] == "high" else ""
        severity = f"[{style}]{a['severity']}[/{style}]" if style else a["severity"]
        table.add_row(
            severity,
            a["kind"].replace("_", " "),
            escape(f"{a['subject']['label']}\n{a['subject']['key']}"),
            escape(a["message"]),
        )
    c.print(table)


def print_status_sections(c: Console, data: dict[str, Any]) -> None:
    """The compliance and alerts sections of `habeas status`."""
    comp = data.get("compliance")
    if comp and comp["obligations"]:
        table = Table(title=f"Obligations of court orders ({comp['as_of'] or 'now'})")
        for col in ("case", "obligation", "status", "deadline"):
            table.add_column(col, overflow="fold")
        for item in comp["obligations"]:
            table.add_row(
                escape(item["case"] or ""),
                escape(f"{item['action'].replace('_', ' ')} ({item['order']})"),
                f"{_status(item)} {escape(item['how_long'] or '')}".strip(),
                escape(item["deadline"]),
            )
        c.print(table)
    found = data.get("alerts")
    if found and found["items"]:
        table = Table(title=f"Alerts ({found['total']})")
        for col in ("severity", "kind", "subject", "what"):
            table.add_column(col, overflow="fold")
        for a in found["items"]:
            table.add_row(
                a["severity"],
                a["kind"].replace("_", " "),
                escape(a["subject"]["label"]),
                escape(a["message"]),
            )
        c.print(table)
