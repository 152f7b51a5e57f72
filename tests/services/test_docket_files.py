"""Each PACER and Supreme Court fixture, end to end into the ledger: case, entries, drafts,
the lower-court link; the same file twice changes nothing; a bad file writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import DocketFileInvalid, InvalidRecord
from habeas.ingest.docket_model import ParsedDocket
from habeas.services import docket_files
from habeas.services.docket_files import import_docket_file
from habeas.services.docket_import import DocketOrigin, import_docket
from habeas.services.drafts import list_drafts
from habeas.storage import copies as stored
from habeas.storage import queries
from habeas.storage.store import Store
from tests.conftest import SHARED

PACER = SHARED / "testdata" / "pacer"
pytestmark = pytest.mark.skipif(not PACER.is_dir(), reason=f"fixtures not found at {PACER}")

DISTRICT = PACER / "pacer__dockets__district__njd_365922.html"
APPELLATE = PACER / "pacer__dockets__appellate__cadc_1.html"
SCOTUS = PACER / "scotus__dockets__json__24A1.compare.json"
RSS = PACER / "pacer__rss_feeds__ca4_1.xml"
EMAIL = PACER / "pacer__nda__ca4_1.txt"


def current(store: Store, key: str) -> dict[str, Any]:
    with store.read() as conn:
        row = queries.get_records(conn, [key])[key]
    body: dict[str, Any] = json.loads(row.body)
    return body


def ledger_size(store: Store) -> int:
    with store.read() as conn:
        row = queries.head_row(conn)
    return int(row.size) if row is not None else 0


def test_a_district_habeas_docket_becomes_a_case_with_entries_and_draft_orders(
    store: Store,
) -> None:
    done = import_docket_file(store, DISTRICT, principal=LOCAL_OPERATOR)
    assert (done.kind, done.court) == ("district", "njd")
    (docket,) = done.dockets
    case = current(store, docket.case)
    assert (case["court"], case["docket_number"], case["nature"]) == (
        "court/njd",
        "2:18-cv-01510",
        "habeas",
    )
    assert case["judges"] == ["Esther Salas"]
    assert {p["role"] for p in case["parties"]} == {"petitioner", "respondent"}
    entries = [current(store, key) for key in docket.entries]
    assert [(e["number"], e["filed"]) for e in entries] == [
        (1, "2018-02-02"),
        (2, "2018-02-02"),
        (3, "2018-02-02"),
    ]
    assert entries[1]["documents"][0]["pacer_doc_id"] == "119012874040"
    # the order and the minute entry are queued for review; the petition is not
    drafts = list_drafts(store, principal=LOCAL_OPERATOR)
    assert [d.origin for d in drafts] == docket.entries[1:]
    assert [d.record["kind"] for d in drafts] == ["order", "minute_order"]
    assert all(d.source == docket.source for d in drafts)
    with store.read() as conn:
        copy = stored.get_copy(conn, docket.sha256)
    assert copy is not None and bytes(copy.bytes) == DISTRICT.read_bytes()
    assert (copy.media_type, copy.retrieval_method) == ("text/html", "upload")


def test_an_appellate_docket_keys_its_unnumbered_entries_by_sequence_number(
    store: Store,
) -> None:
    (docket,) = import_docket_file(store, APPELLATE, principal=LOCAL_OPERATOR).dockets
    assert current(store, docket.case)["nature"] == "appeal"
    assert len(docket.entries) == 7
    assert docket.entries[0].endswith("-seq-1961710")
    assert [d.origin for d in list_drafts(store, principal=LOCAL_OPERATOR)] == [
        docket.entries[3],
        docket.entries[6],
    ]


def test_a_supreme_court_application_links_to_a_stub_of_the_lower_court_case(
    store: Store,
) -> None:
    (docket,) = import_docket_file(store, SCOTUS, principal=LOCAL_OPERATOR).dockets
    case = current(store, docket.case)
    assert (case["court"], case["docket_number"], case["nature"]) == (
        "court/scotus",
        "24A1",
        "application",
    )
    assert docket.origin_case == case["origin"]
    lower = current(store, case["origin"])
    assert (lower["court"], lower["docket_number"]) == ("court/ca5", "23-40273")
    assert "only its court and number are known" in lower["note"]
    # "granted by Justice Alito" is an order; the application itself is not
    (draft,) = list_drafts(store, principal=LOCAL_OPERATOR)
    assert draft.origin == docket.entries[1] and draft.record["issued"] == "2024-07-10"


def test_a_supreme_court_docket_links_to_the_lower_court_case_already_recorded(
    store: Store,
) -> None:
    lower = import_docket(
        store,
        ParsedDocket(court_id="ca5", docket_number="23-40273", caption="United States v. Taylor"),
        DocketOrigin(raw=b"ca5 docket", media_type="text/plain", method="upload"),
        principal=LOCAL_OPERATOR,
    )
    (docket,) = import_docket_file(store, SCOTUS, principal=LOCAL_OPERATOR).dockets
    assert docket.origin_case == lower.case
    assert current(store, docket.case)["origin"] == lower.case


def test_an_rss_feed_records_every_case_it_names_in_one_go(store: Store) -> None:
    done = import_docket_file(store, RSS, principal=LOCAL_OPERATOR)
    assert len(done.dockets) == 17 and done.new_entries == 20
    two = [d for d in done.dockets if len(d.entries) == 2]
    assert len(two) == 3  # three cases have two entries in the feed
    entry = current(store, done.dockets[0].entries[0])
    assert entry["filed"] == "2023-02-03T12:20:16-05:00" and entry["number"] == 95
    # the feed carries only orders, opinions and judgments: each one a draft
    assert len(done.drafts) == 20 == len(list_drafts(store, principal=LOCAL_OPERATOR))


def test_a_notice_email_records_its_entry_and_no_draft_for_a_calendar_notice(
    store: Store,
) -> None:
    done = import_docket_file(store, EMAIL, principal=LOCAL_OPERATOR)
    (docket,) = done.dockets
    case = current(store, docket.case)
    assert (case["court"], case["docket_number"]) == ("court/ca4", "21-1919")
    assert {"system": "pacer", "kind": "pacer_case", "value": "164306"} in case["external_ids"]
    assert docket.entries == [docket.case.replace("case/", "docket_entry/") + "-seq-1001214884"]
    assert done.drafts == []


@pytest.mark.parametrize("path", [DISTRICT, APPELLATE, SCOTUS, RSS, EMAIL], ids=lambda p: p.name)
def test_importing_the_same_file_twice_changes_nothing(store: Store, path: Any) -> None:
    import_docket_file(store, path, principal=LOCAL_OPERATOR)
    size, drafts = (
        ledger_size(store),
        len(list_drafts(store, status=None, principal=LOCAL_OPERATOR)),
    )
    again = import_docket_file(store, path, principal=LOCAL_OPERATOR)
    assert again.new_entries == 0 and again.drafts == []
    assert ledger_size(store) == size
    assert len(list_drafts(store, status=None, principal=LOCAL_OPERATOR)) == drafts


def test_a_corrupted_file_writes_nothing_and_names_the_file(store: Store) -> None:
    page = DISTRICT.read_bytes().replace(b'nowrap="">02/02/2018</td>', b'nowrap=""></td>', 1)
    size = ledger_size(store)
    with pytest.raises(DocketFileInvalid, match=r"^njd_365922\.html:\d+: entry"):
        import_docket_file(store, page, "njd_365922.html", principal=LOCAL_OPERATOR)
    with pytest.raises(DocketFileInvalid, match=r"^half\.xml:\d+: item 5 "):
        import_docket_file(store, RSS.read_bytes()[:3000], "half.xml", principal=LOCAL_OPERATOR)
    assert (
        ledger_size(store) == size
        and list_drafts(store, status=None, principal=LOCAL_OPERATOR) == []
    )


def test_a_feed_lands_whole_or_not_at_all(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    real = docket_files.import_docket_in
    seen: list[str] = []

    def failing_on_the_third(tx: Any, parsed: ParsedDocket, *args: Any, **kw: Any) -> Any:
        seen.append(parsed.docket_number)
        if len(seen) == 3:
            raise InvalidRecord("refused for the test", field="court")
        return real(tx, parsed, *args, **kw)

    monkeypatch.setattr(docket_files, "import_docket_in", failing_on_the_third)
    with pytest.raises(InvalidRecord, match=r"feed\.xml: case 23-1124: refused for the test"):
        import_docket_file(store, RSS.read_bytes(), "feed.xml", principal=LOCAL_OPERATOR)
    assert (
        ledger_size(store) == 0 and list_drafts(store, status=None, principal=LOCAL_OPERATOR) == []
    )


def test_a_case_key_files_a_docket_under_a_case_already_recorded(store: Store) -> None:
    first = import_docket_file(store, EMAIL, principal=LOCAL_OPERATOR).dockets[0]
    again = import_docket_file(store, EMAIL, case_key=first.case, principal=LOCAL_OPERATOR).dockets[
        0
    ]
    assert again.case == first.case and not again.case_created
    with pytest.raises(InvalidRecord, match="names 17 cases; a case key fits only one"):
        import_docket_file(store, RSS, case_key=first.case, principal=LOCAL_OPERATOR)


def test_a_missing_file_is_named(store: Store, tmp_path: Any) -> None:
    with pytest.raises(InvalidRecord, match=r"^nowhere\.html: cannot read the file"):
        import_docket_file(store, tmp_path / "nowhere.html", principal=LOCAL_OPERATOR)


def test_a_feed_of_several_cases_is_one_write_the_hooks_hear_of_once(store: Store) -> None:
    """The dockets of one file join one write: one commit, one after-commit call whose
    result counts every docket's entries and ends at the log's new head."""
    from habeas.services.write import AFTER_COMMIT, Committed

    told: list[Committed] = []
    remove = AFTER_COMMIT.register(told.append)
    try:
        done = import_docket_file(store, RSS.read_bytes(), "feed.xml", principal=LOCAL_OPERATOR)
    finally:
        remove()
    assert len(done.dockets) > 1
    (heard,) = told
    assert heard.kind == "import"
    assert heard.result.asserted == sum(d.result.asserted for d in done.dockets) > 0
    assert heard.result.size == ledger_size(store) == done.dockets[-1].result.size
    assert {d.case for d in done.dockets} <= set(heard.keys)
