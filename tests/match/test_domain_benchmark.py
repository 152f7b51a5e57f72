"""The domain benchmark's synthetic records (bench/domain_people.py; no real person) carry
the context real records do: a manifest its flight, a list its class case, a caption its
own case; without context they are exactly the records they are with it."""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from domain_people import generate


@pytest.fixture(scope="module")
def batch() -> tuple[list[dict[str, Any]], dict[str, int]]:
    return generate(3000, seed=5)


def _kind(key: str) -> str:
    return key.rsplit("-", 1)[1]


def test_every_record_is_synthetic_and_without_context_the_records_are_the_same(
    batch: tuple[list[dict[str, Any]], dict[str, int]],
) -> None:
    records, truth = batch
    plain, plain_truth = generate(3000, seed=5, context=False)
    assert all(r["synthetic"] for r in records)
    assert plain_truth == truth
    assert [{k: v for k, v in r.items() if k != "context"} for r in records] == plain
    assert not any("context" in r for r in plain)


def test_a_manifest_belongs_to_one_flight_of_many_people(
    batch: tuple[list[dict[str, Any]], dict[str, int]],
) -> None:
    records, _ = batch
    flights: dict[str, set[str]] = defaultdict(set)
    for r in records:
        transfers = [t for t in r["context"] if t.startswith("transfer:")]
        if _kind(r["key"]) == "manifest":
            assert len(transfers) == 1
        for t in transfers:
            flights[t].add(r["key"])
    sizes = sorted(len(v) for v in flights.values())
    assert sizes[len(sizes) // 2] >= 30  # "same flight" is shared by dozens, not proof
    # each flight's manifests land at one facility in one month
    for keys in flights.values():
        landed = {
            t
            for r in records
            if r["key"] in keys and _kind(r["key"]) == "manifest"
            for t in r["context"]
            if t.startswith("facility:")
        }
        assert len(landed) <= 1


def test_a_caption_is_its_own_case_and_a_list_a_class_case(
    batch: tuple[list[dict[str, Any]], dict[str, int]],
) -> None:
    records, truth = batch
    holders: Counter[str] = Counter(t for r in records for t in r["context"])
    for r in records:
        cases = [t for t in r["context"] if t.startswith("case:")]
        if _kind(r["key"]) == "caption":
            assert len(cases) == 1
        if _kind(r["key"]) == "list":
            assert sum(t.startswith("class:") for t in r["context"]) == 1
        for c in cases:  # an individual case: only records of one person name it
            assert holders[c] <= 4
    by_case: dict[str, set[int]] = defaultdict(set)
    for r in records:
        for t in r["context"]:
            if t.startswith("case:"):
                by_case[t].add(truth[r["key"]])
    assert all(len(people) == 1 for people in by_case.values())
    classes = [n for t, n in holders.items() if t.startswith("class:")]
    assert min(classes) > 20  # a class case is named by many records


def test_not_every_record_has_context_and_namesakes_can_share_a_flight(
    batch: tuple[list[dict[str, Any]], dict[str, int]],
) -> None:
    records, truth = batch
    assert any(not r["context"] for r in records)
    people: dict[tuple[str, str], set[int]] = defaultdict(set)
    for r in records:
        for t in r["context"]:
            if t.startswith("transfer:"):
                people[(t, r["full_name"].split(",")[0].split(" ")[0])].add(truth[r["key"]])
    assert any(len(v) > 1 for v in people.values())
