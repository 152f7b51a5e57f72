"""A confidential read while an import holds the log's write lock: before and after the queue.

Before, each read of confidential data appended its audit entry in its own write transaction
of the log, so it waited for the import to commit (on SQLite a wait over 60 s is an error).
Now the read queues its audit event in the durable audit queue (a sidecar file on SQLite, a
table on PostgreSQL) and returns; the flusher moves it into the log after the import.

A thread holds the write lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: the head row locked
`FOR UPDATE`) for `--hold` seconds, as a long import does; meanwhile an editor searches for a
confidential person, once through the old path (the search, then its audit entry appended
directly) and once through the service as it is (the search, its audit event queued).

    .venv/bin/python bench/audit_reads.py                          # SQLite, hold 3 s
    .venv/bin/python bench/audit_reads.py --backend postgresql     # $HABEAS_TEST_POSTGRES_URL
    .venv/bin/python bench/audit_reads.py --hold 5 --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.domain.registry import parse_record
from habeas.services.audit import audit_event, author_for, flush_audit
from habeas.services.search import search
from habeas.services.writer import LedgerWriter, write_changes
from habeas.storage.store import Store

EDITOR = Principal("ed", "editor")
SOURCE = {
    "type": "source",
    "key": "source/bench",
    "kind": "court_document",
    "title": "A synthetic order",
    "court": "mdd",
    "docket_number": "8:25-cv-00001",
    "published": "2025-04-04",
}


def _ledger(url: str) -> Store:
    store = Store(url)
    store.migrate()
    cite = [{"source": "source/bench"}]
    person = {
        "type": "person",
        "key": "person/cora",
        "full_name": "Cora Confidential",
        "synthetic": True,
        "sensitivity": "confidential",
        "sources": cite,
    }
    write_changes(store, [parse_record(SOURCE), parse_record(person)])
    return store


def read_then_append(store: Store) -> None:
    """The read as it was: the answer, then its audit entry in a write transaction."""
    hits = search(store, "Cora", principal=LOCAL_OPERATOR)  # the same answer, not queued
    with store.write() as tx:
        writer = LedgerWriter(tx, author=author_for(EDITOR))
        event = audit_event(EDITOR, "read", what="search", records=[h["key"] for h in hits])
        writer.audit(event)
        writer.finish()


def read_queued(store: Store) -> None:
    """The read as it is: the answer, its audit event queued."""
    search(store, "Cora", principal=EDITOR)


def timed_under_lock(store: Store, hold: float, read: Callable[[Store], None]) -> float:
    """Seconds `read` takes while another connection holds the log for `hold` seconds."""
    held, release = threading.Event(), threading.Event()

    def long_import() -> None:
        with store.write() as tx:
            tx.lock_head()
            held.set()
            release.wait(hold)

    writer = threading.Thread(target=long_import)
    writer.start()
    held.wait(30)
    start = time.perf_counter()
    read(store)
    took = time.perf_counter() - start
    release.set()
    writer.join()
    return took


def run(url: str, hold: float) -> dict[str, Any]:
    store = _ledger(url)
    try:
        read_queued(store)  # warm up (the queue's sidecar is made on first use)
        flush_audit(store)
        before = timed_under_lock(store, hold, read_then_append)
        after = timed_under_lock(store, hold, read_queued)
        flushed = flush_audit(store)
        return {
            "backend": store.backend,
            "hold_s": hold,
            "before_direct_audit_s": round(before, 3),
            "after_queued_audit_s": round(after, 3),
            "flushed_after_the_import": flushed,
        }
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds the import holds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.backend == "sqlite":
            result = run(f"sqlite:///{Path(folder) / 'bench.db'}", args.hold)
        else:
            server = os.environ.get("HABEAS_TEST_POSTGRES_URL", "")
            if not server:
                sys.exit("set HABEAS_TEST_POSTGRES_URL to a PostgreSQL database")
            url, drop = _fresh_schema(server)
            try:
                result = run(url, args.hold)
            finally:
                drop()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['backend']}: an import holds the log for {args.hold:g} s")
    print(f"  before (audit entry written by the read): {result['before_direct_audit_s']:.3f} s")
    print(f"  after  (audit event queued):              {result['after_queued_audit_s']:.3f} s")
    print(f"  flushed into the log after the import:    {result['flushed_after_the_import']}")


def _fresh_schema(url: str) -> tuple[str, Callable[[], None]]:
    """A new schema of the PostgreSQL database at `url` (so the bench starts empty), and
    what drops it."""
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", drop


if __name__ == "__main__":
    main()
