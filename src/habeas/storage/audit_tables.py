"""The audit queue and its flush marker: reads are recorded without the log's write lock.

A read of confidential data is first queued in `audit_queue` (a small durable insert that
never waits for the log's writer), then moved into the log as an audit entry by the flusher
(`habeas.services.audit.flush_audit`). Each queued item is a link of a hash chain, so an
edited or removed item is found when it is flushed. `audit_flushed` says how far the log has
taken the queue; it is updated in the same write transaction as the audit entries it counts,
so a flush that dies before the queue is cleared flushes nothing twice.

Where the queue lives (`habeas.storage.audit_queue`): on PostgreSQL in this table of the same
database; on a SQLite file in a sidecar SQLite file `<database>.audit-queue` holding this same
table (SQLite has one write lock per file, and a long import holds the main file's), so the
`audit_queue` table of the main SQLite file stays empty; on an in-memory SQLite database in
the main database (no other connection can hold its lock).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, Integer, String, Table, Text

from habeas.storage.tables import metadata

__all__ = ["audit_flushed", "audit_queue", "queue_id_type"]

queue_id_type = BigInteger().with_variant(Integer(), "sqlite")
"""64-bit ids; on SQLite an INTEGER PRIMARY KEY (the rowid), so AUTOINCREMENT applies."""

audit_queue = Table(
    "audit_queue",
    metadata,
    Column(
        "id",
        queue_id_type,
        primary_key=True,
        autoincrement=True,
        comment="Monotonic id of the queued item (never reused); the log's audit entry "
        "carries it. Empty on a SQLite file: its queue is the sidecar file's table.",
    ),
    Column(
        "queued_at",
        String(32),
        nullable=False,
        comment="When the read was queued (UTC, microseconds): when the data was shown.",
    ),
    Column(
        "event",
        Text,
        nullable=False,
        comment="The audit event as canonical JSON: who, what, which records; never the data.",
    ),
    Column(
        "prev_hash",
        String(64),
        nullable=False,
        comment="The hash of the item before this one (64 zeros for the first): the chain link.",
    ),
    Column(
        "hash",
        String(64),
        nullable=False,
        comment="SHA-256 of prev_hash (hex, ASCII) followed by the event's canonical bytes, hex.",
    ),
    sqlite_autoincrement=True,
)

audit_flushed = Table(
    "audit_flushed",
    metadata,
    Column(
        "id",
        Integer,
        primary_key=True,
        autoincrement=False,
        comment="Always 1: the one marker row (absent until the first flush).",
    ),
    Column(
        "last_queue_id",
        BigInteger,
        nullable=False,
        comment="The highest queue id whose audit entry is in the log; later flushes skip "
        "ids up to it. Written in the same transaction as those entries.",
    ),
    Column(
        "last_hash",
        String(64),
        nullable=False,
        comment="The chain hash of that item: the next item queued must link to it.",
    ),
    CheckConstraint("id = 1", name="one_marker"),
)
