"""An entry's bytes are canonical, salted, and commit to its position; format 2 commits to
each field of the record by its digest, and format 1 still reads back."""

from __future__ import annotations

import hashlib
import json

import pytest

from habeas.ledger.canonical import canonical_bytes
from habeas.ledger.commitments import DisclosureError, parse_disclosures
from habeas.ledger.entry import ENTRY_FORMAT, Entry, decode_entry, decode_partial, new_salt

RECORD = {"type": "person", "key": "person/a", "full_name": "Ána"}
SALTS = {"type": "01" * 16, "key": "02" * 16, "full_name": "03" * 16}


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
        record=dict(RECORD),
        field_salts=dict(SALTS),
    )
    base.update(changes)
    return Entry(**base)  # type: ignore[arg-type]


def entry1(**changes: object) -> Entry:
    return entry(**{"format": 1, "field_salts": None, **changes})


def test_canonical_json_sorts_keys_and_keeps_unicode() -> None:
    assert canonical_bytes({"b": 1, "a": "Ána"}) == '{"a":"Ána","b":1}'.encode()


def test_floats_are_not_allowed_in_the_log() -> None:
    with pytest.raises(ValueError, match="floating-point"):
        canonical_bytes({"price": 6.5})


def test_new_entries_are_format_2() -> None:
    assert ENTRY_FORMAT == 2
    assert entry().body()["format"] == 2


@pytest.mark.parametrize("make", [entry, entry1])
def test_leaf_hash_is_sha256_of_zero_byte_and_canonical_bytes(make: object) -> None:
    e = make()  # type: ignore[operator]
    assert e.leaf_hash() == hashlib.sha256(b"\x00" + e.canonical()).digest()


@pytest.mark.parametrize("make", [entry, entry1])
def test_the_leaf_commits_to_position_salt_and_content(make: object) -> None:
    e = make()  # type: ignore[operator]
    assert make(position=4).leaf_hash() != e.leaf_hash()  # type: ignore[operator]
    assert make(salt="11" * 16).leaf_hash() != e.leaf_hash()  # type: ignore[operator]
    changed = {**RECORD, "full_name": "Ana"}
    assert make(record=changed).leaf_hash() != e.leaf_hash()  # type: ignore[operator]


def test_a_format_2_leaf_commits_to_each_field_salt() -> None:
    e = entry()
    assert entry(field_salts={**SALTS, "full_name": "04" * 16}).leaf_hash() != e.leaf_hash()


def test_format_2_bytes_hold_digests_never_values() -> None:
    e = entry()
    text = e.canonical().decode()
    assert "Ána" not in text and "full_name" in text
    fields = json.loads(text)["fields"]
    assert set(fields) == set(RECORD)
    salt_name_value = '["' + "03" * 16 + '","full_name","Ána"]'
    assert fields["full_name"] == hashlib.sha256(salt_name_value.encode()).hexdigest()


def test_salts_are_fresh_and_128_bits() -> None:
    salts = {new_salt() for _ in range(100)}
    assert len(salts) == 100
    assert all(len(s) == 32 for s in salts)


def test_a_format_1_entry_decodes_back_to_itself() -> None:
    e = entry1(op="correct", version=2, supersedes=1, reason="typo in name")
    assert decode_entry(e.canonical()) == e


def test_a_format_2_entry_decodes_back_to_itself_with_its_disclosures() -> None:
    e = entry(op="correct", version=2, supersedes=1, reason="typo in name")
    assert decode_entry(e.canonical(), e.disclosures_text()) == e


def test_a_retraction_has_no_fields_and_no_disclosures() -> None:
    e = entry(op="retract", version=2, supersedes=1, reason="wrong", record=None, field_salts=None)
    assert e.body()["fields"] is None and e.disclosures_text() is None
    assert decode_entry(e.canonical()) == e
    with pytest.raises(ValueError, match="no disclosures"):
        decode_entry(e.canonical(), entry().disclosures_text())


def test_a_format_2_entry_needs_every_disclosure() -> None:
    e = entry()
    given = [d for d in e.disclosures() if d.name != "full_name"]
    with pytest.raises(DisclosureError, match="full_name") as caught:
        decode_entry(e.canonical(), given)
    assert caught.value.field == "full_name"


def test_a_partly_disclosed_entry_verifies_the_rest_and_names_what_is_withheld() -> None:
    e = entry()
    given = [d for d in e.disclosures() if d.name != "full_name"]
    partial = decode_partial(e.canonical(), given)
    assert partial.record is not None and not partial.complete
    assert partial.record.withheld == ("full_name",)
    assert partial.record.disclosed == {"type": "person", "key": "person/a"}
    assert partial.entry.record is None and partial.fields == e.field_digests()


def test_an_altered_disclosure_is_named() -> None:
    e = entry()
    stored = json.loads(e.disclosures_text() or "")
    for item in stored:
        if item[1] == "full_name":
            item[2] = "Bob"
    with pytest.raises(DisclosureError, match="'full_name' does not match its digest"):
        decode_entry(e.canonical(), json.dumps(stored))


def test_a_format_1_entry_takes_no_disclosures() -> None:
    with pytest.raises(ValueError, match="format-1"):
        decode_entry(entry1().canonical(), entry().disclosures_text())


def test_salts_must_cover_exactly_the_fields() -> None:
    with pytest.raises(ValueError, match="per-field salts"):
        entry(field_salts=None)
    with pytest.raises(ValueError, match="'full_name' has no salt"):
        entry(field_salts={"type": "01" * 16, "key": "02" * 16})
    with pytest.raises(ValueError, match="'age', which the record does not have"):
        entry(field_salts={**SALTS, "age": "05" * 16})
    with pytest.raises(ValueError, match="per-field salts"):
        entry1(field_salts=SALTS)


def test_stored_disclosures_are_canonical_and_sorted_by_name() -> None:
    text = entry().disclosures_text() or ""
    assert [d.name for d in parse_disclosures(text)] == ["full_name", "key", "type"]
    assert text == json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)


def test_garbage_is_not_an_entry() -> None:
    with pytest.raises(ValueError):
        decode_entry(b'{"format": 3}')
    with pytest.raises(ValueError):
        decode_entry(b'{"format": 1, "op": "assert"}')
    with pytest.raises(ValueError):
        decode_entry(b'{"format": 2, "op": "assert"}')
    with pytest.raises(ValueError):
        decode_entry(b"not json")
