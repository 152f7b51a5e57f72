"""The reference story, loaded as demo data, answers the questions habeas exists for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.services.database import load_demo
from habeas.services.occupancy import PAGE, occupancy
from habeas.services.search import search
from habeas.services.timeline import timeline
from habeas.services.verify import verify_ledger
from habeas.services.whereabouts import whereabouts
from habeas.storage.store import Store

KAG = "person/kilmar-abrego-garcia"
VIEWER = Principal("vi", "viewer")
CECOT, ON = "facility/cecot", "2025-04-14"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    load_demo(store)
    yield store
    store.close()


def test_the_demo_loads_on_each_backend_and_verifies(store: Store) -> None:
    first = load_demo(store)
    assert first.asserted > 1000
    again = load_demo(store)
    assert again.asserted == again.corrected == 0
    assert again.unchanged == first.asserted
    assert verify_ledger(store).size == first.asserted
    w = whereabouts(store, "Abrego Garcia", as_of="2025-04-14", principal=LOCAL_OPERATOR).to_json()
    assert (w["status"], w["facility"]["name"], w["country"]) == ("in_custody", "CECOT", "SV")


def test_on_14_april_2025_abrego_garcia_is_held_in_cecot_el_salvador(demo: Store) -> None:
    w = whereabouts(demo, "Abrego Garcia", as_of="2025-04-14", principal=LOCAL_OPERATOR).to_json()
    assert w["person"]["key"] == KAG
    assert w["status"] == "in_custody"
    assert w["facility"]["name"] == "CECOT"
    assert w["facility"]["capacity"] == 40000
    assert w["country"] == "SV"
    assert w["custodian"]["name"] == "El Salvador"
    assert w["since"]["at"].startswith("2025-03-15")
    assert w["sources"], "the answer cites its sources"
    kinds = [e["kind"] for e in w["chain"]]
    assert kinds[0] == "apprehended" and kinds[-1] == "admitted"
    assert "removed" in kinds


@pytest.mark.parametrize(
    ("as_of", "status", "country"),
    [
        ("2025-03-11", "no_record", None),
        ("2025-03-13", "in_custody", "US"),
        ("2025-06-07", "in_custody", "US"),
        ("2025-08-23", "released", "US"),
    ],
)
def test_his_whereabouts_follow_the_chain_of_custody(
    demo: Store, as_of: str, status: str, country: str | None
) -> None:
    w = whereabouts(demo, KAG, as_of=as_of, principal=LOCAL_OPERATOR).to_json()
    assert (w["status"], w["country"]) == (status, country)


def test_the_reported_moves_are_marked_as_reported(demo: Store) -> None:
    w = whereabouts(demo, KAG, as_of="2025-03-15", principal=LOCAL_OPERATOR).to_json()
    reported = [e for e in w["chain"] if e["certainty"] == "reported"]
    assert {e["kind"] for e in reported} >= {"transferred"}


@pytest.mark.parametrize(
    "name",
    [
        "Abrego Garcia",
        "Kilmar Ábrego",
        "kilmar abrego garcía",
        "KILMAR ARMANDO",
        "Kilmer Abrego Garcia",
        "Abrego Gracia",
    ],
)
def test_name_lookup_ignores_case_accents_and_matches_any_part(demo: Store, name: str) -> None:
    assert whereabouts(demo, name, principal=LOCAL_OPERATOR).person.key == KAG


def test_cecot_held_261_people_from_the_march_15_flights(demo: Store) -> None:
    occ = occupancy(demo, "CECOT", on="2025-04-14", principal=LOCAL_OPERATOR).to_json()
    assert occ["held"] == 261
    assert occ["synthetic"] == 260
    assert occ["capacity"] == 40000
    assert not occ["over_capacity"]
    assert (
        occupancy(
            demo,
            "Centro de Confinamiento del Terrorismo",
            on="2025-03-14",
            principal=LOCAL_OPERATOR,
        ).count
        == 0
    )


def test_after_the_july_18_exchange_only_the_salvadorans_remain(demo: Store) -> None:
    occ = occupancy(demo, "facility/cecot", on="2025-07-19", principal=LOCAL_OPERATOR)
    assert occ.count == 22
    assert all(p.synthetic for p, _ in occ.held)


@pytest.mark.parametrize(
    "query",
    [
        "Kilmar Abrego Garsia",
        "Abrejo Garcia",
        "Kilmer Abrego Gracia",
        "ABREGO GARCIA K",
        "Garcia, Kilmar Abrego",
    ],
)
def test_a_misspelt_or_reordered_name_finds_him_first_and_says_why(demo: Store, query: str) -> None:
    hits = search(demo, query, types=("person",), principal=LOCAL_OPERATOR)
    assert hits[0]["key"] == KAG
    assert hits[0]["matched"].startswith("matched: ")


def test_the_explanation_names_what_was_forgiven(demo: Store) -> None:
    hit = search(demo, "Kilmer Abrego Gracia", types=("person",), principal=LOCAL_OPERATOR)[0]
    assert hit["matched"] == "matched: surname, given name ~ Kilmer, surname ~ Gracia"
    assert {"kind": "typo", "part": "given", "query": "Kilmer"} in hit["why"]


def test_the_demo_keeps_no_typed_in_misspelling_of_his_name(demo: Store) -> None:
    names = search(demo, KAG, principal=LOCAL_OPERATOR)
    assert names[0]["key"] == KAG
    person = whereabouts(demo, KAG, principal=LOCAL_OPERATOR).person
    written = " ".join([person.full_name, *person.aliases]).lower()
    assert "kilmer" not in written and "gracia" not in written


def test_search_finds_people_facilities_cases_and_sources(demo: Store) -> None:
    types = {h["type"] for h in search(demo, "abrego garcia", principal=LOCAL_OPERATOR)}
    assert {"person", "case", "source"} <= types
    assert search(demo, "cecot", principal=LOCAL_OPERATOR)[0]["key"] == "facility/cecot"
    assert any(h["type"] == "case" for h in search(demo, "8:25-cv-00951", principal=LOCAL_OPERATOR))


def test_the_timeline_of_the_person_holds_custody_orders_appeals_and_statements(
    demo: Store,
) -> None:
    items = timeline(demo, "Abrego Garcia", principal=LOCAL_OPERATOR).to_json()["items"]
    types = {i["type"] for i in items}
    assert {"custody_event", "case", "order", "appeal", "stay", "statement"} <= types
    dated = [i["at"] for i in items if i["at"]]
    assert dated == sorted(dated, key=lambda a: a[:10]), "in time order"
    assert all(i["sources"] for i in items), "every line has its sources"


def test_the_timeline_of_the_case_follows_the_matter_to_the_supreme_court(demo: Store) -> None:
    data = timeline(demo, "case/mdd-8-25-cv-00951", principal=LOCAL_OPERATOR).to_json()
    summaries = " ".join(i["summary"] for i in data["items"])
    assert "24A949" in summaries or "Noem v. Abrego Garcia" in summaries
    assert any(
        i["key"] == "stay/scotus-24a949-administrative-stay-2025-04-07" for i in data["items"]
    )


def test_the_child_is_known_only_by_initials(demo: Store) -> None:
    hits = search(demo, "A.A.V.", principal=LOCAL_OPERATOR)
    assert hits and hits[0]["label"] == "A.A.V."


# Occupancy counts everyone held whatever page of people is read: the page is the first
# people of the whole list, in its order (real people first, by name).
@pytest.mark.parametrize("who", [LOCAL_OPERATOR, VIEWER], ids=["operator", "viewer"])
@pytest.mark.parametrize("page", [0, 1, 7, 250])
def test_a_page_of_people_is_the_start_of_the_whole_list_and_the_counts_are_everyone(
    demo: Store, who: Principal, page: int
) -> None:
    everyone = occupancy(demo, CECOT, on=ON, principal=who, people=None)
    some = occupancy(demo, CECOT, on=ON, principal=who, people=page)
    assert everyone.count == len(everyone.held) > page
    assert some.count == everyone.count
    assert (
        some.synthetic_count
        == everyone.synthetic_count
        == sum(1 for p, _ in everyone.held if p.synthetic)
    )
    assert [(p.key, e.key if e else None) for p, e in some.held] == [
        (p.key, e.key if e else None) for p, e in everyone.held[:page]
    ]


def test_occupancy_reads_a_page_by_default_and_says_how_many_are_held(demo: Store) -> None:
    occ = occupancy(demo, CECOT, on=ON, principal=LOCAL_OPERATOR)
    assert len(occ.held) == min(PAGE, occ.count)
    assert occ.to_json()["held"] == occ.count
