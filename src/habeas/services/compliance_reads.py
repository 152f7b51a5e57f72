"""The records compliance reads: as the ledger holds them now, or as it held them then.

`LiveReads` asks the projections (current records); `KnownAtReads` rebuilds, from the
record versions, the ledger as it stood at a recorded time (`--known-at`), so compliance can
be asked "as the ledger knew it then", as whereabouts already can.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from habeas.domain.base import Record
from habeas.storage import queries
from habeas.storage.compliance_queries import records_referring, versions_known_at
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection

__all__ = ["COMPLIANCE_TYPES", "KnownAtReads", "LiveReads", "Reads", "active_records"]


def active_records(rows: Iterable[Any]) -> list[Record]:
    """The records of projection rows, retracted ones left out."""
    out = []
    for row in rows:
        rec = record_from_row(row.body) if row.status == "active" else None
        if rec is not None:
            out.append(rec)
    return out


class Reads(Protocol):
    """What compliance reads."""

    def get(self, keys: Iterable[str]) -> list[Record]:
        """The records with these keys."""
        ...

    def referring(self, keys: Iterable[str], record_types: Sequence[str]) -> list[Record]:
        """Records of `record_types` that refer to any of `keys`, each once, in log order."""
        ...

    def about(self, subjects: Sequence[str], record_type: str) -> list[Record]:
        """Records of `record_type` whose subject is one of `subjects`."""
        ...

    def of_type(self, record_type: str) -> list[Record]:
        """Every record of one type."""
        ...


class LiveReads:
    """The ledger as it is now (the projections)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, keys: Iterable[str]) -> list[Record]:
        return active_records(queries.get_records(self.conn, keys).values())

    def referring(self, keys: Iterable[str], record_types: Sequence[str]) -> list[Record]:
        return active_records(records_referring(self.conn, keys, record_types))

    def about(self, subjects: Sequence[str], record_type: str) -> list[Record]:
        return active_records(queries.records_about(self.conn, subjects, record_type))

    def of_type(self, record_type: str) -> list[Record]:
        return active_records(queries.records_of_type(self.conn, record_type))


COMPLIANCE_TYPES = (
    "obligation", "order", "stay", "ruling", "appeal", "custody_event", "transfer",
    "docket_entry", "assessment", "statement", "case", "court", "facility",
)  # fmt: skip
"""The record types compliance folds (names of people and actors are read as they are now)."""


class KnownAtReads:
    """The ledger as it stood at `known_at` (a recorded-time string, UTC): the versions of
    the records compliance folds (`COMPLIANCE_TYPES`) recorded by then."""

    def __init__(self, conn: Connection, known_at: str) -> None:
        self.known_at = known_at
        self.records: dict[str, Record] = {}
        for row in versions_known_at(conn, known_at, COMPLIANCE_TYPES):
            rec = record_from_row(row.body)
            if rec is not None:
                self.records[rec.key] = rec
        self.refs: dict[str, list[str]] = {}
        for rec in self.records.values():
            for _path, key, _types in rec.references():
                self.refs.setdefault(key, []).append(rec.key)

    def get(self, keys: Iterable[str]) -> list[Record]:
        return [r for k in dict.fromkeys(keys) if (r := self.records.get(k)) is not None]

    def referring(self, keys: Iterable[str], record_types: Sequence[str]) -> list[Record]:
        found = {k for key in keys for k in self.refs.get(key, ())}
        types = set(record_types)
        return [r for k, r in self.records.items() if k in found and r.TYPE in types]

    def about(self, subjects: Sequence[str], record_type: str) -> list[Record]:
        wanted = set(subjects)
        return [r for r in self.records.values() if record_type == r.TYPE and r.subject() in wanted]

    def of_type(self, record_type: str) -> list[Record]:
        return sorted(
            (r for r in self.records.values() if record_type == r.TYPE), key=lambda r: r.key
        )
