"""Format-1 entries (written before format 2) stay readable and verifiable everywhere, beside
the format-2 entries written now."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.registry import parse_record
from habeas.ledger import merkle
from habeas.ledger.entry import Entry
from habeas.services import proofs
from habeas.services.audit import audit_trail
from habeas.services.browse import recent_entries
from habeas.services.history import history
from habeas.services.importing import import_bundle
from habeas.services.verify import verify_ledger
from habeas.services.writer import LedgerWriter, ledger_writer, write_changes
from habeas.storage import queries
from habeas.storage.store import Store
from tests.conftest import small_story, write_bundle


def _format_1_entry(self: LedgerWriter, position: int, op: Any, rtype: str, key: str,
                    version: int, data: dict[str, Any] | None, supersedes: int | None = None,
                    reason: str | None = None) -> Entry:  # fmt: skip
    """How habeas wrote entries before format 2: the whole record under one salt."""
    return Entry(position, op, rtype, key, version, self.recorded_at, self.author, "ab" * 16,
                 data, supersedes, reason, format=1)  # fmt: skip


@pytest.fixture
def mixed(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The small story written in format 1 with an audit entry, then a format-2 correction
    of one of its records, a format-2 audit entry and a format-2 retraction."""
    with monkeypatch.context() as m:
        m.setattr(LedgerWriter, "_new_entry", _format_1_entry)
        import_bundle(
            store, write_bundle(tmp_path / "b.jsonl", small_story()), principal=LOCAL_OPERATOR
        )
        with ledger_writer(store, author="user:old") as w:
            w.audit({"action": "read", "user": "old", "records": ["person/ana"]})
    story = {r["key"]: r for r in small_story()}
    fixed = parse_record({**story["facility/prison"], "capacity": 3})
    write_changes(store, [fixed], reason="capacity corrected", author="user:new")
    with ledger_writer(store, author="user:new") as w:
        w.audit({"action": "read", "user": "new", "records": ["facility/prison"]})
        w.retract("facility/centre", "closed")
    return store


def formats(store: Store) -> list[int]:
    with store.read() as conn:
        return [json.loads(r.body)["format"] for r in queries.all_entries(conn)]


def test_a_ledger_of_both_formats_verifies(mixed: Store) -> None:
    n = len(small_story())
    assert formats(mixed) == [1] * (n + 1) + [2, 2, 2]
    assert verify_ledger(mixed).size == n + 4


def test_history_reads_the_record_of_either_format(mixed: Store) -> None:
    lines = history(mixed, "facility/prison", principal=LOCAL_OPERATOR)
    assert [(h.op, h.record["capacity"] if h.record else None) for h in lines] == [
        ("assert", 2),
        ("correct", 3),
    ]
    assert lines[1].reason == "capacity corrected" and lines[1].recorded_by == "user:new"
    gone = history(mixed, "facility/centre", principal=LOCAL_OPERATOR)
    assert [h.op for h in gone] == ["assert", "retract"] and gone[1].record is None


def test_the_audit_trail_reads_audit_entries_of_either_format(mixed: Store) -> None:
    trail = audit_trail(mixed, limit=10, principal=LOCAL_OPERATOR)
    reads = [line for line in trail if line["action"] == "read"]
    assert [(r["user"], r["records"]) for r in reads] == [
        ("new", ["facility/prison"]),
        ("old", ["person/ana"]),
    ]


def test_recent_entries_say_who_and_why_in_either_format(mixed: Store) -> None:
    recent = recent_entries(mixed, limit=50, skip_synthetic=False, principal=LOCAL_OPERATOR)
    by_key = {(r.key, r.op): r for r in recent}
    assert by_key[("facility/prison", "correct")].reason == "capacity corrected"
    assert by_key[("facility/prison", "assert")].recorded_by.startswith("import:")


def test_proofs_cover_entries_of_either_format(mixed: Store) -> None:
    with mixed.read() as conn:
        size = int(queries.head_row(conn).size)
        leaves = queries.leaf_hashes(conn, size)
    for position in range(size):
        got = proofs.inclusion_proof(mixed, position)
        merkle.verify_inclusion(
            bytes.fromhex(got["leaf_hash"]),
            position,
            size,
            [bytes.fromhex(p) for p in got["proof"]],
            merkle.root_from_leaf_hashes(leaves),
        )


def test_a_changed_format_1_entry_is_still_found(mixed: Store) -> None:
    with mixed.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE ledger_entries SET body = REPLACE(body, 'Big Prison', 'Small Prison') "
                "WHERE position = 4"
            )
        )
    with pytest.raises(LedgerCorrupt, match="entry 4 was altered"):
        verify_ledger(mixed)
