"""Both times are queryable: when a fact happened, and when the ledger learned it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import Conflict
from habeas.domain.registry import parse_record
from habeas.services.history import history
from habeas.services.importing import import_bundle
from habeas.services.whereabouts import whereabouts
from habeas.services.writer import ledger_writer
from habeas.storage.store import Store
from tests.conftest import small_story, write_bundle


def test_known_at_answers_as_the_ledger_knew_it_then(store: Store, tmp_path: Path) -> None:
    story = small_story()
    import_bundle(store, write_bundle(tmp_path / "a.jsonl", story[:-1]), principal=LOCAL_OPERATOR)
    time.sleep(0.01)
    before_release_was_known = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    import_bundle(store, write_bundle(tmp_path / "b.jsonl", story[-1:]), principal=LOCAL_OPERATOR)
    now = whereabouts(store, "person/ana", as_of="2025-08-01", principal=LOCAL_OPERATOR).to_json()
    then = whereabouts(
        store,
        "person/ana",
        as_of="2025-08-01",
        known_at=before_release_was_known,
        principal=LOCAL_OPERATOR,
    ).to_json()
    assert now["status"] == "released"
    assert then["status"] == "in_custody" and then["facility"]["key"] == "facility/prison"


def test_a_correction_supersedes_and_history_keeps_both(store: Store, tmp_path: Path) -> None:
    story = small_story()
    import_bundle(store, write_bundle(tmp_path / "a.jsonl", story), principal=LOCAL_OPERATOR)
    fixed = dict(story[9], facility="facility/centre")
    with ledger_writer(store, author="editor:test") as w:
        w.put(parse_record(fixed), reason="the prison was misidentified", expected_version=1)
    lines = history(store, "ev/ana-4", principal=LOCAL_OPERATOR)
    assert [h.op for h in lines] == ["assert", "correct"]
    assert lines[1].reason == "the prison was misidentified"
    assert lines[1].supersedes == lines[0].position
    assert lines[1].recorded_by == "editor:test"


def test_a_stale_correction_is_refused(store: Store, tmp_path: Path) -> None:
    story = small_story()
    import_bundle(store, write_bundle(tmp_path / "a.jsonl", story), principal=LOCAL_OPERATOR)
    with ledger_writer(store) as w:
        w.put(parse_record(dict(story[9], description="x")), reason="r", expected_version=1)
    with pytest.raises(Conflict, match="version 2, not 1"), ledger_writer(store) as w:
        w.put(parse_record(dict(story[9], description="y")), reason="r", expected_version=1)


def test_a_retracted_event_no_longer_moves_the_person(store: Store, tmp_path: Path) -> None:
    import_bundle(
        store, write_bundle(tmp_path / "a.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    with ledger_writer(store) as w:
        w.retract("ev/ana-5", "the release report was withdrawn by its publisher")
    assert (
        whereabouts(store, "person/ana", principal=LOCAL_OPERATOR).to_json()["status"]
        == "in_custody"
    )
    assert [h.op for h in history(store, "ev/ana-5", principal=LOCAL_OPERATOR)] == [
        "assert",
        "retract",
    ]
