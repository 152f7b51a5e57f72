"""The one append path: records in, entries and projections out, in batches.

Every write in habeas — an import of millions of records, a correction from a form — goes
through `LedgerWriter` inside one store transaction: it locks the log head, gives each
entry the next position, hashes it into the Merkle tree, and writes entries and projection
rows in batches (no round trip per record). Entries are written in format 2 (each field of a
record committed by its own salted digest, the disclosures stored beside it), and the subtree
roots each batch completes are stored with it, so proofs read O(log n) rows. Nothing is
updated in place: a changed record is a `correct` entry that supersedes the previous one; a
retraction is a `retract` entry.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from habeas.domain.base import Record
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.domain.registry import canonical_record
from habeas.domain.text import with_article
from habeas.ledger.canonical import canonical_text
from habeas.ledger.commitments import new_field_salts
from habeas.ledger.entry import ENTRY_FORMAT, Entry, Op, format_recorded_at, new_salt
from habeas.ledger.merkle import CompactRange, leaf_hash
from habeas.storage.projections import Batch, Projected
from habeas.storage.store import BATCH, Head, Store, WriteTx

__all__ = ["AppendResult", "LedgerWriter", "default_author", "ledger_writer", "write_changes"]


def default_author() -> str:
    """Who is recording, when no account says so: 'cli:<os user>'."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # getpass raises several kinds when there is no user name
        return "cli:unknown"


