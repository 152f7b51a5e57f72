"""The demo's variant spellings land on one person by the matcher, with no misspelling
typed into his aliases."""

from __future__ import annotations

import json

from habeas.domain.access import LOCAL_OPERATOR, PUBLIC
from habeas.services.name_variants import PERSON, load_name_variants, variants_path
from habeas.services.search import search
from habeas.storage.store import Store


def test_every_variant_spelling_lands_on_the_story_s_person(sqlite_store: Store) -> None:
    result = load_name_variants(sqlite_store)
    assert len(result.resolved) == 4
    assert set(result.resolved.values()) == {PERSON}
    again = load_name_variants(sqlite_store)
    assert again.accepted == () and again.resolved == result.resolved


def test_the_variant_records_are_flagged_and_not_typed_into_the_person() -> None:
    lines = [json.loads(x) for x in variants_path().read_text(encoding="utf-8").splitlines()]
    people = [x for x in lines if x.get("type") == "person"]
    assert {p["full_name"] for p in people} == {
        "Kilmar Armando Abrego Garcia",
        "Abrego Garcia, Kilmar",
        "Kilmer Abrego",
        "ABREGO GARCIA K A",
    }
    assert all(p["synthetic"] for p in people)


def test_a_search_by_any_variant_finds_the_one_person_they_answer_as(sqlite_store: Store) -> None:
    load_name_variants(sqlite_store)
    for query in ("Kilmer Abrego", "ABREGO GARCIA K A", "Abrego Garcia, Kilmar"):
        people = [
            h
            for h in search(sqlite_store, query, types=("person",), principal=LOCAL_OPERATOR)
            if "abrego" in h["key"]
        ]
        assert [h["key"] for h in people] == [PERSON], query
        assert not people[0]["synthetic"], "the survivor is shown, not the variant record"


def test_the_public_look_up_finds_him_once_by_the_news_report_s_spelling(
    sqlite_store: Store,
) -> None:
    load_name_variants(sqlite_store)
    hits = search(sqlite_store, "Kilmer Abrego", types=("person",), principal=PUBLIC)
    assert [h["key"] for h in hits if "abrego" in h["key"]] == [PERSON]
