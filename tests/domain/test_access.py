"""Roles, clearance and redaction: the role × sensitivity matrix, and a property test that
redaction never lets through anything above the role's clearance."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.access import (
    CLEARANCE,
    LEVELS,
    LOCAL_OPERATOR,
    PUBLIC,
    ROLES,
    Forbidden,
    NotAuthenticated,
    Principal,
    can,
    clears,
    levels_in,
    redact,
    redact_json,
    redaction,
    redaction_note,
    require,
)
from habeas.domain.base import Model, Record
from habeas.domain.people import Address, Contact, Identifier, Person, Relationship
from habeas.domain.registry import canonical_record, parse_record
from habeas.services.database import demo_bundle_path

# The policy, written out here so that a change to it is a visible change to this test.
SEES = {
    "public": {"public"},
    "viewer": {"public", "restricted"},
    "editor": {"public", "restricted", "confidential"},
    "admin": {"public", "restricted", "confidential"},
}
MAY = {
    "public": {"read"},
    "viewer": {"read"},
    "editor": {"read", "read_confidential", "write", "import"},
    "admin": {"read", "read_confidential", "write", "import", "verify", "admin"},
}
ACTIONS = ["read", "read_confidential", "write", "import", "verify", "admin"]
ITEM_FIELDS = {
    "identifiers": {"scheme": "a_number", "value": "A-000-000-001"},
    "relationships": {"relation": "child", "person": "person/child"},
    "addresses": {"text": "1 Calle Falsa, San Salvador", "country": "SV"},
    "contacts": {"kind": "phone", "value": "+503 0000 0000", "name": "a sister"},
}
MARKER = {  # a value found only in the item above
    "identifiers": "A-000-000-001",
    "relationships": "person/child",
    "addresses": "Calle Falsa",
    "contacts": "+503",
}
PUBLIC_ITEMS = {
    "identifiers": {"scheme": "inmate_number", "value": "CECOT-1", "sensitivity": "public"},
    "relationships": {"relation": "spouse", "person": "person/b", "sensitivity": "public"},
    "addresses": {"text": "Court of record", "sensitivity": "public"},
    "contacts": {"kind": "email", "value": "counsel@example.org", "sensitivity": "public"},
}


def person(**changes: Any) -> Person:
    data: dict[str, Any] = {
        "type": "person",
        "key": "person/ana",
        "full_name": "Ana Pérez",
        "synthetic": True,
        "sources": [{"source": "source/s"}],
    }
    data.update(changes)
    record = parse_record(data)
    assert isinstance(record, Person)
    return record


def test_the_policy_is_as_documented() -> None:
    assert {role: set(levels) for role, levels in CLEARANCE.items()} == SEES
    assert set(ROLES) == set(SEES) and LEVELS == ("public", "restricted", "confidential")
    assert Principal(None, "public") == PUBLIC and Principal("local", "admin") == LOCAL_OPERATOR


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", list(MAY))
def test_what_each_role_may_do(role: str, action: str) -> None:
    assert can(role, action) is (action in MAY[role])
    if action in MAY[role]:
        require(role, action)
    else:
        expected = NotAuthenticated if role == "public" else Forbidden
        with pytest.raises(expected):
            require(role, action)


def test_an_unknown_role_or_action_may_do_and_see_nothing() -> None:
    assert not can("root", "read") and not can("admin", "delete")
    assert not clears("root", "public")
    assert redact(person(), "root") is None


def test_identifiers_ties_addresses_and_contacts_are_confidential_by_default() -> None:
    assert Identifier(scheme="passport", value="X").sensitivity == "confidential"
    assert Relationship(relation="spouse", person="person/b").sensitivity == "confidential"
    assert Address(text="somewhere").sensitivity == "confidential"
    assert Contact(kind="email", value="a@example.org").sensitivity == "confidential"
    assert person().addresses == [] and person().contacts == []  # optional, backward compatible


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", ROLES)
def test_a_whole_record_is_shown_only_within_clearance(role: str, level: str) -> None:
    record = person(sensitivity=level)
    shown = redaction(record, role)
    if level in SEES[role]:
        assert shown.record == record and shown.withheld == () and shown.note is None
        assert redact_json(record, role) == canonical_record(record)
    else:
        assert shown.record is None and shown.note == "record withheld"
        assert redact_json(record, role) is None


@pytest.mark.parametrize("field", list(ITEM_FIELDS))
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", ROLES)
def test_each_sensitive_field_is_shown_only_within_clearance(
    role: str, level: str, field: str
) -> None:
    item = {**ITEM_FIELDS[field], "sensitivity": level}
    record = person(**{field: [item, PUBLIC_ITEMS[field]]})
    shown = redact(record, role)
    assert isinstance(shown, Person)
    kept = getattr(shown, field)
    text = json.dumps(redact_json(record, role))
    if level in SEES[role]:
        assert len(kept) == 2 and redaction_note(record, role) is None
        assert MARKER[field] in text
    else:
        assert [i.sensitivity for i in kept] == ["public"]
        assert redaction_note(record, role) == "1 field withheld"
        assert redaction(record, role).withheld == (f"{field}[0]",)
        assert MARKER[field] not in text


def test_the_default_marking_hides_all_four_from_viewers_and_the_public() -> None:
    record = person(**{field: [item] for field, item in ITEM_FIELDS.items()})
    for role in ("public", "viewer"):
        data = redact_json(record, role)
        assert data is not None
        assert not set(ITEM_FIELDS) & set(data), data
        assert redaction_note(record, role) == "4 fields withheld"
        assert "A-000-000-001" not in json.dumps(data) and "+503" not in json.dumps(data)
    for role in ("editor", "admin"):
        assert redact(record, role) == record


def test_redaction_leaves_the_original_untouched() -> None:
    record = person(identifiers=[ITEM_FIELDS["identifiers"]])
    redact(record, "public")
    assert len(record.identifiers) == 1


def _event(**changes: Any) -> Record:
    data: dict[str, Any] = {
        "type": "custody_event",
        "key": "ev/1",
        "person": "person/ana",
        "kind": "transferred",
        "at": "2025-03-16",
        "facility": "facility/secret",
        "place": {"name": "Somewhere", "facility": "facility/secret"},
        "custodian": "actor/a",
        "sources": [{"source": "source/public"}, {"source": "source/secret"}],
    }
    data.update(changes)
    return parse_record(data)


def test_references_to_withheld_records_are_taken_out() -> None:
    hidden = {"facility/secret", "source/secret"}
    shown = redaction(_event(), "public", hidden=hidden)
    assert shown.record is not None
    data = shown.to_json()
    assert data is not None
    assert "facility" not in data and "facility" not in data["place"]
    assert data["sources"] == [{"source": "source/public"}]
    assert data["custodian"] == "actor/a"
    assert set(shown.withheld) == {"facility", "place.facility", "sources[1]"}
    assert "secret" not in json.dumps(data)


def test_a_record_whose_required_reference_is_withheld_is_withheld_whole() -> None:
    assert redact(_event(), "public", hidden={"person/ana"}) is None
    assert redact(_event(), "viewer", hidden={"person/ana"}) is None


def test_a_list_item_naming_a_withheld_record_is_left_out() -> None:
    case = parse_record(
        {
            "type": "case",
            "key": "case/c",
            "court": "court/mdd",
            "docket_number": "1",
            "caption": "A v. B",
            "parties": [
                {"name": "Hidden Person", "role": "petitioner", "person": "person/hidden"},
                {"name": "Kristi Noem", "role": "respondent"},
            ],
            "persons_concerned": ["person/hidden", "person/ana"],
            "unsourced": True,
        }
    )
    data = redact_json(case, "viewer", hidden={"person/hidden"})
    assert data is not None
    assert data["persons_concerned"] == ["person/ana"]
    assert [p["name"] for p in data["parties"]] == ["Kristi Noem"]
    assert "hidden" not in json.dumps(data).lower()


def test_levels_in_sees_nested_items() -> None:
    assert levels_in(person()) == {"public"}
    assert levels_in(person(identifiers=[ITEM_FIELDS["identifiers"]])) == {
        "public",
        "confidential",
    }


# -- the property: nothing above clearance ever comes out ------------------------------
@cache
def demo_records() -> tuple[dict[str, Any], ...]:
    lines = demo_bundle_path().read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        data = json.loads(line)
        if data.get("type") not in ("bundle", "retraction"):
            out.append(data)
    return tuple(out)


levels = st.sampled_from(LEVELS)


def _item(field: str) -> st.SearchStrategy[dict[str, Any]]:
    base = ITEM_FIELDS[field]
    return levels.map(lambda level: {**base, "sensitivity": level})


@st.composite
def records(draw: st.DrawFn) -> Record:
    data = dict(draw(st.sampled_from(demo_records())))
    data["sensitivity"] = draw(levels)
    if data["type"] == "person" or draw(st.booleans()):
        if data["type"] != "person":
            data = {
                "type": "person",
                "key": data["key"] if data["key"].startswith("person/") else "person/p",
                "full_name": "Someone",
                "sensitivity": data["sensitivity"],
                "unsourced": True,
            }
        for field in ITEM_FIELDS:
            data[field] = draw(st.lists(_item(field), max_size=3))
    return parse_record(data)


def _refs(value: Model) -> set[str]:
    return {k for _p, k, _t in value.references()}


def _walk(value: Any) -> list[Any]:
    out = [value]
    if isinstance(value, Model):
        for name in type(value).model_fields:
            out += _walk(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            out += _walk(item)
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=records(), role=st.sampled_from(ROLES), data=st.data())
def test_redaction_never_returns_anything_above_clearance(
    record: Record, role: str, data: st.DataObject
) -> None:
    refs = sorted(_refs(record))
    hidden = set(data.draw(st.lists(st.sampled_from(refs), unique=True))) if refs else set()
    result = redaction(record, role, hidden=hidden)
    if record.sensitivity not in SEES[role]:
        assert result.record is None
        return
    if result.record is None:  # only when a required field refers to a withheld record
        assert hidden
        return
    shown = result.record
    assert type(shown) is type(record) and shown.key == record.key
    assert levels_in(shown) <= SEES[role]
    for value in _walk(shown):
        level = getattr(value, "sensitivity", None)
        assert level is None or level in SEES[role]
    assert not (_refs(shown) & hidden)
    # nothing is invented: each field shown is the original's, or the original's list thinned
    original = canonical_record(record)
    data_out = result.to_json()
    assert data_out is not None
    for name, value in data_out.items():
        if isinstance(value, list):
            assert all(item in original[name] for item in value)
        elif isinstance(value, dict):
            assert value.items() <= original[name].items()
        else:
            assert value == original[name]
    # with nothing withheld by reference, the JSON form is still a valid record
    if not hidden:
        again = parse_record(data_out)
        assert levels_in(again) <= SEES[role]
