"""Migration 0013 fills the index of entries by hash from a ledger written before it, so
`habeas find-entry` finds old entries (and the copies their sources name), and verify passes
(the migration before it is 0012)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from alembic import command
from sqlalchemy import insert

from habeas.domain.access import LOCAL_OPERATOR
from habeas.ledger.merkle import EMPTY_ROOT
from habeas.services import entry_proofs
from habeas.services.copies import attach_copy
from habeas.services.importing import import_bundle
from habeas.services.verify import verify_ledger
from habeas.storage import projections
from habeas.storage import tables as t
from habeas.storage.projections.hashes import ENTRY_HASHES
from habeas.storage.projections.word_counts import WORD_COUNTS
from habeas.storage.store import Store
from tests.conftest import SRC, small_story, write_bundle


def test_the_migration_fills_entry_hashes_from_the_log(db_url: str, tmp_path: Path) -> None:
    store = Store(db_url)
    with store.engine.begin() as conn:
        command.upgrade(store._alembic_config(conn), "0012")
        conn.execute(insert(t.head).values(id=1, size=0, root=EMPTY_ROOT.hex(), frontier="[]"))
    saved = projections.registered()
    # written as habeas wrote it before 0013 (and so before 0014's word counts)
    projections.unregister(ENTRY_HASHES.name)
    projections.unregister(WORD_COUNTS.name)
    try:
        bundle = write_bundle(tmp_path / "s.jsonl", small_story())
        import_bundle(store, bundle, principal=LOCAL_OPERATOR)
        pdf = tmp_path / "order.pdf"
        pdf.write_bytes(b"%PDF-1.4 synthetic order\n")
        attach_copy(store, SRC, pdf, principal=LOCAL_OPERATOR)
    finally:  # the registry as it was, in its order
        for p in projections.registered():
            projections.unregister(p.name)
        for p in saved:
            projections.register(p)
    assert store.revision() == "0012"
    store.migrate()
    report = verify_ledger(store)  # every entry_hashes row is what the log makes
    assert report.projections["entry_hashes"] > report.records
    copy = hashlib.sha256(pdf.read_bytes()).hexdigest()
    found = entry_proofs.find_entries(store, principal=LOCAL_OPERATOR, copy_sha256=copy)
    assert [(f["record_key"], f["version"]) for f in found] == [(SRC, 2)]
    first = entry_proofs.find_entries(
        store, principal=LOCAL_OPERATOR, hash_hex=found[0]["entry_sha256"]
    )
    assert first[0]["position"] == found[0]["position"]
    store.close()
