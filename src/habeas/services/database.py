"""Opening, creating and loading a habeas database."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.audit import flush_audit
from habeas.services.importing import import_bundle
from habeas.services.writer import AppendResult
from habeas.storage.store import Store

__all__ = [
    "DEMO_BUNDLE",
    "DEMO_BUNDLES",
    "demo_bundle_path",
    "init",
    "load_demo",
    "open_store",
]

DEMO_BUNDLE = "reference_story.jsonl"
DEMO_BUNDLES = (DEMO_BUNDLE, "jgg_story.jsonl")
"""Loaded in this order: the second story (J.G.G. v. Trump) refers to the first's flights."""


def open_store(
    url: str | None = None, *, create: bool = False, copy_dir: str | Path | None = None
) -> Store:
    """The store at `url`; with `create`, its schema is made or brought up to date. Stored
    copies of sources go to `copy_dir` when one is given, else into the database. Creating
    or upgrading it also flushes the audit events a crash left queued."""
    store = Store(url, copy_dir=copy_dir)
    if create:
        store.migrate()
        flush_audit(store)
    else:
        store.require_schema()
    return store


def init(url: str | None = None) -> Store:
    """Create an empty ledger (or bring an existing one's schema up to date)."""
    return open_store(url, create=True)


def demo_bundle_path(name: str = DEMO_BUNDLE) -> Path:
    """A demo bundle shipped in the package (default: the reference story)."""
    return Path(str(resources.files("habeas.demo") / name))


def load_demo(store: Store) -> AppendResult:
    """Load both demo stories, the reference story first (a second load changes nothing)."""
    store.migrate()
    results = [
        import_bundle(
            store,
            demo_bundle_path(name),
            author="habeas demo",
            display_name=name,
            principal=LOCAL_OPERATOR,
        )
        for name in DEMO_BUNDLES
    ]
    firsts = [r.first_position for r in results if r.first_position is not None]
    return AppendResult(
        asserted=sum(r.asserted for r in results),
        corrected=sum(r.corrected for r in results),
        retracted=sum(r.retracted for r in results),
        unchanged=sum(r.unchanged for r in results),
        first_position=firsts[0] if firsts else None,
        size=results[-1].size,
        root=results[-1].root,
    )
