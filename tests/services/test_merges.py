"""A merge says two person records are one person, with who and why; a split undoes it;
neither touches the people's records, and verify rebuilds both from the log."""

from __future__ import annotations

import pytest

from habeas.domain.access import LOCAL_OPERATOR, Forbidden, Principal
from habeas.domain.errors import Conflict, InvalidRecord, NotFound
from habeas.services import merges
from habeas.services.history import history
from habeas.services.verify import verify_ledger
from habeas.storage import queries
from habeas.storage.store import Store
from tests.services.pair_fixtures import a_number, load, person, two_spellings

EDITOR = Principal("ed", "editor")
VIEWER = Principal("vi", "viewer")


def test_a_merge_redirects_the_absorbed_person_and_a_split_undoes_it(store: Store) -> None:
    two_spellings(store)
    with store.read() as conn:
        people_before = queries.get_records(conn, ["person/kilmar-a", "person/kilmer-b"])
    done = merges.merge_people(
        store, EDITOR, survivor="person/kilmar-a", absorbed="person/kilmer-b", reason="same"
    )
    assert done.key == "merge/person/kilmer-b"
    with store.read() as conn:
        assert merges.resolve_person(conn, "person/kilmer-b") == "person/kilmar-a"
        assert merges.merged_group(conn, "person/kilmer-b") == [
            "person/kilmar-a",
            "person/kilmer-b",
        ]
        assert queries.get_records(conn, ["person/kilmar-a", "person/kilmer-b"]) == people_before
    [line] = history(store, "merge/person/kilmer-b", principal=LOCAL_OPERATOR)
    assert line.recorded_by == "user:ed" and line.record is not None
    assert line.record["reason"] == "same"
    merges.split_people(store, EDITOR, absorbed="person/kilmer-b", reason="two brothers")
    with store.read() as conn:
        assert merges.resolve_person(conn, "person/kilmer-b") == "person/kilmer-b"
        assert merges.merged_group(conn, "person/kilmar-a") == ["person/kilmar-a"]
    lines = history(store, "merge/person/kilmer-b", principal=LOCAL_OPERATOR)
    assert [(x.op, x.reason) for x in lines] == [("assert", None), ("retract", "two brothers")]
    again = merges.merge_people(
        store, EDITOR, survivor="person/kilmar-a", absorbed="person/kilmer-b", reason="after all"
    )
    assert again.result.corrected == 1
    assert verify_ledger(store).projections["person_merges"] == 1


def test_merges_chain_through_a_survivor_merged_later(store: Store) -> None:
    two_spellings(store)
    merges.merge_people(
        store, EDITOR, survivor="person/kilmer-b", absorbed="person/other", reason="one"
    )
    merges.merge_people(
        store, EDITOR, survivor="person/kilmar-a", absorbed="person/kilmer-b", reason="two"
    )
    with store.read() as conn:
        assert merges.resolve_person(conn, "person/other") == "person/kilmar-a"
        assert merges.merged_group(conn, "person/other") == [
            "person/kilmar-a",
            "person/kilmer-b",
            "person/other",
        ]


def test_a_merge_is_refused_when_it_cannot_stand(store: Store) -> None:
    two_spellings(store)
    merges.merge_people(
        store, EDITOR, survivor="person/kilmar-a", absorbed="person/kilmer-b", reason="same"
    )
    with pytest.raises(Conflict, match="split it first"):
        merges.merge_people(
            store, EDITOR, survivor="person/other", absorbed="person/kilmer-b", reason="x"
        )
    with pytest.raises(Conflict, match="merge into person/kilmar-a instead"):
        merges.merge_people(
            store, EDITOR, survivor="person/kilmer-b", absorbed="person/other", reason="x"
        )
    with pytest.raises(InvalidRecord, match="reason"):
        merges.merge_people(
            store, EDITOR, survivor="person/kilmar-a", absorbed="person/other", reason=" "
        )
    with pytest.raises(InvalidRecord, match="themself"):
        merges.merge_people(
            store, EDITOR, survivor="person/other", absorbed="person/other", reason="x"
        )
    with pytest.raises(NotFound):
        merges.merge_people(
            store, EDITOR, survivor="person/kilmar-a", absorbed="person/nobody", reason="x"
        )
    with pytest.raises(InvalidRecord, match="not a person"):
        merges.merge_people(
            store, EDITOR, survivor="person/kilmar-a", absorbed="facility/north", reason="x"
        )
    with pytest.raises(Forbidden):
        merges.merge_people(
            store, VIEWER, survivor="person/kilmar-a", absorbed="person/other", reason="x"
        )
    with pytest.raises(Conflict, match="split already"):
        merges.split_people(store, EDITOR, absorbed="person/kilmer-b", reason="a")
        merges.split_people(store, EDITOR, absorbed="person/kilmer-b", reason="b")
    with pytest.raises(NotFound):
        merges.split_people(store, EDITOR, absorbed="person/other", reason="b")
    with pytest.raises(NotFound):
        merges.split_people(store, EDITOR, absorbed="person/" + "x" * 193, reason="b")
    load(store, [person("person/" + "x" * 193, "Long Key")])
    with pytest.raises(InvalidRecord, match="too long"):
        merges.merge_people(
            store, EDITOR, survivor="person/other", absorbed="person/" + "x" * 193, reason="b"
        )


