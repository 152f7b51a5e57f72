"""While a merge stands, every read answers for the survivor with the absorbed person's
records included (whereabouts, timeline, custody spans, search, the absorbed key); a split
gives back every answer exactly as before. Random histories of synthetic people."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.domain.custody import CustodyEvent
from habeas.domain.errors import HabeasError
from habeas.domain.registry import parse_record
from habeas.domain.whereabouts import fold_whereabouts
from habeas.services import merges
from habeas.services.history import history as record_history
from habeas.services.occupancy import occupancy, occupancy_in
from habeas.services.search import search
from habeas.services.status import status_report
from habeas.services.timeline import timeline
from habeas.services.verify import verify_ledger
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of, whereabouts
from habeas.services.writer import write_changes
from habeas.storage.store import Store
from tests.storage.span_oracles import visible_events
from tests.storage.test_custody_spans import PEOPLE, READERS, event_days, facilities, history

VIEWER = Principal("v", "viewer")


def _or_error(read: Any) -> Any:
    try:
        return read()
    except HabeasError as e:
        return f"{type(e).__name__}: {e}"


def reads(store: Store) -> dict[str, Any]:
    """Every answer the property compares, for the operator and a viewer."""
    out: dict[str, Any] = {}
    with store.read() as conn:
        facs = [f.key for f in facilities(conn)]
    for who in (LOCAL_OPERATOR, VIEWER):
        tag = who.role
        for p in PEOPLE:
            out[f"{tag} where {p}"] = _or_error(
                lambda p=p, who=who: whereabouts(store, p, principal=who).to_json()
            )
            out[f"{tag} timeline {p}"] = _or_error(
                lambda p=p, who=who: timeline(store, p, principal=who).to_json()
            )
            out[f"{tag} history {p}"] = _or_error(
                lambda p=p, who=who: [h.to_json() for h in record_history(store, p, principal=who)]
            )
        out[f"{tag} search"] = search(store, "person", types=("person",), principal=who)
        for f in facs:
            out[f"{tag} occupancy {f}"] = _or_error(
                lambda f=f, who=who: [p.key for p, _e in occupancy(store, f, principal=who).held]
            )
        out[f"{tag} status"] = _or_error(
            lambda who=who: status_report(store, principal=who, as_of="2025-02-01")["people"]
        )
    return out


def merged_oracle(
    conn: Any, vis: Visibility, survivor: str, absorbed: str, merge_level: str
) -> dict[str, list[CustodyEvent]]:
    """visible_events with the absorbed person's events under the survivor, for a reader
    who may see the merge."""
    events = visible_events(conn, vis)
    if vis.full or merge_level in vis.clearance:
        moved = events.pop(absorbed, [])
        if moved:
            chain = events.get(survivor, []) + moved
            order = {e.key: i for i, e in enumerate(sorted_by_position(conn, chain))}
            events[survivor] = sorted(chain, key=lambda e: order[e.key])
    return events


def sorted_by_position(conn: Any, chain: list[CustodyEvent]) -> list[CustodyEvent]:
    from habeas.storage import queries

    rows = queries.get_records(conn, [e.key for e in chain])
    return sorted(chain, key=lambda e: rows[e.key].position)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=history(), pick=st.permutations(PEOPLE))
def test_merge_then_split_round_trips_every_read(
    tmp_path: Path, batches: list[list[dict[str, Any]]], pick: list[str]
) -> None:
    survivor, absorbed = pick[0], pick[1]
    store = Store(f"sqlite:///{tmp_path / f'm{abs(hash(repr((batches, pick))))}.db'}")
    try:
        store.migrate()
        for batch in batches:
            write_changes(store, [parse_record(r) for r in batch])
        before = reads(store)
        merges.merge_people(
            store, LOCAL_OPERATOR, survivor=survivor, absorbed=absorbed, reason="test"
        )
        verify_ledger(store)
        during = reads(store)
        assert during[f"admin where {absorbed}"] == during[f"admin where {survivor}"]
        assert absorbed not in {r["key"] for r in during["admin search"]}
        with store.read() as conn:
            level = conn.exec_driver_sql("select sensitivity from person_merges").scalar_one()
            days = [*event_days(conn), None]
            for vis in READERS:
                want = merged_oracle(conn, vis, survivor, absorbed, level)
                for fac in facilities(conn):
                    for day in days:
                        on = day.isoformat() if isinstance(day, date) else None
                        held = [p.key for p, _e in occupancy_in(conn, fac, on, vis).held]
                        by_fold = sorted(
                            p
                            for p, evs in want.items()
                            if (w := fold_whereabouts(p, evs, parse_as_of(on))).status
                            == "in_custody"
                            and w.facility == fac.key
                        )
                        assert sorted(held) == by_fold, (vis.role, fac.key, on)
        merges.split_people(store, LOCAL_OPERATOR, absorbed=absorbed, reason="two people")
        verify_ledger(store)
        after = reads(store)
        assert after == before
    finally:
        store.close()
