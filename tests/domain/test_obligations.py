"""Obligations, rulings and assessments: what each record may say, and what it refuses."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.courts_records import DocketEntry
from habeas.domain.obligations import Assessment, Obligation, Ruling
from habeas.domain.registry import canonical_record, parse_record, record_errors

CITE = [{"source": "source/s"}]

RETURN: dict[str, Any] = {
    "type": "obligation",
    "key": "obligation/return",
    "order": "order/o",
    "obligor_text": "Defendants",
    "action": "return",
    "about": ["person/p"],
    "destination": "US",
    "text": "facilitate and effectuate the return of the plaintiff to the United States",
    "deadline": {"kind": "explicit", "at": "2025-04-07T23:59[America/New_York]"},
    "sources": CITE,
}

DEADLINES: list[dict[str, Any]] = [
    {"kind": "explicit", "at": "2025-04-07T23:59[America/New_York]", "words": "by 11:59 PM"},
    {"kind": "explicit", "at": "2025-04-07"},
    {"kind": "computed", "trigger": "2025-04-04", "days": 14, "court": "mdd"},
    {"kind": "computed", "trigger": "2025-04-04T17:00[America/New_York]", "hours": 72,
     "court": "mdd"},
    {"kind": "asap", "words": "as soon as possible"},
    {"kind": "recurring", "every": "day", "at": "17:00", "zone": "America/New_York",
     "start": "2025-04-12"},
    {"kind": "recurring", "every": "business_day", "at": "09:30", "zone": "America/Chicago",
     "start": "2025-05-01", "until": "2025-06-30", "court": "tnmd"},
    {"kind": "none"},
]  # fmt: skip


def obligation(**changes: Any) -> dict[str, Any]:
    data = {**RETURN, **changes}
    return {k: v for k, v in data.items() if v is not None}


def errors_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    record, errors = record_errors(data)
    assert record is None, f"accepted: {data}"
    return errors


def named(error: tuple[str, str]) -> list[str]:
    """The fields an error names: its path, and a nested rule's "field: ..." message."""
    path, message = error
    parts = [p.split("[")[0] for p in path.split(".")]
    head = message.split(": ", 1)[0]
    return [*parts, head] if ": " in message and " " not in head else parts


@pytest.mark.parametrize("deadline", DEADLINES, ids=lambda d: str(d["kind"]))
def test_every_kind_of_deadline_is_accepted_and_round_trips(deadline: dict[str, Any]) -> None:
    record = parse_record(obligation(deadline=deadline, action="file_declaration"))
    assert isinstance(record, Obligation)
    assert parse_record(canonical_record(record)) == record
    assert record.deadline.kind == deadline["kind"]


def test_an_obligation_without_a_deadline_has_none() -> None:
    record = parse_record(obligation(deadline=None))
    assert isinstance(record, Obligation)
    assert record.deadline.kind == "none"
    assert "deadline" not in canonical_record(record)


@pytest.mark.parametrize(
    ("action", "kind", "detail"),
    [
        ("return", "custody_event", ["returned"]),
        ("facilitate_return", "custody_event", ["returned"]),
        ("release", "custody_event", ["released"]),
        ("do_not_remove", "absence", ["removal"]),
        ("do_not_transfer", "absence", ["removal", "transfer"]),
        ("file_declaration", "docket_entry", None),
        ("file_status_report", "docket_entry", None),
        ("appear", "docket_entry", None),
        ("produce_documents", "docket_entry", None),
        ("other", "assessment", None),
    ],
)
def test_how_an_obligation_is_met_follows_from_its_action(
    action: str, kind: str, detail: list[str] | None
) -> None:
    deadline = {"kind": "none"} if action.startswith("do_not") else None
    record = parse_record(obligation(action=action, deadline=deadline))
    assert isinstance(record, Obligation)
    test = record.how_met()
    assert test.kind == kind
    if test.kind == "custody_event":
        assert test.events == detail and test.country == "US"
    if test.kind == "absence":
        assert test.of == detail


def test_a_custody_test_without_a_country_takes_the_destination() -> None:
    met_by = {"kind": "custody_event", "events": ["returned", "released"]}
    record = parse_record(obligation(met_by=met_by))
    assert isinstance(record, Obligation)
    test = record.how_met()
    assert test.kind == "custody_event" and test.country == "US"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"obligor_text": None}, "obligors"),
        ({"action": "do_not_remove"}, "deadline"),
        ({"action": "do_not_remove", "deadline": {"kind": "none"}, "about": []}, "about"),
        ({"about": []}, "about"),
        ({"action": "smile"}, "action"),
        ({"text": ""}, "text"),
        ({"destination": "United States"}, "destination"),
        ({"deadline": {"kind": "soon"}}, "deadline"),
        ({"deadline": {"kind": "computed", "trigger": "2025-04-04", "court": "mdd"}}, "days"),
        (
            {"deadline": {"kind": "computed", "trigger": "2025-04-04", "days": 1, "hours": 2,
                          "court": "mdd"}},
            "days",
        ),
        ({"deadline": {"kind": "computed", "trigger": "2025-04-04", "days": 1, "court": "xyz"}},
         "court"),
        ({"deadline": {**DEADLINES[5], "at": "5pm"}}, "deadline"),
        ({"deadline": {**DEADLINES[5], "zone": "Mars/Olympus"}}, "deadline"),
        ({"deadline": {**DEADLINES[5], "until": "2025-04-01"}}, "until"),
        ({"deadline": {"kind": "asap"}, "extensions": [{"until": "2025-05-01"}]}, "extensions"),
        ({"supersedes": "obligation/return"}, "supersedes"),
        ({"order": "Not A Key"}, "order"),
    ],
)  # fmt: skip
def test_an_obligation_that_cannot_mean_anything_is_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    errors = errors_of(obligation(**changes))
    assert field in named(errors[0]), errors


