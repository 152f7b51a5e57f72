"""A docket into the ledger: one transaction; the same entries read again are the same records;
ids other systems give are kept and merged; orders become drafts, once; bad input writes
nothing."""

from __future__ import annotations

import json

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import InvalidRecord
from habeas.ingest.docket_model import ParsedDocket, ParsedDocument, ParsedEntry, ParsedParty
from habeas.services.docket_import import (
    DocketOrigin,
    case_key_for,
    entry_key_for,
    import_docket,
    normalise_docket_number,
)
from habeas.services.drafts import list_drafts
from habeas.storage import copies as stored
from habeas.storage import queries
from habeas.storage.store import Store

ORDER_TEXT = (
    "MEMORANDUM OPINION AND ORDER granting 6 Motion for Temporary Restraining Order. "
    "Signed by Judge Paula Xinis on 4/4/2025."
)


def docket(*entries: ParsedEntry, **kw: object) -> ParsedDocket:
    base: dict[str, object] = {
        "court_id": "mdd",
        "docket_number": "8:25-cv-00951-PX",
        "caption": "Abrego Garcia v. Noem",
        "nature": "civil",
        "filed": "2025-03-24",
        "judges": ("Paula Xinis",),
        "parties": (ParsedParty("Kristi Noem", "Defendant"), ParsedParty("X", "Stranger")),
        "courtlistener_id": 69777799,
        "entries": entries,
    }
    base.update(kw)
    return ParsedDocket(**base)  # type: ignore[arg-type]


COMPLAINT = ParsedEntry(filed="2025-03-24", text="COMPLAINT against Kristi Noem", number=1)
ORDER = ParsedEntry(
    filed="2025-04-04",
    text=ORDER_TEXT,
    number=21,
    recap_sequence_number="2025-04-04.001",
    courtlistener_id=4111,
    documents=(ParsedDocument(number=21, sha1="ab" * 20, page_count=22, courtlistener_id=9001),),
)
MINUTE = ParsedEntry(
    filed="2025-04-07",
    text="Motion Hearing held before Judge Paula Xinis",
    number=None,
    recap_sequence_number="2025-04-07.002",
)


def origin(raw: bytes = b'{"page": 1}') -> DocketOrigin:
    return DocketOrigin(
        raw=raw,
        media_type="application/json",
        method="courtlistener-api",
        retrieved_from="https://www.courtlistener.com/api/rest/v4/docket-entries/?docket=69777799",
    )


def current(store: Store, key: str) -> dict[str, object]:
    with store.read() as conn:
        row = queries.get_records(conn, [key])[key]
    return json.loads(row.body)


def test_a_docket_becomes_court_case_entries_source_and_a_stored_copy(store: Store) -> None:
    done = import_docket(
        store, docket(COMPLAINT, ORDER, MINUTE), origin(), principal=LOCAL_OPERATOR
    )
    assert done.case == "case/mdd-8-25-cv-00951" and done.case_created
    case = current(store, done.case)
    assert case["external_ids"] == [
        {"system": "courtlistener", "kind": "docket", "value": "69777799"}
    ]
    assert [p["role"] for p in case["parties"]] == ["defendant"]  # an unknown role is left out
    assert current(store, "court/mdd")["timezone"] == "America/New_York"
    entry = current(store, "docket_entry/mdd-8-25-cv-00951-21")
    assert entry["recap_sequence_number"] == "2025-04-04.001"
    assert entry["documents"][0]["sha1"] == "ab" * 20
    assert {"system": "courtlistener", "kind": "docket_entry", "value": "4111"} in entry[
        "external_ids"
    ]
    assert entry["sources"] == [{"source": done.source}]
    assert current(store, "docket_entry/mdd-8-25-cv-00951-seq-2025-04-07-002")["filed"] == (
        "2025-04-07"
    )
    src = current(store, done.source)
    assert src["kind"] == "court_document" and src["sha256"] == done.sha256
    with store.read() as conn:
        copy = stored.get_copy(conn, done.sha256)
    assert copy is not None and bytes(copy.bytes) == b'{"page": 1}'
    assert copy.retrieval_method == "courtlistener-api"


