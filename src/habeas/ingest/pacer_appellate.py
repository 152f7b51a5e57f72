"""A court of appeals' PACER docket page (CM/ECF appellate, saved as HTML) → `ParsedDocket`.

juriscraper's `AppellateDocketReport` reads the page. Appellate entries are unnumbered: each is
keyed by its PACER sequence number. The originating case ("Originating Court Information":
the lower court's PACER site and its case number, or the "Appeal From" line) becomes the
docket's `origin_court_id` and `origin_docket_number`; an agency's record (an alien number)
is never copied.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from habeas.ingest.docket_model import ParsedDocket
from habeas.ingest.pacer_common import (
    court_by_name,
    entry_from,
    fail,
    iso,
    juriscraper,
    nature_for,
    parties_of,
    text_of,
)

__all__ = ["origin_of", "parse_appellate"]


def origin_of(data: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The lower court's courts-db id and case number an appellate docket names, if any."""
    info = data.get("originating_court_information") or {}
    number = text_of(info.get("docket_number")) or None
    court = text_of(info.get("court_id")).lower() or None
    if court is None:
        court = court_by_name(text_of(data.get("appeal_from")))
    if court is None or number is None:
        return None, None
    return court, number


def parse_appellate(text: str, court_id: str, name: str) -> ParsedDocket:
    """The docket on a court of appeals' docket page `text` (read from the file `name`)."""
    report = juriscraper().pacer.AppellateDocketReport(court_id)
    try:
        report._parse_text(text)
        data = report.data
    except Exception as e:  # juriscraper raises many kinds on pages it cannot read
        raise fail(name, f"not a readable appellate docket page ({e})") from e
    if not data or not text_of(data.get("docket_number")):
        raise fail(name, "no docket number found: is it a court of appeals docket page?")
    number = text_of(data["docket_number"])
    origin_court, origin_number = origin_of(data)
    appeal_from = text_of(data.get("appeal_from"))
    return ParsedDocket(
        court_id=court_id,
        docket_number=number,
        caption=text_of(data.get("case_name")),
        entries=tuple(entry_from(e, text) for e in data.get("docket_entries") or ()),
        nature=nature_for(court_id, number),
        filed=iso(data.get("date_filed")),
        judges=tuple(text_of(j) for j in data.get("panel") or () if text_of(j)),
        parties=parties_of(data.get("parties")),
        nature_of_suit=text_of(data.get("nature_of_suit"))
        or text_of(data.get("case_type_information"))
        or None,
        origin_court_id=origin_court,
        origin_docket_number=origin_number,
        notes=tuple(
            f"{label}: {value}"
            for label, value in (
                ("Appeal from", appeal_from),
                ("Case type", text_of(data.get("case_type_information"))),
                ("Terminated", iso(data.get("date_terminated")) or ""),
            )
            if value
        ),
    )
