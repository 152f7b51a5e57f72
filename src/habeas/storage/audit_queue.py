"""The durable queue of audit events: a read is recorded here, never waiting for the log.

`AuditQueue.enqueue(event)` commits one small row (durably: PostgreSQL's commit, or SQLite's
WAL with `synchronous=FULL`, fsynced) and returns its id; `pending()` lists what is queued,
oldest first; `forget(up_to_id)` drops items once the log holds them. Each item is a link of
a hash chain, `hash = SHA-256(prev_hash_hex || canonical event bytes)`, so an edited, removed
or inserted item breaks the chain and is found when it is flushed
(`habeas.services.audit.flush_audit`).

Where it lives (see `habeas.storage.audit_tables`):
- PostgreSQL: the `audit_queue` table of the same database. An insert takes no lock the
  log's writer holds (the writer locks the `ledger_head` row); enqueuers take this table's
  own lock (`LOCK TABLE … IN EXCLUSIVE MODE`, which readers of the queue do not wait for) so
  the chain has one order.
- a SQLite file: a sidecar SQLite file `<database>.audit-queue` beside it, in WAL mode with
  `synchronous=FULL`, holding the same table. SQLite has one write lock per database file,
  and a long import holds the main file's; the sidecar's lock is held only for one insert.
- an in-memory SQLite database: the main database (nothing else can hold its lock).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from habeas.domain.errors import StorageError
from habeas.ledger.canonical import canonical_bytes, canonical_text
from habeas.ledger.entry import format_recorded_at
from habeas.storage.audit_tables import audit_flushed, audit_queue
from habeas.storage.engine import make_engine

__all__ = [
    "GENESIS",
    "SIDECAR_SUFFIX",
    "AuditQueue",
    "QueuedAudit",
    "chain_hash",
    "flushed_marker",
    "save_flushed_marker",
    "sidecar_path",
]

GENESIS = "0" * 64
"""The `prev_hash` of the first item ever queued."""

SIDECAR_SUFFIX = ".audit-queue"


def chain_hash(prev_hash: str, event: dict[str, Any]) -> str:
    """SHA-256 over the previous item's hash (hex, ASCII) and the event's canonical bytes."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_bytes(event)).hexdigest()


@dataclass(frozen=True)
class QueuedAudit:
    """One queued audit event, with its place in the chain."""

    id: int
    queued_at: str
    event: dict[str, Any]
    prev_hash: str
    hash: str

    def intact(self) -> bool:
        """True if the stored hash is the hash of the stored link and event."""
        return chain_hash(self.prev_hash, self.event) == self.hash


def sidecar_path(engine: Engine) -> Path | None:
    """The sidecar file of a SQLite file database; None for PostgreSQL or in-memory SQLite."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database or ""
    if database.startswith("file:"):
        if "mode=memory" in database:
            return None
        database = database[len("file:") :].split("?", 1)[0]
    if database in ("", ":memory:"):
        return None
    return Path(database + SIDECAR_SUFFIX)


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as e:
        raise StorageError(f"the audit queue failed: {getattr(e, 'orig', None) or e}") from e


class AuditQueue:
    """The audit queue of one store (see the module docstring for where it lives)."""

    def __init__(self, main: Engine) -> None:
        path = sidecar_path(main)
        self.path = path
        self._own = path is not None
        if path is not None:
            self.engine = make_engine(f"sqlite:///{path}")
            with _translated():
                audit_queue.metadata.create_all(self.engine, tables=[audit_queue])
        else:
            self.engine = main
        self._lock = threading.Lock()  # one enqueuer of this process at a time (SQLite)

    def close(self) -> None:
        """Release the sidecar's connections (the main engine is the store's to close)."""
        if self._own:
            self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("LOCK TABLE audit_queue IN EXCLUSIVE MODE"))
            yield conn

    def enqueue(self, event: dict[str, Any], *, now: datetime | None = None) -> int:
        """Queue one event, durably, and return its id (committed before this returns)."""
        body = canonical_text(event)
        stored = json.loads(body)
        queued_at = format_recorded_at(now or datetime.now(UTC))
        with self._lock, _translated(), self._write() as conn:
            last = conn.execute(
                select(audit_queue.c.hash).order_by(audit_queue.c.id.desc()).limit(1)
            ).scalar()
            prev = str(last) if last is not None else GENESIS
            row = conn.execute(
                insert(audit_queue)
                .values(
                    queued_at=queued_at,
                    event=body,
                    prev_hash=prev,
                    hash=chain_hash(prev, stored),
                )
                .returning(audit_queue.c.id)
            ).scalar_one()
        return int(row)

    def _select(self, stmt: Any) -> list[QueuedAudit]:
        with _translated(), self.engine.connect().execution_options(habeas_read_only=True) as conn:
            rows = conn.execute(stmt).all()
            conn.rollback()
        return [
            QueuedAudit(
                int(r.id), str(r.queued_at), json.loads(r.event), str(r.prev_hash), str(r.hash)
            )
            for r in rows
        ]

    def pending(self, limit: int = 500, *, after: int = 0) -> list[QueuedAudit]:
        """Up to `limit` queued items with an id above `after`, oldest first."""
        return self._select(
            select(audit_queue)
            .where(audit_queue.c.id > after)
            .order_by(audit_queue.c.id)
            .limit(limit)
        )

    def item(self, queue_id: int) -> QueuedAudit | None:
        """The queued item `queue_id`, if it is still in the queue."""
        found = self._select(select(audit_queue).where(audit_queue.c.id == queue_id))
        return found[0] if found else None

    def newest(self) -> QueuedAudit | None:
        """The item queued last (the link the next one chains from), if any."""
        found = self._select(select(audit_queue).order_by(audit_queue.c.id.desc()).limit(1))
        return found[0] if found else None

    def forget(self, up_to_id: int) -> int:
        """Drop the items up to `up_to_id` (their audit entries are in the log), keeping the
        newest of them as the link the next item chains from. Returns how many went."""
        with self._lock, _translated(), self._write() as conn:
            return int(
                conn.execute(delete(audit_queue).where(audit_queue.c.id < up_to_id)).rowcount
            )


def flushed_marker(conn: Connection) -> tuple[int, str] | None:
    """(last queue id, its hash) the log holds, from the one `audit_flushed` row; None
    before the first flush."""
    row = conn.execute(
        select(audit_flushed.c.last_queue_id, audit_flushed.c.last_hash).where(
            audit_flushed.c.id == 1
        )
    ).first()
    return None if row is None else (int(row.last_queue_id), str(row.last_hash))


def save_flushed_marker(conn: Connection, last_queue_id: int, last_hash: str) -> None:
    """Move the marker, inside the write transaction that appends the entries it counts."""
    values = {"last_queue_id": last_queue_id, "last_hash": last_hash}
    done = conn.execute(update(audit_flushed).where(audit_flushed.c.id == 1).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(audit_flushed).values(id=1, **values))
