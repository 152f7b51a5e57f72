"""A docket into the ledger: its court, case, entries and source, and draft orders to review.

Every docket reader hands over a `ParsedDocket` (`habeas.ingest.docket_model`) and the bytes it
read. `import_docket` then, in one transaction:

1. keeps the bytes (content-addressed, `source_copies`) and records a Source for them (a court
   document: the docket sheet as retrieved, when and how);
2. records the court if the ledger lacks it (from the courts table), and the case, found by its
   court and docket number (judge initials ignored) or created; an appeal or application links
   to the lower-court case it comes from (recorded too, if the ledger lacks it);
3. records each entry under a key made from the case and the entry's number (or, for an
   unnumbered entry, its date and CourtListener/PACER sequence number), so the same entry read
   again — from the same place or another — is the same record: unchanged, or corrected with
   the fields that changed; ids other systems give it (CourtListener's docket and entry ids,
   `recap_sequence_number`, documents' `sha1`) are kept and merged;
4. queues a draft order for every entry whose text is an order (`domain.order_text`) and that
   no order in the ledger cites yet, for an editor to accept and give its obligations.

Anything wrong — an unknown court, an unreadable date — raises before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, get_args

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.domain.base import Citation
from habeas.domain.courts import UnknownCourt, get_court
from habeas.domain.courts_records import (
    Case,
    CourtRecord,
    DocketDocument,
    DocketEntry,
    ExternalId,
    Party,
)
from habeas.domain.docket_keys import case_key_for, entry_key, normalise_docket_number
from habeas.domain.docket_numbers import docket_number_core
from habeas.domain.errors import InvalidRecord
from habeas.domain.order_text import order_kind
from habeas.domain.registry import canonical_record
from habeas.domain.sources import Source
from habeas.domain.time import PartialTime
from habeas.ingest.docket_model import ParsedDocket, ParsedEntry
from habeas.ledger.entry import format_recorded_at
from habeas.services.copies import sha256_of
from habeas.services.drafts import NewDraft, queue_drafts
from habeas.services.write import WriteSession, joining, writing
from habeas.services.writer import AppendResult
from habeas.storage import copies as stored
from habeas.storage import index_queries, queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Store, WriteTx

__all__ = [
    "DocketImport",
    "DocketOrigin",
    "case_key_for",
    "entry_key_for",
    "import_docket",
    "import_docket_in",
    "normalise_docket_number",
]

_NATURES: tuple[str, ...] = get_args(Case.model_fields["nature"].annotation)
_ROLES = {
    "plaintiff": "plaintiff",
    "petitioner": "petitioner",
    "defendant": "defendant",
    "respondent": "respondent",
    "appellant": "appellant",
    "appellee": "appellee",
    "applicant": "applicant",
    "intervenor": "intervenor",
    "amicus": "amicus",
    "next friend": "next_friend",
}


@dataclass(frozen=True)
class DocketOrigin:
    """Where the docket's bytes came from: `method` is how (upload, courtlistener-api,
    courtlistener-webhook...), `retrieved_from` the URL if any, `name` a file name."""

    raw: bytes
    media_type: str
    method: str
    retrieved_from: str | None = None
    name: str | None = None
    retrieved_at: datetime | None = None


@dataclass
class DocketImport:
    """What `import_docket` did."""

    case: str
    case_created: bool
    source: str
    sha256: str
    entries: list[str] = field(default_factory=list)
    new_entries: list[str] = field(default_factory=list)
    drafts: list[int] = field(default_factory=list)
    origin_case: str | None = None
    result: AppendResult | None = None
    possible_duplicates: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "case": self.case,
            "case_created": self.case_created,
            "origin_case": self.origin_case,
            "source": self.source,
            "sha256": self.sha256,
            "entries": len(self.entries),
            "new_entries": self.new_entries,
            "drafts": self.drafts,
            "possible_duplicates": self.possible_duplicates,
            "ledger": self.result.to_json() if self.result else None,
        }


def entry_key_for(case_key: str, entry: ParsedEntry) -> str:
    """The key of an entry read from a docket (`habeas.domain.docket_keys.entry_key`)."""
    return entry_key(
        case_key,
        filed=entry.filed,
        text=entry.text,
        number=entry.number,
        sequence=entry.recap_sequence_number or entry.pacer_sequence_number,
    )


def _court(court_id: str) -> Any:
    try:
        return get_court(court_id)
    except UnknownCourt as e:
        raise InvalidRecord(str(e), field="court") from e


def _when(text: str | None, what: str) -> PartialTime | None:
    if text is None or not str(text).strip():
        return None
    try:
        return PartialTime.parse(str(text).strip())
    except InvalidRecord as e:
        raise InvalidRecord(str(e), field=what) from e


def _find_case(tx: WriteTx, court_key: str, number: str) -> Case | None:
    """The current case of `court_key` with `number`, by the case index: the same number as
    habeas compares them, else the same core as CourtListener's ("8:25-cv-951" is
    "8:25-cv-00951-PX"). Of several with one core (a core drops the office and case type),
    the one whose number compares equal, else none (a new case is recorded)."""
    want = normalise_docket_number(number)
    rows = index_queries.cases_by_number(tx.conn, court_key, docket_number_core(number), want)
    found = [r for row in rows if isinstance(r := record_from_row(row.body), Case)]
    exact = [c for c in found if normalise_docket_number(c.docket_number) == want]
    if exact:
        return exact[0]
    return found[0] if len(found) == 1 else None


def _merge_ids(old: Sequence[ExternalId], new: Iterable[ExternalId]) -> list[ExternalId]:
    out = list(old)
    for item in new:
        if item not in out:
            out.append(item)
    return out


def _merge_documents(
    old: Sequence[DocketDocument], new: Sequence[DocketDocument]
) -> list[DocketDocument]:
    by_place = {(d.number, d.attachment): d for d in old}
    for doc in new:
        have = by_place.get((doc.number, doc.attachment))
        if have is None:
            by_place[(doc.number, doc.attachment)] = doc
        else:
            merged = {k: v for k, v in have.model_dump().items() if v is not None}
            merged.update({k: v for k, v in doc.model_dump().items() if v is not None})
            by_place[(doc.number, doc.attachment)] = DocketDocument.model_validate(dict(**merged))
    return [by_place[k] for k in sorted(by_place, key=lambda p: (p[0] or 0, p[1] or 0))]


def _current(writer: WriteSession, key: str) -> Any | None:
    known = writer.current(key)
    if known is None or known.status != "active" or known.body is None:
        return None
    return record_from_row(known.body)


def _source_record(parsed: ParsedDocket, origin: DocketOrigin, digest: str, court: Any) -> Source:
    retrieved = (origin.retrieved_at or datetime.now(UTC)).astimezone(UTC)
    how = {
        "courtlistener-api": "CourtListener API",
        "courtlistener-webhook": "CourtListener webhook",
    }.get(origin.method, origin.name or origin.method)
    case = case_key_for(parsed.court_id, parsed.docket_number).removeprefix("case/")
    return Source.model_validate(
        dict(
            key=f"source/docket-{case}-{digest[:12]}",
            kind="court_document",
            title=f"Docket sheet, {parsed.caption}, No. {parsed.docket_number} ({court.name}), "
            f"as retrieved ({how})",
            court=parsed.court_id,
            docket_number=parsed.docket_number,
            url=origin.retrieved_from
            if origin.retrieved_from and origin.retrieved_from.startswith(("http://", "https://"))
            else None,
            retrieved=PartialTime.parse(retrieved.strftime("%Y-%m-%dT%H:%M:%SZ")),
            sha256=digest,
            language="en",
        )
    )


def _parties(parsed: ParsedDocket) -> list[Party]:
    out: list[Party] = []
    for p in parsed.parties:
        role = _ROLES.get(p.role.strip().lower())
        if role and p.name.strip():
            out.append(Party.model_validate(dict(name=p.name.strip()[:500], role=role)))
    return out


def _ids(*found: tuple[str, str, object]) -> list[ExternalId]:
    """ExternalIds of (system, kind, value), leaving out the values not given."""
    return [
        ExternalId.model_validate({"system": system, "kind": kind, "value": str(value)})
        for system, kind, value in found
        if value is not None and value != ""
    ]


def _case_ids(parsed: ParsedDocket) -> list[ExternalId]:
    return _ids(
        ("courtlistener", "docket", parsed.courtlistener_id),
        ("pacer", "pacer_case", parsed.pacer_case_id),
    )


def _entry_record(
    key: str, case_key: str, entry: ParsedEntry, cite: Citation, old: DocketEntry | None
) -> DocketEntry:
    ids = _ids(
        ("courtlistener", "docket_entry", entry.courtlistener_id),
        ("pacer", "pacer_document", entry.pacer_sequence_number),
    )
    docs = [
        DocketDocument.model_validate(
            dict(
                number=d.number,
                attachment=d.attachment,
                description=d.description,
                page_count=d.page_count,
                sha1=d.sha1.lower() if d.sha1 else None,
                pacer_doc_id=d.pacer_doc_id,
                courtlistener_id=d.courtlistener_id,
            )
        )
        for d in entry.documents
    ]
    filed = _when(entry.filed, f"entries[{entry.line or 0}].filed")
    assert filed is not None
    new = DocketEntry.model_validate(
        dict(
            key=key,
            case=case_key,
            number=entry.number,
            filed=filed,
            text=entry.text.strip() or "(no text)",
            filed_by=entry.filed_by,
            recap_sequence_number=entry.recap_sequence_number,
            documents=docs,
            external_ids=ids,
            sources=[cite],
        )
    )
    if old is None:
        return new
    merged = new.model_copy(
        update={
            "documents": _merge_documents(old.documents, new.documents),
            "external_ids": _merge_ids(old.external_ids, new.external_ids),
            "recap_sequence_number": new.recap_sequence_number or old.recap_sequence_number,
            "filed_by": new.filed_by or old.filed_by,
            "number": new.number if new.number is not None else old.number,
            "fulfils": old.fulfils,
            "note": old.note,
            "sensitivity": old.sensitivity,
        }
    )
    same_sources = merged.model_copy(update={"sources": old.sources})
    if canonical_record(same_sources) == canonical_record(old):
        return old  # nothing but where it was read again: unchanged
    return merged.model_copy(update={"sources": [*old.sources, cite]})


def _order_draft(
    entry: DocketEntry, case: Case, source_key: str, alike: Sequence[str] = ()
) -> NewDraft | None:
    kind = order_kind(entry.text)
    if kind is None:
        return None
    title = entry.text.split(".")[0].strip()[:200] or "Order"
    record: dict[str, Any] = {
        "type": "order",
        "key": "order/" + entry.key.removeprefix("docket_entry/"),
        "case": case.key,
        "kind": kind,
        "title": title,
        "issued": str(entry.filed),
        "text": entry.text,
        "docket_entry": entry.key,
    }
    if case.judges:
        record["judge"] = case.judges[0]
    label = f"No. {entry.number}" if entry.number is not None else str(entry.filed)
    return NewDraft(
        kind="order",
        origin=entry.key,
        source=source_key,
        summary=f"{case.caption} ({case.docket_number}), entry {label}: {title}",
        record=record,
        excerpt=entry.text,
        notes=(
            "Read the order itself: the title, the judge and the date issued are guesses "
            "from the docket text.",
            "After accepting, record what it requires as obligations.",
            *(
                f"The ledger already has an entry of this case filed the same day without a "
                f"number ({key}): if it is this order, reject this draft."
                for key in alike
            ),
        ),
    )


def _ensure_court(writer: WriteSession, court: Any, cite: Citation) -> str:
    key = f"court/{court.id}"
    if writer.current(key) is None:
        writer.update(
            CourtRecord.model_validate(
                dict(
                    key=key,
                    court_id=court.id,
                    name=court.name,
                    seat=court.seat,
                    timezone=court.timezone,
                    sources=[cite],
                )
            ),
            reason="court of an imported docket",
        )
    return key


def _ensure_case(
    writer: WriteSession,
    parsed: ParsedDocket,
    court_key: str,
    cite: Citation,
    case_key: str | None,
    origin_key: str | None,
) -> tuple[Case, bool]:
    found: Case | None = None
    if case_key:
        record = _current(writer, case_key)
        if not isinstance(record, Case):
            raise InvalidRecord(f"no current case with key {case_key!r}", field="case")
        found = record
    else:
        found = _find_case(writer.tx, court_key, parsed.docket_number)
    if found is not None:
        update: dict[str, Any] = {"external_ids": _merge_ids(found.external_ids, _case_ids(parsed))}
        if origin_key and found.origin is None:
            update["origin"] = origin_key
        changed = found.model_copy(update=update)
        if canonical_record(changed) != canonical_record(found):
            writer.update(changed, reason="ids of the imported docket added")
        return changed, False
    nature = parsed.nature if parsed.nature in _NATURES else "other"
    case = Case.model_validate(
        dict(
            key=case_key_for(parsed.court_id, parsed.docket_number),
            court=court_key,
            docket_number=parsed.docket_number,
            caption=parsed.caption or parsed.docket_number,
            nature=nature,
            filed=_when(parsed.filed, "filed"),
            judges=list(parsed.judges),
            parties=_parties(parsed),
            origin=origin_key,
            external_ids=_case_ids(parsed),
            sources=[cite],
            note="; ".join(parsed.notes) or None,
        )
    )
    writer.update(case, reason="case of an imported docket")
    return case, True


def _ensure_origin(writer: WriteSession, parsed: ParsedDocket, cite: Citation) -> str | None:
    if not parsed.origin_court_id or not parsed.origin_docket_number:
        return None
    court = _court(parsed.origin_court_id)
    court_key = _ensure_court(writer, court, cite)
    found = _find_case(writer.tx, court_key, parsed.origin_docket_number)
    if found is not None:
        return found.key
    key = case_key_for(court.id, parsed.origin_docket_number)
    if _current(writer, key) is None:
        writer.update(
            Case.model_validate(
                dict(
                    key=key,
                    court=court_key,
                    docket_number=parsed.origin_docket_number,
                    caption=parsed.caption or parsed.origin_docket_number,
                    sources=[cite],
                    note="Recorded as the lower-court case of an imported docket; "
                    "only its court and number are known so far.",
                )
            ),
            reason="lower-court case of an imported docket",
        )
    return key


def _unnumbered_by_day(tx: WriteTx, case_key: str) -> dict[str, list[str]]:
    """The case's entries already recorded without a number, by the day they were filed
    (entries recorded by hand, before a docket was imported, are often like that)."""
    out: dict[str, list[str]] = {}
    for row in queries.records_about(tx.conn, [case_key], "docket_entry"):
        body = json.loads(row.body)
        if body.get("number") is None and body.get("filed"):
            out.setdefault(str(body["filed"])[:10], []).append(row.key)
    return out


def _cited_by_orders(writer: WriteSession, keys: Sequence[str]) -> set[str]:
    if not keys:
        return set()
    rows = queries.referrers(writer.tx.conn, keys)
    types = queries.existing_types(writer.tx.conn, list({r.key for r in rows}))
    return {r.ref_key for r in rows if types.get(r.key, ("", ""))[0] == "order"}


def import_docket(
    store: Store,
    parsed: ParsedDocket,
    origin: DocketOrigin,
    *,
    case_key: str | None = None,
    principal: Principal,
) -> DocketImport:
    """Record `parsed` (see the module's docstring); all of it or, on any error, nothing."""
    who = principal or LOCAL_OPERATOR
    court, source, digest, cite = _prepare(parsed, origin)
    with writing(store, principal=who, action="import", kind="import") as session:
        return _import_in(session, parsed, origin, court, source, digest, cite, case_key)


def import_docket_in(
    tx: WriteTx,
    parsed: ParsedDocket,
    origin: DocketOrigin,
    *,
    case_key: str | None = None,
    principal: Principal,
) -> DocketImport:
    """`import_docket` inside the caller's open write transaction (several dockets read from
    one file land together)."""
    who = principal or LOCAL_OPERATOR
    court, source, digest, cite = _prepare(parsed, origin)
    with joining(tx, principal=who, action="import") as writer:
        return _import_in(writer, parsed, origin, court, source, digest, cite, case_key)


def _prepare(parsed: ParsedDocket, origin: DocketOrigin) -> tuple[Any, Source, str, Citation]:
    """The docket's court, its source record, the hash of its bytes, the citation."""
    court = _court(parsed.court_id)
    if not parsed.docket_number.strip():
        raise InvalidRecord("the docket has no number", field="docket_number")
    digest = sha256_of(origin.raw)
    source = _source_record(parsed, origin, digest, court)
    return court, source, digest, Citation.model_validate(dict(source=source.key))


def _import_in(
    writer: WriteSession,
    parsed: ParsedDocket,
    origin: DocketOrigin,
    court: Any,
    source: Source,
    digest: str,
    cite: Citation,
    case_key: str | None,
) -> DocketImport:
    tx, author = writer.tx, writer.author
    stored.put_copy(
        tx.conn,
        {
            "sha256": digest,
            "media_type": origin.media_type,
            "size": len(origin.raw),
            "bytes": origin.raw,
            "stored_at": format_recorded_at(datetime.now(UTC)),
            "retrieved_from": origin.retrieved_from or origin.name,
            "retrieval_method": origin.method[:40],
        },
    )
    if _current(writer, source.key) is None:  # the same bytes again: the source it was
        writer.update(source)
    court_key = _ensure_court(writer, court, cite)
    origin_key = _ensure_origin(writer, parsed, cite)
    case, created = _ensure_case(writer, parsed, court_key, cite, case_key, origin_key)
    out = DocketImport(case.key, created, source.key, digest, origin_case=origin_key)
    entries: list[DocketEntry] = []
    unnumbered = _unnumbered_by_day(tx, case.key)
    for item in parsed.entries:
        key = entry_key_for(case.key, item)
        old = _current(writer, key)
        record = _entry_record(
            key, case.key, item, cite, old if isinstance(old, DocketEntry) else None
        )
        if old is None:
            out.new_entries.append(key)
            alike = [k for k in unnumbered.get(str(record.filed)[:10], []) if k != key]
            if record.number is not None and alike:
                out.possible_duplicates[key] = alike
        writer.update(record, reason="read again from an imported docket")
        out.entries.append(key)
        entries.append(record)
    ordered = _cited_by_orders(writer, [e.key for e in entries])
    drafts = [
        d
        for e in entries
        if e.key not in ordered
        and (d := _order_draft(e, case, source.key, out.possible_duplicates.get(e.key, ())))
        is not None
    ]
    out.result = writer.finish()
    out.drafts = queue_drafts(tx.conn, drafts, created_by=author)
    return out
