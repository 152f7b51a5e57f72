"""What the public look-up shows a relative of a person: where now and since when, how sure,
the public chain of custody, what the courts ordered and whether it was done, and where to
turn. Nothing above the public's clearance is read: every "Hush" word below is restricted or
confidential, and none may appear in the answer."""

from __future__ import annotations

import json
from typing import Any

import pytest

from habeas.domain.access import PUBLIC, Principal
from habeas.domain.errors import NotFound
from habeas.domain.registry import parse_record
from habeas.services.legal_aid import LegalAid
from habeas.services.public_person import PERSON_FIELDS, public_person
from habeas.services.writer import write_changes
from habeas.storage.store import Store
from tests.conftest import cite, small_story

CASE = "case/ana-v-agency"
ORDER = "order/ana-v-agency-2025-03-20"
HIDDEN = "Hush"


def _story() -> list[dict[str, Any]]:
    """The small story (Ana: held, removed, admitted to Big Prison, released to VE) with a
    public case, order and duty about her; Ben still held at Big Prison, which publishes a
    visitors' line; and restricted or confidential records that must stay out."""
    records = small_story()
    for r in records:
        if r["key"] == "facility/prison":
            r["public_contact"] = {"phone": "+503 555 0100", "url": "https://prison.example.org"}
    secret: dict[str, Any] = {"sensitivity": "restricted", "synthetic": True, "sources": cite()}
    return [
        *records,
        {"type": "court", "key": "court/mdd", "court_id": "mdd", "name": "D. Md.",
         "timezone": "America/New_York", "sources": cite()},
        {"type": "case", "key": CASE, "court": "court/mdd", "docket_number": "8:25-cv-1",
         "caption": "Perez v. Agency", "filed": "2025-03-18", "synthetic": True,
         "persons_concerned": ["person/ana"], "sources": cite()},
        {"type": "order", "key": ORDER, "case": CASE, "title": "Order", "issued": "2025-03-20",
         "text": "Defendants shall return the petitioner.", "synthetic": True,
         "sources": cite()},
        {"type": "obligation", "key": "obligation/ana-return", "order": ORDER,
         "about": ["person/ana"], "obligor_text": "Defendants", "action": "return",
         "destination": "US", "text": "return the petitioner to the United States",
         "deadline": {"kind": "explicit", "at": "2025-04-02T17:00[America/New_York]"},
         "synthetic": True, "sources": cite()},
        # above the public's clearance, each with a Hush word
        {**secret, "type": "obligation", "key": "obligation/hush-duty", "order": ORDER,
         "about": ["person/ana"], "obligor_text": "Defendants", "action": "other",
         "text": "Hushduty: file the sealed report"},
        {**secret, "type": "order", "key": "order/hush-order", "case": CASE,
         "title": "Hushorder under seal", "issued": "2025-03-21", "text": "Hushorder text"},
        {**secret, "type": "case", "key": "case/hush-case", "court": "court/mdd",
         "docket_number": "8:25-cv-2", "caption": "Hushcase v. Agency",
         "persons_concerned": ["person/ana"]},
        {**secret, "type": "custody_event", "key": "ev/ana-hush", "person": "person/ana",
         "kind": "transferred", "at": "2025-03-10", "facility": "facility/centre",
         "description": "Hushevent", "sensitivity": "confidential"},
        {"type": "person", "key": "person/hush-person", "full_name": "Hushperson Hidden",
         **secret},
        {"type": "person", "key": "person/ben", "full_name": "Ben Synthetic Example",
         "synthetic": True, "sources": cite()},
        {**secret, "type": "source", "key": "source/hush-src", "kind": "testimony",
         "title": "Hushsource memo"},
        {**secret, "type": "facility", "key": "facility/hush-site", "name": "Hushsite",
         "kind": "other", "country": "US"},
        {"type": "custody_event", "key": "ev/ben-0", "person": "person/ben",
         "kind": "detained", "at": "2025-03-10", "facility": "facility/hush-site",
         "synthetic": True, "sources": [*cite(), {"source": "source/hush-src"}]},
        {"type": "custody_event", "key": "ev/ben-1", "person": "person/ben",
         "kind": "admitted", "at": "2025-03-16", "facility": "facility/prison",
         "certainty": "reported", "synthetic": True, "sources": cite()},
    ]  # fmt: skip


