"""A docket-alert webhook delivery: the new entries of a tracked docket go into its case, once;
the same delivery again returns the first outcome and writes nothing; a body that is not a
webhook event is refused and not remembered."""

from __future__ import annotations

import json
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import InvalidRecord
from habeas.ingest.courtlistener import parse_docket
from habeas.services.courtlistener_webhook import receive_courtlistener
from habeas.services.docket_import import DocketOrigin, import_docket
from habeas.services.drafts import list_drafts
from habeas.storage import queries
from habeas.storage import tracking_queries as tq
from habeas.storage.store import Store
from tests.ingest.courtlistener_server import DOCKET, FIXTURES

CASE = "case/mdd-8-25-cv-00951"
BODY = (FIXTURES / "webhook-docket-alert.json").read_bytes()
KEY = "1b0f7c1e-7a3c-4e0c-9d4f-6f1de1c2a001"


def tracked(store: Store) -> Store:
    """The store with docket 69777799 tracked for its case (as `habeas track docket` leaves
    it when CourtListener refuses the entries)."""
    raw = (FIXTURES / "docket-69777799.json").read_bytes()
    done = import_docket(
        store,
        parse_docket(json.loads(raw)),
        DocketOrigin(raw, "application/json", "courtlistener-api"),
        principal=LOCAL_OPERATOR,
    )
    with store.write() as tx:
        tq.track(
            tx.conn,
            {
                "courtlistener_id": DOCKET,
                "case_key": done.case,
                "court_id": "mdd",
                "docket_number": "8:25-cv-00951",
                "added_at": "2026-11-29T00:00:00Z",
                "added_by": "test",
            },
        )
    return store


def entries(store: Store) -> dict[str, dict[str, Any]]:
    with store.read() as conn:
        rows = queries.records_of_type(conn, "docket_entry")
    return {r.key: json.loads(r.body) for r in rows}


def size(store: Store) -> int:
    with store.read() as conn:
        return len(queries.records_of_type(conn, "source")) + len(entries(store))


def test_a_docket_alert_imports_the_entries_of_a_tracked_docket(store: Store) -> None:
    out = receive_courtlistener(tracked(store), BODY, KEY)
    assert (out.status, out.event_type, out.entries) == ("imported", 1, 2)
    assert out.cases == [CASE] and out.untracked_dockets == [90000001]
    assert sorted(out.new_entries) == [
        "docket_entry/mdd-8-25-cv-00951-51",
        "docket_entry/mdd-8-25-cv-00951-seq-2025-04-11-001",
    ]
    order = entries(store)["docket_entry/mdd-8-25-cv-00951-51"]
    assert {"system": "courtlistener", "kind": "docket_entry", "value": "411000151"} in order[
        "external_ids"
    ]
    assert order["documents"][0]["sha1"] == "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
    with store.read() as conn:
        source = json.loads(
            queries.get_records(conn, [order["sources"][0]["source"]])[
                order["sources"][0]["source"]
            ].body
        )
    assert "CourtListener webhook" in source["title"]


def test_an_order_in_a_delivery_becomes_a_draft(store: Store) -> None:
    out = receive_courtlistener(tracked(store), BODY, KEY)
    [draft] = list_drafts(store, kinds=["order"], principal=LOCAL_OPERATOR)
    assert draft.origin == "docket_entry/mdd-8-25-cv-00951-51" and out.drafts == [draft.id]


def test_the_same_delivery_twice_is_written_once(store: Store) -> None:
    first = receive_courtlistener(tracked(store), BODY, KEY)
    written = size(store)
    again = receive_courtlistener(store, BODY, KEY)
    assert again.repeated and not first.repeated
    assert again.to_json() | {"repeated": False} == first.to_json()
    assert size(store) == written


def test_without_an_idempotency_key_the_body_itself_is_the_key(store: Store) -> None:
    first = receive_courtlistener(tracked(store), BODY)
    again = receive_courtlistener(store, BODY)
    assert first.key.startswith("sha256:") and again.repeated


def test_a_new_delivery_of_known_entries_adds_no_entry(store: Store) -> None:
    receive_courtlistener(tracked(store), BODY, KEY)
    before = entries(store)
    out = receive_courtlistener(store, BODY, "another-key")
    assert not out.repeated and out.new_entries == [] and out.drafts == []
    assert entries(store).keys() == before.keys()


def test_other_events_are_recorded_and_ignored(store: Store) -> None:
    body = json.dumps({"webhook": {"event_type": 2, "version": 2}, "payload": {}}).encode()
    out = receive_courtlistener(store, body, "search-alert")
    assert out.status == "ignored" and out.entries == 0
    assert receive_courtlistener(store, body, "search-alert").repeated


def test_a_delivery_for_no_tracked_docket_writes_no_entry(store: Store) -> None:
    out = receive_courtlistener(store, BODY, KEY)
    assert out.status == "untracked" and sorted(out.untracked_dockets) == [DOCKET, 90000001]
    assert entries(store) == {}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "body"),
        (b"[]", "body"),
        (b'{"payload": {"results": []}}', "webhook"),
        (b'{"webhook": {"event_type": "1"}}', "webhook.event_type"),
        (b'{"webhook": {"event_type": 1}, "payload": {}}', "payload.results"),
        (
            b'{"webhook": {"event_type": 1}, "payload": {"results": [{"docket": 69777799}]}}',
            "payload.results[0]",
        ),
    ],
)
def test_a_body_that_is_not_a_webhook_event_is_refused_and_not_remembered(
    store: Store, body: bytes, field: str
) -> None:
    tracked(store)
    before = size(store)
    with pytest.raises(InvalidRecord) as e:
        receive_courtlistener(store, body, "bad")
    assert field in str(e.value)
    assert size(store) == before
    with store.read() as conn:
        assert tq.get_delivery(conn, "bad") is None
