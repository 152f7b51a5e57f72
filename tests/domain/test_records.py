"""Each record type refuses what it cannot mean, naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.domain.errors import InvalidRecord
from habeas.domain.merges import merge_key, pair_key
from habeas.domain.pairs import pair_id
from habeas.domain.registry import RECORD_TYPES, canonical_record, parse_record, record_errors

CITE = [{"source": "source/s"}]

VALID: dict[str, dict[str, Any]] = {
    "source": {
        "kind": "news_article",
        "title": "Flights land",
        "publisher": "Wire",
        "published": "2025-03-16",
        "sha256": "a" * 64,
    },
    "person": {
        "full_name": "Ana Pérez Gómez",
        "date_of_birth": "1990",
        "synthetic": True,
        "identifiers": [{"scheme": "a_number", "value": "000000000"}],
        "relationships": [{"relation": "spouse", "person": "person/b"}],
    },
    "actor": {
        "kind": "official",
        "name": "Jane Official",
        "roles": [{"title": "Secretary", "start": "2025-01-21"}],
    },
    "facility": {"name": "CECOT", "kind": "prison", "country": "SV", "capacity": 40000},
    "transfer": {
        "kind": "flight",
        "carrier": "GlobalX",
        "flight_number": "6143",
        "departed": "2025-03-15T17:26[America/New_York]",
        "manifest": [{"person": "person/a"}],
    },
    "custody_event": {
        "person": "person/a",
        "kind": "admitted",
        "at": "2025-03-16",
        "facility": "facility/f",
    },
    "agreement": {
        "title": "Deal",
        "parties": ["actor/a", "actor/b"],
        "terms": "Beds for money",
        "price": {"amount": "6000000", "currency": "USD", "per": "year"},
    },
    "court": {"court_id": "mdd", "name": "D. Md."},
    "case": {
        "court": "court/mdd",
        "docket_number": "8:25-cv-00951-PX",
        "caption": "A v. B",
        "parties": [{"name": "A.A.V.", "role": "plaintiff"}],
    },
    "docket_entry": {"case": "case/c", "number": 1, "filed": "2025-03-24", "text": "COMPLAINT"},
    "order": {"case": "case/c", "title": "Order", "issued": "2025-04-04", "text": "Return him."},
    "appeal": {
        "kind": "application_for_stay",
        "case": "case/s",
        "from_case": "case/c",
        "decided": "2025-04-10",
        "outcome": "granted_in_part",
    },
    "stay": {
        "kind": "administrative",
        "order": "order/o",
        "entered_in": "case/s",
        "start": "2025-04-07",
    },
    "statement": {"speaker": "actor/a", "said": "2025-04-14", "text": "No.", "about": ["person/a"]},
    "obligation": {
        "order": "order/o",
        "obligor_text": "Defendants",
        "action": "return",
        "about": ["person/a"],
        "destination": "US",
        "text": "Return him by 11:59 PM on April 7.",
        "deadline": {"kind": "explicit", "at": "2025-04-07T23:59[America/New_York]"},
    },
    "ruling": {
        "decision": "appeal/a",
        "decided": "2025-04-10",
        "effects": [{"target": "obligation/o", "effect": "deadline_vacated"}],
    },
    "assessment": {
        "obligation": "obligation/o",
        "finding": "met_in_form_only",
        "at": "2025-04",
        "assessor": "habeas editors",
        "reasons": "Declarations filed; the questions not answered.",
    },
    "pair": {
        "key": pair_key(pair_id("person/a", "person/b")),
        "left": "person/a",
        "right": "person/b",
        "weight_millibits": 9500,
        "probability_ppm": 970000,
        "evidence": [
            {
                "field": "given_name",
                "comparison": "typo",
                "detail": "given name Kilmar ~ Kilmer",
                "weight_millibits": 3500,
            }
        ],
        "explanation": "matched: given name Kilmar ~ Kilmer",
        "fingerprint": "0" * 64,
        "origin": "dedupe",
    },
    "merge": {
        "key": merge_key("person/b"),
        "survivor": "person/a",
        "absorbed": "person/b",
        "reason": "The same man, spelt two ways by two sources.",
    },
}


def make(rtype: str, **changes: Any) -> dict[str, Any]:
    data = {"type": rtype, "key": f"{rtype}/x", **VALID[rtype]}
    if rtype != "source":
        data["sources"] = CITE
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_every_record_type_has_a_valid_example() -> None:
    assert set(VALID) == set(RECORD_TYPES)


@pytest.mark.parametrize("rtype", sorted(VALID))
def test_a_valid_record_is_accepted_and_its_canonical_form_round_trips(rtype: str) -> None:
    record = parse_record(make(rtype))
    again = parse_record(canonical_record(record))
    assert again == record


@pytest.mark.parametrize("rtype", sorted(t for t in VALID if t != "source"))
def test_a_fact_without_a_source_is_refused(rtype: str) -> None:
    _, errors = record_errors(make(rtype, sources=[]))
    assert errors[0][0] == "sources"
    assert "source" in errors[0][1]


@pytest.mark.parametrize("rtype", sorted(t for t in VALID if t != "source"))
def test_a_fact_explicitly_marked_unsourced_is_accepted_and_flagged(rtype: str) -> None:
    record = parse_record(make(rtype, sources=[], unsourced=True))
    assert record.unsourced


def test_a_record_cannot_be_both_sourced_and_unsourced() -> None:
    with pytest.raises(InvalidRecord, match="unsourced"):
        parse_record(make("person", unsourced=True))


@pytest.mark.parametrize(
    ("rtype", "field", "value"),
    [
        ("person", "full_name", ""),
        ("person", "date_of_birth", "1990-02-30"),
        ("person", "date_of_birth", "1990-02-03T10:00Z"),
        ("facility", "capacity", -1),
        ("facility", "country", "El Salvador"),
        ("facility", "public_contact", {}),
        ("facility", "public_contact", {"phone": "call us"}),
        ("facility", "public_contact", {"url": "javascript:alert(1)"}),
        ("facility", "public_contact", {"email": "not an address"}),
        ("custody_event", "kind", "vanished"),
        ("custody_event", "at", "2025-03-16T10:00"),
        ("source", "sha256", "xyz"),
        ("source", "url", "not a url"),
        ("agreement", "parties", []),
        ("appeal", "decided", None),
        ("docket_entry", "number", -1),
        ("case", "court", "Not A Key"),
    ],
)
def test_bad_fields_are_named(rtype: str, field: str, value: Any) -> None:
    data = make(rtype)
    if value is None:
        data.pop(field)
    else:
        data[field] = value
    _, errors = record_errors(data)
    assert errors, f"{rtype}.{field}={value!r} was accepted"
    assert errors[0][0].split(".")[0].split("[")[0] == field


def test_a_facility_keeps_the_contact_details_families_may_use() -> None:
    contact = {"phone": "+1 (555) 010-0100", "url": "https://example.org/visit", "hours": "9-5"}
    facility = parse_record(make("facility", public_contact=contact))
    assert canonical_record(facility)["public_contact"] == contact
    assert "public_contact" not in canonical_record(parse_record(make("facility")))


def test_unknown_fields_and_types_are_refused() -> None:
    _, errors = record_errors(make("person", shoe_size=42))
    assert errors == [("shoe_size", "unknown field")]
    _, errors = record_errors({"type": "spaceship", "key": "x"})
    assert errors[0][0] == "type" and "unknown record type" in errors[0][1]


def test_a_person_is_admitted_somewhere() -> None:
    _, errors = record_errors(make("custody_event", facility=None))
    assert errors[0][0] == "facility"


def test_identifiers_and_relationships_are_confidential_by_default() -> None:
    person = parse_record(make("person"))
    assert person.identifiers[0].sensitivity == "confidential"  # type: ignore[attr-defined]
    assert person.relationships[0].sensitivity == "confidential"  # type: ignore[attr-defined]


def test_references_name_their_field_and_allowed_types() -> None:
    refs = list(parse_record(make("person")).references())
    assert ("relationships[0].person", "person/b", ("person",)) in refs
    assert ("sources[0].source", "source/s", ("source",)) in refs


def test_a_double_surname_is_found_by_any_part() -> None:
    person = parse_record(make("person", given_names="Ana", surnames="Pérez Gómez"))
    assert "Ana Pérez Gómez" in person.names()


@pytest.mark.parametrize(
    ("rtype", "changes", "field"),
    [
        ("facility", {"timezone": "Mars/Olympus"}, "timezone"),
        ("court", {"timezone": "Eastern"}, "timezone"),
        ("stay", {"start": "2025-04-10", "end": "2025-04-07"}, "end"),
        ("appeal", {"filed": "2025-04-11", "decided": "2025-04-10"}, "decided"),
    ],
)
def test_zones_must_be_real_and_spans_must_run_forward(
    rtype: str, changes: dict[str, Any], field: str
) -> None:
    _, errors = record_errors(make(rtype, **changes))
    assert errors and errors[0][0] == field, errors
