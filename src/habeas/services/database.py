"""Opening, creating and loading a habeas database."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.audit import flush_audit
from habeas.services.importing import import_bundle
from habeas.services.writer import AppendResult
from habeas.storage.store import Store

__all__ = ["DEMO_BUNDLE", "demo_bundle_path", "init", "load_demo", "open_store"]

DEMO_BUNDLE = "reference_story.jsonl"


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


def demo_bundle_path() -> Path:
    """The reference story bundle shipped in the package."""
    return Path(str(resources.files("habeas.demo") / DEMO_BUNDLE))


def load_demo(store: Store) -> AppendResult:
    """Load the reference story (a second load changes nothing)."""
    store.migrate()
    return import_bundle(
        store,
        demo_bundle_path(),
        author="habeas demo",
        display_name=DEMO_BUNDLE,
        principal=LOCAL_OPERATOR,
    )
