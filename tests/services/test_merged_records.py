"""A surviving person lists the records merged into it (each as recorded, with its sources,
who merged it, why and when), in the whereabouts and timeline answers; a merged-away key
says whom it answers as now; a record or merge above the reader's clearance is never
listed."""

from __future__ import annotations

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.services.merged_records import merged_away, merged_into
from habeas.services.merges import merge_people, split_people
from habeas.services.timeline import timeline
from habeas.services.whereabouts import whereabouts
from habeas.storage.store import Store
from tests.services.pair_fixtures import load, person, two_spellings

EDITOR = Principal("ed", "editor")
VIEWER = Principal("vi", "viewer")
PUBLIC = Principal("pu", "public")
A, B, C = "person/kilmar-a", "person/kilmer-b", "person/other"


def test_the_survivor_lists_the_record_merged_into_it(store: Store) -> None:
    two_spellings(store)
    merge_people(store, EDITOR, survivor=A, absorbed=B, reason="one man in two lists")
    [m] = merged_into(store, A, principal=VIEWER)
    assert (m.key, m.name, m.survivor, m.root) == (B, "Kilmer Abrego", A, A)
    assert (m.merged_by, m.reason, m.merge) == ("user:ed", "one man in two lists", f"merge/{B}")
    assert m.merged_at.endswith("Z") and m.override is None
    assert [s.title for s in m.sources] == ["Order of the court"]
    for answer in (
        whereabouts(store, A, principal=VIEWER).to_json(),
        timeline(store, A, principal=VIEWER).to_json(),
    ):
        assert [x["key"] for x in answer["merged"]] == [B]
        assert answer["merged"][0]["sources"][0]["title"] == "Order of the court"
    away = merged_away(store, B, principal=VIEWER)
    assert away is not None and (away.root, away.root_name) == (A, "Kilmar Armando Abrego Garcia")
    assert merged_away(store, A, principal=VIEWER) is None

    split_people(store, EDITOR, absorbed=B, reason="two brothers")
    assert merged_into(store, A, principal=VIEWER) == []
    assert merged_away(store, B, principal=VIEWER) is None
    assert whereabouts(store, A, principal=VIEWER).to_json()["merged"] == []


def test_a_chain_lists_every_record_and_the_one_it_went_through(store: Store) -> None:
    two_spellings(store)
    merge_people(store, EDITOR, survivor=B, absorbed=C, reason="same")
    merge_people(store, EDITOR, survivor=A, absorbed=B, reason="same")
    listed = merged_into(store, A, principal=LOCAL_OPERATOR)
    assert [(m.key, m.survivor, m.root) for m in listed] == [(B, A, A), (C, B, A)]
    away = merged_away(store, C, principal=LOCAL_OPERATOR)
    assert away is not None and (away.survivor, away.root) == (B, A)


def test_a_merged_record_above_clearance_is_never_listed(store: Store) -> None:
    two_spellings(store)
    load(
        store,
        [
            person("person/secret-b", "Zorvath Quillon", sensitivity="confidential"),
            person("person/kept-c", "Ilse Varnholt", sensitivity="restricted"),
        ],
    )
    merge_people(store, EDITOR, survivor=A, absorbed="person/secret-b", reason="same")
    merge_people(store, EDITOR, survivor=A, absorbed="person/kept-c", reason="same")
    assert [m.key for m in merged_into(store, A, principal=EDITOR)] == [
        "person/kept-c",
        "person/secret-b",
    ]
    assert [m.key for m in merged_into(store, A, principal=VIEWER)] == ["person/kept-c"]
    assert merged_into(store, A, principal=PUBLIC) == []
    for who in (VIEWER, PUBLIC):
        for answer in (
            whereabouts(store, A, principal=who).to_json(),
            timeline(store, A, principal=who).to_json(),
        ):
            assert "Zorvath" not in str(answer) and "secret-b" not in str(answer)
    assert "Ilse" not in str(whereabouts(store, A, principal=PUBLIC).to_json())
    assert merged_away(store, "person/secret-b", principal=VIEWER) is None
