"""The merge rules every write door applies (`habeas.domain.merge_rules`): a merge across
conflicting identifiers stands only with an override reason, one of a person merged
elsewhere or into an absorbed one never, nor one that closes a circle; a pair names a
survivor only once accepted, and an accepted pair only with its merge."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.merge_rules import merge_problems, pair_problems
from habeas.domain.merges import PairRecord, PersonMerge, merge_key, pair_key
from habeas.domain.pairs import pair_id
from habeas.domain.people import Person

A, B = "person/a", "person/b"


def person(key: str, numbers: list[str]) -> Person:
    return Person.model_validate(
        {
            "type": "person",
            "key": key,
            "full_name": "Synthetic Person",
            "synthetic": True,
            "unsourced": True,
            "identifiers": [{"scheme": "a_number", "value": n} for n in numbers],
        }
    )


def merge(override: str | None = None, conflicts: list[str] | None = None) -> PersonMerge:
    return PersonMerge.model_validate(
        {
            "type": "merge",
            "key": merge_key(B),
            "unsourced": True,
            "survivor": A,
            "absorbed": B,
            "reason": "same",
            "override": override,
            "conflicts": conflicts or ([] if override is None else ["a_number"]),
        }
    )


def problems(m: PersonMerge, **kw: Any) -> list[str]:
    facts: dict[str, Any] = {
        "survivor": person(A, []),
        "absorbed": person(B, []),
        "before": None,
        "survivor_root": None,
        "cycle": False,
        "pair": None,
    }
    facts.update(kw)
    return [f for f, _m in merge_problems(m, **facts)]


numbers = st.lists(st.sampled_from(["A1", "A2", "A3"]), max_size=2)


@given(numbers, numbers, st.sampled_from([None, "one number was mistyped", "  "]))
def test_conflicting_identifiers_need_an_override_reason(
    mine: list[str], theirs: list[str], override: str | None
) -> None:
    conflict = bool(mine) and bool(theirs) and not set(mine) & set(theirs)
    m = merge() if override is None or not override.strip() else merge(override)
    found = problems(m, survivor=person(A, mine), absorbed=person(B, theirs))
    forced = m.override is not None
    assert ("override" in found) == (conflict and not forced)


@given(
    st.sampled_from([None, A, "person/c"]),
    st.sampled_from([None, "person/c"]),
    st.booleans(),
)
def test_a_merge_stands_only_on_a_person_free_to_merge(
    before: str | None, root: str | None, cycle: bool
) -> None:
    found = problems(merge(), before=before, survivor_root=root, cycle=cycle)
    assert ("absorbed" in found) == (before not in (None, A))  # the same merge again stands
    assert ("survivor" in found) == (root is not None or cycle)


def test_a_merge_names_only_the_pair_of_its_two_people() -> None:
    def pair(left: str, right: str) -> PairRecord:
        return PairRecord.model_validate(
            {
                "type": "pair",
                "key": pair_key(pair_id(left, right)),
                "unsourced": True,
                "left": left,
                "right": right,
                "weight_millibits": 1000,
                "probability_ppm": 900000,
                "fingerprint": "0" * 64,
                "origin": "test",
            }
        )

    assert problems(merge(), pair=pair(A, B)) == []
    assert problems(merge(), pair=pair(A, "person/c")) == ["pair"]
    assert problems(merge(), survivor=None, absorbed=None) == ["survivor", "absorbed"]


@given(
    st.sampled_from(["pending", "accepted", "rejected", "skipped", "split"]),
    st.sampled_from([None, A, B]),
    st.sampled_from([None, A, B]),
)
def test_a_pair_keeps_a_survivor_only_once_accepted_and_then_with_its_merge(
    status: str, survivor: str | None, merged_into: str | None
) -> None:
    pair = PairRecord.model_validate(
        {
            "type": "pair",
            "key": pair_key(pair_id(A, B)),
            "unsourced": True,
            "left": A,
            "right": B,
            "status": status,
            "survivor": survivor,
            "weight_millibits": 1000,
            "probability_ppm": 900000,
            "fingerprint": "0" * 64,
            "origin": "test",
        }
    )
    live = None
    if merged_into is not None:
        gone = B if merged_into == A else A
        live = PersonMerge.model_validate(
            {
                "type": "merge",
                "key": merge_key(gone),
                "unsourced": True,
                "survivor": merged_into,
                "absorbed": gone,
                "reason": "same",
            }
        )
    found = pair_problems(pair, merge=live)
    if survivor is not None and status not in ("accepted", "split"):
        assert [f for f, _m in found] == ["survivor"]
    elif status == "accepted":
        ok = survivor is not None and merged_into == survivor
        assert (found == []) == ok
    else:
        assert found == []
