"""Opening a database: the URL, the SQLite settings habeas requires, and migrations.

SQLite (a file) is the embedded default; PostgreSQL (`postgresql+psycopg://…`) is the server
backend. SQLite runs in WAL mode with `synchronous=FULL` — both are set on every connection
and checked when the store opens, so a database that cannot honour them is refused.
Write transactions on SQLite begin with `BEGIN IMMEDIATE`, so two writers queue instead of
deadlocking; on PostgreSQL the writer locks the single `ledger_head` row.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from habeas.domain.errors import StorageError, StorageSettingsError

__all__ = ["DEFAULT_SQLITE_FILE", "make_engine", "normalise_url"]

DEFAULT_SQLITE_FILE = "habeas.db"


def normalise_url(url: str | None) -> str:
    """A database URL from an option, HABEAS_DATABASE_URL, or ./habeas.db; a bare path is SQLite."""
    url = url or os.environ.get("HABEAS_DATABASE_URL") or DEFAULT_SQLITE_FILE
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Readers take a deferred transaction (in WAL mode they never block writers); writers
    # take the write lock at once, so two writers queue instead of deadlocking.
    if conn.get_execution_options().get("habeas_read_only"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None, *, check: bool = True) -> Engine:
    """An engine for `url`, configured and checked for habeas."""
    full = normalise_url(url)
    try:
        parsed = make_url(full)
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                parent = Path(database).expanduser().resolve().parent
                if not parent.is_dir():
                    raise StorageError(f"cannot create database {database}: no folder {parent}")
            engine = create_engine(full, future=True)
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        elif parsed.get_backend_name() == "postgresql":
            engine = create_engine(full, future=True, pool_pre_ping=True)
        else:
            raise StorageError(
                f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
            )
    except (ArgumentError, NoSuchModuleError, ValueError) as e:
        raise StorageError(f"cannot use database URL {full!r}: {e}") from e
    if check:
        check_settings(engine)
    return engine


def check_settings(engine: Engine) -> None:
    """Refuse a database that cannot give habeas its durability settings."""
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
                sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
                database = engine.url.database or ""
                if database not in ("", ":memory:") and str(mode).lower() != "wal":
                    raise StorageSettingsError(f"SQLite journal_mode is {mode}, expected wal")
                if int(sync or 0) != 2:
                    raise StorageSettingsError(f"SQLite synchronous is {sync}, expected 2 (FULL)")
            else:
                conn.execute(text("SELECT 1"))
            conn.rollback()
    except OperationalError as e:
        raise StorageError(f"cannot open database {engine.url!r}: {e.orig}") from e