def test_only_entries_that_are_orders_become_drafts_and_only_once(store: Store) -> None:
    first = import_docket(
        store, docket(COMPLAINT, ORDER, MINUTE), origin(), principal=LOCAL_OPERATOR
    )
    drafts = list_drafts(store, principal=LOCAL_OPERATOR)
    assert len(first.drafts) == 1 and [d.origin for d in drafts] == [
        "docket_entry/mdd-8-25-cv-00951-21"
    ]
    assert drafts[0].record["kind"] == "memorandum_opinion"
    assert drafts[0].record["docket_entry"] == "docket_entry/mdd-8-25-cv-00951-21"
    assert drafts[0].excerpt == ORDER_TEXT
    again = import_docket(
        store, docket(COMPLAINT, ORDER, MINUTE), origin(b'{"page": 2}'), principal=LOCAL_OPERATOR
    )
    assert again.drafts == [] and again.new_entries == []
    assert len(list_drafts(store, status=None, principal=LOCAL_OPERATOR)) == 1


def test_reading_the_same_entries_again_changes_nothing(store: Store) -> None:
    import_docket(store, docket(COMPLAINT, ORDER), origin(), principal=LOCAL_OPERATOR)
    again = import_docket(store, docket(COMPLAINT, ORDER), origin(), principal=LOCAL_OPERATOR)
    assert again.result is not None
    assert (again.result.asserted, again.result.corrected) == (0, 0)


def test_an_entry_read_elsewhere_keeps_its_ids_and_gains_the_new_ones(store: Store) -> None:
    import_docket(store, docket(ORDER), origin(), principal=LOCAL_OPERATOR)
    from_pacer = ParsedEntry(
        filed="2025-04-04",
        text=ORDER_TEXT,
        number=21,
        pacer_sequence_number="88",
        documents=(ParsedDocument(number=21, pacer_doc_id="04702345678"),),
    )
    done = import_docket(
        store,
        docket(from_pacer, courtlistener_id=None, pacer_case_id="577000"),
        DocketOrigin(raw=b"<html>docket</html>", media_type="text/html", method="upload"),
        principal=LOCAL_OPERATOR,
    )
    entry = current(store, "docket_entry/mdd-8-25-cv-00951-21")
    kinds = {(i["system"], i["kind"]) for i in entry["external_ids"]}  # type: ignore[union-attr]
    assert kinds == {("courtlistener", "docket_entry"), ("pacer", "pacer_document")}
    doc = entry["documents"][0]  # type: ignore[index]
    assert doc["sha1"] == "ab" * 20 and doc["pacer_doc_id"] == "04702345678"
    assert len(entry["sources"]) == 2 and done.case_created is False  # type: ignore[arg-type]
    case = current(store, done.case)
    assert {"system": "pacer", "kind": "pacer_case", "value": "577000"} in case["external_ids"]


def test_an_appeal_links_to_the_lower_court_case_recording_it_if_needed(store: Store) -> None:
    appeal = docket(
        ParsedEntry(filed="2025-04-07", text="ORDER filed denying motion for stay", number=5),
        court_id="ca4",
        docket_number="25-1345",
        nature="appeal",
        courtlistener_id=None,
        origin_court_id="mdd",
        origin_docket_number="8:25-cv-00951-PX",
    )
    done = import_docket(store, appeal, origin(), principal=LOCAL_OPERATOR)
    assert done.origin_case == "case/mdd-8-25-cv-00951"
    assert current(store, done.case)["origin"] == "case/mdd-8-25-cv-00951"
    assert current(store, "case/mdd-8-25-cv-00951")["court"] == "court/mdd"


def test_an_existing_case_is_found_by_court_and_number_whatever_the_judge_initials(
    store: Store,
) -> None:
    import_docket(
        store, docket(COMPLAINT, docket_number="8:25-cv-00951"), origin(), principal=LOCAL_OPERATOR
    )
    done = import_docket(store, docket(ORDER), origin(b"2"), principal=LOCAL_OPERATOR)
    assert done.case == "case/mdd-8-25-cv-00951" and not done.case_created


