"""Tracking and syncing a CourtListener docket against a real local server playing it: entries
come in with CourtListener's ids, a sync asks only for what changed and adds nothing twice, a
failed sync resumes at its saved cursor, and a 401/403 says plainly what still works."""

from __future__ import annotations

import json
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import (
    CourtListenerError,
    CourtListenerForbidden,
    InvalidRecord,
    NotFound,
)
from habeas.ingest.courtlistener_client import CourtListenerClient
from habeas.services.courtlistener_sync import (
    entries_refused_message,
    list_tracked,
    sync_dockets,
    track_docket,
)
from habeas.services.drafts import list_drafts
from habeas.storage import queries
from habeas.storage.store import Store
from tests.ingest.courtlistener_server import (
    DOCKET,
    ENTRIES,
    LAST_MODIFIED,
    PAGE2_CURSOR,
    TOKEN,
    FakeCourtListener,
    courtlistener,
)

__all__ = ["courtlistener"]

CASE = "case/mdd-8-25-cv-00951"


def client(fake: FakeCourtListener) -> CourtListenerClient:
    return CourtListenerClient(fake.url, TOKEN, min_interval=0, sleep=lambda s: None)


def entries_of(store: Store, case: str = CASE) -> dict[str, dict[str, Any]]:
    with store.read() as conn:
        rows = queries.records_of_type(conn, "docket_entry")
    bodies = [json.loads(r.body) for r in rows]
    return {b["key"]: b for b in bodies if b["case"] == case}


def record(store: Store, key: str) -> dict[str, Any]:
    with store.read() as conn:
        return dict(json.loads(queries.get_records(conn, [key])[key].body))


