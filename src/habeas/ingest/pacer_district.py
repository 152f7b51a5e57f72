"""A district court's PACER docket page (CM/ECF `DktRpt.pl`, saved as HTML) → `ParsedDocket`.

juriscraper's `DocketReport` reads the page; this maps its fields: docket number, caption,
date filed, the judge assigned (and referred), nature of suit (463 and 530 are habeas),
parties with their roles, and each entry's number, date filed, text, PACER sequence number
and document id.
"""

from __future__ import annotations

from typing import Any

from habeas.domain.errors import DocketFileInvalid, DocketProblem
from habeas.ingest.docket_model import ParsedDocket
from habeas.ingest.pacer_common import (
    entry_from,
    entry_line,
    fail,
    iso,
    juriscraper,
    nature_for,
    parties_of,
    text_of,
)

__all__ = ["parse_district"]


def _undated_rows(report: Any, text: str) -> list[tuple[int, str]]:
    """Rows of the docket table with text but no date (juriscraper skips them silently):
    (line of the file, the start of the entry's text)."""
    try:
        rows = report._get_docket_entry_rows()[1:]
        if report.tree.xpath("//form[@name='view_multi_docs']"):
            return []  # there a dateless row holds the attachments of the entry above it
    except Exception:
        return []
    out = []
    for row in rows:
        cells = row.xpath("./td[not(./input)]")
        if len(cells) >= 3 and not cells[0].text_content().strip():
            words = " ".join(cells[-1].text_content().split())
            if words:
                out.append((entry_line(text, words) or 0, words[:60]))
    return out


def parse_district(text: str, court_id: str, name: str) -> ParsedDocket:
    """The docket on a district court's docket page `text` (read from the file `name`)."""
    report = juriscraper().pacer.DocketReport(court_id)
    try:
        report._parse_text(text)
        data = report.data
    except Exception as e:  # juriscraper raises many kinds on pages it cannot read
        raise fail(name, f"not a readable district docket page ({e})") from e
    if not data or not text_of(data.get("docket_number")):
        raise fail(name, "no docket number found: is it a district court docket page?")
    undated = _undated_rows(report, text)
    if undated:
        raise DocketFileInvalid(
            [
                DocketProblem(
                    name, line, "entry (no date).date_filed", f"the entry has no date filed: {t!r}"
                )
                for line, t in undated
            ]
        )
    number = text_of(data["docket_number"])
    nos = text_of(data.get("nature_of_suit"))
    judges = tuple(
        j for j in (text_of(data.get("assigned_to_str")), text_of(data.get("referred_to_str"))) if j
    )
    return ParsedDocket(
        court_id=court_id,
        docket_number=number,
        caption=text_of(data.get("case_name")),
        entries=tuple(entry_from(e, text) for e in data.get("docket_entries") or ()),
        nature=nature_for(court_id, number, nos, text_of(data.get("cause"))),
        filed=iso(data.get("date_filed")),
        judges=judges,
        parties=parties_of(data.get("parties")),
        nature_of_suit=nos or None,
        notes=tuple(
            f"{label}: {value}"
            for label, value in (
                ("Cause", text_of(data.get("cause"))),
                ("Jurisdiction", text_of(data.get("jurisdiction"))),
                ("Terminated", iso(data.get("date_terminated")) or ""),
            )
            if value
        ),
    )
