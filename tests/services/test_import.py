"""Importing a bundle: every problem reported with its line, and nothing written on error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import BundleInvalid
from habeas.services.importing import import_bundle
from habeas.services.verify import verify_ledger
from habeas.storage import queries
from habeas.storage.store import Store
from tests.conftest import cite, small_story, source, write_bundle


def problems(store: Store, path: Path) -> list[str]:
    with pytest.raises(BundleInvalid) as info:
        import_bundle(store, path, principal=LOCAL_OPERATOR)
    return [str(p) for p in info.value.problems]


def size(store: Store) -> int:
    with store.read() as conn:
        return int(queries.head_row(conn).size)


def test_a_good_bundle_imports_every_record(store: Store, tmp_path: Path) -> None:
    result = import_bundle(
        store, write_bundle(tmp_path / "b.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    assert result.asserted == len(small_story())
    assert verify_ledger(store).records == len(small_story())


def test_reimporting_the_same_bundle_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_bundle(tmp_path / "b.jsonl", small_story())
    import_bundle(store, path, principal=LOCAL_OPERATOR)
    again = import_bundle(store, path, principal=LOCAL_OPERATOR)
    assert (again.asserted, again.corrected, again.unchanged) == (0, 0, len(small_story()))
    assert size(store) == len(small_story())


def test_a_changed_record_becomes_a_correction_naming_the_fields(
    store: Store, tmp_path: Path
) -> None:
    records = small_story()
    import_bundle(store, write_bundle(tmp_path / "a.jsonl", records), principal=LOCAL_OPERATOR)
    records[4] = {**records[4], "capacity": 3}
    result = import_bundle(
        store, write_bundle(tmp_path / "b.jsonl", records), principal=LOCAL_OPERATOR
    )
    assert (result.asserted, result.corrected) == (0, 1)
    with store.read() as conn:
        entries = queries.history(conn, "facility/prison")
    assert [e.op for e in entries] == ["assert", "correct"]
    body = json.loads(entries[1].body)
    assert body["supersedes"] == entries[0].position
    assert "changed: capacity" in body["reason"]


def test_a_retraction_line_withdraws_a_record(store: Store, tmp_path: Path) -> None:
    import_bundle(
        store, write_bundle(tmp_path / "a.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    retract = [{"type": "retraction", "key": "ev/ana-5", "reason": "release not confirmed"}]
    result = import_bundle(
        store, write_bundle(tmp_path / "r.jsonl", retract), principal=LOCAL_OPERATOR
    )
    assert result.retracted == 1
    assert verify_ledger(store).records == len(small_story())


BAD_LINES: list[tuple[Any, str]] = [
    ({"type": "spaceship", "key": "x/1"}, "type: unknown record type 'spaceship'"),
    ({"type": "person", "key": "person/z", "sources": cite()}, "full_name: Field required"),
    (
        {
            "type": "person",
            "key": "person/z",
            "full_name": "Z",
            "date_of_birth": "1990-02-30",
            "sources": cite(),
        },
        "date_of_birth: '1990-02-30' is not a real date",
    ),
    ({"type": "person", "key": "person/z", "full_name": "Z"}, "sources: a fact needs"),
    (
        {"type": "person", "key": "person/z", "full_name": "Z", "sources": cite("source/nope")},
        "sources[0].source: dangling key 'source/nope'",
    ),
    (
        {
            "type": "custody_event",
            "key": "ev/z",
            "person": "facility/centre",
            "kind": "released",
            "at": "2025-01-01",
            "sources": cite(),
        },
        "person: 'facility/centre' is a facility, expected person",
    ),
    (
        {"type": "person", "key": "person/ana", "full_name": "Twice", "sources": cite()},
        "key: duplicate key 'person/ana' (first on line",
    ),
    ("{not json", "not valid JSON"),
    ([1, 2], "a line must be a JSON object"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_each_problem_is_reported_with_file_line_and_field_and_nothing_is_written(
    store: Store, tmp_path: Path, bad: Any, message: str
) -> None:
    import_bundle(
        store, write_bundle(tmp_path / "first.jsonl", [source()]), principal=LOCAL_OPERATOR
    )
    before = size(store)
    path = tmp_path / "bad.jsonl"
    good = small_story()[1:]
    write_bundle(path, good)
    with path.open("a", encoding="utf-8") as f:
        f.write((bad if isinstance(bad, str) else json.dumps(bad)) + "\n")
    bad_line = len(good) + 2
    found = problems(store, path)
    assert any(p.startswith(f"{path}:{bad_line}:") and message in p for p in found), found
    assert size(store) == before


def test_all_problems_are_reported_at_once(store: Store, tmp_path: Path) -> None:
    records = small_story()
    records[5] = {**records[5], "full_name": ""}
    records[7] = {**records[7], "at": "tomorrow"}
    records[8] = {**records[8], "facility": "facility/missing"}
    found = problems(store, write_bundle(tmp_path / "b.jsonl", records))
    assert [p.split(":")[1] for p in found] == ["7", "9", "10"]
    assert size(store) == 0


def test_the_header_is_required_and_versioned(store: Store, tmp_path: Path) -> None:
    found = problems(store, write_bundle(tmp_path / "b.jsonl", [source()], header=False))
    assert "first line must be the header" in found[0]
    path = tmp_path / "v9.jsonl"
    path.write_text(
        json.dumps({"type": "bundle", "format": "habeas-bundle", "version": 9})
        + "\n"
        + json.dumps(source())
        + "\n"
    )
    assert "version 9 is not supported" in problems(store, path)[0]


def test_references_to_records_already_in_the_ledger_are_accepted(
    store: Store, tmp_path: Path
) -> None:
    story = small_story()
    import_bundle(store, write_bundle(tmp_path / "a.jsonl", story[:6]), principal=LOCAL_OPERATOR)
    result = import_bundle(
        store, write_bundle(tmp_path / "b.jsonl", story[6:]), principal=LOCAL_OPERATOR
    )
    assert result.asserted == len(story) - 6


def test_not_utf8_is_reported(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    header = json.dumps({"type": "bundle", "format": "habeas-bundle", "version": 1})
    path.write_bytes(header.encode() + b"\n" + json.dumps(source()).encode()[:-2] + b'"\xe9"}\n')
    assert "not UTF-8" in problems(store, path)[0]


def test_a_large_bundle_is_written_in_batches(store: Store, tmp_path: Path) -> None:
    records: list[dict[str, Any]] = [source()]
    records += [
        {
            "type": "person",
            "key": f"person/p{i:05d}",
            "full_name": f"Synthetic Person {i}",
            "synthetic": True,
            "sources": cite(),
        }
        for i in range(2500)
    ]
    result = import_bundle(
        store, write_bundle(tmp_path / "big.jsonl", records), principal=LOCAL_OPERATOR
    )
    assert result.asserted == 2501
    assert verify_ledger(store).size == 2501


def test_a_bundle_with_retractions_imports_twice_without_change(
    store: Store, tmp_path: Path
) -> None:
    import_bundle(
        store, write_bundle(tmp_path / "a.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    path = write_bundle(
        tmp_path / "r.jsonl", [{"type": "retraction", "key": "ev/ana-5", "reason": "withdrawn"}]
    )
    assert import_bundle(store, path, principal=LOCAL_OPERATOR).retracted == 1
    again = import_bundle(store, path, principal=LOCAL_OPERATOR)
    assert (again.retracted, again.unchanged) == (0, 1)


def test_a_key_cannot_change_its_type(store: Store, tmp_path: Path) -> None:
    import_bundle(
        store, write_bundle(tmp_path / "a.jsonl", small_story()), principal=LOCAL_OPERATOR
    )
    path = write_bundle(
        tmp_path / "b.jsonl",
        [
            {
                "type": "person",
                "key": "actor/agency",
                "full_name": "Not An Agency",
                "sources": cite(),
            }
        ],
    )
    found = problems(store, path)
    assert found == [
        f"{path}:2: key: 'actor/agency' is already in the ledger as an actor; "
        "it cannot become a person"
    ]
