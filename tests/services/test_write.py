"""The one door for writes: one conflict rule, checked after the log's head is locked; the
principal's role checked at the door; references checked; nothing half-written; one audit
entry at most; hooks run after the commit and only then."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR, PUBLIC, Forbidden, NotAuthenticated, Principal
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.domain.registry import parse_record
from habeas.ledger.entry import Entry
from habeas.services import recording
from habeas.services.recording import SourceChoice, record_facts, retract_fact
from habeas.services.write import (
    AFTER_COMMIT,
    NEW,
    UPDATE,
    Committed,
    HookRegistry,
    Put,
    RecordProblems,
    Retract,
    StaleVersion,
    import_stream,
    write,
    writing,
)
from habeas.services.writer import AppendResult
from habeas.storage import queries
from habeas.storage.log_queries import entry_of
from habeas.storage.store import Store
from tests.conftest import SRC, cite, source

EDITOR = Principal("ed", "editor")
VIEWER = Principal("vi", "viewer")


def actor(key: str = "actor/agency", name: str = "Agency X") -> Any:
    return parse_record(
        {
            "type": "actor",
            "key": key,
            "kind": "agency",
            "name": name,
            "country": "US",
            "sources": cite(),
        }
    )


def entries(store: Store) -> list[Entry]:
    with store.read() as conn:
        return [entry_of(row) for row in queries.all_entries(conn)]


def ops_of(store: Store, key: str) -> list[str]:
    return [e.op for e in entries(store) if e.record_key == key]


def seeded(store: Store) -> Store:
    write(store, [Put(parse_record(source()))], principal=LOCAL_OPERATOR)
    return store


# -- the conflict rule --------------------------------------------------------------------


def test_new_means_the_key_must_not_exist(store: Store) -> None:
    seeded(store)
    write(store, [Put(actor())], principal=EDITOR)
    with pytest.raises(Conflict, match=r"actor/agency already exists \(current, version 1\)"):
        write(store, [Put(actor(name="Someone else"))], principal=EDITOR)
    assert ops_of(store, "actor/agency") == ["assert"]


def test_a_retracted_key_is_not_new_either(store: Store) -> None:
    seeded(store)
    write(store, [Put(actor())], principal=EDITOR)
    write(store, [Retract("actor/agency", "duplicate")], principal=EDITOR)
    with pytest.raises(Conflict, match=r"retracted, version 2"):
        write(store, [Put(actor())], principal=EDITOR)


def test_a_correction_names_the_version_it_corrects(store: Store) -> None:
    seeded(store)
    write(store, [Put(actor())], principal=EDITOR)
    with pytest.raises(StaleVersion, match=r"at version 1, not 2"):
        write(store, [Put(actor(name="Agency Y"), expect=2, reason="r")], principal=EDITOR)
    done = write(store, [Put(actor(name="Agency Y"), expect=1, reason="r")], principal=EDITOR)
    assert done.corrected == 1
    with pytest.raises(StaleVersion):  # version 1 is not current any more
        write(store, [Put(actor(name="Agency Z"), expect=1, reason="r")], principal=EDITOR)
    assert ops_of(store, "actor/agency") == ["assert", "correct"]


def test_update_if_changed_asserts_corrects_or_leaves_alone(store: Store) -> None:
    seeded(store)
    assert write(store, [Put(actor(), expect=UPDATE)], principal=EDITOR).asserted == 1
    assert write(store, [Put(actor(), expect=UPDATE)], principal=EDITOR).unchanged == 1
    assert write(store, [Put(actor(name="Y"), expect=UPDATE)], principal=EDITOR).corrected == 1


def test_two_writers_creating_the_same_new_key_one_wins_the_other_is_refused(
    store: Store,
) -> None:
    seeded(store)
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def create(name: str) -> None:
        barrier.wait()
        try:
            write(store, [Put(actor(name=name))], principal=EDITOR)
            outcome[name] = "written"
        except Conflict:
            outcome[name] = "conflict"

    threads = [threading.Thread(target=create, args=(n,)) for n in ("Left", "Right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcome.values()) == ["conflict", "written"]
    assert ops_of(store, "actor/agency") == ["assert"]  # never a silent correction
    winner = next(n for n, o in outcome.items() if o == "written")
    with store.read() as conn:
        assert f'"name":"{winner}"' in queries.get_records(conn, ["actor/agency"])[
            "actor/agency"
        ].body.replace(" ", "")


def test_a_form_whose_new_key_was_taken_meanwhile_is_refused_not_turned_into_a_correction(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of the web forms: the key is made on a read, another writer takes it before
    the form's write lands; the form's write is refused and the other record is untouched."""
    seeded(store)
    real = recording.writing

    @contextmanager
    def late(*args: Any, **kw: Any) -> Iterator[Any]:
        write(store, [Put(actor("actor/agency-x", "Someone else's"))], principal=EDITOR)
        with real(*args, **kw) as session:
            yield session

    monkeypatch.setattr(recording, "writing", late)
    fact = {
        "type": "actor",
        "kind": "agency",
        "name": "Mine",
        "country": "US",
        "slug_hint": "agency x",
    }
    with pytest.raises(Conflict, match="actor/agency-x already exists"):
        record_facts(store, [fact], SourceChoice(key=SRC), principal=EDITOR)
    assert ops_of(store, "actor/agency-x") == ["assert"]


# -- retractions ---------------------------------------------------------------------------