@pytest.fixture
def story(store: Store) -> Store:
    write_changes(store, [parse_record(r) for r in _story()], author="test")
    return store


def test_a_relative_sees_where_now_since_when_and_how_sure(story: Store) -> None:
    data = public_person(story, "person/ana", principal=PUBLIC)
    assert set(data["person"]) <= set(PERSON_FIELDS)
    now = data["whereabouts"]
    assert (now["status"], now["country"], now["place"], now["facility"]) == (
        "released",
        "VE",
        None,
        None,
    )
    assert now["since"] == {"at": "2025-07-18", "kind": "released", "zone": None, "where": None}
    assert now["certainty"] == "confirmed"
    assert now["sources"] and all("key" not in s for s in now["sources"])


def test_the_chain_holds_the_public_events_only(story: Store) -> None:
    data = public_person(story, "person/ana", principal=PUBLIC)
    chain = data["chain"]
    assert [e["kind"] for e in chain] == [
        "apprehended",
        "detained",
        "removed",
        "admitted",
        "released",
    ]
    assert chain[1]["facility"] == "North Centre" and chain[1]["zone"] is None
    assert chain[2]["at"] == "2025-03-15T17:26[America/Chicago]"
    assert chain[3]["facility"] == "Big Prison" and chain[3]["custodian"] == "State B"


def test_what_the_courts_ordered_is_the_public_orders_and_their_state(story: Store) -> None:
    [case] = public_person(story, "person/ana", principal=PUBLIC)["cases"]
    assert (case["caption"], case["court"], case["timezone"]) == (
        "Perez v. Agency",
        "D. Md.",
        "America/New_York",
    )
    [order] = case["orders"]
    assert (order["kind"], order["issued"], order["titled_by_kind"]) == (
        "order",
        "2025-03-20",
        True,
    )
    [duty] = order["required"]
    assert duty["text"] == "return the petitioner to the United States"
    assert duty["status"] == "overdue"  # the ledger records no return: unmet, past its deadline
    assert duty["deadline"]["at"]["local"].startswith("2025-04-02T17:00")
    assert duty["zone"] == "America/New_York"


def test_nothing_above_the_public_s_clearance_is_in_the_answer(story: Store) -> None:
    text = json.dumps(public_person(story, "person/ana", principal=PUBLIC))
    assert HIDDEN not in text and "hush" not in text
    with pytest.raises(NotFound):
        public_person(story, "person/hush-person", principal=PUBLIC)
    viewer = json.dumps(public_person(story, "person/ana", principal=Principal("v", "viewer")))
    assert "Hushorder" in viewer and "Hushduty" in viewer, "the story holds them"


def test_a_public_event_at_a_place_not_public_says_so_in_no_words_of_its_own(
    story: Store,
) -> None:
    ben = public_person(story, "person/ben", principal=PUBLIC)
    first = ben["chain"][0]
    assert (first["kind"], first["facility"], first["withheld"]) == ("detained", None, ["facility"])
    assert {"withheld": True} in first["sources"] and len(first["sources"]) == 2
    assert HIDDEN not in json.dumps(ben) and "(withheld)" not in json.dumps(ben)


def test_where_to_turn_names_the_facility_s_public_contact_and_the_configured_aid(
    story: Store,
) -> None:
    aid = LegalAid(name="Example Aid", url="https://aid.example.org", languages=["es"])
    ben = public_person(story, "person/ben", [aid], principal=PUBLIC)
    assert ben["whereabouts"]["certainty"] == "reported"
    assert ben["where_to_turn"] == {
        "facility": {
            "name": "Big Prison",
            "phone": "+503 555 0100",
            "url": "https://prison.example.org",
        },
        "legal_aid": [aid.to_json()],
    }
    ana = public_person(story, "person/ana", principal=PUBLIC)  # released: no facility to call
    assert ana["where_to_turn"] == {"facility": None, "legal_aid": []}
