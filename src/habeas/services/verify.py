"""`habeas verify`: recompute every leaf, the tree, and every projection from the stored log.

Any change to a stored byte, any deleted, moved or inserted entry, and any edit to a
projection table is found; the report names the first bad entry (or record). Every
projection in the registry (`habeas.storage.projections.registered()`) is checked, in
registration order: each record entry as it is read, then the current version of every
key in chunks of 500, then what is left over (rows the log does not make).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from habeas.domain.errors import LedgerCorrupt
from habeas.ledger.commitments import DisclosureError
from habeas.ledger.entry import Entry, decode_entry
from habeas.ledger.merkle import CompactRange, leaf_hash
from habeas.storage import copies, log_queries, queries
from habeas.storage.projections import KeyState, LogState, Projected, registered
from habeas.storage.projections.registry import CHUNK
from habeas.storage.store import Store

__all__ = ["VerifyReport", "verify_copies", "verify_ledger"]


@dataclass(frozen=True)
class VerifyReport:
    """What verification checked."""

    size: int
    root: str
    records: int
    references: int
    search_terms: int
    projections: dict[str, int] = field(default_factory=dict)
    """Rows checked in each registered projection, by name."""


def _same(row: Any, expected: dict[str, Any]) -> list[str]:
    return [name for name, value in expected.items() if getattr(row, name) != value]


def verify_ledger(
    store: Store,
    *,
    progress: Callable[[int, int], None] | None = None,
    log_only: bool = False,
) -> VerifyReport:
    """Check the whole ledger; raise LedgerCorrupt naming the first problem found.

    `log_only`: check the log alone (every entry, its leaf, the tree, the stored subtree
    roots, the head and the stored copies) and none of the projections; the report then
    counts no projection rows."""
    with store.read() as conn:
        head = queries.head_row(conn)
        if head is None:
            raise LedgerCorrupt("the ledger head is missing")
        total = int(head.size)
        tree = CompactRange()
        nodes = _StoredNodes(conn)
        log = LogState()
        keys = log.keys
        verifiers = [] if log_only else [(p.name, p.verifier(conn, log)) for p in registered()]
        expected = 0
        for row in queries.all_entries(conn):
            pos = int(row.position)
            if pos != expected:
                raise LedgerCorrupt(
                    f"entry {expected} is missing: the log jumps from {expected - 1} to {pos} "
                    "(an entry was deleted or moved)",
                    position=expected,
                )
            entry = _check_entry(row, pos, tree, keys, nodes)
            if entry is not None:
                item = Projected(entry, keys[entry.record_key].first_recorded_at)
                for _name, v in verifiers:
                    v.entry(item)
            expected += 1
            if progress and expected % 1000 == 0:
                progress(expected, total)
        if expected != total:
            where = min(expected, total)
            raise LedgerCorrupt(
                f"the log holds {expected} entries but its head says {total} "
                f"(first disagreeing entry: {where})",
                position=where,
            )
        if tree.root().hex() != head.root or tree.to_hex() != json.loads(head.frontier):
            raise LedgerCorrupt(
                "the stored head's root does not match the recomputed tree",
                position=total - 1 if total else None,
            )
        nodes.finish(total)
        ordered = [] if log_only else sorted(keys)
        for i in range(0, len(ordered), CHUNK):
            chunk = ordered[i : i + CHUNK]
            rows = queries.entries_at(conn, [keys[k].position for k in chunk])
            items = [
                Projected(log_queries.entry_of(rows[keys[k].position]), keys[k].first_recorded_at)
                for k in chunk
            ]
            for _name, v in verifiers:
                v.current(items)
        counts = {name: v.finish() for name, v in verifiers}
        verify_copies(conn)
        if progress:
            progress(total, total)
        return VerifyReport(
            total,
            tree.root().hex(),
            counts.get("records", 0),
            counts.get("record_refs", 0),
            counts.get("search_terms", 0),
            counts,
        )


class _StoredNodes:
    """Checks the stored subtree roots (`merkle_nodes`) against the recomputed tree, level
    by level in order, as the entries are replayed."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.levels: dict[int, Iterator[tuple[int, str]]] = {}
        self.checked = 0

    def check(self, completed: list[tuple[int, int, bytes]], pos: int) -> None:
        for level, index, node in completed:
            stream = self.levels.setdefault(level, log_queries.nodes_of_level(self.conn, level))
            got = next(stream, None)
            first, last = index << level, ((index + 1) << level) - 1
            if got is None or got[0] != index:
                raise LedgerCorrupt(
                    f"the stored subtree root of entries {first}..{last} (level {level}) is "
                    "missing: run `habeas init` to back-fill it",
                    position=pos,
                )
            if got[1] != node.hex():
                raise LedgerCorrupt(
                    f"the stored subtree root of entries {first}..{last} (level {level}) does "
                    "not match the recomputed tree",
                    position=pos,
                )
            self.checked += 1

    def finish(self, size: int) -> None:
        stored = log_queries.node_count(self.conn)
        if stored != self.checked:
            raise LedgerCorrupt(
                f"merkle_nodes holds {stored} subtree roots, but a log of {size} entries "
                f"makes {self.checked}"
            )


