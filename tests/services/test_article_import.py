"""`import_article`: the copy and the Source are kept, facts wait as drafts; on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import Conflict, InvalidRecord
from habeas.services.article_import import import_article
from habeas.services.copies import get_copy
from habeas.services.drafts import accept_draft, list_drafts
from habeas.services.importing import import_bundle
from habeas.storage import queries
from habeas.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
DEMO = ROOT / "src" / "habeas" / "demo" / "reference_story.jsonl"
ORDER = ARTICLES / "01-order-to-return.html"


@pytest.fixture
def ledger(store: Store, tmp_path: Path) -> Store:
    """The reference story's real records (people, officials, courts, cases), not the
    synthetic demo passengers."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    keep = [lines[0]]
    for line in lines[1:]:
        record = json.loads(line)
        kinds = ("source", "actor", "person", "facility", "court", "case")
        if not record.get("synthetic") and record["type"] in kinds:
            keep.append(line)
    bundle = tmp_path / "reference.jsonl"
    bundle.write_text("\n".join(keep) + "\n", encoding="utf-8")
    import_bundle(store, bundle, principal=LOCAL_OPERATOR)
    return store


def ledger_size(store: Store) -> int:
    """How many entries the log holds."""
    with store.read() as conn:
        return int(queries.head_row(conn).size)


def test_only_the_source_enters_the_ledger_and_the_facts_wait_as_drafts(ledger: Store) -> None:
    before = ledger_size(ledger)
    report = import_article(
        ledger, ORDER, url="https://example.org/news/order", principal=LOCAL_OPERATOR
    )
    assert ledger_size(ledger) == before + 1
    with ledger.read() as conn:
        row = queries.get_records(conn, [report.source])[report.source]
    source = json.loads(row.body)
    assert {k: source[k] for k in ("kind", "publisher", "author", "published", "url")} == {
        "kind": "news_article",
        "publisher": "Wire Service Example",
        "author": "Sam Example",
        "published": "2025-04-05",
        "url": "https://example.org/news/order",
    }
    assert source["sha256"] == report.sha256
    assert get_copy(ledger, report.sha256, principal=LOCAL_OPERATOR).data == ORDER.read_bytes()
    drafts = list_drafts(ledger, source=report.source, principal=LOCAL_OPERATOR)
    assert [d.kind for d in drafts] == ["order", "event", "statement"]
    order, event, statement = drafts
    assert order.record["case"] == "case/mdd-8-25-cv-00951"
    assert order.record["issued"] == "2025-04-04"
    assert order.extra["deadlines"][0]["value"] == "2025-04-07T23:59[America/New_York]"
    assert "'April 4th' (2025-04-04) in the same sentence" in order.extra["deadlines"][0]["anchor"]
    assert event.record["person"] == "person/kilmar-abrego-garcia"
    assert event.record["facility"] == "facility/cecot"
    assert statement.record["speaker"] == "actor/paula-xinis"
    assert statement.excerpt in report.article.text
    matched = {m.key for m in report.matches}
    assert {"actor/paula-xinis", "facility/cecot", "court/ca4", "actor/doj"} <= matched


def test_an_accepted_statement_cites_the_article_with_the_exact_excerpt(ledger: Store) -> None:
    report = import_article(
        ledger, ARTICLES / "04-white-house-meeting.html", principal=LOCAL_OPERATOR
    )
    (draft,) = [
        d
        for d in list_drafts(ledger, kinds=["statement"], principal=LOCAL_OPERATOR)
        if "Bukele" in d.summary
    ]
    done = accept_draft(ledger, draft.id, principal=LOCAL_OPERATOR)
    with ledger.read() as conn:
        body = json.loads(queries.get_records(conn, [done.key])[done.key].body)
    assert body["speaker"] == "actor/nayib-bukele"
    assert body["text"] == "I will not return him to the United States"
    assert body["sources"] == [
        {
            "source": report.source,
            "excerpt": "“I will not return him to the United States,” Bukele told reporters.",
        }
    ]
    assert body["sources"][0]["excerpt"] in report.article.text


def test_importing_the_same_article_again_adds_nothing(ledger: Store) -> None:
    first = import_article(ledger, ORDER, principal=LOCAL_OPERATOR)
    size = ledger_size(ledger)
    again = import_article(ledger, ORDER, principal=LOCAL_OPERATOR)
    assert (again.source, again.source_created, again.queued) == (first.source, False, [])
    assert ledger_size(ledger) == size
    assert len(list_drafts(ledger, source=first.source, principal=LOCAL_OPERATOR)) == len(
        first.queued
    )


def test_unknown_people_and_facilities_are_proposed_restricted_and_need_acceptance_first(
    ledger: Store,
) -> None:
    import_article(ledger, ARTICLES / "08-synthetic-released.txt", principal=LOCAL_OPERATOR)
    drafts = {d.summary: d for d in list_drafts(ledger, principal=LOCAL_OPERATOR)}
    person = drafts["Person: Maria Ficticia Ejemplar"]
    assert person.record == {
        "type": "person",
        "key": "person/maria-ficticia-ejemplar",
        "full_name": "Maria Ficticia Ejemplar",
        "sensitivity": "restricted",
    }
    released = next(d for d in drafts.values() if d.kind == "event")
    assert released.record["person"] == "person/maria-ficticia-ejemplar"
    assert any("accept it first" in n for n in released.notes)
    with pytest.raises(Exception, match="person/maria-ficticia-ejemplar"):
        accept_draft(ledger, released.id, principal=LOCAL_OPERATOR)
    assert any("facility/example-county-jail" in n for n in released.notes)
    accept_draft(ledger, person.id, principal=LOCAL_OPERATOR)
    accept_draft(ledger, drafts["Facility: Example County Jail"].id, principal=LOCAL_OPERATOR)
    assert accept_draft(ledger, released.id, principal=LOCAL_OPERATOR).key.startswith(
        "custody_event/article-"
    )
    with pytest.raises(Conflict):
        accept_draft(ledger, released.id, principal=LOCAL_OPERATOR)


@pytest.mark.parametrize(
    ("raw", "kw", "message"),
    [
        (b"", {}, "bad.txt: the file is empty"),
        (b"Title\n\nNo date anywhere in this text at all.", {}, "bad.txt: the article states no"),
        (b"Title\n\nSome words of text here.", {"published": "2025-04"}, "has no day"),
    ],
)
def test_a_bad_file_writes_nothing(
    ledger: Store, raw: bytes, kw: dict[str, str], message: str
) -> None:
    size = ledger_size(ledger)
    with pytest.raises(InvalidRecord, match=message):
        import_article(ledger, raw, "bad.txt", principal=LOCAL_OPERATOR, **kw)
    assert ledger_size(ledger) == size
    assert list_drafts(ledger, principal=LOCAL_OPERATOR) == []
