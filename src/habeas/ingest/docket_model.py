"""A docket as every docket reader hands it over: CourtListener, PACER pages, the Supreme Court.

Each reader (`habeas.ingest.courtlistener`, `habeas.ingest.pacer`) turns what it reads into a
`ParsedDocket`; `habeas.services.docket_import.import_docket` turns that into ledger records.
Dates are ISO strings at their real precision ("2025-04-04"; a time only when the source gives
one, with its zone), as `habeas.domain.time.PartialTime` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ParsedDocket", "ParsedDocument", "ParsedEntry", "ParsedParty"]


@dataclass(frozen=True)
class ParsedDocument:
    """A document filed with an entry (the main document, or an attachment)."""

    number: int | None = None
    attachment: int | None = None
    description: str | None = None
    page_count: int | None = None
    sha1: str | None = None
    pacer_doc_id: str | None = None
    courtlistener_id: int | None = None


@dataclass(frozen=True)
class ParsedEntry:
    """One docket entry. `number` is the entry number (None for unnumbered minute entries);
    `recap_sequence_number` CourtListener's ordering key; `pacer_sequence_number` PACER's."""

    filed: str
    text: str
    number: int | None = None
    recap_sequence_number: str | None = None
    pacer_sequence_number: str | None = None
    courtlistener_id: int | None = None
    filed_by: str | None = None
    documents: tuple[ParsedDocument, ...] = ()
    line: int | None = None  # where in the input it was read (for error messages)


@dataclass(frozen=True)
class ParsedParty:
    """A party as the docket names it, and its role there ("Petitioner", "Appellee"...)."""

    name: str
    role: str


@dataclass(frozen=True)
class ParsedDocket:
    """A docket: its court (courts-db id), number, caption and entries.

    `origin_court_id` and `origin_docket_number` name the lower-court case an appeal or a
    Supreme Court application comes from, when the docket says so."""

    court_id: str
    docket_number: str
    caption: str
    entries: tuple[ParsedEntry, ...] = ()
    nature: str = "civil"
    filed: str | None = None
    judges: tuple[str, ...] = ()
    parties: tuple[ParsedParty, ...] = ()
    courtlistener_id: int | None = None
    pacer_case_id: str | None = None
    nature_of_suit: str | None = None
    origin_court_id: str | None = None
    origin_docket_number: str | None = None
    notes: tuple[str, ...] = field(default=())
