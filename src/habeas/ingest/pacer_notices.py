"""PACER's notices of new docket activity → one `ParsedDocket` per case they mention.

Two kinds, each read by juriscraper: a court's RSS feed of recent entries (`PacerRssFeed`;
an item's date is when the entry was made, with its time and zone) and a notice email — a
district court's Notice of Electronic Filing or a court of appeals' Notice of Docket Activity
(`S3NotificationEmail` for the whole message with its headers, `NotificationEmail` for its
HTML alone). A feed or an email may name several cases; their entries are grouped by case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from habeas.domain.errors import DocketFileInvalid, DocketProblem
from habeas.ingest.docket_model import ParsedDocket, ParsedEntry
from habeas.ingest.pacer_common import (
    entry_from,
    entry_line,
    fail,
    iso,
    juriscraper,
    nature_for,
    text_of,
)

__all__ = ["parse_email", "parse_rss"]

_HEADERS = re.compile(r"\A(?:[A-Za-z][A-Za-z0-9-]*:[^\n]*\n)+", re.MULTILINE)
_ITEM_FIELDS = {"title": "title", "link": "link", "published": "date (pubDate)"}
_APPELLATE_SEQ = re.compile(r"\[(\d{7,})\]")


def _dockets(
    items: Iterable[Mapping[str, Any]], court_id: str, text: str, *, appellate_seq: bool = False
) -> list[ParsedDocket]:
    grouped: dict[str, dict[str, Any]] = {}
    for item in items:
        number = text_of(item.get("docket_number"))
        if not number:
            continue
        docket = grouped.setdefault(
            number,
            {"caption": text_of(item.get("case_name")), "entries": [], "pacer_case_id": None},
        )
        for raw in item.get("docket_entries") or ():
            seq = None
            if appellate_seq and (m := _APPELLATE_SEQ.search(text_of(raw.get("description")))):
                seq = m.group(1)
            entry: ParsedEntry = entry_from(raw, text, sequence=seq)
            docket["entries"].append(entry)
            docket["pacer_case_id"] = (
                docket["pacer_case_id"]
                or text_of(raw.get("pacer_case_id"))
                or text_of(item.get("pacer_case_id"))
                or None
            )
        docket.setdefault("filed", iso(item.get("date_filed")))
    return [
        ParsedDocket(
            court_id=court_id,
            docket_number=number,
            caption=d["caption"],
            entries=tuple(d["entries"]),
            nature=nature_for(court_id, number),
            filed=d.get("filed"),
            pacer_case_id=d["pacer_case_id"],
        )
        for number, d in grouped.items()
    ]


def _check_items(feed: Any, text: str, name: str) -> None:
    """juriscraper drops an item it cannot read; here such an item is an error instead."""
    problems = []
    for index, item in enumerate(getattr(feed.feed, "entries", None) or (), start=1):
        title = text_of(item.get("title"))
        missing = [k for k in ("title", "link", "published") if not text_of(item.get(k))]
        if missing:
            label = f"item {index}" + (f" ({title})" if title else "")
            problems.append(
                DocketProblem(
                    name,
                    entry_line(text, title) or 0,
                    label,
                    "the item has no " + " or ".join(_ITEM_FIELDS[k] for k in missing),
                )
            )
    if problems:
        raise DocketFileInvalid(problems)


def parse_rss(text: str, court_id: str, name: str) -> list[ParsedDocket]:
    """Every case with entries in the PACER RSS feed `text` (read from the file `name`)."""
    feed = juriscraper().pacer.PacerRssFeed(court_id)
    try:
        feed._parse_text(text)
        items = feed.data
    except Exception as e:  # feedparser and juriscraper raise many kinds
        raise fail(name, f"not a readable PACER RSS feed ({e})") from e
    _check_items(feed, text, name)
    dockets = _dockets(items or (), court_id, text)
    if not dockets:
        raise fail(name, "the feed has no docket entries")
    return dockets


def parse_email(text: str, court_id: str, name: str) -> list[ParsedDocket]:
    """Every case a PACER notice email `text` (read from the file `name`) reports entries in."""
    email = juriscraper().pacer.email
    report = (
        email.S3NotificationEmail(court_id)
        if _HEADERS.match(text)
        else email.NotificationEmail(court_id)
    )
    try:
        report._parse_text(text)
        data = report.data
    except Exception as e:  # juriscraper raises many kinds on messages it cannot read
        raise fail(name, f"not a readable PACER notice email ({e})") from e
    if not data or not data.get("dockets"):
        raise fail(name, "no case found in the notice: is it a PACER notice email?")
    dockets = _dockets(data["dockets"], court_id, text, appellate_seq=bool(data.get("appellate")))
    if not dockets:
        raise fail(name, "no docket number found in the notice")
    return dockets
