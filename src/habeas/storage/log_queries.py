"""Reading the log itself: entries decoded from their rows, and the stored tree nodes.

`entry_of` is the one way to turn a `ledger_entries` row into an `Entry` (format 1 or 2,
record rebuilt from the disclosures stored beside a format-2 body): history, the audit trail,
recent entries and verify all read entries through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from habeas.domain.errors import LedgerCorrupt
from habeas.ledger.entry import Entry, decode_entry
from habeas.ledger.merkle import NodeId
from habeas.storage import tables as t
from habeas.storage.merkle_tables import merkle_nodes

__all__ = ["entry_of", "node_count", "nodes_of_level", "tree_nodes"]

_CHUNK = 500


def entry_of(row: Any) -> Entry:
    """The entry a `ledger_entries` row holds; LedgerCorrupt naming it when it cannot be read
    (bytes that are not an entry, or disclosures that do not match its digests)."""
    try:
        return decode_entry(row.body, row.disclosures)
    except ValueError as e:
        raise LedgerCorrupt(
            f"entry {row.position} cannot be read: {e}", position=int(row.position)
        ) from e


def tree_nodes(conn: Connection, wanted: Iterable[NodeId]) -> dict[NodeId, bytes]:
    """The stored subtree roots of `wanted` (level 0: the entries' leaf hashes); nodes not
    stored are left out. One query per 500 nodes of each kind."""
    ids = list(dict.fromkeys(wanted))
    leaves = [index for level, index in ids if level == 0]
    inner = [(level, index) for level, index in ids if level > 0]
    out: dict[NodeId, bytes] = {}
    for i in range(0, len(leaves), _CHUNK):
        rows = conn.execute(
            select(t.entries.c.position, t.entries.c.leaf_hash).where(
                t.entries.c.position.in_(leaves[i : i + _CHUNK])
            )
        )
        for position, leaf in rows:
            out[(0, int(position))] = bytes.fromhex(leaf)
    n = merkle_nodes.c
    for i in range(0, len(inner), _CHUNK):
        part = inner[i : i + _CHUNK]
        rows = conn.execute(
            select(n.level, n.idx, n.hash).where(
                or_(*(and_(n.level == level, n.idx == index) for level, index in part))
            )
        )
        for level, index, digest in rows:
            out[(int(level), int(index))] = bytes.fromhex(digest)
    return out


def nodes_of_level(conn: Connection, level: int, chunk: int = 2000) -> Iterator[tuple[int, str]]:
    """The stored nodes of one level as (idx, hex hash), in order, fetched in chunks."""
    n = merkle_nodes.c
    last = -1
    while True:
        rows: Sequence[Any] = conn.execute(
            select(n.idx, n.hash).where(n.level == level, n.idx > last).order_by(n.idx).limit(chunk)
        ).all()
        if not rows:
            return
        for index, digest in rows:
            yield int(index), str(digest)
        last = int(rows[-1][0])


def node_count(conn: Connection) -> int:
    """How many subtree roots are stored."""
    return int(conn.execute(select(func.count()).select_from(merkle_nodes)).scalar_one())
