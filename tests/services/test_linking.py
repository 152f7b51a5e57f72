"""Linking on import: each person an import adds is matched against the ledger by indexed
lookups, and linked, proposed or left alone by the thresholds; the hook runs once for
every importer, after the import commits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from habeas.config import Settings
from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.services import linking
from habeas.services.importing import import_bundle
from habeas.services.linking import Decision, decide, link_imported, match_person
from habeas.services.verify import verify_ledger
from habeas.storage.store import Store
from tests.conftest import cite, source, write_bundle


def person(key: str, name: str, **more: Any) -> dict[str, Any]:
    return {"type": "person", "key": key, "full_name": name, "sources": cite(), **more}


KILMAR = person(
    "person/kilmar-abrego-garcia",
    "Kilmar Armando Abrego Garcia",
    given_names="Kilmar Armando",
    surnames="Abrego Garcia",
    nationality=["SV"],
)


def load(store: Store, tmp_path: Path, name: str, records: list[dict[str, Any]]) -> None:
    import_bundle(store, write_bundle(tmp_path / name, records), principal=LOCAL_OPERATOR)


@pytest.fixture
def decisions(monkeypatch: pytest.MonkeyPatch) -> list[Decision]:
    """What linking decided on each import (acting on nothing)."""
    told: list[Decision] = []
    real = linking.link_imported

    def spy(store: Store, principal: Principal, keys: Any, **kw: Any) -> list[Decision]:
        kw.setdefault("settings", Settings())
        got = real(store, principal, keys, act=lambda *_: None, **kw)
        told.extend(got)
        return got

    monkeypatch.setattr(linking, "link_imported", spy)
    return told


def test_an_import_matches_each_new_person_against_the_ledger(
    store: Store, tmp_path: Path, decisions: list[Decision]
) -> None:
    load(store, tmp_path, "a.jsonl", [source(), KILMAR])
    assert decisions == []  # nobody was there before: a first import's own pairs are dedupe's
    load(
        store,
        tmp_path,
        "b.jsonl",
        [
            source(),
            person("person/list-1", "Abrego Garcia, Kilmar", nationality=["SV"]),
            person("person/other", "Ana Lucia Perez Soto"),
        ],
    )
    got = {d.person: d for d in decisions}
    assert got["person/list-1"].outcome in ("linked", "review")
    assert got["person/list-1"].into == "person/kilmar-abrego-garcia"
    assert got["person/other"].outcome == "new"


def test_a_rerun_of_the_same_import_matches_nobody_again_and_changes_no_key(
    store: Store, tmp_path: Path, decisions: list[Decision]
) -> None:
    load(store, tmp_path, "a.jsonl", [source(), KILMAR])
    records = [source(), person("person/list-1", "Abrego Garcia, Kilmar")]
    load(store, tmp_path, "b.jsonl", records)
    assert [d.person for d in decisions] == ["person/list-1"]
    load(store, tmp_path, "b.jsonl", records)
    assert [d.person for d in decisions] == ["person/list-1"]
    assert verify_ledger(store).projections["match_keys"] > 0


def test_a_conflicting_a_number_is_never_linked_automatically(store: Store, tmp_path: Path) -> None:
    ids = lambda v: [{"scheme": "a_number", "value": v}]  # noqa: E731
    load(store, tmp_path, "a.jsonl", [source(), {**KILMAR, "identifiers": ids("A201577119")}])
    load(
        store,
        tmp_path,
        "b.jsonl",
        [
            source(),
            person(
                "person/x",
                "Kilmar Armando Abrego Garcia",
                nationality=["SV"],
                identifiers=ids("A999999999"),
            ),
        ],
    )
    pairs = match_person(store, "person/x", principal=LOCAL_OPERATOR)
    assert pairs[0].conflict
    assert decide(pairs[0], Settings(match_auto_link=0.0, match_review=0.0)) == "review"


def test_thresholds_decide_linked_review_or_new(store: Store, tmp_path: Path) -> None:
    load(
        store,
        tmp_path,
        "a.jsonl",
        [source(), KILMAR, person("person/n", "Kilmer Abrego", nationality=["SV"])],
    )
    best = match_person(store, "person/n", principal=LOCAL_OPERATOR)[0]
    assert {best.left, best.right} == {"person/n", KILMAR["key"]}
    assert decide(best, Settings(match_auto_link=best.probability, match_review=0.0)) == "linked"
    assert decide(best, Settings(match_auto_link=1.0, match_review=0.0)) == "review"
    assert decide(best, Settings(match_auto_link=1.0, match_review=1.0)) == "new"
    assert decide(None, Settings()) == "new"


def test_an_import_of_more_people_than_the_limit_is_left_to_dedupe(
    store: Store, tmp_path: Path
) -> None:
    others = [person("person/n", "Kilmer Abrego"), person("person/o", "Ana Perez Soto")]
    load(store, tmp_path, "a.jsonl", [source(), KILMAR, *others])
    few = Settings(match_import_max=1)
    assert link_imported(store, LOCAL_OPERATOR, ["person/n"], settings=few, act=lambda *_: None)
    assert link_imported(store, LOCAL_OPERATOR, ["person/n", "person/o"], settings=few) == []


def test_linking_can_be_switched_off(store: Store, tmp_path: Path) -> None:
    load(store, tmp_path, "a.jsonl", [source(), KILMAR])
    assert (
        link_imported(
            store, LOCAL_OPERATOR, [KILMAR["key"]], settings=Settings(match_on_import=False)
        )
        == []
    )


def test_matching_needs_a_principal_who_may_write(store: Store) -> None:
    with pytest.raises(TypeError):
        match_person(store, "person/x", principal=None)  # type: ignore[arg-type]


def test_a_rare_surname_agreeing_weighs_more_than_a_common_one(
    store: Store, tmp_path: Path
) -> None:
    """The same agreement (given name and surname, exactly) on import: the surname nine of
    the ledger's people bear counts for less than the one two bear (SYNTHETIC people)."""
    given = ["Ana", "Luis", "Marta", "Raul", "Elena", "Tomas", "Irene"]
    ledger = [person(f"person/g{i}", f"{g} Garcia", synthetic=True) for i, g in enumerate(given)]
    load(
        store,
        tmp_path,
        "a.jsonl",
        [
            source(),
            *ledger,
            person("person/pg", "Pedro Garcia", synthetic=True),
            person("person/pu", "Pedro Uzcategui", synthetic=True),
        ],
    )
    load(
        store,
        tmp_path,
        "b.jsonl",
        [
            source(),
            person("person/new-pg", "Pedro Garcia", synthetic=True),
            person("person/new-pu", "Pedro Uzcategui", synthetic=True),
        ],
    )
    common = match_person(store, "person/new-pg", principal=LOCAL_OPERATOR)[0]
    rare = match_person(store, "person/new-pu", principal=LOCAL_OPERATOR)[0]
    assert {common.left, common.right} == {"person/new-pg", "person/pg"}
    assert {rare.left, rare.right} == {"person/new-pu", "person/pu"}
    assert rare.match_weight > common.match_weight + 1  # garcia: 9 of 11 people; 2 of 11
    with store.read() as conn:
        plain = linking.match_body(
            conn, "person/new-pu", {**person("person/new-pu", "Pedro Uzcategui")}
        )[0]
    assert plain.match_weight < rare.match_weight  # without the ledger's words: no bonus