def test_a_retraction_needs_a_reason_and_a_named_source_must_be_a_current_source(
    store: Store,
) -> None:
    seeded(store)
    write(store, [Put(actor())], principal=EDITOR)
    with pytest.raises(InvalidRecord, match="needs a reason"):
        write(store, [Retract("actor/agency", "  ")], principal=EDITOR)
    with pytest.raises(InvalidRecord, match="no source with key 'actor/agency'"):
        write(store, [Retract("actor/agency", "wrong", source="actor/agency")], principal=EDITOR)
    with pytest.raises(NotFound):
        write(store, [Retract("actor/nobody", "wrong")], principal=EDITOR)
    write(store, [Retract("actor/agency", "wrong", source=SRC, expect_version=1)], principal=EDITOR)
    last = entries(store)[-1]
    assert (last.op, last.reason) == ("retract", f"wrong (source: {SRC})")


def test_retract_fact_cites_its_source_through_the_same_door(store: Store) -> None:
    seeded(store)
    write(store, [Put(actor())], principal=EDITOR)
    with pytest.raises(Forbidden):
        retract_fact(store, "actor/agency", "wrong", SourceChoice(key=SRC), principal=VIEWER)
    retract_fact(store, "actor/agency", "wrong", SourceChoice(key=SRC), principal=EDITOR)
    assert ops_of(store, "actor/agency") == ["assert", "retract"]


# -- permission, references, all or nothing ------------------------------------------------


def test_the_door_checks_the_principal_and_fails_closed(store: Store) -> None:
    with pytest.raises(NotAuthenticated):
        write(store, [Put(parse_record(source()))], principal=PUBLIC)
    with pytest.raises(Forbidden):
        write(store, [Put(parse_record(source()))], principal=VIEWER)
    with pytest.raises(TypeError, match="needs a principal"):
        write(store, [Put(parse_record(source()))], principal=None)  # type: ignore[arg-type]
    assert entries(store) == []


def test_references_must_point_at_current_records_this_write_included(store: Store) -> None:
    with pytest.raises(RecordProblems, match=SRC):
        write(store, [Put(actor())], principal=EDITOR)
    done = write(store, [Put(parse_record(source())), Put(actor())], principal=EDITOR)
    assert done.asserted == 2


def test_nothing_is_half_written(store: Store) -> None:
    seeded(store)
    with pytest.raises(Conflict):
        write(store, [Put(actor("actor/a")), Put(parse_record(source()))], principal=EDITOR)
    assert ops_of(store, "actor/a") == []


def test_a_write_has_at_most_one_audit_entry(store: Store) -> None:
    seeded(store)
    write(store, [Put(actor())], principal=EDITOR, audit={"action": "form", "what": "actor"})
    audits = [e for e in entries(store) if e.op == "audit"]
    assert len(audits) == 1
    with (
        pytest.raises(RuntimeError, match="one audit entry"),
        writing(store, principal=EDITOR) as session,
    ):
        session.audit("a")
        session.audit("b")
    assert len([e for e in entries(store) if e.op == "audit"]) == 1


# -- the import pipeline --------------------------------------------------------------------


def test_import_stream_batches_reports_progress_and_names_changed_fields(store: Store) -> None:
    seen: list[int] = []
    changes = [Put(parse_record(source()), expect=UPDATE, origin="line 1")] + [
        Put(actor(f"actor/a{i}"), expect=UPDATE, origin=f"line {i + 2}") for i in range(5)
    ]
    done = import_stream(
        store, changes, principal=EDITOR, name="b.jsonl", on_progress=seen.append, batch=2
    )
    assert done.asserted == 6 and seen == [2, 4, 6]
    again = import_stream(
        store,
        [Put(actor("actor/a0", "Renamed"), expect=UPDATE, origin="line 2")],
        principal=EDITOR,
        name="b.jsonl",
    )
    assert again.corrected == 1
    last = entries(store)[-1]
    assert last.reason == "re-imported from b.jsonl (line 2); changed: name"
    assert last.recorded_by == "import:b.jsonl"


def test_import_stream_needs_the_import_role(store: Store) -> None:
    with pytest.raises(Forbidden):
        import_stream(store, [Put(parse_record(source()), expect=NEW)], principal=VIEWER, name="x")


# -- hooks ------------------------------------------------------------------------------------


def test_after_commit_hooks_run_once_per_committed_write_and_never_for_a_failed_one(
    store: Store,
) -> None:
    told: list[Committed] = []
    remove = AFTER_COMMIT.register(told.append)
    try:
        seeded(store)
        with pytest.raises(Conflict):
            write(store, [Put(parse_record(source()))], principal=EDITOR)
        import_stream(store, [Put(actor(), expect=UPDATE)], principal=EDITOR, name="f")
    finally:
        remove()
    assert [(c.kind, c.result.asserted, c.keys) for c in told] == [
        ("write", 1, (SRC,)),
        ("import", 1, ("actor/agency",)),
    ]
    write(store, [Put(actor("actor/b"))], principal=EDITOR)
    assert len(told) == 2  # removed: not told any more


def test_a_hook_registry_keeps_order_and_removes_what_it_registered() -> None:
    hooks = HookRegistry()
    calls: list[str] = []
    remove_a = hooks.register(lambda c: calls.append("a"))
    hooks.register(lambda c: calls.append("b"))
    done = Committed(LOCAL_OPERATOR, "cli:x", "write", AppendResult())
    hooks.run(done)
    remove_a()
    remove_a()  # removing twice is harmless
    hooks.run(done)
    assert calls == ["a", "b", "b"]
