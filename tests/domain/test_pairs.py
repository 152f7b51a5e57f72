"""A candidate pair is unordered, explains itself, and refuses a record paired with itself."""

from __future__ import annotations

import pytest

from habeas.domain.pairs import CandidatePair, Evidence, pair_id


def test_a_pair_is_the_same_whichever_way_round_it_is_given() -> None:
    a = CandidatePair.of("person/b", "person/a", 12.0, 0.99)
    assert (a.left, a.right) == ("person/a", "person/b")
    assert a.id == pair_id("person/b", "person/a") == "person/a|person/b"


def test_a_pair_refuses_one_record_twice_and_a_wrong_order() -> None:
    with pytest.raises(ValueError, match="twice"):
        CandidatePair.of("person/a", "person/a", 1.0, 0.5)
    with pytest.raises(ValueError, match="sorts first"):
        CandidatePair("person/b", "person/a", 1.0, 0.5)


def test_the_explanation_names_the_evidence_for_and_against() -> None:
    pair = CandidatePair.of(
        "person/a",
        "person/b",
        3.0,
        0.9,
        evidence=(
            Evidence("surname", "exact", "surname", 8.0),
            Evidence("given_name", "typo", "given name ~ Kilmer", 4.0),
            Evidence("date_of_birth", "differs", "date of birth", -9.0),
        ),
        conflict=True,
    )
    assert pair.explain() == (
        "matched: surname, given name ~ Kilmer; against: date of birth; "
        "conflicting identifier: never linked automatically"
    )
    assert pair.to_json()["evidence"][1] == {
        "field": "given_name",
        "comparison": "typo",
        "detail": "given name ~ Kilmer",
        "weight": 4.0,
    }
