"""What ties a person record to others, as the matcher reads it: the transfer of a manifest,
a facility by month, and a case, told apart as one person's case or a class's."""

from __future__ import annotations

from habeas.storage.match_queries import CLASS_SIZE, _context_of


def test_a_case_of_one_person_is_a_case_and_of_many_a_class() -> None:
    own = {"key": "case/hc-1", "persons_concerned": ["person/a"]}
    many = {"key": "case/class-1", "persons_concerned": [f"person/{i}" for i in range(40)]}
    assert list(_context_of("case", "person/a", own)) == ["case:case/hc-1"]
    assert list(_context_of("case", "person/3", many)) == ["class:case/class-1"]
    few = {"key": "case/c", "persons_concerned": [f"person/{i}" for i in range(CLASS_SIZE)]}
    assert list(_context_of("case", "person/1", few)) == ["case:case/c"]


def test_a_custody_event_gives_its_transfer_and_the_facility_by_month() -> None:
    event = {
        "key": "event/1",
        "person": "person/a",
        "transfer": "transfer/t1",
        "facility": "facility/f1",
        "at": "2025-03-15T10:00:00Z",
    }
    assert list(_context_of("custody_event", "person/a", event)) == [
        "transfer:transfer/t1",
        "facility:facility/f1@2025-03",
    ]
    assert list(_context_of("custody_event", "person/b", event)) == []