def test_track_links_the_case_and_imports_every_entry_with_courtlistener_ids(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    with client(courtlistener) as c:
        done = track_docket(
            store,
            c,
            "https://www.courtlistener.com/docket/69777799/abrego-garcia-v-noem/",
            principal=LOCAL_OPERATOR,
        )
    assert done.case == CASE and done.tracked_now
    assert (done.pages, done.entries, len(done.new_entries)) == (2, 6, 6)
    case = record(store, CASE)
    assert {"system": "courtlistener", "kind": "docket", "value": str(DOCKET)} in case[
        "external_ids"
    ]
    assert {"system": "pacer", "kind": "pacer_case", "value": "578815"} in case["external_ids"]
    entries = entries_of(store)
    assert len(entries) == 6
    order = entries["docket_entry/mdd-8-25-cv-00951-21"]
    assert order["recap_sequence_number"] == "2025-04-04.002"
    assert {"system": "courtlistener", "kind": "docket_entry", "value": "411000121"} in order[
        "external_ids"
    ]
    assert order["documents"][0]["sha1"] == "9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a392817161"
    assert order["documents"][0]["courtlistener_id"] == 520000121
    assert order["filed"] == "2025-04-04T16:05:33[America/New_York]"
    minute = entries["docket_entry/mdd-8-25-cv-00951-seq-2025-04-04-001"]
    assert minute.get("number") is None
    [row] = list_tracked(store, principal=LOCAL_OPERATOR)
    assert (row.docket, row.case, row.cursor, row.last_error) == (DOCKET, CASE, None, None)
    assert row.last_modified == LAST_MODIFIED and row.entries_seen == 6


def test_orders_on_the_docket_become_drafts_in_the_review_queue(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    with client(courtlistener) as c:
        done = track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
    drafts = list_drafts(store, kinds=["order"], principal=LOCAL_OPERATOR)
    assert sorted(d.origin for d in drafts) == [
        "docket_entry/mdd-8-25-cv-00951-21",
        "docket_entry/mdd-8-25-cv-00951-31",
        "docket_entry/mdd-8-25-cv-00951-48",
    ]
    assert sorted(done.drafts) == sorted(d.id for d in drafts)
    kinds = {d.origin.rsplit("-", 1)[1]: d.record["kind"] for d in drafts}
    assert kinds == {"21": "order", "31": "memorandum_opinion", "48": "amended_order"}


def test_each_page_is_kept_as_a_source_with_its_bytes(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    with client(courtlistener) as c:
        track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
    order = record(store, "docket_entry/mdd-8-25-cv-00951-21")
    source = record(store, order["sources"][0]["source"])
    assert source["url"].startswith(courtlistener.url + ENTRIES + "?")
    assert "CourtListener API" in source["title"]


def test_a_second_sync_asks_only_for_changes_and_adds_nothing(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    with client(courtlistener) as c:
        track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
        with store.read() as conn:
            before = queries.records_of_type(conn, "source")
        [again] = sync_dockets(store, c, principal=LOCAL_OPERATOR)
    assert again.error is None and again.new_entries == [] and again.drafts == []
    assert again.entries == 1  # CourtListener gave back the newest change (gte)
    with store.read() as conn:
        assert len(queries.records_of_type(conn, "source")) == len(before)  # nothing written
    assert f"date_modified__gte={LAST_MODIFIED[:10]}" in courtlistener.paths(ENTRIES)[-1]
    assert list_tracked(store, principal=LOCAL_OPERATOR)[0].last_synced_at is not None


def test_a_sync_after_new_filings_imports_only_them(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    with client(courtlistener) as c:
        track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
        courtlistener.new_filings()
        [result] = sync_dockets(store, c, docket=DOCKET, principal=LOCAL_OPERATOR)
    assert sorted(result.new_entries) == [
        "docket_entry/mdd-8-25-cv-00951-51",
        "docket_entry/mdd-8-25-cv-00951-seq-2025-04-11-001",
    ]
    assert len(entries_of(store)) == 8
    assert [
        d.origin for d in list_drafts(store, principal=LOCAL_OPERATOR) if d.id in result.drafts
    ] == ["docket_entry/mdd-8-25-cv-00951-51"]
    assert (
        list_tracked(store, principal=LOCAL_OPERATOR)[0].last_modified
        == "2025-04-11T15:02:44.871935-07:00"
    )


def test_a_failure_mid_way_keeps_the_committed_page_and_the_rerun_resumes_at_the_cursor(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    courtlistener.fail("cursor=", 500)
    with client(courtlistener) as c:
        with pytest.raises(CourtListenerError, match="HTTP 500"):
            track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
        half = list_tracked(store, principal=LOCAL_OPERATOR)[0]
        assert half.cursor is not None and PAGE2_CURSOR in half.cursor
        assert "HTTP 500" in (half.last_error or "")
        assert len(entries_of(store)) == 4  # page 1, whole; nothing of page 2
        asked = len(courtlistener.paths(ENTRIES))
        [resumed] = sync_dockets(store, c, principal=LOCAL_OPERATOR)
    assert resumed.error is None and resumed.resumed_from == half.cursor
    assert courtlistener.paths(ENTRIES)[asked:] == [half.cursor.removeprefix(courtlistener.url)]
    assert len(resumed.new_entries) == 2
    assert len(entries_of(store)) == 6
    done = list_tracked(store, principal=LOCAL_OPERATOR)[0]
    assert done.cursor is None and done.last_error is None
    assert done.last_modified == LAST_MODIFIED


def test_a_dropped_connection_mid_way_resumes_without_duplicates(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    courtlistener.fail("cursor=", drop=True)
    with client(courtlistener) as c:
        with pytest.raises(CourtListenerError, match="did not answer"):
            track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
        [resumed] = sync_dockets(store, c, principal=LOCAL_OPERATOR)
        [again] = sync_dockets(store, c, principal=LOCAL_OPERATOR)
    assert resumed.error is None and again.new_entries == []
    keys = list(entries_of(store))
    assert len(keys) == len(set(keys)) == 6
    assert len(list_drafts(store, kinds=["order"], principal=LOCAL_OPERATOR)) == 3


def test_a_403_on_the_entries_says_plainly_what_still_works_and_keeps_the_link(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    courtlistener.entries_forbidden()
    with client(courtlistener) as c, pytest.raises(CourtListenerForbidden) as e:
        track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
    message = str(e.value)
    assert "only to some accounts" in message
    assert "webhook" in message and "/api/v1/webhooks/courtlistener" in message
    assert "PACER" in message and "habeas import docket FILE.html" in message
    [row] = list_tracked(
        store, principal=LOCAL_OPERATOR
    )  # tracked: webhook deliveries for it will be imported
    assert row.case == CASE and row.last_error == message
    assert entries_of(store) == {}
    with client(courtlistener) as c:
        [result] = sync_dockets(store, c, principal=LOCAL_OPERATOR)
    assert result.forbidden and "webhook" in (result.error or "")


def test_a_wrong_token_is_refused_before_anything_is_written(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    with (
        CourtListenerClient(courtlistener.url, "wrong", min_interval=0) as c,
        pytest.raises(CourtListenerForbidden, match="HTTP 401"),
    ):
        track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
    assert list_tracked(store, principal=LOCAL_OPERATOR) == []
    with store.read() as conn:
        assert queries.records_of_type(conn, "case") == []


def test_track_refuses_what_is_not_a_docket_and_sync_an_untracked_one(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    with client(courtlistener) as c:
        with pytest.raises(InvalidRecord, match="not a CourtListener docket"):
            track_docket(store, c, "https://example.org/x", principal=LOCAL_OPERATOR)
        with pytest.raises(NotFound):
            track_docket(store, c, "1", principal=LOCAL_OPERATOR)
        with pytest.raises(NotFound, match="not tracked"):
            sync_dockets(store, c, docket="123", principal=LOCAL_OPERATOR)
    assert courtlistener.paths(ENTRIES) == []


def test_tracking_into_a_named_case_links_that_case(
    store: Store, courtlistener: FakeCourtListener
) -> None:
    with client(courtlistener) as c:
        track_docket(store, c, str(DOCKET), principal=LOCAL_OPERATOR)
        again = track_docket(store, c, str(DOCKET), case_key=CASE, principal=LOCAL_OPERATOR)
    assert not again.tracked_now and again.new_entries == []
    assert len(list_tracked(store, principal=LOCAL_OPERATOR)) == 1


def test_the_refusal_message_names_the_docket_and_the_case() -> None:
    text = entries_refused_message(5, "HTTP 403", "case/x")
    assert "docket 5" in text and "case/x" in text
