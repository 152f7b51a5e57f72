"""Tracking CourtListener dockets: link a case to a docket, import its entries, keep it current.

`track_docket` reads the docket (`/api/rest/v4/dockets/{id}/`) and records its court and case
(found by court and number, or created; or the case named), then reads every entry
(`/api/rest/v4/docket-entries/?docket={id}`, with their RECAP documents) page by page.
`sync_dockets` asks, for every tracked docket, only for entries modified at or after the
newest `date_modified` seen (`date_modified__gte`, oldest change first).

Each page is imported in its own transaction (`services.docket_import.import_docket`, the
page's bytes kept as the source), and then the tracking row records the next page's URL, so a
sync that fails half-way resumes at that page; importing a page again changes nothing, so an
entry is never duplicated. Orders among the entries become drafts in the review queue.

When CourtListener answers 401/403 — its docket-entries endpoint is open only to some
accounts — the message says so plainly and names what still works: a docket-alert webhook to
this server, and PACER docket pages imported with `habeas import docket FILE.html`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from habeas.config import Settings
from habeas.domain.access import Principal, require
from habeas.domain.courts import UnknownCourt, get_court
from habeas.domain.errors import (
    CourtListenerError,
    CourtListenerForbidden,
    HabeasError,
    InvalidRecord,
    NotFound,
)
from habeas.ingest.courtlistener import (
    docket_id_from,
    docket_id_of_entry,
    latest_modified,
    modified_at,
    parse_docket,
    parse_entry,
)
from habeas.ingest.courtlistener_client import CourtListenerClient, Fetched
from habeas.ingest.docket_model import ParsedDocket, ParsedEntry
from habeas.ledger.entry import format_recorded_at
from habeas.services.audit import author_for
from habeas.services.docket_import import DocketOrigin, entry_key_for, import_docket
from habeas.storage import queries
from habeas.storage import tracking_queries as q
from habeas.storage.projections import record_from_row
from habeas.storage.store import Store

__all__ = [
    "DocketSync",
    "Progress",
    "TrackedDocket",
    "client_for",
    "docket_header",
    "entries_refused_message",
    "list_tracked",
    "sync_dockets",
    "track_docket",
]

Progress = Callable[[int, int, int], None]
"""Called after each page: (docket id, pages read, entries read)."""


@dataclass
class DocketSync:
    """What tracking or syncing one docket did."""

    docket: int
    case: str | None = None
    tracked_now: bool = False
    resumed_from: str | None = None
    pages: int = 0
    entries: int = 0
    new_entries: list[str] = field(default_factory=list)
    drafts: list[int] = field(default_factory=list)
    last_modified: str | None = None
    error: str | None = None
    forbidden: bool = False

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "docket": self.docket,
            "case": self.case,
            "tracked_now": self.tracked_now,
            "resumed_from": self.resumed_from,
            "pages": self.pages,
            "entries": self.entries,
            "new_entries": self.new_entries,
            "drafts": self.drafts,
            "last_modified": self.last_modified,
            "error": self.error,
            "forbidden": self.forbidden,
        }


@dataclass(frozen=True)
class TrackedDocket:
    """A tracked docket and how far its syncs got."""

    docket: int
    case: str
    court_id: str
    docket_number: str
    added_at: str
    added_by: str
    cursor: str | None
    last_modified: str | None
    last_synced_at: str | None
    last_error: str | None
    entries_seen: int

    @classmethod
    def from_row(cls, row: Any) -> TrackedDocket:
        return cls(
            int(row.courtlistener_id),
            row.case_key,
            row.court_id,
            row.docket_number,
            row.added_at,
            row.added_by,
            row.cursor,
            row.last_modified,
            row.last_synced_at,
            row.last_error,
            int(row.entries_seen or 0),
        )

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "docket": self.docket,
            "case": self.case,
            "court_id": self.court_id,
            "docket_number": self.docket_number,
            "added_at": self.added_at,
            "added_by": self.added_by,
            "cursor": self.cursor,
            "last_modified": self.last_modified,
            "last_synced_at": self.last_synced_at,
            "last_error": self.last_error,
            "entries_seen": self.entries_seen,
        }


def client_for(settings: Settings, **options: Any) -> CourtListenerClient:
    """A client of the CourtListener the settings name (HABEAS_COURTLISTENER_URL, _TOKEN)."""
    return CourtListenerClient(settings.courtlistener_url, settings.courtlistener_token, **options)


def entries_refused_message(docket: int, detail: str, case: str | None = None) -> str:
    """The plain message for a 401/403 (`detail`: what CourtListener said): why, and the
    paths that still work."""
    linked = (
        f" Docket {docket} is tracked and linked to {case}, so webhook deliveries for it are "
        "imported."
        if case
        else ""
    )
    return (
        f"{detail.rstrip('.')}. CourtListener opens its docket-entries API only to some "
        "accounts (and every request needs a valid token in HABEAS_COURTLISTENER_TOKEN)."
        f"{linked} Entries of docket {docket} can still come in two ways: (1) a CourtListener "
        "docket-alert webhook sent to this server's POST /api/v1/webhooks/courtlistener?token="
        "SECRET (HABEAS_COURTLISTENER_WEBHOOK_SECRET; see docs/importing.md); (2) the docket "
        "page downloaded from PACER, imported with `habeas import docket FILE.html`."
    )


def _now() -> str:
    return format_recorded_at(datetime.now(UTC))


def _may_import(principal: Principal, client: CourtListenerClient | None = None) -> None:
    if principal is not None:
        require(principal.role, "import")
    if client is not None and not client.token:
        raise CourtListenerForbidden(
            "no CourtListener token: set HABEAS_COURTLISTENER_TOKEN "
            "(your token is on your CourtListener profile's API page)"
        )


def _zone(court_id: str) -> str | None:
    try:
        return get_court(court_id).timezone
    except UnknownCourt:
        return None


def docket_header(store: Store, row: Any) -> ParsedDocket:
    """A tracked docket's court, number and caption (the caption from its case), with no
    entries: what each page or webhook delivery of its entries is imported under."""
    with store.read() as conn:
        found = queries.get_records(conn, [row.case_key]).get(row.case_key)
    caption = row.docket_number
    if found is not None and found.status == "active" and found.body:
        caption = getattr(record_from_row(found.body), "caption", caption)
    return ParsedDocket(
        court_id=row.court_id,
        docket_number=row.docket_number,
        caption=caption,
        courtlistener_id=int(row.courtlistener_id),
    )


def _entries(docket: int, page: Fetched, zone: str | None) -> list[ParsedEntry]:
    out = []
    for i, item in enumerate(page.results):
        where = f"{page.url} results[{i}]"
        if not isinstance(item, Mapping):
            raise InvalidRecord("a docket entry must be a JSON object", field=where)
        belongs = docket_id_of_entry(item, where)
        if belongs != docket:
            raise CourtListenerError(f"{where}: an entry of docket {belongs}, not of {docket}")
        out.append(parse_entry(item, where=where, zone=zone, line=i + 1))
    return out


def _unseen(
    store: Store,
    case_key: str,
    results: Sequence[Mapping[str, Any]],
    entries: list[ParsedEntry],
    since: str | None,
) -> list[ParsedEntry]:
    """The entries to import: all but those not modified since `since` that the ledger has
    (`date_modified__gte` gives back the newest entry of the last sync)."""
    cutoff = modified_at({"date_modified": since}) if since else None
    if cutoff is None:
        return entries
    old = [
        (e, entry_key_for(case_key, e))
        for e, raw in zip(entries, results, strict=True)
        if (m := modified_at(raw)) is not None and m <= cutoff
    ]
    if not old:
        return entries
    with store.read() as conn:
        have = queries.get_records(conn, [k for _e, k in old])
    skip = {id(e) for e, k in old if k in have}
    return [e for e in entries if id(e) not in skip]


def _import_pages(
    store: Store,
    pages: Iterator[Fetched],
    header: ParsedDocket,
    case_key: str,
    out: DocketSync,
    *,
    since: str | None,
    principal: Principal,
    progress: Progress | None,
) -> None:
    zone = _zone(header.court_id)
    last = since
    for page in pages:
        results = page.results
        entries = _unseen(store, case_key, results, _entries(out.docket, page, zone), since)
        if entries:
            done = import_docket(
                store,
                replace(header, entries=tuple(entries)),
                DocketOrigin(
                    raw=page.raw,
                    media_type="application/json",
                    method="courtlistener-api",
                    retrieved_from=page.url,
                ),
                case_key=case_key,
                principal=principal,
            )
            out.new_entries += done.new_entries
            out.drafts += done.drafts
        last = latest_modified(results, last)
        out.pages += 1
        out.entries += len(results)
        out.last_modified = last
        with store.write() as tx:
            row = q.get_tracked(tx.conn, out.docket)
            seen = int(row.entries_seen or 0) if row is not None else 0
            q.update_tracked(
                tx.conn,
                out.docket,
                {
                    "cursor": page.next_url,
                    "last_modified": last,
                    "entries_seen": seen + len(results),
                },
            )
        if progress is not None:
            progress(out.docket, out.pages, out.entries)


def _finish(store: Store, docket: int, error: str | None) -> None:
    with store.write() as tx:
        values: dict[str, Any] = {"last_error": error}
        if error is None:
            values.update(cursor=None, last_synced_at=_now())
        q.update_tracked(tx.conn, docket, values)


def _header_source(doc: Fetched) -> DocketOrigin:
    return DocketOrigin(
        raw=doc.raw,
        media_type="application/json",
        method="courtlistener-api",
        retrieved_from=doc.url,
    )


def track_docket(
    store: Store,
    client: CourtListenerClient,
    docket: str | int,
    *,
    case_key: str | None = None,
    principal: Principal,
    progress: Progress | None = None,
) -> DocketSync:
    """Link a case to a CourtListener docket and import all its entries (see the module's
    docstring). Tracking a tracked docket again reads it all again; nothing is duplicated."""
    _may_import(principal, client)
    docket_id = docket if isinstance(docket, int) else docket_id_from(docket)
    out = DocketSync(docket_id)
    try:
        doc = client.docket(docket_id)
    except CourtListenerForbidden as e:
        raise CourtListenerForbidden(entries_refused_message(docket_id, str(e))) from e
    except NotFound as e:
        raise NotFound(f"CourtListener has no docket {docket_id}: {e}") from e
    parsed = parse_docket(doc.data)
    if parsed.courtlistener_id not in (None, docket_id):
        raise CourtListenerError(f"{doc.url} answered docket {parsed.courtlistener_id}")
    parsed = replace(parsed, courtlistener_id=docket_id)
    header = import_docket(
        store, parsed, _header_source(doc), case_key=case_key, principal=principal
    )
    out.case = header.case
    with store.write() as tx:
        out.tracked_now = q.track(
            tx.conn,
            {
                "courtlistener_id": docket_id,
                "case_key": header.case,
                "court_id": parsed.court_id,
                "docket_number": parsed.docket_number,
                "added_at": _now(),
                "added_by": author_for(principal),
            },
        )
        row = q.get_tracked(tx.conn, docket_id)
    since = row.last_modified if row is not None else None
    try:
        _import_pages(
            store,
            client.entry_pages(docket_id),
            replace(parsed, entries=()),
            header.case,
            out,
            since=since,
            principal=principal,
            progress=progress,
        )
    except CourtListenerForbidden as e:
        message = entries_refused_message(docket_id, str(e), header.case)
        _finish(store, docket_id, message)
        raise CourtListenerForbidden(message) from e
    except HabeasError as e:
        _finish(store, docket_id, str(e))
        raise
    _finish(store, docket_id, None)
    return out


def _sync_one(
    store: Store,
    client: CourtListenerClient,
    row: Any,
    principal: Principal,
    progress: Progress | None,
) -> DocketSync:
    out = DocketSync(int(row.courtlistener_id), case=row.case_key)
    out.resumed_from = row.cursor or None
    try:
        if row.cursor:
            pages = client.entry_pages(out.docket, start=row.cursor)
        else:
            pages = client.entry_pages(out.docket, modified_since=row.last_modified)
        _import_pages(
            store,
            pages,
            docket_header(store, row),
            row.case_key,
            out,
            since=row.last_modified,
            principal=principal,
            progress=progress,
        )
    except CourtListenerForbidden as e:
        out.forbidden = True
        out.error = entries_refused_message(out.docket, str(e), row.case_key)
    except HabeasError as e:
        out.error = str(e)
    _finish(store, out.docket, out.error)
    return out


def sync_dockets(
    store: Store,
    client: CourtListenerClient,
    *,
    docket: str | int | None = None,
    principal: Principal,
    progress: Progress | None = None,
) -> list[DocketSync]:
    """Fetch what is new for every tracked docket (or one); a docket that fails keeps its
    cursor and its `error`, and the others are still synced."""
    _may_import(principal, client)
    with store.read() as conn:
        if docket is None:
            rows = q.list_tracked(conn)
        else:
            docket_id = docket if isinstance(docket, int) else docket_id_from(docket)
            found = q.get_tracked(conn, docket_id)
            if found is None:
                raise NotFound(
                    f"docket {docket_id} is not tracked: run `habeas track docket {docket_id}`"
                )
            rows = [found]
    return [_sync_one(store, client, row, principal, progress) for row in rows]


def list_tracked(store: Store, *, principal: Principal) -> list[TrackedDocket]:
    """Every tracked docket, with its last sync and error."""
    _may_import(principal)
    with store.read() as conn:
        return [TrackedDocket.from_row(r) for r in q.list_tracked(conn)]
