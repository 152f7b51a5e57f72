"""Every write door enforces the merge rules: a bundle (or the records API, through the same
door) that carries a `merge` or `pair` record the review queue would refuse is refused too,
naming the file, the line and the field, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import BundleInvalid
from habeas.domain.merges import merge_key, pair_key
from habeas.domain.registry import parse_record
from habeas.services.importing import check_file, import_bundle
from habeas.services.merges import merge_people, resolve_person, split_people
from habeas.services.pair_review import propose_pairs
from habeas.services.write import MergeRefused, Put, write
from habeas.storage import queries
from habeas.storage.store import Store
from tests.conftest import source, write_bundle
from tests.services.pair_fixtures import a_number, candidate, person, two_spellings

A, B, C = "person/kilmar-a", "person/kilmer-b", "person/other"


def merge(absorbed: str, survivor: str, **extra: Any) -> dict[str, Any]:
    """A hand-written merge record, as a bundle or an API client would send it."""
    return {
        "type": "merge",
        "key": merge_key(absorbed),
        "unsourced": True,
        "synthetic": True,
        "survivor": survivor,
        "absorbed": absorbed,
        "reason": "same person",
        **extra,
    }


def people(*, conflicting: bool = False) -> list[dict[str, Any]]:
    """The source and three synthetic people (two A-numbers that differ, when asked)."""
    extra_a = {"identifiers": a_number("A111111111")} if conflicting else {}
    extra_b = {"identifiers": a_number("A222222222")} if conflicting else {}
    return [
        source(),
        person(A, "Kilmar Armando Abrego Garcia", **extra_a),
        person(B, "Kilmer Abrego", **extra_b),
        person(C, "Rosa Delgado Ruiz"),
    ]


def size(store: Store) -> int:
    with store.read() as conn:
        return int(queries.head_row(conn).size)


def refused(store: Store, path: Path) -> list[str]:
    before = size(store)
    with pytest.raises(BundleInvalid) as info:
        import_bundle(store, path, principal=LOCAL_OPERATOR)
    assert size(store) == before, "a refused bundle wrote nothing"
    return [str(p) for p in info.value.problems]


# -- bundle files -----------------------------------------------------------------------------
def test_a_bundle_merge_across_conflicting_identifiers_needs_an_override(
    store: Store, tmp_path: Path
) -> None:
    # the merge comes first in the file, before the people it names (an export's key order)
    path = write_bundle(tmp_path / "m.jsonl", [merge(B, A), *people(conflicting=True)])
    before = size(store)
    checked = check_file(store, path)  # the check (a preview, a dry run) says so too
    assert [(p.line, p.field) for p in checked.problems or []] == [(2, "override")]
    assert size(store) == before and check_file(store, path, merge_rules=False).ok
    [problem] = refused(store, path)
    assert problem.startswith(f"m.jsonl:2: override: {merge_key(B)}: the identifiers conflict")
    assert "a_number" in problem and "A111111111" not in problem  # named by scheme only

    forced = merge(B, A, override="the same man: one A-number was mistyped")
    import_bundle(
        store,
        write_bundle(tmp_path / "ok.jsonl", [forced, *people(conflicting=True)]),
        principal=LOCAL_OPERATOR,
    )
    with store.read() as conn:
        assert resolve_person(conn, B) == A


def test_a_bundle_cannot_merge_a_person_merged_already_or_into_an_absorbed_one(
    store: Store, tmp_path: Path
) -> None:
    two_spellings(store)
    merge_people(store, LOCAL_OPERATOR, survivor=A, absorbed=B, reason="one man")
    again = write_bundle(tmp_path / "again.jsonl", [merge(B, C)])
    assert refused(store, again) == [
        f"again.jsonl:2: absorbed: {merge_key(B)}: {B} is merged into {A} already: split it first"
    ]
    into = write_bundle(tmp_path / "into.jsonl", [merge(C, B)])
    assert refused(store, into) == [
        f"into.jsonl:2: survivor: {merge_key(C)}: {B} is merged into {A}: merge into {A} instead"
    ]
    # the same merge again (an export read back) is no change, and stands
    same = write_bundle(tmp_path / "same.jsonl", [merge(B, A, reason="one man")])
    import_bundle(store, same, principal=LOCAL_OPERATOR)


def test_a_bundle_may_hold_a_chain_but_never_a_circle(store: Store, tmp_path: Path) -> None:
    circle = write_bundle(tmp_path / "c.jsonl", [merge(A, B), merge(B, A), *people()])
    problems = refused(store, circle)
    assert problems[0].startswith("c.jsonl:2: survivor:") and "circle" in problems[0]

    chain = write_bundle(tmp_path / "ok.jsonl", [merge(A, B), merge(B, C), *people()])
    import_bundle(store, chain, principal=LOCAL_OPERATOR)  # an export of merges made in turn
    with store.read() as conn:
        assert resolve_person(conn, A) == C


def test_a_bundle_merge_of_a_pair_of_other_people_is_refused(store: Store, tmp_path: Path) -> None:
    two_spellings(store)
    propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="test")
    wrong = merge(C, A, pair=pair_key(f"{A}|{B}"))
    [problem] = refused(store, write_bundle(tmp_path / "p.jsonl", [wrong]))
    assert problem.startswith("p.jsonl:2: pair:") and "not of these two people" in problem


def test_a_bundle_pair_marked_accepted_without_its_merge_is_refused(
    store: Store, tmp_path: Path
) -> None:
    two_spellings(store)
    proposed = propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="test")
    with store.read() as conn:
        body = queries.get_records(conn, [proposed.keys[0]])[proposed.keys[0]].body
    accepted = {**json.loads(body), "status": "accepted", "survivor": A, "decided_by": "x"}
    [problem] = refused(store, write_bundle(tmp_path / "a.jsonl", [accepted]))
    assert problem.startswith("a.jsonl:2: status:") and merge_key(B) in problem
    with_merge = write_bundle(tmp_path / "ok.jsonl", [merge(B, A), accepted])
    import_bundle(store, with_merge, principal=LOCAL_OPERATOR)

    pending_kept = {**json.loads(body), "survivor": A}
    [problem] = refused(store, write_bundle(tmp_path / "k.jsonl", [pending_kept]))
    assert problem.startswith("k.jsonl:2: survivor:")


# -- the one door, as the records API and forms reach it ----------------------------------------
def test_a_write_of_a_bad_merge_is_refused_naming_the_record_and_field(store: Store) -> None:
    two_spellings(store)
    merge_people(store, LOCAL_OPERATOR, survivor=A, absorbed=B, reason="one man")
    before = size(store)
    with pytest.raises(MergeRefused) as info:
        write(store, [Put(parse_record(merge(C, B)))], principal=LOCAL_OPERATOR)
    assert info.value.field == "survivor" and info.value.key == merge_key(C)
    assert size(store) == before


def test_withdrawing_an_accepted_pairs_merge_splits_the_pair_too_or_is_refused(
    store: Store, tmp_path: Path
) -> None:
    from habeas.services.pair_review import decide
    from habeas.services.write import Retract

    two_spellings(store)
    proposed = propose_pairs(store, LOCAL_OPERATOR, [candidate()], origin="test")
    decide(store, LOCAL_OPERATOR, proposed.keys[0], "accept", "one man", survivor=A)
    before = size(store)
    with pytest.raises(MergeRefused) as info:
        write(store, [Retract(merge_key(B), "two men")], principal=LOCAL_OPERATOR)
    assert info.value.field == "pair" and "still says it was accepted" in str(info.value)
    line = write_bundle(
        tmp_path / "r.jsonl", [{"type": "retraction", "key": merge_key(B), "reason": "two men"}]
    )
    [problem] = refused(store, line)
    assert problem.startswith("r.jsonl:2: pair:")
    assert size(store) == before
    split_people(store, LOCAL_OPERATOR, absorbed=B, reason="two men")  # the pair splits too
    with store.read() as conn:
        assert resolve_person(conn, B) == B

    merge_people(store, LOCAL_OPERATOR, survivor=C, absorbed=B, reason="no pair")
    write(store, [Retract(merge_key(B), "not the same")], principal=LOCAL_OPERATOR)
    with store.read() as conn:
        assert resolve_person(conn, B) == B
