"""CourtListener's REST API v4 JSON as a `ParsedDocket`: pure mapping, no I/O.

A docket (`/api/rest/v4/dockets/{id}/`) gives the court (`court_id`, a courts-db id such as
`mdd`, `ca4`, `scotus`; or the `court` URL ending in it), `docket_number`, `case_name`,
`date_filed`, `assigned_to_str`, `nature_of_suit`, `pacer_case_id`. A docket entry
(`/api/rest/v4/docket-entries/?docket={id}`, and each result of a docket-alert webhook) gives
`id`, `docket` (a URL, or an id in webhooks), `entry_number` (null for minute entries),
`recap_sequence_number`, `pacer_sequence_number`, `date_filed`, `time_filed`, `description`,
`date_modified` and its `recap_documents` (`id`, `document_number`, `attachment_number`,
`description`, `sha1`, `page_count`, `pacer_doc_id`...). CourtListener's ids are kept: the
docket id, each entry id, `recap_sequence_number`, and each document's id and `sha1`.

Anything unreadable raises `InvalidRecord` naming the entry and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from habeas.domain.courts import UnknownCourt, get_court
from habeas.domain.errors import InvalidRecord
from habeas.ingest.docket_model import ParsedDocket, ParsedDocument, ParsedEntry

__all__ = [
    "court_id_of",
    "docket_id_from",
    "docket_id_of_entry",
    "latest_modified",
    "modified_at",
    "parse_docket",
    "parse_entry",
]

_DOCKET_URL = re.compile(r"/docket(?:s)?/(\d+)(?:/|$)")
_COURT_URL = re.compile(r"/courts/([a-z0-9]+)/?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_APPELLATE = re.compile(r"^(?:ca\d+|cadc|cafc)$")


def docket_id_from(text: str) -> int:
    """CourtListener's docket id from `69777799`, a docket page's URL
    (`https://www.courtlistener.com/docket/69777799/abrego-garcia-v-noem/`) or an API URL
    (`…/api/rest/v4/dockets/69777799/`)."""
    value = str(text).strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    m = _DOCKET_URL.search(value.split("?", 1)[0])
    if m and value.startswith(("http://", "https://", "/")):
        return int(m.group(1))
    raise InvalidRecord(
        f"{value!r} is not a CourtListener docket id or docket URL "
        "(e.g. 69777799 or https://www.courtlistener.com/docket/69777799/…)",
        field="docket",
    )


def docket_id_of_entry(entry: Mapping[str, Any], where: str = "entry") -> int:
    """The docket an entry belongs to: `docket` is a URL in the API and an id in webhooks."""
    value = entry.get("docket")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str) and value.strip():
        try:
            return docket_id_from(value)
        except InvalidRecord:
            pass
    raise InvalidRecord(f"no docket id or URL (got {value!r})", field=f"{where}.docket")


def court_id_of(docket: Mapping[str, Any]) -> str:
    """The courts-db id of a docket's court: `court_id`, else the end of the `court` URL."""
    value = docket.get("court_id")
    if not (isinstance(value, str) and value.strip()):
        court = docket.get("court")
        m = _COURT_URL.search(court.strip()) if isinstance(court, str) else None
        value = m.group(1) if m else (court if isinstance(court, str) else None)
    if not (isinstance(value, str) and re.fullmatch(r"[a-z0-9]+", value.strip())):
        raise InvalidRecord(f"no court id (got {value!r})", field="docket.court_id")
    return value.strip()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _int(value: Any, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidRecord(f"not a whole number: {value!r}", field=field)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise InvalidRecord(f"not a whole number: {value!r}", field=field)


def _nature(court_id: str, nature_of_suit: str | None) -> str:
    if court_id == "scotus":
        return "application"
    if _APPELLATE.match(court_id):
        return "appeal"
    if nature_of_suit and "habeas" in nature_of_suit.lower():
        return "habeas"
    return "civil"


def _filed(entry: Mapping[str, Any], where: str, zone: str | None) -> str:
    date = _text(entry.get("date_filed"))
    if date is None or not _DATE.match(date[:10]):
        raise InvalidRecord(
            f"missing or unreadable date (got {entry.get('date_filed')!r})",
            field=f"{where}.date_filed",
        )
    time = _text(entry.get("time_filed"))
    m = _TIME.match(time) if time else None
    if m and zone:
        seconds = f":{m.group(3)}" if m.group(3) and m.group(3) != "00" else ""
        return f"{date[:10]}T{m.group(1)}:{m.group(2)}{seconds}[{zone}]"
    return date[:10]


def _document(doc: Mapping[str, Any], where: str) -> ParsedDocument:
    sha1 = _text(doc.get("sha1"))
    return ParsedDocument(
        number=_int(doc.get("document_number"), f"{where}.document_number"),
        attachment=_int(doc.get("attachment_number"), f"{where}.attachment_number"),
        description=_text(doc.get("description")),
        page_count=_int(doc.get("page_count"), f"{where}.page_count"),
        sha1=sha1.lower() if sha1 and _SHA1.match(sha1) else None,
        pacer_doc_id=_text(doc.get("pacer_doc_id")),
        courtlistener_id=_int(doc.get("id"), f"{where}.id"),
    )


def parse_entry(
    entry: Mapping[str, Any], *, where: str = "entry", zone: str | None = None, line: int = 0
) -> ParsedEntry:
    """One v4 docket entry; `where` names it in errors, `zone` is the court's time zone (a
    `time_filed` is the court's local time)."""
    if not isinstance(entry, Mapping):
        raise InvalidRecord("a docket entry must be a JSON object", field=where)
    ident = entry.get("id")
    if ident is not None:
        where = f"{where} (CourtListener id {ident})"
    docs_raw = entry.get("recap_documents") or []
    if not isinstance(docs_raw, list):
        raise InvalidRecord("must be a list", field=f"{where}.recap_documents")
    documents = tuple(
        _document(d, f"{where}.recap_documents[{i}]")
        for i, d in enumerate(docs_raw)
        if isinstance(d, Mapping)
    )
    text = _text(entry.get("description"))
    if text is None:
        text = next((d.description for d in documents if d.description), None) or "(no text)"
    pacer_seq = entry.get("pacer_sequence_number")
    return ParsedEntry(
        filed=_filed(entry, where, zone),
        text=text,
        number=_int(entry.get("entry_number"), f"{where}.entry_number"),
        recap_sequence_number=_text(entry.get("recap_sequence_number")),
        pacer_sequence_number=_text(pacer_seq) if pacer_seq not in (None, "") else None,
        courtlistener_id=_int(ident, f"{where}.id"),
        documents=documents,
        line=line,
    )


def _zone(court_id: str) -> str | None:
    try:
        return get_court(court_id).timezone
    except UnknownCourt:
        return None


def parse_docket(
    docket: Mapping[str, Any], entries: Iterable[Mapping[str, Any]] = (), *, where: str = "results"
) -> ParsedDocket:
    """A v4 docket and some of its entries (one page of them, or a webhook's results)."""
    if not isinstance(docket, Mapping):
        raise InvalidRecord("a docket must be a JSON object", field="docket")
    court_id = court_id_of(docket)
    number = _text(docket.get("docket_number"))
    if number is None:
        raise InvalidRecord("the docket has no number", field="docket.docket_number")
    zone = _zone(court_id)
    parsed = tuple(
        parse_entry(e, where=f"{where}[{i}]", zone=zone, line=i + 1) for i, e in enumerate(entries)
    )
    judges = tuple(j for j in (_text(docket.get("assigned_to_str")),) if j)
    nature_of_suit = _text(docket.get("nature_of_suit"))
    date_filed = _text(docket.get("date_filed"))
    return ParsedDocket(
        court_id=court_id,
        docket_number=number,
        caption=_text(docket.get("case_name")) or _text(docket.get("case_name_short")) or number,
        entries=parsed,
        nature=_nature(court_id, nature_of_suit),
        filed=date_filed[:10] if date_filed and _DATE.match(date_filed[:10]) else None,
        judges=judges,
        courtlistener_id=_int(docket.get("id"), "docket.id"),
        pacer_case_id=_text(docket.get("pacer_case_id")),
        nature_of_suit=nature_of_suit,
    )


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def latest_modified(entries: Sequence[Mapping[str, Any]], since: str | None = None) -> str | None:
    """The newest `date_modified` among `entries` (and `since`), as CourtListener wrote it
    (compared as instants: its offsets change with daylight saving time)."""
    found = [since] if since else []
    found += [str(e["date_modified"]) for e in entries if e.get("date_modified")]
    dated = [(m, text) for text in found if (m := _moment(text)) is not None]
    return max(dated)[1] if dated else None


def modified_at(entry: Mapping[str, Any]) -> datetime | None:
    """An entry's `date_modified` as an instant (None when missing or unreadable)."""
    value = entry.get("date_modified")
    return _moment(str(value)) if value else None
