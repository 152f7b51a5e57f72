"""The records compliance reads: as the ledger holds them now, or as it held them then.

`LiveReads` asks the projections (current records); `KnownAtReads` rebuilds, from the
record versions, the ledger as it stood at a recorded time (`--known-at`), so compliance can
be asked "as the ledger knew it then", as whereabouts already can. `CaseKnownAtReads` does
the same for one case, reading only the versions of the records it is asked for (and of
those that refer to them), not every version of every type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from habeas.domain.base import Record
from habeas.storage import queries
from habeas.storage.compliance_queries import (
    keys_referring,
    records_referring,
    revised_keys,
    versions_known_at,
)
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection

__all__ = [
    "COMPLIANCE_TYPES",
    "CaseKnownAtReads",
    "KnownAtReads",
    "LiveReads",
    "Reads",
    "active_records",
]


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


class CaseKnownAtReads:
    """The ledger as it stood at `known_at`, read record by record as compliance asks (for
    one case): the same answers as `KnownAtReads`, from the versions of the records asked
    about and of those that refer to them.

    Which records refer to a key comes from the references projection, which holds each
    record's current references. For a record with one version those are its references
    then too; a record corrected or retracted at any time (more than one version) may have
    referred to other keys then, so those few are read in full, as they stood then, up front.
    """

    def __init__(self, conn: Connection, known_at: str) -> None:
        self.conn, self.known_at = conn, known_at
        self.revised = revised_keys(conn, COMPLIANCE_TYPES)
        self.cache: dict[str, Record | None] = dict.fromkeys(self.revised)
        self.position: dict[str, int] = {}
        self._load_rows(versions_known_at(conn, known_at, COMPLIANCE_TYPES, keys=self.revised))
        self.refs: dict[str, list[str]] = {}
        for key in self.revised:
            rec = self.cache.get(key)
            for _path, ref, _types in rec.references() if rec is not None else ():
                self.refs.setdefault(ref, []).append(key)

    def _load_rows(self, rows: Iterable[Any]) -> None:
        for row in rows:
            rec = record_from_row(row.body)
            if rec is not None:
                self.cache[rec.key] = rec
                self.position[rec.key] = row.position

    def _load(self, keys: Iterable[str]) -> None:
        missing = [k for k in dict.fromkeys(keys) if k not in self.cache]
        if not missing:
            return
        self.cache.update(dict.fromkeys(missing))
        self._load_rows(versions_known_at(self.conn, self.known_at, COMPLIANCE_TYPES, keys=missing))

    def _in_log_order(self, keys: Iterable[str]) -> list[Record]:
        found = [(self.position[k], r) for k in set(keys) if (r := self.cache.get(k)) is not None]
        return [r for _p, r in sorted(found, key=lambda x: x[0])]

    def get(self, keys: Iterable[str]) -> list[Record]:
        wanted = list(dict.fromkeys(keys))
        self._load(wanted)
        return [r for k in wanted if (r := self.cache.get(k)) is not None]

    def referring(self, keys: Iterable[str], record_types: Sequence[str]) -> list[Record]:
        wanted = list(dict.fromkeys(keys))
        found = keys_referring(self.conn, wanted) - self.revised
        self._load(found)
        found |= {k for key in wanted for k in self.refs.get(key, ())}
        types = set(record_types)
        return [r for r in self._in_log_order(found) if r.TYPE in types]

    def about(self, subjects: Sequence[str], record_type: str) -> list[Record]:
        rows = versions_known_at(self.conn, self.known_at, [record_type], subjects=subjects)
        self._load_rows(r for r in rows if r.record_key not in self.revised)
        keys = {r.record_key for r in rows} - self.revised
        wanted = set(subjects)
        keys |= {
            k
            for k in self.revised
            if (rec := self.cache.get(k)) is not None
            and record_type == rec.TYPE
            and rec.subject() in wanted
        }
        return self._in_log_order(keys)

    def of_type(self, record_type: str) -> list[Record]:
        rows = versions_known_at(self.conn, self.known_at, [record_type])
        self._load_rows(rows)
        return sorted(
            (r for r in self.cache.values() if r is not None and record_type == r.TYPE),
            key=lambda r: r.key,
        )
