"""Importing a bundle: check the whole file first, then append it in one transaction.

Re-importing the same bundle changes nothing; a record whose fields changed becomes a
correction entry that names the changed fields; a retraction line withdraws a record.
If the file has any problem, nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.domain.errors import BundleInvalid, HabeasError, Problem
from habeas.ingest.bundle import CheckReport, Retraction, check_bundle, iter_bundle
from habeas.services.write import (
    UPDATE,
    Change,
    MergeRefused,
    Put,
    Retract,
    import_stream,
    writing,
)
from habeas.services.writer import AppendResult
from habeas.storage import queries
from habeas.storage.store import Store

__all__ = ["check_file", "import_bundle"]


def check_file(
    store: Store | None,
    path: Path,
    *,
    on_bytes: Callable[[int], None] | None = None,
    display_name: str | None = None,
    merge_rules: bool = True,
) -> CheckReport:
    """Check a bundle against itself and (when given) the ledger; write nothing.

    With a store, a file that holds merges or pairs (or withdraws a merge) is also judged by
    the merge rules, as its import would be (`merge_rules=False`: not, since the import that
    follows judges it anyway)."""
    if not path.is_file():
        raise HabeasError(f"{path}: no such file")
    if store is None:
        return check_bundle(path, on_bytes=on_bytes, display_name=display_name)
    with store.read() as conn:
        report = check_bundle(
            path,
            known_types=lambda keys: queries.existing_types(conn, keys),
            on_bytes=on_bytes,
            display_name=display_name,
        )
    if merge_rules and not report.problems and _holds_merges(path):
        report.problems = _merge_rule_problems(store, path, display_name or path.name)
    return report


def _changes(path: Path) -> Iterator[Change]:
    """The changes a checked bundle makes, each naming its line."""
    for line in iter_bundle(path, on_bytes=None):
        item = line.item
        if isinstance(item, Retraction):
            yield Retract(item.key, item.reason, if_active=True, origin=f"line {line.line}")
        else:
            yield Put(item, expect=UPDATE, origin=f"line {line.line}")


def _holds_merges(path: Path) -> bool:
    """True when the bundle writes a merge or a pair, or withdraws a merge (a split)."""
    for line in iter_bundle(path, on_bytes=None):
        item = line.item
        key = item.key if isinstance(item, Retraction) else None
        if key is not None and key.startswith("merge/"):
            return True
        if not isinstance(item, Retraction) and item.TYPE in ("merge", "pair"):
            return True
    return False


class _CheckedOnly(Exception):
    """Leaves the write of a check without committing it."""


def _merge_rule_problems(store: Store, path: Path, name: str) -> list[Problem]:
    """The merge rules' problems of a bundle: its changes made in a write that is then rolled
    back, so the rules see the ledger exactly as the import would leave it."""
    try:
        with writing(store, principal=LOCAL_OPERATOR, action="import", kind="check") as session:
            for change in _changes(path):
                session.apply(change, check=False, name=name)
            session.check_merges()
            raise _CheckedOnly
    except MergeRefused as e:
        return [Problem(name, e.line, f, m) for f, m in e.problems]
    except _CheckedOnly:
        return []


def import_bundle(
    store: Store,
    path: Path,
    *,
    author: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
    display_name: str | None = None,
    checked: CheckReport | None = None,
    principal: Principal,
) -> AppendResult:
    """Check, then import a bundle; raise BundleInvalid (writing nothing) on any problem.

    `checked`: the report of a `check_file` the caller has just made on the same file, so
    the file is not checked twice. `principal`: who imports (None: the local operator).
    """
    report = checked or check_file(
        store, path, on_bytes=on_bytes, display_name=display_name, merge_rules=False
    )
    if report.problems:
        raise BundleInvalid(report.problems, truncated=report.truncated)
    name = display_name or path.name
    try:
        return import_stream(
            store, _changes(path), principal=principal or LOCAL_OPERATOR, name=name, author=author
        )
    except MergeRefused as e:  # a merge rule, judged on the ledger the file would leave
        raise BundleInvalid([Problem(name, e.line, f, m) for f, m in e.problems]) from e
