"""A scratch index on disk for checking a large input file with flat memory.

Validation must know every key in a bundle to find duplicates and dangling references, but
a bundle may hold millions of records: the keys go to a temporary SQLite file, not to RAM.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["KeyIndex"]


class KeyIndex:
    """Keys seen in a file (with line and type) and the references made to them."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="habeas-check-")
        self._db = sqlite3.connect(Path(self._dir.name) / "keys.db")
        self._db.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE keys (key TEXT PRIMARY KEY, line INTEGER, type TEXT) WITHOUT ROWID;
            CREATE TABLE refs (line INTEGER, path TEXT, ref TEXT, allowed TEXT);
            """
        )
        self._refs: list[tuple[int, str, str, str]] = []

    def add_key(self, key: str, line: int, rtype: str) -> int | None:
        """Record a key; return the line it was first seen on if it is a duplicate."""
        try:
            self._db.execute("INSERT INTO keys VALUES (?, ?, ?)", (key, line, rtype))
        except sqlite3.IntegrityError:
            row = self._db.execute("SELECT line FROM keys WHERE key = ?", (key,)).fetchone()
            return int(row[0])
        return None

    def add_ref(self, line: int, path: str, ref: str, allowed: tuple[str, ...]) -> None:
        """Record that `line` refers to `ref` in field `path`."""
        self._refs.append((line, path, ref, ",".join(allowed)))
        if len(self._refs) >= 5000:
            self._db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?)", self._refs)
            self._refs = []

    def type_of(self, key: str) -> str | None:
        """The type of `key` in the file, if it is there."""
        row = self._db.execute("SELECT type FROM keys WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def references(self) -> Iterator[tuple[int, str, str, tuple[str, ...], str | None]]:
        """Every reference: (line, field, key, allowed types, type of key in the file or None)."""
        if self._refs:
            self._db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?)", self._refs)
            self._refs = []
        cur = self._db.execute(
            "SELECT r.line, r.path, r.ref, r.allowed, k.type FROM refs r "
            "LEFT JOIN keys k ON k.key = r.ref ORDER BY r.line, r.path"
        )
        for line, path, ref, allowed, rtype in cur:
            yield int(line), str(path), str(ref), tuple(str(allowed).split(",")), rtype

    def all_keys(self) -> Iterator[tuple[str, int, str]]:
        """Every key seen: (key, line, type), in key order."""
        cur = self._db.execute("SELECT key, line, type FROM keys ORDER BY key")
        for key, line, rtype in cur:
            yield str(key), int(line), str(rtype)

    def close(self) -> None:
        """Remove the scratch file."""
        self._db.close()
        self._dir.cleanup()
