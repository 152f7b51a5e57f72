"""`habeas verify`: recompute every leaf, the tree, and every projection from the stored log.

Any change to a stored byte, any deleted, moved or inserted entry, and any edit to a
projection table is found; the report names the first bad entry (or record).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from habeas.domain.errors import LedgerCorrupt
from habeas.ledger.commitments import DisclosureError
from habeas.ledger.entry import Entry, decode_entry
from habeas.ledger.merkle import CompactRange, leaf_hash
from habeas.storage import copies, log_queries, queries
from habeas.storage.projections import project_entry
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


@dataclass
class _KeyState:
    position: int
    version: int
    op: str
    first_recorded_at: str


def _same(row: Any, expected: dict[str, Any]) -> list[str]:
    return [name for name, value in expected.items() if getattr(row, name) != value]


def verify_ledger(
    store: Store, *, progress: Callable[[int, int], None] | None = None
) -> VerifyReport:
    """Check the whole ledger; raise LedgerCorrupt naming the first problem found."""
    with store.read() as conn:
        head = queries.head_row(conn)
        if head is None:
            raise LedgerCorrupt("the ledger head is missing")
        total = int(head.size)
        tree = CompactRange()
        nodes = _StoredNodes(conn)
        keys: dict[str, _KeyState] = {}
        versions = queries.stream_table(conn, "record_versions", ["position"])
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
                _check_version_row(next(versions, None), entry, keys)
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
        extra = next(versions, None)
        if extra is not None:
            raise LedgerCorrupt(
                f"record_versions has a row for position {extra.position} with no entry",
                position=int(extra.position),
            )
        counts = _check_records(conn, keys)
        verify_copies(conn)
        if progress:
            progress(total, total)
        return VerifyReport(total, tree.root().hex(), *counts)


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
    row: Any, pos: int, tree: CompactRange, keys: dict[str, _KeyState], nodes: _StoredNodes
) -> Entry | None:
    """Check one entry and add it to the tree; the entry, or None if it is an audit entry.

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
    keys[entry.record_key] = _KeyState(
        pos, entry.version, entry.op, prior.first_recorded_at if prior else entry.recorded_at
    )
    return entry


def _check_version_row(vrow: Any, entry: Entry, keys: dict[str, _KeyState]) -> None:
    pos = entry.position
    want = project_entry(entry, keys[entry.record_key].first_recorded_at).version_row
    if vrow is None or int(vrow.position) != pos:
        raise LedgerCorrupt(f"record_versions has no row for entry {pos}", position=pos)
    bad = _same(vrow, want)
    if bad:
        raise LedgerCorrupt(
            f"record_versions row of entry {pos} was altered ({', '.join(bad)})", position=pos
        )


def _check_records(conn: Any, keys: dict[str, _KeyState]) -> tuple[int, int, int]:
    seen = 0
    seen_keys: set[str] = set()
    n_refs = n_terms = 0
    chunk: list[Any] = []

    def settle() -> None:
        nonlocal n_refs, n_terms
        entries = queries.entries_at(conn, [int(r.position) for r in chunk])
        ks = [r.key for r in chunk]
        stored_refs = {(r.key, r.path, r.ref_key) for r in queries.refs_from(conn, ks)}
        stored_terms = {(r.key, r.term, r.record_type) for r in queries.terms_of(conn, ks)}
        want_refs: set[tuple[str, str, str]] = set()
        want_terms: set[tuple[str, str, str]] = set()
        for r in chunk:
            state = keys.get(r.key)
            if state is None:
                raise LedgerCorrupt(f"record {r.key} has no entry in the log")
            if int(r.position) != state.position:
                raise LedgerCorrupt(
                    f"record {r.key} points at entry {r.position}, but its "
                    f"latest entry is {state.position}",
                    position=state.position,
                )
            entry = log_queries.entry_of(entries[state.position])
            proj = project_entry(entry, state.first_recorded_at)
            bad = _same(r, proj.record_row)
            if bad:
                raise LedgerCorrupt(
                    f"record {r.key} was altered in the records table ({', '.join(bad)})",
                    position=state.position,
                )
            want_refs |= {(x["key"], x["path"], x["ref_key"]) for x in proj.refs}
            want_terms |= {(x["key"], x["term"], x["record_type"]) for x in proj.terms}
        if stored_refs != want_refs:
            odd = sorted(stored_refs ^ want_refs)[0]
            raise LedgerCorrupt(f"record_refs for {odd[0]} do not match the log ({odd[1]})")
        if stored_terms != want_terms:
            odd = sorted(stored_terms ^ want_terms)[0]
            raise LedgerCorrupt(f"search_terms for {odd[0]} do not match the log")
        n_refs += len(want_refs)
        n_terms += len(want_terms)
        chunk.clear()

    for row in queries.stream_records(conn, active_only=False):
        chunk.append(row)
        seen_keys.add(row.key)
        seen += 1
        if len(chunk) >= 500:
            settle()
    if chunk:
        settle()
    if seen != len(keys):
        missing = sorted(set(keys) - seen_keys)[0]
        raise LedgerCorrupt(
            f"record {missing} is missing from the records table "
            f"({seen} records stored, the log makes {len(keys)})",
            position=keys[missing].position,
        )
    if queries.table_count(conn, "record_refs") != n_refs:
        raise LedgerCorrupt("record_refs holds rows for records that do not exist")
    if queries.table_count(conn, "search_terms") != n_terms:
        raise LedgerCorrupt("search_terms holds rows for records that do not exist")
    return seen, n_refs, n_terms


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
