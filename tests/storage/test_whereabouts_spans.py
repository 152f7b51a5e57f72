"""Whereabouts spans answer "where is everyone now" and "whose whereabouts are unknown" as
the whereabouts rule does: for every reader, on every day and at every instant near an
event, the indexed answer is exactly the fold of each person's events; verify finds any
edited or extra row; the migration that adds the table fills it from a ledger's records."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from sqlalchemy import text

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import LedgerCorrupt
from habeas.domain.registry import parse_record
from habeas.domain.whereabouts import fold_whereabouts
from habeas.services.alerts import _unknown_since, alerts
from habeas.services.database import load_demo
from habeas.services.span_reads import clearance_rank
from habeas.services.status import people_now, status_report
from habeas.services.verify import verify_ledger
from habeas.services.whereabouts import parse_as_of
from habeas.services.writer import ledger_writer, write_changes
from habeas.storage import span_queries
from habeas.storage.store import Store
from tests.conftest import cite
from tests.storage.span_oracles import fold_all, now_by_fold, unknown_by_fold, visible_events
from tests.storage.test_custody_spans import READERS, event_days, history, instants


def assert_whereabouts_agree_with_the_fold(store: Store, days: list[date] | None = None) -> int:
    """For every reader: the open spans are every person's answer now, and the unknown
    answers on each day and instant near an event are the fold's. Returns answers compared."""
    compared = 0
    with store.read() as conn:
        when = days if days is not None else event_days(conn)
        moments = [*(d.isoformat() for d in when), *instants(conn), None]
        for vis in READERS:
            now = {
                r.person_key: (r.status, r.facility_key, r.from_at, r.opened_by)
                for r in span_queries.whereabouts_now(conn, clearance_rank(vis))
            }
            folded = {
                p: (w.status, w.facility, str(w.since.at), w.since.key)
                for p, w in fold_all(conn, None, vis).items()
                if w.since is not None
            }
            assert now == folded, vis.role
            events = visible_events(conn, vis)
            for on in moments:
                moment = parse_as_of(on)
                got = [(p, ev.key) for p, ev in _unknown_since(conn, moment, vis)]
                assert got == unknown_by_fold(events, moment), (on, vis.role)
                people = people_now(conn, vis, as_of=on, include_synthetic=True)
                assert [(p["key"], p["status"], p["since"]) for p in people] == [
                    (w.person, w.status, str(w.since.at))
                    for p, evs in sorted(events.items())
                    if (w := fold_whereabouts(p, evs, moment)).since is not None
                ], (on, vis.role)
                compared += 1
    return compared


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=history())
def test_for_random_histories_whereabouts_from_spans_equal_whereabouts_by_folding(
    tmp_path: Path, batches: list[list[dict[str, Any]]]
) -> None:
    store = Store(f"sqlite:///{tmp_path / f'w{abs(hash(repr(batches)))}.db'}")
    try:
        store.migrate()
        for batch in batches:
            write_changes(store, [parse_record(r) for r in batch])
        days = [date(2024, 12, 31) + timedelta(days=i) for i in range(0, 75, 2)]
        assert assert_whereabouts_agree_with_the_fold(store, days) > 0
        verify_ledger(store)
    finally:
        store.close()


# -- the demo ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('whereabouts') / 'demo.db'}")
    load_demo(store)
    yield store
    store.close()


def test_on_the_demo_the_spans_and_the_fold_agree(demo: Store) -> None:
    assert assert_whereabouts_agree_with_the_fold(demo) > 100


def test_the_status_report_lists_every_real_person_where_the_fold_puts_them(demo: Store) -> None:
    people = status_report(demo, principal=LOCAL_OPERATOR)["people"]
    with demo.read() as conn:
        want = now_by_fold(conn, READERS[0])
    assert people, "the demo names real people"
    assert [(p["key"], p["status"], p["since"]) for p in people] == [
        (k, status, since) for k, status, _facility, since in want
    ]
    kilmar = next(p for p in people if p["key"] == "person/kilmar-abrego-garcia")
    assert kilmar["name"] == "Kilmar Armando Abrego Garcia"


