"""The projection registry: every table derived from the log, in one list.

A projection is a derived table (or a few) that the writer fills in the same transaction as
each append and that `habeas verify` rebuilds from the log and compares, row by row. To add
one, write a module that builds a `Projection` and register it in
`habeas.storage.projections` (the one place where the list is made): the writer and verify
iterate `registered()`, so nothing else changes.

Three shapes cover the needs so far; a projection may also implement the protocol itself:

- `KeyedProjection`: rows that belong to one record key and depend only on that record's
  current version (references, search names). On a correction or retraction the key's old
  rows are deleted and the new ones inserted.
- `EntryProjection`: rows made by each entry, never changed afterwards (every version).
- a projection over a group of records (custody spans, by person) implements `project`
  itself: it recomputes the whole group whenever one of its records changes.

Projections run in the order they were registered; one that reads another projection's
table in `project` (as custody spans read `records`) must be registered after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from sqlalchemy import Connection, Table, delete, func, insert, select

from habeas.domain.base import Record
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.registry import parse_record
from habeas.ledger.entry import Entry

__all__ = [
    "CHUNK",
    "Batch",
    "EntryProjection",
    "KeyState",
    "KeyedProjection",
    "LogState",
    "Projected",
    "Projection",
    "Verifier",
    "as_tuple",
    "column_names",
    "count_rows",
    "delete_keys",
    "differs",
    "extra_key",
    "project_batch",
    "register",
    "registered",
    "unregister",
]

CHUNK = 500
"""Keys per query when deleting or comparing rows (well under every driver's limit)."""


@dataclass
class Projected:
    """One record entry as the projections see it: the entry, its parsed record (None for
    a retraction), when its key was first recorded, and what the record was about before
    this entry (its previous `subject()`; None if it had none or is new, and always None
    during verify)."""

    entry: Entry
    first_recorded_at: str
    given_record: Record | None = None
    previous_subject: str | None = None
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Scratch space: a projection may keep what it derived from this item here, so the
    next projection that needs it does not derive it again."""

    @cached_property
    def record(self) -> Record | None:
        """The record this entry makes (parsed once, when first asked)."""
        if self.given_record is not None:
            return self.given_record
        return parse_record(self.entry.record) if self.entry.record is not None else None

    @property
    def key(self) -> str:
        """The record key."""
        return self.entry.record_key


@dataclass(frozen=True)
class Batch:
    """The record entries of one flush, in log order, and the keys among them that already
    had projection rows before it (corrections and retractions)."""

    items: Sequence[Projected]
    replaced: frozenset[str] = frozenset()

    def latest(self) -> list[Projected]:
        """The last item of each key, in the order the keys first appear."""
        last: dict[str, Projected] = {}
        for item in self.items:
            last.pop(item.key, None)
            last[item.key] = item
        return list(last.values())


@dataclass
class KeyState:
    """What verify learned of one key from the log: its latest entry."""

    position: int
    version: int
    op: str
    first_recorded_at: str


@dataclass
class LogState:
    """The log as verify has read it so far; complete once every entry is checked."""

    keys: dict[str, KeyState] = field(default_factory=dict)


class Verifier:
    """Checks one projection against the log; verify calls, in this order:

    - `entry(item)` for every record entry, in log order (after the entry itself checked);
    - `current(items)` for the current version of every key, in key order, in chunks;
    - `finish()` once: check what is left (extra rows), return how many rows were checked.

    Each raises LedgerCorrupt naming the first bad row. The default does nothing.
    """

    def entry(self, item: Projected) -> None:
        """Check the rows one entry made."""

    def current(self, items: Sequence[Projected]) -> None:
        """Check the rows of a chunk of current records."""

    def finish(self) -> int:
        """Check what is left; the number of rows checked."""
        return 0


class Projection(Protocol):
    """A derived table (or a few): how one batch of entries changes it, and how verify
    rebuilds and compares it."""

    @property
    def name(self) -> str:
        """The projection's name (its main table's, by convention)."""
        ...

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables it writes."""
        ...

    def project(self, conn: Connection, batch: Batch) -> None:
        """Write (and remove) this projection's rows for one batch of entries."""
        ...

    def verifier(self, conn: Connection, log: LogState) -> Verifier:
        """A verifier for this projection over the log read through `conn`."""
        ...


