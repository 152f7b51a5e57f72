"""Synthetic people for the review queue and merge tests (every person here is invented
and flagged synthetic)."""

from __future__ import annotations

from typing import Any

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.pairs import CandidatePair, Evidence
from habeas.domain.registry import parse_record
from habeas.services.write import Put, write
from habeas.storage.store import Store
from tests.conftest import SRC, cite, source


def person(key: str, name: str, **extra: Any) -> dict[str, Any]:
    """A synthetic person record."""
    return {
        "type": "person",
        "key": key,
        "full_name": name,
        "synthetic": True,
        "sources": cite(),
        **extra,
    }


def a_number(value: str) -> list[dict[str, Any]]:
    """One A-number identifier."""
    return [{"scheme": "a_number", "value": value}]


def event(key: str, who: str, kind: str, at: str, facility: str | None = None) -> dict[str, Any]:
    """A synthetic custody event."""
    out: dict[str, Any] = {
        "type": "custody_event",
        "key": key,
        "person": who,
        "kind": kind,
        "at": at,
        "synthetic": True,
        "sources": cite(),
    }
    if facility:
        out["facility"] = facility
    return out


FACILITY = {
    "type": "facility",
    "key": "facility/north",
    "name": "North Centre",
    "kind": "detention_center",
    "country": "US",
    "synthetic": True,
    "sources": cite(),
}


def load(store: Store, records: list[dict[str, Any]]) -> None:
    """Write `records` (and the test source, when absent) as the operator."""
    with store.read() as conn:
        from habeas.storage import queries

        have = queries.get_records(conn, [SRC])
    base = [] if SRC in have else [source()]
    write(store, [Put(parse_record(r)) for r in base + records], principal=LOCAL_OPERATOR)


def two_spellings(store: Store) -> None:
    """Two records of one synthetic person, spelt two ways, held in one centre."""
    load(
        store,
        [
            FACILITY,
            person("person/kilmar-a", "Kilmar Armando Abrego Garcia"),
            person("person/kilmer-b", "Kilmer Abrego"),
            person("person/other", "Rosa Delgado Ruiz"),
            event("ev/a-1", "person/kilmar-a", "detained", "2025-03-01", "facility/north"),
            event("ev/b-1", "person/kilmer-b", "released", "2025-03-20"),
        ],
    )


def candidate(a: str = "person/kilmar-a", b: str = "person/kilmer-b", **kw: Any) -> CandidatePair:
    """A scored pair with two pieces of evidence."""
    evidence = kw.pop(
        "evidence",
        (
            Evidence("surname", "partial", "surname Abrego", 6.0),
            Evidence("given_name", "typo", "given name Kilmar ~ Kilmer", 3.5),
        ),
    )
    return CandidatePair.of(a, b, 9.5, 0.97, evidence=evidence, model="test-1", **kw)