def test_conflicting_identifiers_need_an_override_reason(store: Store) -> None:
    load(
        store,
        [
            person("person/x1", "Jose Martinez", identifiers=a_number("A111111111")),
            person("person/x2", "José Martínez", identifiers=a_number("A222222222")),
            person("person/x3", "Jose Martinez", identifiers=a_number("a111111111")),
        ],
    )
    with pytest.raises(InvalidRecord, match=r"conflict \(a_number\)"):
        merges.merge_people(store, EDITOR, survivor="person/x1", absorbed="person/x2", reason="x")
    done = merges.merge_people(
        store, EDITOR, survivor="person/x1", absorbed="person/x2", reason="x", override="typo"
    )
    assert done.conflicts == ("a_number",)
    same = merges.merge_people(
        store, EDITOR, survivor="person/x1", absorbed="person/x3", reason="same number"
    )
    assert same.conflicts == ()


def test_a_merge_above_a_readers_clearance_is_not_followed(store: Store) -> None:
    from habeas.services.search import search
    from habeas.services.whereabouts import whereabouts
    from tests.services.pair_fixtures import event

    two_spellings(store)
    load(
        store,
        [
            person("person/secret-b", "Zorvath Quillon", sensitivity="confidential"),
            event("ev/secret-1", "person/secret-b", "released", "2025-04-01"),
        ],
    )
    merges.merge_people(
        store, EDITOR, survivor="person/kilmar-a", absorbed="person/secret-b", reason="same"
    )
    seen = whereabouts(store, "person/kilmar-a", principal=VIEWER).to_json()
    assert "ev/secret-1" not in str(seen) and seen["status"] == "in_custody"
    assert search(store, "Zorvath", principal=VIEWER) == []
    full = whereabouts(store, "person/secret-b", principal=EDITOR).to_json()
    assert full["person"]["key"] == "person/kilmar-a" and full["status"] == "released"


def test_a_merged_person_made_confidential_later_is_left_out_for_a_viewer(store: Store) -> None:
    from habeas.domain.registry import parse_record
    from habeas.services.occupancy import occupancy
    from habeas.services.whereabouts import whereabouts
    from habeas.services.write import Put, write
    from tests.services.pair_fixtures import event

    two_spellings(store)
    load(store, [event("ev/b-0", "person/kilmer-b", "detained", "2025-02-01", "facility/north")])
    merges.merge_people(
        store, EDITOR, survivor="person/other", absorbed="person/kilmer-b", reason="same"
    )
    assert "ev/b-1" in str(whereabouts(store, "person/other", principal=VIEWER).to_json())
    hidden = parse_record(person("person/kilmer-b", "Kilmer Abrego", sensitivity="confidential"))
    write(store, [Put(hidden, expect=1)], principal=EDITOR)
    seen = whereabouts(store, "person/other", principal=VIEWER).to_json()
    assert "ev/b-1" not in str(seen) and seen["status"] == "no_record"
    held = occupancy(store, "facility/north", on="2025-02-02", principal=VIEWER).held
    assert [p.key for p, _e in held] == []
    held = occupancy(store, "facility/north", on="2025-02-02", principal=EDITOR).held
    assert [p.key for p, _e in held] == ["person/other"]
    verify_ledger(store)
