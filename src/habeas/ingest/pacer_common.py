"""What the PACER and Supreme Court readers share: juriscraper's import, dates, courts, entries.

juriscraper (BSD-2-Clause, Free Law Project) does the reading of PACER's pages, feeds and
emails and of the Supreme Court's JSON; these helpers turn what it hands back into the pieces
of a `habeas.ingest.docket_model.ParsedDocket`. Nothing here touches the network.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from habeas.domain.courts import all_courts
from habeas.domain.errors import DocketFileInvalid, DocketProblem
from habeas.ingest.docket_model import ParsedDocument, ParsedEntry, ParsedParty

__all__ = [
    "court_by_name",
    "court_from_text",
    "document",
    "entry_from",
    "entry_line",
    "fail",
    "iso",
    "juriscraper",
    "nature_for",
    "number_or_none",
    "parties_of",
    "text_of",
]

_HOST = re.compile(r"[@.]([a-z0-9]+)\.uscourts\.gov", re.IGNORECASE)
_NOT_COURTS = {"login", "gtwy", "pacer", "www", "ecf", "pcl", "ecf-train"}
_HABEAS_NOS = re.compile(r"^\s*(?:463|530)\b")
_SPACES = re.compile(r"\s+")


def juriscraper() -> Any:
    """The juriscraper package, imported on first use with its debug log kept quiet (it would
    otherwise print a warning about /var/log/juriscraper on import)."""
    log = logging.getLogger("juriscraper.lib.log_tools")
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    import juriscraper as package
    import juriscraper.pacer
    import juriscraper.pacer.email
    import juriscraper.scotus  # submodules, used through `package`

    return package


def fail(name: str, message: str, *, field: str = "", line: int = 0) -> DocketFileInvalid:
    """The error for one problem in the file `name` (raise it)."""
    return DocketFileInvalid([DocketProblem(file=name, line=line, field=field, message=message)])


def text_of(value: Any) -> str:
    """A value as clean one-line text ("" for None); non-breaking spaces become spaces."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()


def iso(value: Any) -> str | None:
    """A date as the source gives it: a date stays a date ("2018-02-02"); a time keeps its
    zone ("2023-02-03T12:20:16-05:00"); a time without a zone is cut to its date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return text_of(value) or None


def number_or_none(value: Any) -> int | None:
    """An entry number as an int (None when absent or not a whole number)."""
    text = text_of(value)
    return int(text) if text.isdigit() else None


def court_from_text(text: str) -> str | None:
    """The courts-db id of the court whose PACER site the text links to most (`ecf.njd.
    uscourts.gov` → njd, `ecfnoticing@ca4.uscourts.gov` → ca4), if the table knows it."""
    known = all_courts()
    seen = Counter(
        host.lower()
        for host in _HOST.findall(text)
        if host.lower() not in _NOT_COURTS and host.lower() in known
    )
    return seen.most_common(1)[0][0] if seen else None


def _plain(name: str) -> str:
    text = re.sub(r"[^a-z ]+", " ", name.lower())
    text = re.sub(r"\b(?:the|of|for|u s|us|united states|court|at|[a-z])\b", " ", text)
    words = text.split()
    return " ".join(w for i, w in enumerate(words) if i == 0 or w != words[i - 1])


def court_by_name(name: str) -> str | None:
    """The courts-db id of a court named in words ("United States Court of Appeals for the
    Fifth Circuit" → ca5), or None when no court of the table has that name."""
    want = _plain(name)
    if not want:
        return None
    courts = [c for c in all_courts().values() if c.active]
    for court in courts:
        if _plain(court.name) == want:
            return court.id
    # "District of Maryland at Greenbelt": the longest court name the words contain
    inside = [c for c in courts if re.search(rf"\b{re.escape(_plain(c.name))}\b", want)]
    inside.sort(key=lambda c: -len(_plain(c.name)))
    if inside:
        return inside[0].id
    # "Eastern District of Virginia": the one court whose name contains the words
    around = [
        c.id
        for c in courts
        if re.search(rf"\b{re.escape(want)}\b", _plain(c.name))
        and (c.kind != "bankruptcy" or "bankruptcy" in want)
    ]
    return around[0] if len(around) == 1 else None


def nature_for(court_id: str, docket_number: str, nature_of_suit: str = "", cause: str = "") -> str:
    """The kind of case: `application` for a Supreme Court "A" docket, `appeal` for courts of
    appeals and other Supreme Court dockets, `habeas` for nature of suit 463 or 530 (or a
    28 U.S.C. 2241 cause), `criminal` for a "-cr-" number, else `civil`."""
    if court_id == "scotus":
        return "application" if re.match(r"^\d{2}A\d+", docket_number.strip(), re.I) else "appeal"
    if re.match(r"^ca(?:\d+|dc|fc)$", court_id):
        return "appeal"
    if _HABEAS_NOS.match(nature_of_suit) or re.search(r"\b2241\b|habeas", cause, re.I):
        return "habeas"
    if re.search(r"-cr-", docket_number, re.I):
        return "criminal"
    return "civil"


def parties_of(raw: Sequence[Mapping[str, Any]] | None) -> tuple[ParsedParty, ...]:
    """Parties as juriscraper lists them (name, type), with their role words."""
    out = []
    for party in raw or ():
        name, role = text_of(party.get("name")), text_of(party.get("type"))
        if name:
            out.append(ParsedParty(name=name, role=role))
    return tuple(out)


def entry_line(text: str, *needles: str | None) -> int | None:
    """The line of `text` where the first of `needles` found appears (for error messages)."""
    for needle in needles:
        words = (needle or "").split()[:6]
        if words and len(" ".join(words)) >= 3:
            m = re.search(r"\s+".join(re.escape(w) for w in words), text)
            if m:
                return text.count("\n", 0, m.start()) + 1
    return None


def document(
    number: int | None, pacer_doc_id: Any, description: str | None = None
) -> tuple[ParsedDocument, ...]:
    """The main document of an entry, when it has a PACER document id."""
    doc_id = text_of(pacer_doc_id)
    if not doc_id:
        return ()
    return (ParsedDocument(number=number, pacer_doc_id=doc_id, description=description),)


def entry_from(raw: Mapping[str, Any], text: str, *, sequence: str | None = None) -> ParsedEntry:
    """A ParsedEntry from one of juriscraper's docket entries (`text` is the whole input)."""
    number = number_or_none(raw.get("document_number"))
    description = text_of(raw.get("description")) or text_of(raw.get("short_description"))
    seq = text_of(raw.get("pacer_seq_no")) or sequence or None
    return ParsedEntry(
        filed=iso(raw.get("date_filed")) or "",
        text=description,
        number=number,
        pacer_sequence_number=seq,
        documents=document(number, raw.get("pacer_doc_id")),
        line=entry_line(text, text_of(raw.get("pacer_doc_id")), seq, description[:40]),
    )