def test_an_obligation_refers_to_its_order_people_actors_and_predecessor() -> None:
    record = parse_record(
        obligation(obligors=["actor/noem"], supersedes="obligation/older",
                   extensions=[{"until": "2025-04-09", "by": "order/later"}])
    )  # fmt: skip
    refs = {(path, key) for path, key, _ in record.references()}
    assert {
        ("order", "order/o"),
        ("obligors[0]", "actor/noem"),
        ("about[0]", "person/p"),
        ("supersedes", "obligation/older"),
        ("extensions[0].by", "order/later"),
    } <= refs


RULING: dict[str, Any] = {
    "type": "ruling",
    "key": "ruling/r",
    "decision": "appeal/a",
    "decided": "2025-04-10",
    "effects": [
        {"target": "obligation/return", "effect": "deadline_vacated"},
        {"target": "obligation/return", "effect": "affirmed", "reason": "facilitate stands"},
    ],
    "sources": CITE,
}


def test_a_ruling_granting_in_part_and_denying_in_part_has_several_effects() -> None:
    record = parse_record(RULING)
    assert isinstance(record, Ruling)
    assert [e.effect for e in record.effects] == ["deadline_vacated", "affirmed"]
    assert ("effects[0].target", "obligation/return", ("obligation", "order", "stay")) in list(
        record.references()
    )


@pytest.mark.parametrize(
    ("effect", "field"),
    [
        ({"target": "obligation/x", "effect": "modified"}, "replaced_by"),
        ({"target": "obligation/x", "effect": "vacated", "replaced_by": "obligation/y"},
         "replaced_by"),
        ({"target": "obligation/x", "effect": "overruled"}, "effect"),
    ],
)  # fmt: skip
def test_a_ruling_effect_says_what_replaces_a_modified_obligation_and_nothing_else(
    effect: dict[str, Any], field: str
) -> None:
    errors = errors_of({**RULING, "effects": [effect]})
    assert named(errors[0])[0] == "effects" and field in named(errors[0]), errors


def test_a_ruling_has_at_least_one_effect() -> None:
    assert errors_of({**RULING, "effects": []})[0][0] == "effects"


ASSESSMENT: dict[str, Any] = {
    "type": "assessment",
    "key": "assessment/a",
    "obligation": "obligation/daily",
    "finding": "met_in_form_only",
    "at": "2025-04",
    "covers": "2025-04-12/2025-04-20",
    "assessor": "editors",
    "reasons": "Filed, but the questions were not answered.",
    "entries": ["docket_entry/d"],
    "sources": CITE,
}


def test_an_assessment_records_a_human_finding_with_its_reasons_and_sources() -> None:
    record = parse_record(ASSESSMENT)
    assert isinstance(record, Assessment)
    assert record.covers is not None and record.covers.is_range
    assert record.subject() == "obligation/daily"
    assert parse_record(canonical_record(record)) == record


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"finding": "excellent"}, "finding"), ({"reasons": ""}, "reasons"),
     ({"sources": []}, "sources")],
)  # fmt: skip
def test_an_assessment_without_a_finding_reasons_or_sources_is_refused(
    changes: dict[str, Any], field: str
) -> None:
    assert errors_of({**ASSESSMENT, **changes})[0][0] == field


def test_a_docket_entry_without_fulfils_keeps_its_bytes() -> None:
    data = {"type": "docket_entry", "key": "docket_entry/d", "case": "case/c",
            "filed": "2025-04-12", "text": "Declaration", "sources": CITE}  # fmt: skip
    record = parse_record(data)
    assert "fulfils" not in canonical_record(record)
    linked = parse_record({**data, "fulfils": ["obligation/daily"]})
    assert isinstance(linked, DocketEntry)
    assert ("fulfils[0]", "obligation/daily", ("obligation",)) in list(linked.references())


@given(
    every=st.sampled_from(["day", "business_day", "week"]),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    start=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
    length=st.none() | st.integers(0, 400),
    zone=st.sampled_from(["America/New_York", "America/Chicago", "UTC", "America/El_Salvador"]),
)
def test_any_recurrence_round_trips_through_its_canonical_form(
    every: str, hour: int, minute: int, start: date, length: int | None, zone: str
) -> None:
    deadline: dict[str, Any] = {
        "kind": "recurring",
        "every": every,
        "at": f"{hour:02d}:{minute:02d}",
        "zone": zone,
        "start": start.isoformat(),
    }
    if length is not None:
        deadline["until"] = (start + timedelta(days=length)).isoformat()
    record = parse_record(obligation(action="file_status_report", deadline=deadline))
    again = parse_record(canonical_record(record))
    assert again == record
    assert canonical_record(again) == canonical_record(record)
