"""Writing one record from a form or an API call: create, correct (naming the version
corrected), retract — each in its own transaction, with no lost updates.

A correction or retraction names the version it was based on; if the record has moved on
since, `StaleVersion` is raised and nothing is written (the API answers 412). A new record
whose key already exists raises `Conflict` (409). Every field problem of a record is reported
at once (`RecordProblems`, 422), references included: a record may only point at current
records of the types its fields allow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.base import Record
from habeas.domain.errors import InvalidRecord, NotFound
from habeas.domain.references import reference_problem
from habeas.domain.registry import record_errors
from habeas.ledger.entry import Entry
from habeas.services.write import RecordProblems, StaleVersion, WriteSession, writing
from habeas.storage.store import Store, WriteTx

__all__ = [
    "RecordProblems",
    "StaleVersion",
    "WriteOutcome",
    "check_references",
    "correct_record",
    "create_record",
    "retract_record",
]


@dataclass(frozen=True)
class WriteOutcome:
    """What one write appended: the entry, the record's new version, the log's new head."""

    key: str
    type: str
    op: str
    version: int
    position: int
    size: int
    root: str

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "key": self.key,
            "type": self.type,
            "op": self.op,
            "version": self.version,
            "position": self.position,
            "size": self.size,
            "root": self.root,
        }


def _parse(data: Mapping[str, Any]) -> Record:
    record, errors = record_errors(data)
    if record is None:
        raise RecordProblems(errors or [("record", "not a valid record")])
    return record


def check_references(tx: WriteTx, record: Record) -> None:
    """Raise RecordProblems naming every reference of `record` that is not acceptable."""
    refs = list(record.references())
    found = tx.existing_types([key for _path, key, _allowed in refs])
    problems = [
        (path, message)
        for path, key, allowed in refs
        if (message := reference_problem(key, allowed, found.get(key)))
    ]
    if problems:
        raise RecordProblems(problems)


def _outcome(entry: Entry, session: WriteSession) -> WriteOutcome:
    result = session.finish()
    return WriteOutcome(
        entry.record_key,
        entry.record_type,
        entry.op,
        entry.version,
        entry.position,
        result.size,
        result.root,
    )


def create_record(
    store: Store, data: Mapping[str, Any], *, principal: Principal, author: str | None = None
) -> WriteOutcome:
    """Assert a new record (Conflict if its key is already in the ledger)."""
    record = _parse(data)
    with writing(store, principal=principal, author=author) as session:
        entry = session.put(record)
        assert entry is not None
        return _outcome(entry, session)


def correct_record(
    store: Store,
    key: str,
    data: Mapping[str, Any],
    *,
    expected_version: int,
    reason: str,
    principal: Principal,
    author: str | None = None,
) -> WriteOutcome:
    """Replace record `key` at `expected_version` with `data`.

    A retracted record is restored this way. StaleVersion if `key` has moved on; when the
    data equals the current version nothing is appended and the outcome's op is "unchanged".
    """
    if not reason.strip():
        raise InvalidRecord("a correction needs a reason", field="reason")
    record = _parse(data)
    if record.key != key:
        raise InvalidRecord(f"the record's key {record.key!r} is not {key!r}", field="key")
    with writing(store, principal=principal, author=author) as session:
        known = session.current(key)
        if known is None:
            raise NotFound(f"no record with key {key!r}")
        entry = session.put(record, expect=expected_version, reason=reason.strip())
        if entry is None:
            result = session.finish()
            return WriteOutcome(
                key,
                known.record_type,
                "unchanged",
                known.version,
                known.position,
                result.size,
                result.root,
            )
        return _outcome(entry, session)


def retract_record(
    store: Store,
    key: str,
    *,
    expected_version: int,
    reason: str,
    principal: Principal,
    author: str | None = None,
    source: str | None = None,
) -> WriteOutcome:
    """Withdraw record `key` at `expected_version`, saying why (and citing `source`, when
    given); its history stays."""
    with writing(store, principal=principal, author=author) as session:
        entry = session.retract(key, reason, source=source, expect_version=expected_version)
        assert entry is not None
        return _outcome(entry, session)