_REGISTRY: list[Projection] = []


def register(projection: Projection) -> Projection:
    """Add a projection (refused if one of that name is registered); returns it."""
    if any(p.name == projection.name for p in _REGISTRY):
        raise ValueError(f"a projection named {projection.name!r} is already registered")
    _REGISTRY.append(projection)
    return projection


def unregister(name: str) -> None:
    """Remove the projection named `name` (tests register toy projections and remove them)."""
    _REGISTRY[:] = [p for p in _REGISTRY if p.name != name]


def registered() -> tuple[Projection, ...]:
    """Every registered projection, in registration order."""
    return tuple(_REGISTRY)


def project_batch(conn: Connection, batch: Batch) -> None:
    """Run every registered projection over one batch (the writer's one call)."""
    if not batch.items:
        return
    for projection in _REGISTRY:
        projection.project(conn, batch)


# -- comparing stored rows with rebuilt ones ---------------------------------------------
def column_names(table: Table) -> list[str]:
    return [c.name for c in table.columns]


def as_tuple(row: Mapping[Any, Any], columns: Sequence[str]) -> tuple[Any, ...]:
    return tuple(row.get(c) for c in columns)


def differs(stored: Sequence[tuple[Any, ...]], want: Sequence[tuple[Any, ...]]) -> str | None:
    """What is wrong with `stored` against `want` (None: they agree), in words."""
    s, w = sorted(stored, key=repr), sorted(want, key=repr)
    if s == w:
        return None
    missing = [r for r in w if r not in s]
    extra = [r for r in s if r not in w]
    if missing and extra:
        return f"a row differs: stored {extra[0]!r}, the log makes {missing[0]!r}"
    if missing:
        return f"a row is missing: {missing[0]!r}"
    if extra:
        return f"an extra row: {extra[0]!r}"
    return "rows are duplicated"


def _stored_by_key(
    conn: Connection, table: Table, key_column: str, keys: Sequence[str]
) -> dict[str, list[tuple[Any, ...]]]:
    columns = column_names(table)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        for row in conn.execute(select(table).where(table.c[key_column].in_(chunk))):
            m = row._mapping
            out.setdefault(m[key_column], []).append(as_tuple(m, columns))
    return out


def extra_key(conn: Connection, table: Table, key_column: str, known: Iterable[str]) -> str | None:
    """A key with rows in `table` that the log does not make (None: none found)."""
    wanted = set(known)
    for row in conn.execute(select(table.c[key_column]).distinct()):
        if row[0] not in wanted:
            return str(row[0])
    return None


def count_rows(conn: Connection, table: Table) -> int:
    """Rows in `table`."""
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def delete_keys(conn: Connection, table: Table, key_column: str, keys: Sequence[str]) -> None:
    """Delete the rows of `keys` from `table`, in chunks."""
    for i in range(0, len(keys), CHUNK):
        conn.execute(delete(table).where(table.c[key_column].in_(keys[i : i + CHUNK])))


# -- rows of one record key ---------------------------------------------------------------
RowsOf = Callable[[Projected], list[dict[str, Any]]]


class _OneTable:
    """What the two shapes below share: one table, named by it unless a label is given."""

    table: Table
    label: str | None

    @property
    def name(self) -> str:
        return self.label or self.table.name

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.table,)


@dataclass(frozen=True)
class KeyedProjection(_OneTable):
    """Rows of `table` that belong to one record key (column `key_column`) and depend only
    on that record's current version: `rows(item)` says what they are (pure: the same
    item always makes the same rows). A correction or retraction deletes the key's rows
    and inserts the new ones."""

    table: Table
    key_column: str
    rows: RowsOf
    label: str | None = None

    def project(self, conn: Connection, batch: Batch) -> None:
        latest = batch.latest()
        replaced = [i.key for i in latest if i.key in batch.replaced]
        delete_keys(conn, self.table, self.key_column, replaced)
        new = [row for item in latest for row in self.rows(item)]
        if new:
            conn.execute(insert(self.table), new)

    def verifier(self, conn: Connection, log: LogState) -> Verifier:
        return _KeyedVerifier(self, conn, log)


