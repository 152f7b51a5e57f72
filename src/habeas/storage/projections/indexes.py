"""The name index and the case index as registered projections (tables in
`habeas.storage.index_tables`).

Both are rows of one record key that depend only on its current version, so they are
`KeyedProjection`s: a correction or retraction deletes the key's rows and inserts the new
ones. The name index's row number (`id`) is not derived from the log: verify compares the
other columns, and then checks the backend's word index against the rows
(`habeas.storage.name_index.check_word_index`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from habeas.domain.base import Record
from habeas.domain.courts_records import Case
from habeas.domain.docket_keys import normalise_docket_number
from habeas.domain.docket_numbers import docket_number_core
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.obligations import FixedDeadline, Obligation
from habeas.domain.text import fold
from habeas.storage import tables as t
from habeas.storage.index_tables import case_index, name_index, obligation_index
from habeas.storage.name_index import check_word_index
from habeas.storage.projections.core import record_from_row
from habeas.storage.projections.registry import (
    CHUNK,
    KeyedProjection,
    LogState,
    Projected,
    Verifier,
    as_tuple,
    count_rows,
    differs,
    extra_key,
)

__all__ = [
    "CASE_INDEX",
    "NAME_INDEX",
    "OBLIGATION_INDEX",
    "active_batches",
    "backfill",
    "case_rows",
    "name_rows",
    "obligation_rows",
]

_NAME_COLUMNS = ("key", "term", "record_type", "sensitivity")


def name_rows(key: str, record_type: str, record: Record | None) -> list[dict[str, Any]]:
    """The name_index rows of one current record (none when retracted): each distinct
    folded name once."""
    if record is None:
        return []
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name in record.names():
        folded = fold(name)
        if folded and folded not in seen:
            seen.add(folded)
            out.append(
                {
                    "key": key,
                    "term": f" {folded} "[:500],
                    "record_type": record_type,
                    "sensitivity": record.sensitivity,
                }
            )
    return out


def case_rows(key: str, record: Record | None) -> list[dict[str, Any]]:
    """The case_index row of one current case (none when retracted or not a case)."""
    if not isinstance(record, Case):
        return []
    return [
        {
            "key": key,
            "court_key": record.court,
            "docket_number": record.docket_number,
            "docket_number_core": docket_number_core(record.docket_number),
            "docket_number_normal": normalise_docket_number(record.docket_number)[:200],
            "sensitivity": record.sensitivity,
        }
    ]


def _utc(when: Any) -> str | None:
    return None if when is None else str(when.start_utc().strftime("%Y-%m-%dT%H:%M:%SZ"))


def obligation_rows(key: str, record: Record | None) -> list[dict[str, Any]]:
    """The obligation_index row of one current obligation (none when retracted)."""
    if not isinstance(record, Obligation):
        return []
    deadline = record.deadline.at if isinstance(record.deadline, FixedDeadline) else None
    return [
        {
            "key": key,
            "order_key": record.order,
            "effective_start": _utc(record.effective_from),
            "deadline_start": _utc(deadline),
            "sensitivity": record.sensitivity,
        }
    ]


@dataclass(frozen=True)
class _NameIndex(KeyedProjection):
    def verifier(self, conn: Connection, log: LogState) -> Verifier:
        return _NameVerifier(conn, log)


class _NameVerifier(Verifier):
    def __init__(self, conn: Connection, log: LogState) -> None:
        self.conn, self.log = conn, log
        self.checked = 0

    def current(self, items: Sequence[Projected]) -> None:
        keys = [i.key for i in items]
        stored: dict[str, list[tuple[Any, ...]]] = {}
        cols = [name_index.c[c] for c in _NAME_COLUMNS]
        for i in range(0, len(keys), CHUNK):
            for row in self.conn.execute(
                select(*cols).where(name_index.c.key.in_(keys[i : i + CHUNK]))
            ):
                stored.setdefault(row.key, []).append(tuple(row))
        for item in items:
            want = [
                as_tuple(r, _NAME_COLUMNS)
                for r in name_rows(item.key, item.entry.record_type, item.record)
            ]
            wrong = differs(stored.get(item.key, []), want)
            if wrong:
                raise LedgerCorrupt(
                    f"name_index rows of {item.key} do not match the log: {wrong}",
                    position=item.entry.position,
                )
            self.checked += len(want)

    def finish(self) -> int:
        if count_rows(self.conn, name_index) != self.checked:
            extra = extra_key(self.conn, name_index, "key", self.log.keys)
            raise LedgerCorrupt(
                "name_index holds rows the log does not make"
                + (f" (for {extra}, which is not a record in the log)" if extra else "")
            )
        check_word_index(self.conn)
        return self.checked


NAME_INDEX = _NameIndex(
    name_index, "key", lambda item: name_rows(item.key, item.entry.record_type, item.record)
)
"""The names each current record is found by, with the backend's word index over them."""

CASE_INDEX = KeyedProjection(case_index, "key", lambda item: case_rows(item.key, item.record))
"""Each current case's court and docket number, by the number's core."""

OBLIGATION_INDEX = KeyedProjection(
    obligation_index, "key", lambda item: obligation_rows(item.key, item.record)
)
"""Each current obligation's order, start of effect and fixed deadline."""


def active_batches(conn: Connection, size: int = 2000) -> Iterator[list[tuple[Any, Record]]]:
    """The current `records` rows, `size` at a time in key order, each with its record
    parsed (for the migrations that fill a new index)."""
    last = ""
    r = t.records
    while True:
        rows = list(
            conn.execute(
                select(r.c.key, r.c.record_type, r.c.body)
                .where(r.c.key > last, r.c.status == "active")
                .order_by(r.c.key)
                .limit(size)
            )
        )
        if not rows:
            return
        batch: list[tuple[Any, Record]] = []
        for row in rows:
            record = record_from_row(row.body)
            if record is not None:
                batch.append((row, record))
        yield batch
        last = rows[-1].key


def backfill(conn: Connection) -> int:
    """Fill the three indexes from the current `records` rows (the migration that adds them
    does so); rows written."""
    written = 0
    for batch in active_batches(conn):
        names: list[dict[str, Any]] = []
        cases: list[dict[str, Any]] = []
        duties: list[dict[str, Any]] = []
        for row, record in batch:
            names.extend(name_rows(row.key, row.record_type, record))
            cases.extend(case_rows(row.key, record))
            duties.extend(obligation_rows(row.key, record))
        if names:
            conn.execute(insert(name_index), names)
        if cases:
            conn.execute(insert(case_index), cases)
        if duties:
            conn.execute(insert(obligation_index), duties)
        written += len(names) + len(cases) + len(duties)
    return written