@dataclass(frozen=True)
class AppendResult:
    """What a write did."""

    asserted: int = 0
    corrected: int = 0
    retracted: int = 0
    unchanged: int = 0
    first_position: int | None = None
    size: int = 0
    root: str = ""

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (CLI --json and the API)."""
        return {
            "asserted": self.asserted,
            "corrected": self.corrected,
            "retracted": self.retracted,
            "unchanged": self.unchanged,
            "first_position": self.first_position,
            "size": self.size,
            "root": self.root,
        }


@dataclass
class _Known:
    record_type: str
    version: int
    position: int
    status: str
    body: str | None
    first_recorded_at: str
    subject: str | None = None


class LedgerWriter:
    """Appends entries within one transaction; call `finish()` before it commits."""

    def __init__(
        self, tx: WriteTx, *, author: str | None = None, now: datetime | None = None
    ) -> None:
        self.tx = tx
        self.author = author or default_author()
        self.recorded_at = format_recorded_at(now or datetime.now(UTC))
        self._head: Head = tx.lock_head()
        self._start_size = self._head.size
        self._tree = CompactRange.from_hex(self._head.size, self._head.frontier)
        self._known: dict[str, _Known] = {}
        self._absent: set[str] = set()
        self._pending: list[Entry] = []
        self._nodes: list[dict[str, Any]] = []  # subtree roots completed, not yet stored
        self._records: list[Record | None] = []
        self._previous_subject: dict[int, str | None] = {}
        self.counts = {"assert": 0, "correct": 0, "retract": 0, "unchanged": 0}
        self.first_position: int | None = None

    # -- looking up current versions ----------------------------------------------------
    def prefetch(self, keys: Iterable[str]) -> None:
        """Load the current version of `keys` (one query per 500) before adding them."""
        missing = [k for k in keys if k not in self._known and k not in self._absent]
        found = self.tx.current(missing)
        self._absent.update(k for k in missing if k not in found)
        for key, row in found.items():
            self._known[key] = _Known(
                row.record_type,
                int(row.version),
                int(row.position),
                row.status,
                row.body,
                row.first_recorded_at,
                row.subject_key,
            )

    def current(self, key: str) -> _Known | None:
        """The current version of `key` as this transaction sees it."""
        if key not in self._known and key not in self._absent:
            self.prefetch([key])
        return self._known.get(key)

    # -- appending -----------------------------------------------------------------------
    def put(
        self, record: Record, *, reason: str | None = None, expected_version: int | None = None
    ) -> Entry | None:
        """Assert a new record, or correct an existing one; None when nothing changed."""
        data = canonical_record(record)
        body = canonical_text(data)
        known = self.current(record.key)
        if expected_version is not None:
            have = known.version if known else 0
            if have != expected_version:
                raise Conflict(
                    f"{record.key} is at version {have}, not {expected_version}: "
                    "reload it and apply your change again"
                )
        if known is None:
            return self._add("assert", record.TYPE, record.key, 1, data, None, None, record)
        if known.record_type != record.TYPE:
            raise InvalidRecord(
                f"{record.key} is already {with_article(known.record_type)}; "
                f"it cannot become {with_article(record.TYPE)}",
                field="key",
            )
        if known.status == "active" and known.body == body:
            self.counts["unchanged"] += 1
            return None
        why = reason or (
            "restored after retraction" if known.status == "retracted" else "corrected"
        )
        return self._add(
            "correct",
            record.TYPE,
            record.key,
            known.version + 1,
            data,
            known.position,
            why,
            record,
        )

    def retract(self, key: str, reason: str, *, expected_version: int | None = None) -> Entry:
        """Withdraw a record, saying why; its history stays."""
        if not reason or not reason.strip():
            raise InvalidRecord("a retraction needs a reason", field="reason")
        known = self.current(key)
        if known is None:
            raise NotFound(f"no record with key {key!r}")
        if known.status == "retracted":
            raise Conflict(f"{key} is already retracted")
        if expected_version is not None and known.version != expected_version:
            raise Conflict(f"{key} is at version {known.version}, not {expected_version}")
        return self._add(
            "retract", known.record_type, key, known.version + 1, None, known.position, reason
        )

    def audit(self, event: dict[str, Any]) -> Entry:
        """Append an audit entry (who did or read what, when — never the data itself).

        Audit entries are part of the tamper-evident log but make no record: they have no
        projection rows. `event` is plain JSON data, e.g. {"action": "read", "user": "ana",
        "record": "person/x", "fields": "confidential"}.
        """
        position = self._head.size + len(self._pending)
        if self._pending and len(self._pending) >= BATCH:
            self.flush()
            position = self._head.size
        entry = self._new_entry(position, "audit", "audit", f"audit/{position}", 1, dict(event))
        self._pending.append(entry)
        self._records.append(None)
        if self.first_position is None:
            self.first_position = position
        return entry

    def _add(
        self,
        op: Op,
        rtype: str,
        key: str,
        version: int,
        data: dict[str, Any] | None,
        supersedes: int | None,
        reason: str | None,
        record: Record | None = None,
    ) -> Entry:
        position = self._head.size + len(self._pending)
        if self._pending and len(self._pending) >= BATCH:
            self.flush()
            position = self._head.size
        entry = self._new_entry(position, op, rtype, key, version, data, supersedes, reason)
        previous = self._known.get(key)
        self._absent.discard(key)
        self._known[key] = _Known(
            rtype,
            version,
            position,
            "retracted" if op == "retract" else "active",
            canonical_text(data) if data is not None else (previous.body if previous else None),
            previous.first_recorded_at if previous else self.recorded_at,
            record.subject() if record is not None else None,
        )
        if previous is not None and previous.subject is not None:
            self._previous_subject[position] = previous.subject
        if op == "retract":
            self._known[key].body = None
        self._pending.append(entry)
        self._records.append(record)
        self.counts[op] += 1
        if self.first_position is None:
            self.first_position = position
        return entry

    def _new_entry(
        self,
        position: int,
        op: Op,
        rtype: str,
        key: str,
        version: int,
        data: dict[str, Any] | None,
        supersedes: int | None = None,
        reason: str | None = None,
    ) -> Entry:
        """A format-2 entry: a fresh salt for the envelope and one for every field."""
        return Entry(
            position=position,
            op=op,
            record_type=rtype,
            record_key=key,
            version=version,
            recorded_at=self.recorded_at,
            recorded_by=self.author,
            salt=new_salt(),
            record=data,
            supersedes=supersedes,
            reason=reason,
            format=ENTRY_FORMAT,
            field_salts=new_field_salts(data) if data is not None else None,
        )

    def _append_leaf(self, leaf: bytes) -> None:
        """Add a leaf to the tree, keeping the subtree roots it completes for storage."""
        for level, index, node in self._tree.append(leaf):
            self._nodes.append({"level": level, "idx": index, "hash": node.hex()})

    def _store_nodes(self) -> None:
        self.tx.append_nodes(self._nodes)
        self._nodes = []

    def _entry_row(self, entry: Entry, canonical: bytes, leaf: bytes) -> dict[str, Any]:
        return {
            "position": entry.position,
            "op": entry.op,
            "record_type": entry.record_type,
            "record_key": entry.record_key,
            "version": entry.version,
            "recorded_at": entry.recorded_at,
            "body": canonical.decode("utf-8"),
            "disclosures": entry.disclosures_text(),
            "leaf_hash": leaf.hex(),
            "tree_root": self._tree.root().hex(),
        }

    def flush(self) -> None:
        """Write the pending entries, then every registered projection's rows for them."""
        if not self._pending:
            return
        entry_rows = []
        items: list[Projected] = []
        for entry, record in zip(self._pending, self._records, strict=True):
            canonical = entry.canonical()
            leaf = leaf_hash(canonical)
            self._append_leaf(leaf)
            entry_rows.append(self._entry_row(entry, canonical, leaf))
            if entry.op == "audit":
                continue
            items.append(
                Projected(
                    entry,
                    self._known[entry.record_key].first_recorded_at,
                    record,
                    self._previous_subject.get(entry.position),
                )
            )
        replaced = frozenset(e.record_key for e in self._pending if e.op in ("correct", "retract"))
        self.tx.append(entry_rows, Batch(items, replaced))
        self._store_nodes()
        self._previous_subject.clear()
        self._head = Head(self._tree.size, self._tree.root().hex(), self._tree.to_hex())
        self._pending = []
        self._records = []
        if len(self._known) + len(self._absent) > 50 * BATCH:
            self._known.clear()
            self._absent.clear()

    def finish(self) -> AppendResult:
        """Flush and move the head; the caller's transaction then commits."""
        self.flush()
        if self._head.size != self._start_size:
            self.tx.save_head(self._head, self._start_size)
        return AppendResult(
            asserted=self.counts["assert"],
            corrected=self.counts["correct"],
            retracted=self.counts["retract"],
            unchanged=self.counts["unchanged"],
            first_position=self.first_position,
            size=self._head.size,
            root=self._head.root,
        )


@contextmanager
def ledger_writer(store: Store, *, author: str | None = None) -> Iterator[LedgerWriter]:
    """A writer in its own transaction; on leaving the block it flushes and commits."""
    with store.write() as tx:
        writer = LedgerWriter(tx, author=author)
        yield writer
        writer.finish()


def write_changes(
    store: Store, records: Iterable[Record], *, reason: str | None = None, author: str | None = None
) -> AppendResult:
    """Append a few records in one transaction (forms and scripts; imports stream instead)."""
    with store.write() as tx:
        writer = LedgerWriter(tx, author=author)
        for record in records:
            writer.put(record, reason=reason)
        return writer.finish()