class _KeyedVerifier(Verifier):
    def __init__(self, p: KeyedProjection, conn: Connection, log: LogState) -> None:
        self.p, self.conn, self.log = p, conn, log
        self.columns = column_names(p.table)
        self.checked = 0

    def current(self, items: Sequence[Projected]) -> None:
        stored = _stored_by_key(self.conn, self.p.table, self.p.key_column, [i.key for i in items])
        for item in items:
            want = [as_tuple(r, self.columns) for r in self.p.rows(item)]
            wrong = differs(stored.get(item.key, []), want)
            if wrong:
                raise LedgerCorrupt(
                    f"{self.p.table.name} rows of {item.key} do not match the log: {wrong}",
                    position=item.entry.position,
                )
            self.checked += len(want)

    def finish(self) -> int:
        if count_rows(self.conn, self.p.table) != self.checked:
            extra = extra_key(self.conn, self.p.table, self.p.key_column, self.log.keys)
            raise LedgerCorrupt(
                f"{self.p.table.name} holds rows the log does not make"
                + (f" (for {extra}, which is not a record in the log)" if extra else "")
            )
        return self.checked


# -- rows of each entry --------------------------------------------------------------------
@dataclass(frozen=True)
class EntryProjection(_OneTable):
    """Rows of `table` made by each entry and never changed afterwards; `position_column`
    holds the entry's position, and rows come back ordered by it."""

    table: Table
    position_column: str
    rows: RowsOf
    label: str | None = None

    def project(self, conn: Connection, batch: Batch) -> None:
        new = [row for item in batch.items for row in self.rows(item)]
        if new:
            conn.execute(insert(self.table), new)

    def verifier(self, conn: Connection, log: LogState) -> Verifier:
        return _EntryVerifier(self, conn)


class _EntryVerifier(Verifier):
    def __init__(self, p: EntryProjection, conn: Connection) -> None:
        self.p = p
        self.columns = column_names(p.table)
        self.stored = self._stream(conn)
        self.ahead: tuple[Any, ...] | None = next(self.stored, None)
        self.checked = 0

    def _stream(self, conn: Connection) -> Iterator[tuple[Any, ...]]:
        order = self.p.table.c[self.p.position_column]
        pk = [c for c in self.p.table.primary_key.columns if c is not order]
        last: int | None = None
        while True:
            stmt = select(self.p.table).order_by(order, *pk).limit(2000)
            if last is not None:
                stmt = stmt.where(order > last)
            rows = list(conn.execute(stmt))
            if not rows:
                return
            # Never split one position's rows between two pages.
            if len(rows) == 2000:
                cut = rows[-1]._mapping[self.p.position_column]
                kept = [r for r in rows if r._mapping[self.p.position_column] != cut]
                rows = kept or rows
            for r in rows:
                yield as_tuple(r._mapping, self.columns)
            last = rows[-1]._mapping[self.p.position_column]

    def _position(self, row: tuple[Any, ...]) -> int:
        return int(row[self.columns.index(self.p.position_column)])

    def entry(self, item: Projected) -> None:
        pos = item.entry.position
        stored: list[tuple[Any, ...]] = []
        while self.ahead is not None and self._position(self.ahead) <= pos:
            if self._position(self.ahead) < pos:
                raise LedgerCorrupt(
                    f"{self.p.table.name} has a row for position {self._position(self.ahead)} "
                    "that no record entry makes",
                    position=self._position(self.ahead),
                )
            stored.append(self.ahead)
            self.ahead = next(self.stored, None)
        want = [as_tuple(r, self.columns) for r in self.p.rows(item)]
        wrong = differs(stored, want)
        if wrong:
            what = "has no row" if not stored else "row was altered"
            raise LedgerCorrupt(
                f"{self.p.table.name} {what} for entry {pos}: {wrong}", position=pos
            )
        self.checked += len(want)

    def finish(self) -> int:
        if self.ahead is not None:
            pos = self._position(self.ahead)
            raise LedgerCorrupt(
                f"{self.p.table.name} has a row for position {pos} with no entry", position=pos
            )
        return self.checked
