"""The store: one database, its migrations, and the transactions that read and append.

This is the only layer that talks to the database. Driver errors are translated here into
habeas's own errors (`StorageError`, `Conflict`), so nothing above sees SQLAlchemy or psycopg.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from habeas.domain.errors import Conflict, HabeasError, StorageError
from habeas.ledger.merkle import EMPTY_ROOT
from habeas.storage import tables as t
from habeas.storage.audit_queue import AuditQueue
from habeas.storage.engine import make_engine
from habeas.storage.merkle_tables import merkle_nodes
from habeas.storage.projections import Batch, project_batch

__all__ = ["Connection", "Head", "Store", "WriteTx"]

BATCH = 1000


@dataclass(frozen=True)
class Head:
    """The log's size, root and right edge as stored."""

    size: int
    root: str
    frontier: list[str]


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn driver errors into habeas errors at this boundary."""
    try:
        yield
    except HabeasError:
        raise
    except IntegrityError as e:
        raise Conflict(f"the database refused a write that would break the log: {e.orig}") from e
    except OperationalError as e:
        raise StorageError(f"database error: {e.orig}") from e
    except DBAPIError as e:
        raise StorageError(f"database error: {e.orig}") from e
    except SQLAlchemyError as e:
        raise StorageError(f"database error: {e}") from e


class Store:
    """A habeas database (SQLite file or PostgreSQL)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        engine: Engine | None = None,
        copy_dir: str | Path | None = None,
    ) -> None:
        self.engine = engine or make_engine(url)
        self.copy_dir = Path(copy_dir).expanduser().resolve() if copy_dir else None
        if self.copy_dir is not None:
            # Stored copies of sources go to this folder (habeas.storage.copies).
            self.engine = self.engine.execution_options(habeas_copy_dir=str(self.copy_dir))
        self._audit_queue: AuditQueue | None = None
        self._audit_queue_lock = threading.Lock()

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return str(self.engine.dialect.name)

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def audit_queue(self) -> AuditQueue:
        """The durable queue of audit events of reads (made on first use; on a SQLite file
        it is the sidecar file `<database>.audit-queue`, see `habeas.storage.audit_queue`)."""
        with self._audit_queue_lock:
            if self._audit_queue is None:
                with translate_errors():
                    self._audit_queue = AuditQueue(self.engine)
            return self._audit_queue

    def close(self) -> None:
        """Release the connections (the audit queue's too)."""
        with self._audit_queue_lock:
            if self._audit_queue is not None:
                self._audit_queue.close()
                self._audit_queue = None
        self.engine.dispose()

    # -- schema -------------------------------------------------------------------------
    def _alembic_config(self, conn: Connection) -> Config:
        cfg = Config()
        folder = resources.files("habeas.storage") / "migrations"
        cfg.set_main_option("script_location", str(folder))
        cfg.attributes["connection"] = conn
        return cfg

    def migrate(self) -> None:
        """Bring the schema up to date (creates it in an empty database)."""
        with translate_errors(), self.engine.begin() as conn:
            command.upgrade(self._alembic_config(conn), "head")
            exists = conn.execute(select(t.head.c.id)).first()
            if exists is None:
                conn.execute(
                    insert(t.head).values(id=1, size=0, root=EMPTY_ROOT.hex(), frontier="[]")
                )

    def revision(self) -> str | None:
        """The schema revision of the database, or None when it has no habeas schema."""
        with translate_errors(), self.engine.connect() as conn:
            rev = MigrationContext.configure(conn).get_current_revision()
            conn.rollback()
            return rev

    def head_revision(self) -> str | None:
        """The newest schema revision this version of habeas knows."""
        with translate_errors(), self.engine.connect() as conn:
            script = ScriptDirectory.from_config(self._alembic_config(conn))
            conn.rollback()
        return script.get_current_head()

    def require_schema(self) -> None:
        """Raise StorageError unless the database has the current habeas schema."""
        have = self.revision()
        if have is None:
            raise StorageError(
                f"{self.url} has no habeas ledger yet: run `habeas init` (or `habeas demo`)"
            )
        want = self.head_revision()
        if have != want:
            raise StorageError(
                f"{self.url} has schema {have}, this habeas needs {want}: "
                "run `habeas init` to upgrade it (nothing is lost: migrations only add)"
            )

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only view (a transaction rolled back at the end; never blocks writers)."""
        with (
            translate_errors(),
            self.engine.connect().execution_options(habeas_read_only=True) as conn,
        ):
            try:
                yield conn
            finally:
                conn.rollback()

    @contextmanager
    def write(self) -> Iterator[WriteTx]:
        """One write transaction: everything in it lands together or not at all."""
        with translate_errors(), self.engine.begin() as conn:
            yield WriteTx(conn)


class WriteTx:
    """The operations of one write transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.backend = str(conn.dialect.name)

    def lock_head(self) -> Head:
        """Read the head, locking it so no other writer can append until this one ends."""
        stmt = select(t.head.c.size, t.head.c.root, t.head.c.frontier).where(t.head.c.id == 1)
        if self.backend == "postgresql":
            stmt = stmt.with_for_update()
        row = self.conn.execute(stmt).first()
        if row is None:
            raise StorageError("the database has no ledger head: run `habeas init`")
        return Head(int(row.size), str(row.root), list(json.loads(row.frontier)))

    def save_head(self, head: Head, expected_size: int) -> None:
        """Store the new head; refuse if another writer moved it meanwhile."""
        result = self.conn.execute(
            update(t.head)
            .where(t.head.c.id == 1, t.head.c.size == expected_size)
            .values(size=head.size, root=head.root, frontier=json.dumps(head.frontier))
        )
        if result.rowcount != 1:
            raise Conflict("another writer appended to the log at the same time; try again")

    def current(self, keys: Iterable[str]) -> dict[str, Any]:
        """The current projection rows of `keys` (absent keys are left out)."""
        wanted = list(dict.fromkeys(keys))
        out: dict[str, Any] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            for row in self.conn.execute(select(t.records).where(t.records.c.key.in_(chunk))):
                out[row.key] = row
        return out

    def existing_types(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """key -> (record type, status) for those of `keys` already in the ledger."""
        wanted = list(dict.fromkeys(keys))
        out: dict[str, tuple[str, str]] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = self.conn.execute(
                select(t.records.c.key, t.records.c.record_type, t.records.c.status).where(
                    t.records.c.key.in_(chunk)
                )
            )
            for row in rows:
                out[row.key] = (row.record_type, row.status)
        return out

    def append(self, entry_rows: Sequence[dict[str, Any]], batch: Batch | None = None) -> None:
        """Write one batch of entries, then let every registered projection write its rows
        for `batch` (the record entries among them; audit entries make none)."""
        if not entry_rows:
            return
        self.conn.execute(insert(t.entries), list(entry_rows))
        if batch is not None:
            project_batch(self.conn, batch)

    def append_nodes(self, rows: Sequence[dict[str, Any]]) -> None:
        """Store the Merkle subtree roots an append completed: {"level", "idx", "hash"}."""
        if rows:
            self.conn.execute(insert(merkle_nodes), list(rows))


def count_rows(conn: Connection, table: str) -> int:
    """Rows in one of habeas's tables."""
    tbl = t.metadata.tables[table]
    return int(conn.execute(select(func.count()).select_from(tbl)).scalar_one())
