"""Per-field commitments: a record round-trips through its digests and disclosures; any
subset withheld still verifies the rest; any changed value or salt fails, naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.ledger.commitments import (
    Disclosure,
    DisclosureError,
    commit_record,
    disclosures_text,
    new_field_salts,
    open_record,
    parse_disclosures,
    rebuild_record,
)
from habeas.ledger.entry import Entry, decode_entry, decode_partial

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
records = st.dictionaries(names, json_values, min_size=1, max_size=8)


def entry_of(record: dict[str, Any]) -> Entry:
    return Entry(
        position=7,
        op="assert",
        record_type="person",
        record_key="person/x",
        version=1,
        recorded_at="2025-04-14T18:00:00.000000Z",
        recorded_by="test",
        salt="aa" * 16,
        record=record,
        field_salts=new_field_salts(record),
    )


@given(records)
def test_a_record_round_trips_through_a_format_2_entry(record: dict[str, Any]) -> None:
    e = entry_of(record)
    back = decode_entry(e.canonical(), e.disclosures_text())
    assert back == e and back.record == record
    assert back.leaf_hash() == e.leaf_hash()


@given(records, st.data())
def test_withholding_any_fields_still_verifies_the_rest(
    record: dict[str, Any], data: st.DataObject
) -> None:
    e = entry_of(record)
    withheld = data.draw(st.sets(st.sampled_from(sorted(record))))
    given_ = [d for d in e.disclosures() if d.name not in withheld]
    partial = decode_partial(e.canonical(), disclosures_text(given_))
    assert partial.record is not None
    assert partial.record.withheld == tuple(sorted(withheld))
    assert partial.record.disclosed == {k: v for k, v in record.items() if k not in withheld}
    assert partial.complete == (not withheld)
    if withheld:
        with pytest.raises(DisclosureError) as caught:
            decode_entry(e.canonical(), given_)
        assert caught.value.field == min(withheld)


@given(records, st.data(), json_values)
def test_a_changed_value_fails_naming_the_field(
    record: dict[str, Any], data: st.DataObject, value: Any
) -> None:
    e = entry_of(record)
    name = data.draw(st.sampled_from(sorted(record)))
    if value == record[name] and type(value) is type(record[name]):
        return  # not a change
    digests, disclosures = commit_record(record, e.field_salts or {})
    bad = [Disclosure(d.salt, d.name, value) if d.name == name else d for d in disclosures]
    with pytest.raises(DisclosureError, match="does not match its digest") as caught:
        rebuild_record(digests, bad)
    assert caught.value.field == name


@given(records, st.data(), st.text(min_size=1, max_size=40))
def test_a_changed_salt_fails_naming_the_field(
    record: dict[str, Any], data: st.DataObject, salt: str
) -> None:
    e = entry_of(record)
    name = data.draw(st.sampled_from(sorted(record)))
    digests, disclosures = commit_record(record, e.field_salts or {})
    if salt == (e.field_salts or {})[name]:
        return
    bad = [Disclosure(salt, d.name, d.value) if d.name == name else d for d in disclosures]
    with pytest.raises(DisclosureError) as caught:
        open_record(digests, bad)
    assert caught.value.field == name


@given(records)
def test_stored_disclosures_parse_back(record: dict[str, Any]) -> None:
    disclosures = entry_of(record).disclosures()
    assert parse_disclosures(disclosures_text(disclosures)) == disclosures


def test_a_disclosure_cannot_pass_for_another_field() -> None:
    digests, disclosures = commit_record({"a": "x", "b": "x"}, {"a": "s", "b": "s"})
    assert digests["a"] != digests["b"]  # the name is inside the hashed array
    assert rebuild_record(digests, disclosures) == {"a": "x", "b": "x"}
    with pytest.raises(DisclosureError, match="'b' does not match"):
        open_record({"b": digests["a"]}, [Disclosure("s", "b", "x")])


def test_a_disclosure_must_be_salt_name_value() -> None:
    for bad in ('[["s", "a"]]', '[[1, "a", 2]]', '[["s", "", 2]]', '{"a": 1}'):
        with pytest.raises(ValueError):
            parse_disclosures(bad)


def test_a_digest_must_be_64_hex_digits() -> None:
    with pytest.raises(DisclosureError, match="'a'"):
        open_record({"a": "abc"}, [])


def test_every_field_gets_its_own_fresh_128_bit_salt() -> None:
    record = {f"f{i}": i for i in range(20)}
    salts = [new_field_salts(record) for _ in range(5)]
    every = [s for one in salts for s in one.values()]
    assert all(set(one) == set(record) for one in salts)
    assert len(set(every)) == len(every) == 100
    assert all(len(s) == 32 and int(s, 16) >= 0 for s in every)