def test_an_existing_case_is_found_by_its_docket_number_core_in_the_same_court_only(
    store: Store,
) -> None:
    import_docket(
        store, docket(COMPLAINT, docket_number="8:25-cv-951"), origin(), principal=LOCAL_OPERATOR
    )
    done = import_docket(
        store, docket(ORDER), origin(b"2"), principal=LOCAL_OPERATOR
    )  # 8:25-cv-00951-PX
    assert done.case == "case/mdd-8-25-cv-951" and not done.case_created
    elsewhere = import_docket(
        store, docket(ORDER, court_id="dcd"), origin(b"3"), principal=LOCAL_OPERATOR
    )
    assert elsewhere.case_created and elsewhere.case == "case/dcd-8-25-cv-00951"


def test_the_case_lookup_is_one_indexed_query_on_court_and_core(store: Store) -> None:
    import_docket(store, docket(COMPLAINT), origin(), principal=LOCAL_OPERATOR)
    with store.read() as conn:
        if conn.dialect.name == "sqlite":
            plan = " ".join(
                str(r[-1])
                for r in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT key FROM case_index "
                    "WHERE court_key = 'court/mdd' AND docket_number_core = '2500951'"
                )
            )
            assert "ix_case_index_core" in plan
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(
                str(r[0])
                for r in conn.exec_driver_sql(
                    "EXPLAIN SELECT key FROM case_index "
                    "WHERE court_key = 'court/mdd' AND docket_number_core = '2500951'"
                )
            )
            # An empty table has no statistics: either index on court_key answers it.
            assert "Index" in plan and "ix_case_index_" in plan and "Seq Scan" not in plan


@pytest.mark.parametrize(
    "bad",
    [
        {"court_id": "nowhere"},
        {"docket_number": "  "},
        {"entries": (COMPLAINT, ParsedEntry(filed="April 4", text="ORDER", number=2))},
    ],
)
def test_bad_input_writes_nothing(store: Store, bad: dict[str, object]) -> None:
    with pytest.raises(InvalidRecord):
        import_docket(store, docket(**bad), origin(), principal=LOCAL_OPERATOR)
    with store.read() as conn:
        assert queries.head_row(conn).size == 0
        assert queries.table_count(conn, "source_copies") == 0
    assert list_drafts(store, principal=LOCAL_OPERATOR) == []


def test_keys_are_stable_and_ignore_judge_initials() -> None:
    assert normalise_docket_number("8:25-cv-00951-PX") == "8:25-cv-00951"
    assert normalise_docket_number(" No. 25-1345 ") == "25-1345"
    assert case_key_for("mdd", "8:25-cv-00951-PX-1") == "case/mdd-8-25-cv-00951"
    assert entry_key_for("case/ca4-25-1345", ParsedEntry("2025-04-07", "x", number=5)) == (
        "docket_entry/ca4-25-1345-5"
    )
    unnumbered = ParsedEntry("2025-04-07", "Hearing held")
    assert entry_key_for("case/x", unnumbered) == entry_key_for("case/x", unnumbered)
    assert entry_key_for("case/x", unnumbered) != entry_key_for(
        "case/x", ParsedEntry("2025-04-07", "Hearing continued")
    )


def test_a_numbered_entry_on_a_day_with_an_unnumbered_one_is_flagged_not_merged(
    store: Store,
) -> None:
    import_docket(store, docket(MINUTE), origin(), principal=LOCAL_OPERATOR)
    later = ParsedEntry(
        filed="2025-04-07", text="ORDER directing the defendants to file a declaration", number=40
    )
    done = import_docket(store, docket(later), origin(b"later"), principal=LOCAL_OPERATOR)
    minute_key = "docket_entry/mdd-8-25-cv-00951-seq-2025-04-07-002"
    assert done.possible_duplicates == {"docket_entry/mdd-8-25-cv-00951-40": [minute_key]}
    assert done.new_entries == ["docket_entry/mdd-8-25-cv-00951-40"]  # both are kept
    [draft] = list_drafts(store, principal=LOCAL_OPERATOR)
    assert any(minute_key in note for note in draft.notes)
    again = import_docket(store, docket(later), origin(b"later"), principal=LOCAL_OPERATOR)
    assert again.possible_duplicates == {}
