"""The review queue: a finding is queued once; accepting writes the record citing the source
with its excerpt and marks the draft, in one transaction; a bad record or a decided draft
writes nothing; only editors may review."""

from __future__ import annotations

import json
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR, Forbidden, Principal
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.domain.registry import parse_record
from habeas.services.drafts import (
    NewDraft,
    accept_draft,
    count_pending,
    get_draft,
    list_drafts,
    queue_drafts,
    reject_draft,
)
from habeas.services.editing import RecordProblems
from habeas.services.writer import write_changes
from habeas.storage import queries
from habeas.storage.store import Store
from tests.conftest import SRC, small_story

EXCERPT = "Ana María Pérez Gómez said: “We will appeal.”"


def statement(key: str = "statement/ana-1", speaker: str = "person/ana") -> dict[str, Any]:
    return {
        "type": "statement",
        "key": key,
        "speaker": speaker,
        "said": "2025-04-05",
        "text": "We will appeal.",
        "synthetic": True,
    }


def new(record: dict[str, Any] | None = None, excerpt: str | None = EXCERPT) -> NewDraft:
    return NewDraft(
        kind="statement",
        origin=SRC,
        source=SRC,
        summary="Ana María Pérez Gómez: “We will appeal.”",
        record=record or statement(),
        excerpt=excerpt,
        notes=("speaker matched by name",),
    )


@pytest.fixture
def story(store: Store) -> Store:
    write_changes(store, [parse_record(r) for r in small_story()])
    return store


def queue(store: Store, *drafts: NewDraft) -> list[int]:
    with store.write() as tx:
        return queue_drafts(tx.conn, drafts, created_by="test")


def size(store: Store) -> int:
    with store.read() as conn:
        return int(queries.head_row(conn).size)


def test_the_same_finding_is_queued_once(story: Store) -> None:
    assert len(queue(story, new())) == 1
    assert queue(story, new()) == []
    assert len(queue(story, new(excerpt="another passage"))) == 1
    assert count_pending(story) == 2


def test_accepting_writes_the_record_citing_the_source_with_the_excerpt(story: Store) -> None:
    [number] = queue(story, new())
    before = size(story)
    done = accept_draft(story, number, note="checked", principal=LOCAL_OPERATOR)
    assert (done.key, done.op, done.position) == ("statement/ana-1", "assert", before)
    with story.read() as conn:
        body = json.loads(queries.get_records(conn, ["statement/ana-1"])["statement/ana-1"].body)
    assert body["sources"] == [{"source": SRC, "excerpt": EXCERPT}]
    draft = get_draft(story, number, principal=LOCAL_OPERATOR)
    assert (draft.status, draft.result_key, draft.decision_note) == (
        "accepted",
        "statement/ana-1",
        "checked",
    )
    assert list_drafts(story, principal=LOCAL_OPERATOR) == []
    with pytest.raises(Conflict):
        accept_draft(story, number, principal=LOCAL_OPERATOR)
    assert size(story) == before + 1


def test_an_editors_version_is_written_instead(story: Store) -> None:
    [number] = queue(story, new())
    edited = {**statement(), "text": "We will appeal at once.", "quote": "paraphrase"}
    accept_draft(story, number, record=edited, principal=LOCAL_OPERATOR)
    with story.read() as conn:
        body = json.loads(queries.get_records(conn, ["statement/ana-1"])["statement/ana-1"].body)
    assert body["text"] == "We will appeal at once." and body["quote"] == "paraphrase"


def test_a_bad_record_names_every_problem_and_writes_nothing(story: Store) -> None:
    [number] = queue(story, new(statement(speaker="person/nobody")))
    before = size(story)
    with pytest.raises(RecordProblems) as e:
        accept_draft(story, number, principal=LOCAL_OPERATOR)
    assert [f for f, _m in e.value.problems] == ["speaker"]
    with pytest.raises(RecordProblems) as e:
        accept_draft(
            story, number, record={**statement(), "said": "not a date"}, principal=LOCAL_OPERATOR
        )
    assert [f for f, _m in e.value.problems] == ["said"]
    assert size(story) == before
    assert get_draft(story, number, principal=LOCAL_OPERATOR).status == "pending"


def test_a_key_taken_by_other_content_is_a_conflict(story: Store) -> None:
    [first, second] = queue(
        story, new(), new({**statement(), "text": "Something else."}, excerpt="x")
    )
    accept_draft(story, first, principal=LOCAL_OPERATOR)
    with pytest.raises(Conflict):
        accept_draft(story, second, principal=LOCAL_OPERATOR)
    assert get_draft(story, second, principal=LOCAL_OPERATOR).status == "pending"


def test_rejecting_needs_a_reason_and_writes_nothing(story: Store) -> None:
    [number] = queue(story, new())
    before = size(story)
    with pytest.raises(InvalidRecord):
        reject_draft(story, number, "  ", principal=LOCAL_OPERATOR)
    draft = reject_draft(story, number, "a paraphrase, not her words", principal=LOCAL_OPERATOR)
    assert (draft.status, draft.decision_note) == ("rejected", "a paraphrase, not her words")
    assert size(story) == before
    with pytest.raises(Conflict):
        reject_draft(story, number, "again", principal=LOCAL_OPERATOR)
    assert [d.id for d in list_drafts(story, status="rejected", principal=LOCAL_OPERATOR)] == [
        number
    ]


def test_only_editors_review_and_unknown_drafts_are_not_found(story: Store) -> None:
    [number] = queue(story, new())
    viewer = Principal(username="vera", role="viewer")
    with pytest.raises(Forbidden):
        list_drafts(story, principal=viewer)
    with pytest.raises(Forbidden):
        accept_draft(story, number, principal=viewer)
    with pytest.raises(NotFound):
        get_draft(story, 999, principal=LOCAL_OPERATOR)
    with pytest.raises(InvalidRecord):
        list_drafts(story, status="maybe", principal=LOCAL_OPERATOR)
