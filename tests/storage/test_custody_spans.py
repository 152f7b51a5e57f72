"""Custody spans answer occupancy as the whereabouts rule does: on every day and at every
instant near an event, for every clearance, the people a facility holds are exactly those
the fold of each person's events puts there; verify finds any edited, deleted or extra
span row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.registry import parse_record
from habeas.services.database import load_demo
from habeas.services.occupancy import occupancy_in, series_in
from habeas.services.verify import verify_ledger
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of
from habeas.services.writer import ledger_writer, write_changes
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.projections.custody_spans import event_day
from habeas.storage.store import Connection, Store
from tests.conftest import cite, small_story, source
from tests.storage.span_oracles import held_by_fold

READERS: list[Visibility] = [
    Visibility(LOCAL_OPERATOR),
    Visibility(Principal("p", "public")),
    Visibility(Principal("v", "viewer")),
    Visibility(Principal("e", "editor")),
]


def held(occ: Any) -> list[tuple[str, str | None]]:
    return [(p.key, e.key if e else None) for p, e in occ.held]


def facilities(conn: Connection) -> list[Facility]:
    out = []
    for row in queries.records_of_type(conn, "facility"):
        rec = record_from_row(row.body)
        if isinstance(rec, Facility):
            out.append(rec)
    return out


def event_days(conn: Connection) -> list[date]:
    days: set[date] = set()
    for row in queries.records_of_type(conn, "custody_event"):
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent):
            d = event_day(rec)
            days |= {d - timedelta(days=1), d, d + timedelta(days=1)}
    return sorted(days)


def instants(conn: Connection) -> list[str]:
    """Instants around every event: a minute before, at and after a timed one; the start
    and the middle of the day of a date-only one (UTC), as `--on` takes them."""
    out: set[datetime] = set()
    for row in queries.records_of_type(conn, "custody_event"):
        rec = record_from_row(row.body)
        if not isinstance(rec, CustodyEvent):
            continue
        if rec.at.has_time:
            at = rec.at.start().astimezone(UTC)
            out |= {at - timedelta(minutes=1), at, at + timedelta(minutes=1)}
        else:
            d = datetime.combine(event_day(rec), datetime.min.time(), UTC)
            out |= {d, d + timedelta(hours=12)}
    return [i.strftime("%Y-%m-%dT%H:%M:%SZ") for i in sorted(out)]


def assert_spans_agree_with_the_fold(store: Store, days: list[date] | None = None) -> int:
    """Occupancy from spans == occupancy by folding, for every facility, day, instant near
    an event and reader; the series' step values agree too. Returns how many answers were
    compared."""
    compared = 0
    with store.read() as conn:
        when = days if days is not None else event_days(conn)
        moments = [*(d.isoformat() for d in when), *instants(conn), None]
        for fac in facilities(conn):
            for vis in READERS:
                series = series_in(conn, fac, None, vis)
                for on in moments:
                    by_spans = occupancy_in(conn, fac, on, vis)
                    by_fold = held_by_fold(conn, fac, parse_as_of(on), vis)
                    assert held(by_spans) == by_fold, (fac.key, on, vis.role)
                    if on is not None and len(on) == 10:  # the series' step value that day
                        step = [n for d, n in series if d <= date.fromisoformat(on)]
                        assert (step[-1] if step else 0) == len(by_fold), (fac.key, on)
                    compared += 1
    return compared


# -- the demo ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('spans') / 'demo.db'}")
    load_demo(store)
    yield store
    store.close()


def test_on_the_demo_spans_and_the_fold_hold_the_same_people_every_day(demo: Store) -> None:
    assert assert_spans_agree_with_the_fold(demo) > 100


def test_the_demo_spans_verify(demo: Store) -> None:
    assert verify_ledger(demo).projections["custody_spans"] > 0


# -- a small story on both backends (`loaded`: tests/storage/conftest.py) ----------------
def spans(store: Store) -> list[Any]:
    with store.read() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT person_key, facility_key, from_date, from_at, from_precision, "
                    "to_date, to_at, closed_by, clearance_lo, clearance_hi "
                    "FROM custody_spans ORDER BY from_date"
                )
            )
        )


def test_a_span_keeps_the_precision_of_its_events(loaded: Store) -> None:
    rows = spans(loaded)
    centre = [r for r in rows if r.facility_key == "facility/centre"]
    assert [(r.from_date, r.from_at, r.from_precision) for r in centre] == [
        ("2025-03-01", "2025-03-01", "day")
    ]
    assert (centre[0].to_date, centre[0].to_at) == (
        "2025-03-15",
        "2025-03-15T17:26[America/Chicago]",
    )
    prison = [r for r in rows if r.facility_key == "facility/prison"]
    assert [(r.from_date, r.to_date, r.closed_by) for r in prison] == [
        ("2025-03-16", "2025-07-18", "ev/ana-5")
    ]
    assert all((r.clearance_lo, r.clearance_hi) == (0, 2) for r in rows)


def test_a_correction_moving_an_event_to_another_person_recomputes_both(loaded: Store) -> None:
    bob = parse_record(
        {
            "type": "person",
            "key": "person/bob",
            "full_name": "Bob",
            "synthetic": True,
            "sources": cite(),
        }
    )
    write_changes(loaded, [bob])
    moved = parse_record({**small_story()[9], "person": "person/bob"})
    write_changes(loaded, [moved])
    rows = spans(loaded)
    assert {r.person_key for r in rows if r.facility_key == "facility/prison"} == {"person/bob"}
    verify_ledger(loaded)
    assert_spans_agree_with_the_fold(loaded)


def test_a_retracted_person_is_held_nowhere(loaded: Store) -> None:
    with ledger_writer(loaded) as w:
        w.retract("person/ana", "entered by mistake")
    assert spans(loaded) == []
    verify_ledger(loaded)


def test_a_restricted_event_moves_the_person_only_for_readers_cleared_for_it(
    loaded: Store,
) -> None:
    secret = parse_record(
        {
            "type": "custody_event",
            "key": "ev/ana-secret",
            "person": "person/ana",
            "kind": "transferred",
            "at": "2025-04-01",
            "facility": "facility/centre",
            "sensitivity": "restricted",
            "synthetic": True,
            "sources": cite(),
        }
    )
    write_changes(loaded, [secret])
    with loaded.read() as conn:
        prison = next(f for f in facilities(conn) if f.key == "facility/prison")
        public = occupancy_in(conn, prison, "2025-05-01", READERS[1])
        viewer = occupancy_in(conn, prison, "2025-05-01", READERS[2])
    assert (public.count, viewer.count) == (1, 0)
    assert_spans_agree_with_the_fold(loaded)
    verify_ledger(loaded)


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE custody_spans SET to_date = '2025-12-31' WHERE facility_key = 'facility/prison'",
        "DELETE FROM custody_spans WHERE facility_key = 'facility/centre'",
        "UPDATE custody_spans SET clearance_lo = 1 WHERE facility_key = 'facility/prison'",
    ],
)
def test_verify_finds_an_edited_or_deleted_span(loaded: Store, edit: str) -> None:
    with loaded.engine.begin() as conn:
        conn.execute(text(edit))
    with pytest.raises(LedgerCorrupt, match="custody_spans rows of person/ana"):
        verify_ledger(loaded)


def test_verify_finds_an_extra_span(loaded: Store) -> None:
    with loaded.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO custody_spans (person_key, opened_by, clearance_lo, clearance_hi, "
                "facility_key, from_date, from_at, from_precision, sensitivity) VALUES "
                "('person/ghost', 'ev/x', 0, 2, 'facility/prison', '2025-01-01', "
                "'2025-01-01', 'day', 'public')"
            )
        )
    with pytest.raises(LedgerCorrupt, match="person/ghost"):
        verify_ledger(loaded)


# -- random histories -------------------------------------------------------------------
KINDS = [
    "apprehended",
    "detained",
    "transferred",
    "admitted",
    "released",
    "removed",
    "returned",
    "whereabouts_unknown",
    "escaped",
    "died",
]
FACILITIES = ["facility/centre", "facility/prison"]
PEOPLE = ["person/p0", "person/p1", "person/p2"]
LEVELS = ["public", "public", "restricted", "confidential"]


@st.composite
def when(draw: st.DrawFn) -> str:
    day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 40)))
    shape = draw(st.sampled_from(["day", "day", "month", "time"]))
    if shape == "month":
        return day.strftime("%Y-%m")
    if shape == "time":
        return f"{day.isoformat()}T{draw(st.integers(0, 23)):02d}:30[America/Chicago]"
    return day.isoformat()


@st.composite
def custody_event(draw: st.DrawFn, n: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(KINDS))
    needs_place = kind in ("detained", "admitted")
    facility = (
        draw(st.sampled_from(FACILITIES))
        if needs_place
        else draw(st.one_of(st.none(), st.sampled_from(FACILITIES)))
    )
    return {
        "type": "custody_event",
        "key": f"ev/{n}",
        "person": draw(st.sampled_from(PEOPLE)),
        "kind": kind,
        "at": draw(when()),
        "facility": facility,
        "custodian": draw(st.one_of(st.none(), st.just("actor/agency"))),
        "sensitivity": draw(st.sampled_from(LEVELS)),
        "synthetic": True,
        "sources": cite(),
    }


@st.composite
def history(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    """Batches of records: the people and facilities, then events, then corrections."""
    n = draw(st.integers(1, 12))
    events = [draw(custody_event(i)) for i in range(n)]
    fixes = [
        {**draw(custody_event(i)), "key": f"ev/{i}"}
        for i in draw(st.lists(st.integers(0, n - 1), max_size=3))
    ]
    people = [
        {
            "type": "person",
            "key": p,
            "full_name": p,
            "synthetic": True,
            "sensitivity": draw(st.sampled_from(LEVELS)),
            "sources": cite(),
        }
        for p in PEOPLE
    ]
    return [[source(), *small_story()[1:5], *people], events, fixes]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=history())
def test_for_random_histories_occupancy_from_spans_equals_occupancy_by_folding(
    tmp_path: Path, batches: list[list[dict[str, Any]]]
) -> None:
    store = Store(f"sqlite:///{tmp_path / f'h{abs(hash(repr(batches)))}.db'}")
    try:
        store.migrate()
        for batch in batches:
            write_changes(store, [parse_record(r) for r in batch])
        days = [date(2024, 12, 31) + timedelta(days=i) for i in range(0, 75, 2)]
        assert_spans_agree_with_the_fold(store, days)
        verify_ledger(store)
    finally:
        store.close()
