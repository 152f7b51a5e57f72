"""An entry's bytes are canonical, salted, and commit to its position."""

from __future__ import annotations

import hashlib

import pytest

from habeas.ledger.canonical import canonical_bytes
from habeas.ledger.entry import Entry, decode_entry, new_salt


def entry(**changes: object) -> Entry:
    base: dict[str, object] = dict(
        position=3,
        op="assert",
        record_type="person",
        record_key="person/a",
        version=1,
        recorded_at="2025-04-14T18:00:00.000000Z",
        recorded_by="cli:test",
        salt="00" * 16,
        record={"type": "person", "key": "person/a", "full_name": "Ána"},
    )
    base.update(changes)
    return Entry(**base)  # type: ignore[arg-type]


def test_canonical_json_sorts_keys_and_keeps_unicode() -> None:
    assert canonical_bytes({"b": 1, "a": "Ána"}) == '{"a":"Ána","b":1}'.encode()


def test_floats_are_not_allowed_in_the_log() -> None:
    with pytest.raises(ValueError, match="floating-point"):
        canonical_bytes({"price": 6.5})


def test_leaf_hash_is_sha256_of_zero_byte_and_canonical_bytes() -> None:
    e = entry()
    assert e.leaf_hash() == hashlib.sha256(b"\x00" + e.canonical()).digest()


def test_the_leaf_commits_to_position_salt_and_content() -> None:
    e = entry()
    assert entry(position=4).leaf_hash() != e.leaf_hash()
    assert entry(salt="11" * 16).leaf_hash() != e.leaf_hash()
    assert (
        entry(record={"type": "person", "key": "person/a", "full_name": "Ana"}).leaf_hash()
        != e.leaf_hash()
    )


def test_salts_are_fresh_and_128_bits() -> None:
    salts = {new_salt() for _ in range(100)}
    assert len(salts) == 100
    assert all(len(s) == 32 for s in salts)


def test_an_entry_decodes_back_to_itself() -> None:
    e = entry(op="correct", version=2, supersedes=1, reason="typo in name")
    assert decode_entry(e.canonical()) == e


def test_garbage_is_not_an_entry() -> None:
    with pytest.raises(ValueError):
        decode_entry(b'{"format": 2}')
    with pytest.raises(ValueError):
        decode_entry(b'{"format": 1, "op": "assert"}')