def _check_entry(
    row: Any, pos: int, tree: CompactRange, keys: dict[str, KeyState], nodes: _StoredNodes
) -> Entry | None:
    """Check one entry and add it to the tree; the entry, or None for an audit entry.

    A format-2 entry's leaf is over its envelope (the stored body); every disclosure stored
    beside it must match its digest and every digest must have one (`decode_entry`).
    """
    raw = row.body.encode("utf-8")
    try:
        entry = decode_entry(raw, row.disclosures)
    except DisclosureError as e:
        raise LedgerCorrupt(f"entry {pos} was altered: {e}", position=pos) from e
    except ValueError as e:
        raise LedgerCorrupt(f"entry {pos} cannot be read: {e}", position=pos) from e
    if entry.position != pos:
        raise LedgerCorrupt(
            f"entry {pos} says it belongs at position {entry.position} (entries were reordered)",
            position=pos,
        )
    computed = leaf_hash(raw)
    if computed.hex() != row.leaf_hash:
        raise LedgerCorrupt(
            f"entry {pos} was altered: its bytes no longer match its leaf hash", position=pos
        )
    columns = {
        "op": entry.op,
        "record_type": entry.record_type,
        "record_key": entry.record_key,
        "version": entry.version,
        "recorded_at": entry.recorded_at,
    }
    bad = _same(row, columns)
    if bad:
        raise LedgerCorrupt(
            f"entry {pos} was altered: column(s) {', '.join(bad)} disagree with its hashed body",
            position=pos,
        )
    nodes.check(tree.append(computed), pos)
    if tree.root().hex() != row.tree_root:
        raise LedgerCorrupt(
            f"entry {pos}: the stored tree root does not match the recomputed "
            "tree (an earlier entry was replaced or removed)",
            position=pos,
        )
    if entry.op == "audit":
        if entry.record_type != "audit" or entry.record_key != f"audit/{pos}" or entry.version != 1:
            raise LedgerCorrupt(f"entry {pos} is a malformed audit entry", position=pos)
        return None
    if entry.record_type == "audit":
        raise LedgerCorrupt(
            f"entry {pos} is an audit record that is not an audit entry", position=pos
        )
    prior = keys.get(entry.record_key)
    want_version = prior.version + 1 if prior else 1
    if entry.version != want_version or (prior is None) != (entry.op == "assert"):
        raise LedgerCorrupt(
            f"entry {pos}: {entry.record_key} version {entry.version} does not "
            f"follow its history (expected {want_version})",
            position=pos,
        )
    if prior is not None and entry.supersedes != prior.position:
        raise LedgerCorrupt(
            f"entry {pos} supersedes {entry.supersedes}, but the previous entry "
            f"for {entry.record_key} is {prior.position}",
            position=pos,
        )
    keys[entry.record_key] = KeyState(
        pos, entry.version, entry.op, prior.first_recorded_at if prior else entry.recorded_at
    )
    return entry


def verify_copies(conn: Any) -> int:
    """Check that every stored copy of a source (`source_copies`) still hashes to its key
    and has its recorded size; raise LedgerCorrupt naming the first that does not. Returns
    how many copies were checked."""
    checked = 0
    for row in copies.all_copies(conn):
        data = bytes(row.bytes)
        if hashlib.sha256(data).hexdigest() != row.sha256 or len(data) != int(row.size):
            raise LedgerCorrupt(
                f"the stored copy {row.sha256} does not hash to its key "
                "(its bytes were changed or replaced)"
            )
        checked += 1
    return checked
