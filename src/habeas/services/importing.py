"""Importing a bundle: check the whole file first, then append it in one transaction.

Re-importing the same bundle changes nothing; a record whose fields changed becomes a
correction entry that names the changed fields; a retraction line withdraws a record.
If the file has any problem, nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from habeas.domain.errors import BundleInvalid, HabeasError
from habeas.domain.registry import canonical_record
from habeas.ingest.bundle import BundleLine, CheckReport, Retraction, check_bundle, iter_bundle
from habeas.services.writer import AppendResult, LedgerWriter
from habeas.storage import queries
from habeas.storage.store import BATCH, Store

__all__ = ["check_file", "import_bundle"]


def check_file(
    store: Store | None,
    path: Path,
    *,
    on_bytes: Callable[[int], None] | None = None,
    display_name: str | None = None,
) -> CheckReport:
    """Check a bundle against itself and (when given) the ledger; write nothing."""
    if not path.is_file():
        raise HabeasError(f"{path}: no such file")
    if store is None:
        return check_bundle(path, on_bytes=on_bytes, display_name=display_name)
    with store.read() as conn:
        return check_bundle(
            path,
            known_types=lambda keys: queries.existing_types(conn, keys),
            on_bytes=on_bytes,
            display_name=display_name,
        )


def _changed_fields(old_body: str | None, new: dict[str, object]) -> list[str]:
    old = json.loads(old_body) if old_body else {}
    names = set(old) | set(new)
    return sorted(n for n in names if old.get(n) != new.get(n))


def import_bundle(
    store: Store,
    path: Path,
    *,
    author: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
    display_name: str | None = None,
    checked: CheckReport | None = None,
) -> AppendResult:
    """Check, then import a bundle; raise BundleInvalid (writing nothing) on any problem.

    `checked`: the report of a `check_file` the caller has just made on the same file, so
    the file is not checked twice.
    """
    report = checked or check_file(store, path, on_bytes=on_bytes, display_name=display_name)
    if report.problems:
        raise BundleInvalid(report.problems, truncated=report.truncated)
    name = display_name or path.name
    with store.write() as tx:
        writer = LedgerWriter(tx, author=author or f"import:{name}")
        batch: list[BundleLine] = []

        def run() -> None:
            writer.prefetch([b.item.key for b in batch])
            for item in batch:
                if isinstance(item.item, Retraction):
                    known = writer.current(item.item.key)
                    if known is not None and known.status == "retracted":
                        writer.counts["unchanged"] += 1  # already withdrawn: nothing to do
                    else:
                        writer.retract(item.item.key, item.item.reason)
                    continue
                known = writer.current(item.item.key)
                reason = None
                if known is not None:
                    fields = _changed_fields(known.body, canonical_record(item.item))
                    reason = f"re-imported from {name} (line {item.line}); changed: " + (
                        ", ".join(fields) or "restored"
                    )
                writer.put(item.item, reason=reason)
            batch.clear()

        for line in iter_bundle(path, on_bytes=None):
            batch.append(line)
            if len(batch) >= BATCH:
                run()
        run()
        return writer.finish()
