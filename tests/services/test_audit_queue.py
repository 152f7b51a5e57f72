"""Reads are audited without waiting for writers: a confidential read is queued durably (never
in a write transaction of the log), and `flush_audit` moves the queue into the log, once.

On both backends: a read completes while another connection holds the log's write lock; a
crash before the flush, or after the log commit but before the queue is cleared, loses
nothing and duplicates nothing; an edited or removed queue item is refused by name; one page
request makes one audit entry however many services it calls.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update

from habeas.cli.main import cli
from habeas.domain.access import Principal
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.registry import parse_record
from habeas.services.audit import audit_read, audit_scope, flush_audit
from habeas.services.search import search
from habeas.services.verify import verify_ledger
from habeas.services.writer import write_changes
from habeas.storage.audit_queue import GENESIS, SIDECAR_SUFFIX
from habeas.storage.audit_tables import audit_queue
from habeas.storage.log_queries import entry_of
from habeas.storage.store import Store
from habeas.storage.tables import entries
from tests.conftest import cite, source

EDITOR = Principal("ed", "editor")


def _cora() -> Any:
    return parse_record(
        {
            "type": "person",
            "key": "person/cora",
            "full_name": "Cora Confidential",
            "synthetic": True,
            "sensitivity": "confidential",
            "sources": cite(),
        }
    )


@pytest.fixture
def ledger(store: Store) -> Store:
    """A store holding one confidential person, Cora."""
    write_changes(store, [parse_record(source()), _cora()])
    return store


def audit_events(store: Store) -> list[dict[str, Any]]:
    """The events of the audit entries in the log, oldest first (read without flushing)."""
    with store.read() as conn:
        rows = conn.execute(select(entries).where(entries.c.op == "audit").order_by("position"))
        return [entry_of(r).record or {} for r in rows]


def queue_ids(store: Store) -> list[int | None]:
    return [e.get("queue", {}).get("id") for e in audit_events(store)]


# -- a read never waits for the log's writer ----------------------------------------------
def test_a_confidential_read_is_queued_while_another_writer_holds_the_log(ledger: Store) -> None:
    held, release, done = threading.Event(), threading.Event(), threading.Event()
    answers: list[Any] = []

    def long_import() -> None:  # SQLite: BEGIN IMMEDIATE; PostgreSQL: the head row locked
        with ledger.write() as tx:
            tx.lock_head()
            held.set()
            release.wait(30)

    def read() -> None:
        answers.append(search(ledger, "Cora", principal=EDITOR))
        done.set()

    writer = threading.Thread(target=long_import)
    writer.start()
    try:
        assert held.wait(10)
        reader = threading.Thread(target=read)
        reader.start()
        reader.join(timeout=10)
        assert done.is_set(), "the confidential read waited for the writer"
        assert [h["key"] for h in answers[0]] == ["person/cora"]
        queued = ledger.audit_queue.pending()
        assert [q.event["records"] for q in queued] == [["person/cora"]]
        assert queued[0].event["user"] == "ed" and queued[0].event["what"] == "search"
        assert audit_events(ledger) == []  # not in the log yet: the writer holds it
    finally:
        release.set()
        writer.join(timeout=30)
    assert flush_audit(ledger) == 1
    [event] = audit_events(ledger)
    assert event["records"] == ["person/cora"] and event["queue"]["id"] == queued[0].id
    assert event["queue"]["hash"] == queued[0].hash and event["read_at"].endswith("Z")


def test_on_a_sqlite_file_the_queue_is_a_sidecar_file(sqlite_store: Store) -> None:
    write_changes(sqlite_store, [parse_record(source()), _cora()])
    search(sqlite_store, "Cora", principal=EDITOR)
    database = Path(sqlite_store.engine.url.database or "")
    assert sqlite_store.audit_queue.path == Path(f"{database}{SIDECAR_SUFFIX}")
    assert sqlite_store.audit_queue.path.is_file()
    with sqlite_store.read() as conn:  # the main file's table stays empty
        assert conn.execute(select(func.count()).select_from(audit_queue)).scalar_one() == 0
    assert len(sqlite_store.audit_queue.pending()) == 1


def test_an_in_memory_sqlite_database_keeps_its_queue_inside() -> None:
    store = Store("sqlite://")
    try:
        assert store.audit_queue.path is None
        assert store.audit_queue.engine is store.engine
    finally:
        store.close()


# -- crashes lose nothing and duplicate nothing --------------------------------------------
def test_a_read_queued_before_a_crash_is_flushed_once_at_the_next_start(
    ledger: Store, db_url: str
) -> None:
    assert audit_read(ledger, EDITOR, ["person/cora"], "timeline") == 1
    ledger.close()  # the process dies: nothing flushed
    reopened = Store(db_url)
    try:
        assert audit_events(reopened) == []
        assert flush_audit(reopened) == 1
        assert flush_audit(reopened) == 0  # flushing twice writes it once
        assert [e["what"] for e in audit_events(reopened)] == ["timeline"]
        verify_ledger(reopened)
    finally:
        reopened.close()


def test_init_flushes_what_a_crash_left_queued(sqlite_store: Store, sqlite_url: str) -> None:
    db_url = sqlite_url  # the command line's stores live as long as its process
    write_changes(sqlite_store, [parse_record(source()), _cora()])
    audit_read(sqlite_store, EDITOR, ["person/cora"], "timeline")
    sqlite_store.close()
    result = CliRunner().invoke(cli, ["--db", db_url, "init"])
    assert result.exit_code == 0, result.output
    reopened = Store(db_url)
    try:
        assert [e["what"] for e in audit_events(reopened)] == ["timeline"]
    finally:
        reopened.close()


def test_a_crash_after_the_log_commit_before_the_queue_is_cleared_duplicates_nothing(
    ledger: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit_read(ledger, EDITOR, ["person/cora"], "timeline")
    audit_read(ledger, EDITOR, ["person/cora"], "history")

    def crash(_up_to: int) -> int:
        raise RuntimeError("the process died before the queue was cleared")

    monkeypatch.setattr(ledger.audit_queue, "forget", crash)
    with pytest.raises(RuntimeError, match="before the queue was cleared"):
        flush_audit(ledger)
    assert [e["what"] for e in audit_events(ledger)] == ["timeline", "history"]
    assert len(ledger.audit_queue.pending()) == 2  # still queued
    ledger.close()
    reopened = Store(db_url)
    try:
        assert flush_audit(reopened) == 0  # the marker says the log has them
        assert [e["what"] for e in audit_events(reopened)] == ["timeline", "history"]
        assert len(reopened.audit_queue.pending()) == 1  # the newest stays as the chain link
        audit_read(reopened, EDITOR, ["person/cora"], "search")
        assert flush_audit(reopened) == 1
        assert [e["what"] for e in audit_events(reopened)] == ["timeline", "history", "search"]
        assert len(set(queue_ids(reopened))) == 3
        verify_ledger(reopened)
    finally:
        reopened.close()


# -- the chain: an edited or removed item is refused by name -------------------------------
def test_an_edited_queue_item_is_refused_naming_it_and_nothing_is_flushed(ledger: Store) -> None:
    audit_read(ledger, EDITOR, ["person/cora"], "timeline")
    audit_read(ledger, EDITOR, ["person/cora"], "history")
    first, second = ledger.audit_queue.pending()
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash
    forged = second.event | {"user": "somebody else"}
    with ledger.audit_queue.engine.begin() as conn:
        conn.execute(
            update(audit_queue)
            .where(audit_queue.c.id == second.id)
            .values(event=json.dumps(forged))
        )
    with pytest.raises(LedgerCorrupt, match=f"audit queue item {second.id} was changed"):
        flush_audit(ledger)
    assert audit_events(ledger) == []  # not even the intact first item
    assert len(ledger.audit_queue.pending()) == 2


def test_a_removed_queue_item_is_found_by_the_next_one(ledger: Store) -> None:
    audit_read(ledger, EDITOR, ["person/cora"], "timeline")
    audit_read(ledger, EDITOR, ["person/cora"], "history")
    first, second = ledger.audit_queue.pending()
    with ledger.audit_queue.engine.begin() as conn:
        conn.execute(audit_queue.delete().where(audit_queue.c.id == first.id))
    with pytest.raises(LedgerCorrupt, match=f"audit queue item {second.id} does not follow"):
        flush_audit(ledger)
    assert audit_events(ledger) == []


def test_flushes_continue_the_chain_and_verify_still_passes(ledger: Store) -> None:
    for what in ("a", "b", "c"):
        audit_read(ledger, EDITOR, ["person/cora"], what)
        assert flush_audit(ledger) == 1
    assert flush_audit(ledger, batch=1) == 0
    for what in ("d", "e", "f"):
        audit_read(ledger, EDITOR, ["person/cora"], what)
    assert flush_audit(ledger, batch=2) == 3  # two batches, the chain checked across them
    assert [e["what"] for e in audit_events(ledger)] == ["a", "b", "c", "d", "e", "f"]
    ids = queue_ids(ledger)
    assert ids == sorted(ids) and len(set(ids)) == 6
    verify_ledger(ledger)


def test_habeas_verify_flushes_the_queue_first(sqlite_store: Store, sqlite_url: str) -> None:
    ledger = sqlite_store  # the command line's stores live as long as its process
    write_changes(ledger, [parse_record(source()), _cora()])
    audit_read(ledger, EDITOR, ["person/cora"], "timeline")
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "verify", "--json"])
    assert result.exit_code == 0, result.output
    assert [e["what"] for e in audit_events(ledger)] == ["timeline"]
    assert '"size": 3' in result.output  # the source, Cora, and the audit entry


# -- one entry per request -------------------------------------------------------------------
def test_a_scope_merges_every_read_into_one_item(ledger: Store) -> None:
    with audit_scope():
        search(ledger, "Cora", principal=EDITOR)
        audit_read(ledger, EDITOR, ["person/cora", "source/x"], "timeline")
        audit_read(ledger, EDITOR, ["person/cora"], "search")
        assert ledger.audit_queue.pending() == []  # queued when the scope ends
    [item] = ledger.audit_queue.pending()
    assert item.event["what"] == "search, timeline"
    assert item.event["records"] == ["person/cora", "source/x"]
    flush_audit(ledger)
    assert len(audit_events(ledger)) == 1


def test_one_person_page_as_an_editor_makes_one_audit_entry(
    sqlite_url: str,
) -> None:
    from habeas.services.database import load_demo
    from tests.web.conftest import TestClient, create_account, make_app, sign_in

    store = Store(sqlite_url)
    load_demo(store)
    create_account(store, "ana", "editor")
    app = make_app(sqlite_url)
    try:
        with TestClient(app) as client:
            sign_in(client)
            flush_audit(store)
            before = len(audit_events(store))
            r = client.get("/person/kilmar-abrego-garcia")
            assert r.status_code == 200
            flush_audit(store)
            added = audit_events(store)[before:]
        assert len(added) == 1
        [event] = added
        assert event["user"] == "ana" and "person/a-a-v" in event["records"]
        assert len(event["what"].split(", ")) > 1  # several services, one entry
        verify_ledger(store)
    finally:
        app.state.store.close()
        store.close()


def test_a_database_copied_without_its_queue_file_is_refused_not_silently_skipped(
    sqlite_store: Store, tmp_path: Path
) -> None:
    write_changes(sqlite_store, [parse_record(source()), _cora()])
    for what in ("a", "b", "c"):
        audit_read(sqlite_store, EDITOR, ["person/cora"], what)
    assert flush_audit(sqlite_store) == 3
    sqlite_store.close()
    copy = tmp_path / "copy.db"
    shutil.copy(Path(sqlite_store.engine.url.database or ""), copy)  # not the sidecar
    copied = Store(f"sqlite:///{copy}")
    try:
        assert flush_audit(copied) == 0  # nothing queued yet: nothing to say
        audit_read(copied, EDITOR, ["person/cora"], "after the copy")  # queue id 1 again
        with pytest.raises(LedgerCorrupt, match="item 3, the last one flushed, is missing"):
            flush_audit(copied)
        assert [q.event["what"] for q in copied.audit_queue.pending()] == ["after the copy"]
    finally:
        copied.close()


def test_a_request_inside_a_command_scope_queues_its_own_item(ledger: Store) -> None:
    with audit_scope():  # the command (habeas serve)
        with audit_scope():  # one request it serves
            audit_read(ledger, EDITOR, ["person/cora"], "timeline")
        assert [q.event["what"] for q in ledger.audit_queue.pending()] == ["timeline"]
