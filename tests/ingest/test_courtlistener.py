"""CourtListener v4 JSON becomes a ParsedDocket with CourtListener's ids kept; the HTTP client
sends the token, follows `next` pages on CourtListener's host only, waits as Retry-After asks,
paces its requests, and turns refusals into plain habeas errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.errors import (
    CourtListenerError,
    CourtListenerForbidden,
    InvalidRecord,
    NotFound,
)
from habeas.ingest.courtlistener import (
    court_id_of,
    docket_id_from,
    docket_id_of_entry,
    latest_modified,
    parse_docket,
    parse_entry,
)
from habeas.ingest.courtlistener_client import CourtListenerClient, retry_after_seconds
from tests.ingest.courtlistener_server import (
    DOCKET,
    ENTRIES,
    FIXTURES,
    LAST_MODIFIED,
    TOKEN,
    FakeCourtListener,
    courtlistener,
)

__all__ = ["courtlistener"]  # the fixture, used by name below


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def client(fake: FakeCourtListener, **kw: Any) -> CourtListenerClient:
    waits: list[float] = []
    options: dict[str, Any] = {"min_interval": 0, "sleep": waits.append}
    options.update(kw)
    c = CourtListenerClient(fake.url, TOKEN, **options)
    c.waits = waits  # type: ignore[attr-defined]
    return c


# -- ids and courts ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "69777799",
        " 69777799 ",
        "https://www.courtlistener.com/docket/69777799/abrego-garcia-v-noem/",
        "https://www.courtlistener.com/docket/69777799/",
        "https://www.courtlistener.com/api/rest/v4/dockets/69777799/",
        "https://www.courtlistener.com/docket/69777799/abrego-garcia-v-noem/?page=2",
    ],
)
def test_a_docket_is_named_by_its_id_or_any_of_its_urls(text: str) -> None:
    assert docket_id_from(text) == DOCKET


@pytest.mark.parametrize("text", ["", "abc", "0", "-5", "https://example.org/", "docket/12"])
def test_anything_else_is_refused_naming_the_docket_field(text: str) -> None:
    with pytest.raises(InvalidRecord) as e:
        docket_id_from(text)
    assert e.value.field == "docket"


@given(
    st.integers(min_value=1, max_value=10**12), st.from_regex(r"[a-z0-9-]{0,30}", fullmatch=True)
)
def test_every_docket_url_gives_back_its_id(n: int, slug: str) -> None:
    assert docket_id_from(f"https://www.courtlistener.com/docket/{n}/{slug}") == n
    assert docket_id_from(str(n)) == n


def test_the_court_is_the_court_id_or_the_end_of_the_court_url() -> None:
    assert court_id_of({"court_id": "mdd"}) == "mdd"
    assert court_id_of({"court": "https://www.courtlistener.com/api/rest/v4/courts/ca4/"}) == "ca4"
    with pytest.raises(InvalidRecord, match=r"docket\.court_id"):
        court_id_of({"court": None})


def test_an_entry_names_its_docket_by_url_in_the_api_and_by_id_in_webhooks() -> None:
    api = fixture("entries-69777799-page1.json")["results"][0]
    hook = fixture("webhook-docket-alert.json")["payload"]["results"][0]
    assert docket_id_of_entry(api) == docket_id_of_entry(hook) == DOCKET
    with pytest.raises(InvalidRecord, match=r"results\[3\]\.docket"):
        docket_id_of_entry({"docket": None}, "results[3]")


# -- mapping ----------------------------------------------------------------------------------
def test_the_recorded_docket_and_page_become_a_parsed_docket_with_courtlistener_ids() -> None:
    page = fixture("entries-69777799-page1.json")
    parsed = parse_docket(fixture("docket-69777799.json"), page["results"])
    assert (parsed.court_id, parsed.docket_number, parsed.caption) == (
        "mdd",
        "8:25-cv-00951",
        "Abrego Garcia v. Noem",
    )
    assert parsed.courtlistener_id == DOCKET and parsed.pacer_case_id == "578815"
    assert parsed.judges == ("Paula Xinis",) and parsed.filed == "2025-03-24"
    complaint, _tro, hearing, _order = parsed.entries
    assert complaint.number == 1 and complaint.courtlistener_id == 411000101
    assert complaint.recap_sequence_number == "2025-03-24.001"
    main, attachment = complaint.documents
    assert (main.number, main.attachment, main.page_count) == (1, None, 22)
    assert main.sha1 == "3f1c6b0a9e2d4c8b7a6f5e4d3c2b1a0918273645"
    assert (main.courtlistener_id, main.pacer_doc_id) == (520000101, "093112730001")
    assert attachment.attachment == 1 and attachment.description == "Civil Cover Sheet"
    assert hearing.number is None and hearing.recap_sequence_number == "2025-04-04.001"
    assert hearing.filed == "2025-04-04"


def test_a_time_filed_is_the_courts_local_time_and_says_its_zone() -> None:
    order = fixture("entries-69777799-page1.json")["results"][3]
    assert parse_entry(order, zone="America/New_York").filed == (
        "2025-04-04T16:05:33[America/New_York]"
    )
    assert parse_entry(order).filed == "2025-04-04"  # no zone known: the date only


def test_an_unavailable_documents_empty_sha1_is_no_sha1() -> None:
    entry = {
        "id": 7,
        "date_filed": "2025-04-04",
        "description": "x",
        "recap_documents": [{"id": 8, "document_number": "3", "sha1": "", "is_available": False}],
    }
    assert parse_entry(entry).documents[0].sha1 is None


def test_an_entry_without_description_takes_its_documents() -> None:
    entry = {
        "id": 7,
        "date_filed": "2025-04-04",
        "description": "",
        "recap_documents": [{"id": 8, "document_number": "3", "description": "Order"}],
    }
    assert parse_entry(entry).text == "Order"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date_filed": None}, "date_filed"),
        ({"date_filed": "4/4/2025"}, "date_filed"),
        ({"entry_number": "twenty"}, "entry_number"),
        ({"recap_documents": "none"}, "recap_documents"),
    ],
)
def test_a_bad_entry_is_refused_naming_where_it_is_and_the_field(
    change: dict[str, Any], field: str
) -> None:
    entry = {**fixture("entries-69777799-page1.json")["results"][3], **change}
    with pytest.raises(InvalidRecord) as e:
        parse_entry(entry, where="page1 results[3]")
    assert "page1 results[3] (CourtListener id 411000121)" in str(e.value)
    assert field in str(e.value.field)


def test_the_newest_change_is_compared_as_instants_across_offsets() -> None:
    entries = [
        {"date_modified": "2025-11-02T01:30:00-07:00"},  # 08:30 UTC
        {"date_modified": "2025-11-02T01:10:00-08:00"},  # 09:10 UTC: later, smaller text
    ]
    assert latest_modified(entries) == "2025-11-02T01:10:00-08:00"
    assert latest_modified([], "2025-01-01T00:00:00Z") == "2025-01-01T00:00:00Z"
    assert latest_modified([]) is None


# -- the client ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("1", 1.0),
        ("0", 0.0),
        ("120", 120.0),
        ("Sun, 29 Nov 2026 07:00:30 GMT", 30.0),
        ("soon", None),
    ],
)
def test_retry_after_is_seconds_or_an_http_date(header: str, seconds: float | None) -> None:
    now = datetime(2026, 11, 29, 7, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == seconds


def test_the_client_sends_the_token_and_follows_next_pages(
    courtlistener: FakeCourtListener,
) -> None:
    with client(courtlistener) as c:
        pages = list(c.entry_pages(DOCKET))
    assert [len(p.results) for p in pages] == [4, 2]
    assert pages[1].url.startswith(courtlistener.url + ENTRIES + "?cursor=")
    assert json.loads(pages[0].raw) == pages[0].data


def test_a_429_waits_as_retry_after_says_then_goes_on(courtlistener: FakeCourtListener) -> None:
    courtlistener.fail(ENTRIES, 429, headers={"Retry-After": "1"}, body=b'{"detail": "slow"}')
    with client(courtlistener) as c:
        pages = list(c.entry_pages(DOCKET))
    assert c.waits == [1.0]  # type: ignore[attr-defined]
    assert len(pages) == 2
    assert len(courtlistener.paths(ENTRIES)) == 3  # the refused request, asked again, and page 2


def test_a_wait_longer_than_the_cap_is_an_error_not_a_hang(
    courtlistener: FakeCourtListener,
) -> None:
    courtlistener.fail(ENTRIES, 503, headers={"Retry-After": "3600"})
    with (
        client(courtlistener, max_wait=60) as c,
        pytest.raises(CourtListenerError, match="wait 3600 s"),
    ):
        list(c.entry_pages(DOCKET))
    assert c.waits == []  # type: ignore[attr-defined]


def test_retries_stop_after_the_cap(courtlistener: FakeCourtListener) -> None:
    courtlistener.fail(ENTRIES, 429, headers={"Retry-After": "2"}, times=10)
    with (
        client(courtlistener, max_retries=3) as c,
        pytest.raises(CourtListenerError, match="HTTP 429"),
    ):
        list(c.entry_pages(DOCKET))
    assert c.waits == [2.0, 2.0, 2.0]  # type: ignore[attr-defined]


def test_requests_are_paced_by_the_minimum_interval(courtlistener: FakeCourtListener) -> None:
    ticks = iter([100.0, 100.25, 101.0])
    with client(courtlistener, min_interval=1.0, clock=lambda: next(ticks)) as c:
        c.docket(DOCKET)
        c.docket(DOCKET)
    assert c.waits == [0.75]  # type: ignore[attr-defined]


def test_403_is_forbidden_with_courtlisteners_words(courtlistener: FakeCourtListener) -> None:
    courtlistener.entries_forbidden()
    with client(courtlistener) as c, pytest.raises(CourtListenerForbidden) as e:
        list(c.entry_pages(DOCKET))
    assert "HTTP 403" in str(e.value) and "do not have permission" in str(e.value)


def test_a_wrong_token_is_forbidden_and_no_token_asks_for_one(
    courtlistener: FakeCourtListener,
) -> None:
    with (
        CourtListenerClient(courtlistener.url, "wrong", min_interval=0) as c,
        pytest.raises(CourtListenerForbidden, match="HTTP 401"),
    ):
        c.docket(DOCKET)
    with (
        CourtListenerClient(courtlistener.url, None) as c,
        pytest.raises(CourtListenerForbidden, match="HABEAS_COURTLISTENER_TOKEN"),
    ):
        c.docket(DOCKET)
    assert len(courtlistener.paths()) == 1  # without a token nothing was sent


def test_404_is_not_found_and_a_500_or_a_dropped_connection_is_an_error(
    courtlistener: FakeCourtListener,
) -> None:
    with client(courtlistener) as c:
        with pytest.raises(NotFound):
            c.docket(1)
        courtlistener.fail("/dockets/", 500)
        with pytest.raises(CourtListenerError, match="HTTP 500"):
            c.docket(DOCKET)
        courtlistener.fail("/dockets/", drop=True)
        with pytest.raises(CourtListenerError, match="did not answer"):
            c.docket(DOCKET)


def test_the_token_is_never_sent_to_another_host(courtlistener: FakeCourtListener) -> None:
    with client(courtlistener) as c, pytest.raises(CourtListenerError, match="refusing"):
        c.get("https://elsewhere.example/api/rest/v4/docket-entries/?cursor=x")
    assert courtlistener.paths() == []


def test_a_since_query_asks_for_changes_at_or_after_it(courtlistener: FakeCourtListener) -> None:
    with client(courtlistener) as c:
        pages = list(c.entry_pages(DOCKET, modified_since=LAST_MODIFIED))
    assert [e["id"] for e in pages[0].results] == [411000148]
    assert "date_modified__gte=" in courtlistener.paths(ENTRIES)[0]


_INSTANTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
_OFFSETS = st.sampled_from(["-07:00", "-08:00", "+00:00", "+05:30"])


@given(st.lists(st.tuples(_INSTANTS, _OFFSETS), min_size=1, max_size=8), st.randoms())
def test_the_newest_change_is_one_of_them_no_other_is_later_and_order_does_not_matter(
    moments: list[tuple[datetime, str]], rnd: Any
) -> None:
    def written(moment: datetime, offset: str) -> str:
        sign = -1 if offset[0] == "-" else 1
        delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
        return moment.astimezone(timezone(delta)).isoformat()

    entries = [{"date_modified": written(m, o)} for m, o in moments]
    newest = latest_modified(entries)
    assert newest in [e["date_modified"] for e in entries]
    top = datetime.fromisoformat(str(newest))
    assert all(datetime.fromisoformat(e["date_modified"]) <= top for e in entries)
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert datetime.fromisoformat(str(latest_modified(shuffled))) == top


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_in_seconds_is_that_many_seconds(n: int) -> None:
    assert retry_after_seconds(str(n)) == float(n)
