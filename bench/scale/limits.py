"""The physical limits each figure is a ratio against, measured beside it in the same run.

- `bare_insert_sqlite`: the rows an import wrote, read back from its tables and inserted with
  `executemany` into an empty copy of the same schema (the same SQL from `sqlite_master`,
  indexes and triggers included) under the same pragmas habeas sets (WAL, synchronous FULL,
  foreign keys on). Only the inserts and their commits are timed.
- `bare_copy_postgres`: the same on PostgreSQL with COPY: each table copied out to a file
  (not timed), then COPY FROM STDIN into `CREATE TABLE … (LIKE … INCLUDING ALL)` (indexes,
  defaults and checks, not foreign keys or triggers; habeas has no PostgreSQL triggers).
- `hash_limit`: hashlib over the very bytes of every entry (SHA-256 of 0x00 ‖ body, RFC 6962
  leaf) and the RFC 6962 root over those leaves (SHA-256 of 0x01 ‖ left ‖ right), nothing
  else: no reading, no decoding, no checks.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Bare", "bare_copy_postgres", "bare_insert_sqlite", "hash_limit", "rfc6962_root"]

CHUNK = 20_000


@dataclass(frozen=True)
class Bare:
    """What a bare insert wrote and how long its writes took."""

    rows: int
    tables: int
    seconds: float


def bare_insert_sqlite(source: Path, target: Path) -> Bare:
    """Insert every row of `source`'s tables into an empty copy of its schema at `target`."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        dst.execute(f"PRAGMA {pragma}")
    kinds = {name: kind for _s, name, kind, *_ in src.execute("PRAGMA table_list")}
    schema = src.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid"
    ).fetchall()
    tables = []
    for kind, name, sql in schema:
        if kinds.get(name) == "shadow" or name.startswith("sqlite_"):
            continue
        dst.execute(sql)
        if kind == "table" and kinds.get(name) == "table":
            tables.append(name)
    rows = written = 0
    seconds = 0.0
    for name in tables:
        columns = [r[1] for r in src.execute(f'PRAGMA table_info("{name}")')]
        insert = f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(columns))})'
        cursor = src.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        wrote = False
        while chunk := cursor.fetchmany(CHUNK):
            t = time.perf_counter()
            dst.execute("BEGIN")
            dst.executemany(insert, chunk)
            dst.execute("COMMIT")
            seconds += time.perf_counter() - t
            rows += len(chunk)
            wrote = True
        written += wrote
    src.close()
    dst.close()
    return Bare(rows, written, seconds)


def bare_copy_postgres(dsn: str, schema: str) -> Bare:
    """COPY every row of `schema`'s tables into a fresh schema of the same tables (dropped
    afterwards)."""
    import psycopg

    bare = f"bare_{uuid.uuid4().hex[:8]}"
    rows = written = 0
    seconds = 0.0
    with psycopg.connect(dsn, autocommit=True) as conn, tempfile.TemporaryDirectory() as tmp:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_type = 'BASE TABLE' ORDER BY table_name",
                (schema,),
            )
        ]
        conn.execute(f'CREATE SCHEMA "{bare}"')
        try:
            for name in names:
                conn.execute(
                    f'CREATE TABLE "{bare}"."{name}" (LIKE "{schema}"."{name}" INCLUDING ALL)'
                )
                count = conn.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchone()
                n = int(count[0]) if count else 0
                if not n:
                    continue
                dump = Path(tmp) / f"{name}.copy"
                with (
                    dump.open("wb") as f,
                    conn.cursor() as cur,
                    cur.copy(f'COPY "{schema}"."{name}" TO STDOUT') as out,
                ):
                    for block in out:
                        f.write(block)
                t = time.perf_counter()
                with (
                    conn.transaction(),
                    conn.cursor() as cur,
                    dump.open("rb") as f,
                    cur.copy(f'COPY "{bare}"."{name}" FROM STDIN') as into,
                ):
                    while block := f.read(1 << 20):
                        into.write(block)
                seconds += time.perf_counter() - t
                rows += n
                written += 1
        finally:
            conn.execute(f'DROP SCHEMA "{bare}" CASCADE')
    return Bare(rows, written, seconds)


def rfc6962_root(leaves: list[bytes]) -> bytes:
    """The RFC 6962 Merkle tree hash of `leaves` (leaf hashes), by hashlib alone: the
    largest power of two below n on the left, the rest on the right, bottom up with a
    stack of perfect subtrees."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    stack: list[tuple[int, bytes]] = []
    sha = hashlib.sha256
    for leaf in leaves:
        size, node = 1, leaf
        while stack and stack[-1][0] == size:
            _, left = stack.pop()
            node = sha(b"\x01" + left + node).digest()
            size *= 2
        stack.append((size, node))
    _, node = stack.pop()
    while stack:
        _, left = stack.pop()
        node = sha(b"\x01" + left + node).digest()
    return node


def hash_limit(bodies: Iterable[bytes]) -> tuple[int, float, bytes]:
    """How many entries, how long hashlib takes over their leaves and the RFC 6962 root,
    and that root."""
    data = list(bodies)
    t = time.perf_counter()
    sha = hashlib.sha256
    leaves = [sha(b"\x00" + body).digest() for body in data]
    root = rfc6962_root(leaves)
    return len(data), time.perf_counter() - t, root
