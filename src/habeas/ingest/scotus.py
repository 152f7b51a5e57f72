"""A Supreme Court docket (the JSON supremecourt.gov publishes for each docket) → `ParsedDocket`.

juriscraper's `SCOTUSDocketReport` reads it. An "A" docket (24A949) is an application;
other dockets (24-170) are petitions, recorded as appeals. The lower court named in words
("United States Court of Appeals for the Fourth Circuit") and its first case number become the
docket's origin. Supreme Court entries are unnumbered: each is keyed by its date and text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from habeas.ingest.docket_model import ParsedDocket, ParsedDocument, ParsedEntry
from habeas.ingest.pacer_common import (
    court_by_name,
    entry_line,
    fail,
    iso,
    juriscraper,
    nature_for,
    parties_of,
    text_of,
)

__all__ = ["parse_scotus"]


def _entry(raw: Mapping[str, Any], text: str) -> ParsedEntry:
    description = text_of(raw.get("description"))
    links = raw.get("attachments") or ()
    return ParsedEntry(
        filed=iso(raw.get("date_filed")) or "",
        text=description,
        documents=tuple(
            ParsedDocument(attachment=i, description=text_of(link.get("description")) or None)
            for i, link in enumerate(links, start=1)
        ),
        line=entry_line(text, description[:40]),
    )


def parse_scotus(text: str, name: str) -> ParsedDocket:
    """The docket in the Supreme Court docket JSON `text` (read from the file `name`)."""
    report = juriscraper().scotus.SCOTUSDocketReport()
    try:
        report._parse_text(text)
        data = report.data
    except Exception as e:  # invalid JSON, or JSON juriscraper cannot read
        raise fail(name, f"not a readable Supreme Court docket JSON ({e})") from e
    if not data:
        raise fail(name, "no case name or docket number found: is it a Supreme Court docket?")
    number = text_of(data.get("docket_number"))
    lower = text_of(data.get("lower_court"))
    lower_numbers = [text_of(n) for n in data.get("lower_court_case_numbers") or () if text_of(n)]
    origin_court = court_by_name(lower) if lower else None
    notes = []
    if lower:
        notes.append(f"Lower court: {lower} {text_of(data.get('lower_court_case_numbers_raw'))}")
        if origin_court is None:
            notes.append("The lower court is not in the courts table: no origin case linked.")
    if text_of(data.get("links")):
        notes.append(f"Linked with {text_of(data.get('links'))}")
    return ParsedDocket(
        court_id="scotus",
        docket_number=number,
        caption=text_of(data.get("case_name")),
        entries=tuple(_entry(e, text) for e in data.get("docket_entries") or ()),
        nature=nature_for("scotus", number),
        filed=iso(data.get("date_filed")),
        parties=parties_of(data.get("parties")),
        origin_court_id=origin_court if lower_numbers else None,
        origin_docket_number=lower_numbers[0] if origin_court and lower_numbers else None,
        notes=tuple(notes),
    )
