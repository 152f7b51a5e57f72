"""Reading and writing the stored copies of sources (`habeas.storage.copy_tables`).

The bytes are kept in the database (`bytes`), or — when the store has a copy folder
(`Store(copy_dir=...)`, `HABEAS_COPY_DIR`) — in that folder as `ab/abcdef…` (the first two
hex digits of the hash, then the hash), with the row saying `location = 'folder'`. Either
way the key is the SHA-256 of the bytes, so `habeas verify` can check them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, insert, select

from habeas.domain.errors import LedgerCorrupt, StorageSettingsError
from habeas.storage import tables as t
from habeas.storage.copy_tables import source_copies as c

__all__ = [
    "COPY_DIR_OPTION",
    "all_copies",
    "citing_sources",
    "copy_folder",
    "get_copy",
    "has_copy",
    "put_copy",
]

COPY_DIR_OPTION = "habeas_copy_dir"
"""The engine execution option naming the copy folder (set by `Store(copy_dir=...)`)."""


def copy_folder(conn: Connection) -> Path | None:
    """The folder this connection's store keeps copies in, or None (in the database)."""
    folder = conn.get_execution_options().get(COPY_DIR_OPTION)
    return Path(folder) if folder else None


def _path(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / sha256


def _write_file(folder: Path, sha256: str, data: bytes) -> None:
    """Write the bytes under their hash, atomically (a crash leaves no half-written copy)."""
    path = _path(folder, sha256)
    if path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _with_bytes(conn: Connection, row: Any) -> Any:
    """The row with its bytes read from the copy folder when they are kept there."""
    if row is None or getattr(row, "location", "database") != "folder":
        return row
    folder = copy_folder(conn)
    if folder is None:
        raise StorageSettingsError(
            f"the copy {row.sha256} is kept in a copy folder, and none is configured here "
            "(set HABEAS_COPY_DIR or --copy-dir)"
        )
    try:
        data = _path(folder, row.sha256).read_bytes()
    except OSError as e:
        raise LedgerCorrupt(
            f"the stored copy {row.sha256} is missing from the copy folder {folder}: "
            f"{e.strerror or e}"
        ) from e
    return SimpleNamespace(**{**row._asdict(), "bytes": data})


def has_copy(conn: Connection, sha256: str) -> bool:
    """True if a copy with this hash is stored."""
    return conn.execute(select(c.c.sha256).where(c.c.sha256 == sha256)).first() is not None


def put_copy(conn: Connection, row: dict[str, Any]) -> bool:
    """Store a copy (a row of `source_copies`) unless one with its hash is there already;
    True if it was stored now."""
    if has_copy(conn, row["sha256"]):
        return False
    folder = copy_folder(conn)
    if folder is not None:
        _write_file(folder, row["sha256"], row["bytes"])
        row = {**row, "bytes": b"", "location": "folder"}
    conn.execute(insert(c).values(**row))
    return True


def get_copy(conn: Connection, sha256: str) -> Any | None:
    """The row of the copy with this hash (its bytes read from wherever they are), or None."""
    return _with_bytes(conn, conn.execute(select(c).where(c.c.sha256 == sha256)).first())


def all_copies(conn: Connection, chunk: int = 20) -> Iterator[Any]:
    """Every stored copy in hash order, read `chunk` rows at a time (keyset pages, so no
    cursor stays open if the caller stops early)."""
    after = ""
    while True:
        rows = list(
            conn.execute(select(c).where(c.c.sha256 > after).order_by(c.c.sha256).limit(chunk))
        )
        for row in rows:
            yield _with_bytes(conn, row)
        if len(rows) < chunk:
            return
        after = rows[-1].sha256


def citing_sources(conn: Connection, sha256: str) -> list[Any]:
    """Current `records` rows of the active sources whose `sha256` is this hash."""
    r = t.records
    rows = conn.execute(
        select(r).where(
            r.c.record_type == "source",
            r.c.status == "active",
            r.c.body.contains(f'"sha256":"{sha256}"'),
        )
    )
    return list(rows)