def test_the_demo_spans_verify(demo: Store) -> None:
    assert verify_ledger(demo).projections["whereabouts_spans"] > 0


# -- a small story on both backends (`loaded`: tests/storage/conftest.py) ----------------
def rows(store: Store) -> list[Any]:
    with store.read() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT person_key, status, facility_key, from_date, to_date, opened_kind "
                    "FROM whereabouts_spans ORDER BY from_date"
                )
            )
        )


def test_every_answer_is_a_span_from_its_day_to_the_next(loaded: Store) -> None:
    spans = rows(loaded)
    assert [(r.status, r.facility_key, r.opened_kind) for r in spans] == [
        ("in_custody", "facility/centre", "detained"),
        ("in_custody", None, "removed"),  # on the plane, held by its custodian
        ("in_custody", "facility/prison", "admitted"),
        ("released", None, "released"),
    ]
    for a, b in itertools.pairwise(spans):
        assert a.to_date == b.from_date
    assert spans[-1].to_date is None


def test_a_person_whose_whereabouts_become_unknown_is_alerted_after_the_set_time(
    loaded: Store,
) -> None:
    gone = parse_record(
        {
            "type": "custody_event",
            "key": "ev/ana-gone",
            "person": "person/ana",
            "kind": "whereabouts_unknown",
            "at": "2025-08-01",
            "synthetic": True,
            "sources": cite(),
        }
    )
    write_changes(loaded, [gone])
    early = alerts(loaded, as_of="2025-08-20", principal=LOCAL_OPERATOR).counts()
    late = alerts(loaded, as_of="2025-09-15", principal=LOCAL_OPERATOR)
    assert early["whereabouts_unknown"] == 0
    (alert,) = [a for a in late.alerts if a.kind == "whereabouts_unknown"]
    assert (alert.subject_key, alert.details) == ("person/ana", {"event": "ev/ana-gone"})
    assert "since 1 Aug 2025" in alert.message or "2025-08-01" in alert.message
    verify_ledger(loaded)


def test_a_retracted_person_has_no_answer(loaded: Store) -> None:
    with ledger_writer(loaded) as w:
        w.retract("person/ana", "entered by mistake")
    assert rows(loaded) == []
    verify_ledger(loaded)


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE whereabouts_spans SET status = 'died' WHERE to_date IS NULL",
        "DELETE FROM whereabouts_spans WHERE to_date IS NULL",
        "UPDATE whereabouts_spans SET synthetic = NOT synthetic",
    ],
)
def test_verify_finds_an_edited_or_deleted_span(loaded: Store, edit: str) -> None:
    with loaded.engine.begin() as conn:
        conn.execute(text(edit))
    with pytest.raises(LedgerCorrupt, match="whereabouts_spans rows of person/ana"):
        verify_ledger(loaded)


def test_verify_finds_an_extra_span(loaded: Store) -> None:
    with loaded.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO whereabouts_spans (person_key, opened_by, clearance_lo, "
                "clearance_hi, status, from_date, from_at, from_precision, opened_kind, "
                "opened_sensitivity, synthetic, sensitivity) VALUES ('person/ghost', 'ev/x', "
                "0, 2, 'unknown', '2025-01-01', '2025-01-01', 'day', 'escaped', 'public', "
                ":f, 'public')"
            ),
            {"f": False},
        )
    with pytest.raises(LedgerCorrupt, match="person/ghost"):
        verify_ledger(loaded)


def test_the_migration_fills_the_spans_of_a_ledger_written_before_it(loaded: Store) -> None:
    before = rows(loaded)
    with loaded.engine.begin() as conn:
        command.downgrade(loaded._alembic_config(conn), "0008")
    loaded.migrate()
    assert rows(loaded) == before != []
    verify_ledger(loaded)
