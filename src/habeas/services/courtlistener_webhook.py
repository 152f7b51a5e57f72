"""CourtListener's docket-alert webhooks: each new filing of a tracked docket, imported once.

A delivery's body is `{"webhook": {"event_type", "version", "date_created",
"deprecation_date"}, "payload": {"results": [...]}}`; for a docket alert (`event_type` 1) the
results are docket entries as the v4 docket-entries API gives them, with `docket` an id.
Each result is imported into the case its tracked docket feeds (`habeas track docket`), the
delivery's bytes kept as the source; results of dockets no one tracks are counted and left.
Orders among them become drafts in the review queue.

CourtListener sends an `Idempotency-Key` header with every event and may send one again; the
first outcome is kept in `webhook_deliveries` under that key (or the body's SHA-256), and a
repeated delivery gets that outcome back and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.courts import UnknownCourt, get_court
from habeas.domain.errors import InvalidRecord
from habeas.ingest.courtlistener import docket_id_of_entry, parse_entry
from habeas.ledger.entry import format_recorded_at
from habeas.services.courtlistener_sync import docket_header
from habeas.services.docket_import import DocketOrigin, import_docket
from habeas.storage import tracking_queries as q
from habeas.storage.store import Store

__all__ = ["DOCKET_ALERT", "WebhookOutcome", "receive_courtlistener"]

DOCKET_ALERT = 1
SENDER = "courtlistener"


@dataclass
class WebhookOutcome:
    """What a delivery did (`repeated`: it had arrived before; this is the first outcome)."""

    key: str
    event_type: int | None
    status: str
    entries: int = 0
    new_entries: list[str] = field(default_factory=list)
    drafts: list[int] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    untracked_dockets: list[int] = field(default_factory=list)
    repeated: bool = False

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "idempotency_key": self.key,
            "event_type": self.event_type,
            "status": self.status,
            "entries": self.entries,
            "new_entries": self.new_entries,
            "drafts": self.drafts,
            "cases": self.cases,
            "untracked_dockets": self.untracked_dockets,
            "repeated": self.repeated,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WebhookOutcome:
        return cls(
            key=str(data["idempotency_key"]),
            event_type=data.get("event_type"),
            status=str(data.get("status", "")),
            entries=int(data.get("entries", 0)),
            new_entries=list(data.get("new_entries", [])),
            drafts=list(data.get("drafts", [])),
            cases=list(data.get("cases", [])),
            untracked_dockets=list(data.get("untracked_dockets", [])),
        )


def _read(body: bytes) -> tuple[int | None, list[Any]]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise InvalidRecord(f"the body is not JSON: {e}", field="body") from e
    if not isinstance(data, Mapping):
        raise InvalidRecord("the body must be a JSON object", field="body")
    hook = data.get("webhook")
    payload = data.get("payload")
    if not isinstance(hook, Mapping):
        raise InvalidRecord("missing: an object with event_type and version", field="webhook")
    event = hook.get("event_type")
    if not isinstance(event, int) or isinstance(event, bool):
        raise InvalidRecord(f"not an event type: {event!r}", field="webhook.event_type")
    if event != DOCKET_ALERT:
        return event, []
    if not isinstance(payload, Mapping) or not isinstance(payload.get("results"), list):
        raise InvalidRecord("a docket alert needs a list of results", field="payload.results")
    return event, list(payload["results"])


def _zone(court_id: str) -> str | None:
    try:
        return get_court(court_id).timezone
    except UnknownCourt:
        return None


def receive_courtlistener(
    store: Store, body: bytes, idempotency_key: str | None = None
) -> WebhookOutcome:
    """Import one delivery (see the module's docstring); a repeated one writes nothing.

    A body that is not a webhook event raises InvalidRecord and is not recorded, so the
    sender's retry is read afresh."""
    key = (idempotency_key or "").strip()[:200] or "sha256:" + hashlib.sha256(body).hexdigest()
    with store.read() as conn:
        seen = q.get_delivery(conn, key)
    if seen is not None:
        first = WebhookOutcome.from_json(json.loads(seen.outcome))
        first.repeated = True
        return first
    event, results = _read(body)
    out = WebhookOutcome(key, event, "ignored" if event != DOCKET_ALERT else "imported")
    by_docket: dict[int, list[tuple[int, Mapping[str, Any]]]] = {}
    for i, item in enumerate(results):
        where = f"payload.results[{i}]"
        if not isinstance(item, Mapping):
            raise InvalidRecord("a docket entry must be a JSON object", field=where)
        by_docket.setdefault(docket_id_of_entry(item, where), []).append((i, item))
    with store.read() as conn:
        rows = {d: q.get_tracked(conn, d) for d in by_docket}
    plans = []
    for docket, items in by_docket.items():
        row = rows[docket]
        if row is None:
            out.untracked_dockets.append(docket)
            continue
        zone = _zone(row.court_id)
        entries = tuple(
            parse_entry(item, where=f"payload.results[{i}]", zone=zone, line=i + 1)
            for i, item in items
        )
        plans.append((row, replace(docket_header(store, row), entries=entries)))
    for row, parsed in plans:
        done = import_docket(
            store,
            parsed,
            DocketOrigin(
                raw=body,
                media_type="application/json",
                method="courtlistener-webhook",
                name=f"CourtListener webhook delivery {key}",
            ),
            case_key=row.case_key,
            principal=LOCAL_OPERATOR,
        )
        out.entries += len(parsed.entries)
        out.new_entries += done.new_entries
        out.drafts += done.drafts
        out.cases.append(done.case)
    if event == DOCKET_ALERT and not plans:
        out.status = "untracked" if out.untracked_dockets else "empty"
    with store.write() as tx:
        q.add_delivery(
            tx.conn,
            {
                "idempotency_key": key,
                "sender": SENDER,
                "received_at": format_recorded_at(datetime.now(UTC)),
                "body_sha256": hashlib.sha256(body).hexdigest(),
                "outcome": json.dumps(out.to_json(), sort_keys=True),
            },
        )
    return out
