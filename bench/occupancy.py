"""Benchmark: occupancy on a date, at an instant and over a year, where everyone is now
(the status report's people) and whose whereabouts have been unknown for 30 days (the
alert), each by folding every person (as before the spans projections) and from the
custody-spans and whereabouts-spans projections.

Loads N synthetic people (default 20,000) spread over 5 facilities, each with 2 to 5
custody events in 2025 (some date-only, some month-only, some timed; one in twenty ends
with whereabouts unknown), into a fresh SQLite (or PostgreSQL) database, then times both
ways and checks that they agree.

    .venv/bin/python bench/occupancy.py --people 20000
    .venv/bin/python bench/occupancy.py --people 2000 --url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.custody import CustodyEvent, Facility
from habeas.domain.registry import parse_record
from habeas.domain.time import parse_instant
from habeas.domain.whereabouts import Whereabouts, fold_whereabouts
from habeas.services.alerts import alerts_in
from habeas.services.occupancy import occupancy_in, series_in
from habeas.services.status import people_now
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_as_of
from habeas.services.writer import ledger_writer
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

CITE = [{"source": "source/bench"}]
FACILITIES = [f"facility/f{i}" for i in range(5)]


EVERYTHING = Visibility(LOCAL_OPERATOR)
"""The local operator's view: every record counts."""


def records(people: int, seed: int = 42) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out: list[dict[str, Any]] = [
        {"type": "source", "key": "source/bench", "kind": "dataset", "title": "Synthetic"}
    ]
    for f in FACILITIES:
        out.append(
            {
                "type": "facility",
                "key": f,
                "name": f,
                "kind": "prison",
                "country": "US",
                "capacity": people // 10,
                "sources": CITE,
            }
        )
    for p in range(people):
        key = f"person/p{p}"
        out.append(
            {
                "type": "person",
                "key": key,
                "full_name": f"Person {p}",
                "synthetic": True,
                "sources": CITE,
            }
        )
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        kinds = ["detained"] + ["transferred"] * rng.randrange(0, 3)
        kinds += [rng.choice(["released", "removed", "transferred"])] if rng.random() < 0.6 else []
        kinds += ["whereabouts_unknown"] if rng.random() < 0.05 else []
        for i, kind in enumerate(kinds):
            shape = rng.random()
            at = (
                day.strftime("%Y-%m")
                if shape < 0.1
                else f"{day.isoformat()}T{rng.randrange(24):02d}:00[America/Chicago]"
                if shape < 0.4
                else day.isoformat()
            )
            ev: dict[str, Any] = {
                "type": "custody_event",
                "key": f"ev/p{p}-{i}",
                "person": key,
                "kind": kind,
                "at": at,
                "synthetic": True,
                "sources": CITE,
            }
            if kind in ("detained", "transferred"):
                ev["facility"] = rng.choice(FACILITIES)
            out.append(ev)
            day += timedelta(days=rng.randrange(1, 60))
    return out


def fold_everyone(conn: Connection, when: Any) -> dict[str, Whereabouts]:
    """Every person's whereabouts at `when`, by folding all their events (the old way)."""
    events: dict[str, list[CustodyEvent]] = defaultdict(list)
    rows = sorted(queries.records_of_type(conn, "custody_event"), key=lambda r: r.position)
    for row in rows:
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent):
            events[rec.person].append(rec)
    return {p: fold_whereabouts(p, evs, when) for p, evs in events.items()}


def facility_events(conn: Connection, fac: Facility) -> dict[str, list[CustodyEvent]]:
    """person -> every custody event of each person ever recorded in the facility."""
    candidates = queries.subjects_of_referrers(conn, fac.key, "custody_event")
    events: dict[str, list[CustodyEvent]] = defaultdict(list)
    for row in queries.records_about(conn, candidates, "custody_event"):
        rec = record_from_row(row.body)
        if isinstance(rec, CustodyEvent):
            events[rec.person].append(rec)
    return events


def old_occupancy(conn: Connection, fac: Facility, when: Any) -> int:
    """Occupancy as before custody spans: every person ever in the facility folded."""
    events = facility_events(conn, fac)
    return sum(
        1
        for person, evs in events.items()
        if (w := fold_whereabouts(person, evs, when)).status == "in_custody"
        and w.facility == fac.key
    )


def old_series(conn: Connection, fac: Facility, until: date) -> list[tuple[date, int]]:
    """The series as it was computed before custody spans: every person folded per day."""
    events = facility_events(conn, fac)
    days = sorted({e.at.last_date() for evs in events.values() for e in evs})
    days.append(until)
    days.insert(0, days[0] - timedelta(days=1))
    out = []
    for day in days:
        held = sum(
            1
            for person, evs in events.items()
            if (w := fold_whereabouts(person, evs, day)).status == "in_custody"
            and w.facility == fac.key
        )
        out.append((day, held))
    return out


def timed(label: str, fn: Any) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<56} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--url", default=None, help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--old-series", action="store_true", help="also time the old series fold")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.url or f"sqlite:///{Path(tmp) / 'bench.db'}")
        store.migrate()
        data = records(args.people)

        def load() -> None:
            with ledger_writer(store, author="bench") as w:
                for r in data:
                    w.put(parse_record(r))

        timed(f"load {len(data):,} records ({args.people:,} people)", load)
        on, until = "2025-06-30", date(2025, 12, 31)
        with store.read() as conn:
            row = queries.get_records(conn, [FACILITIES[0]])[FACILITIES[0]]
            fac = record_from_row(row.body)
            assert isinstance(fac, Facility)
            for moment in (on, "2025-06-30T15:00Z"):
                folded = timed(
                    f"occupancy at {moment}, folding every person",
                    lambda m=moment: old_occupancy(conn, fac, parse_as_of(m)),
                )
                spans = timed(
                    f"occupancy at {moment}, custody spans",
                    lambda m=moment: occupancy_in(conn, fac, m, EVERYTHING),
                )
                assert folded == spans.count, (moment, folded, spans.count)
                print(f"{'':<56} {spans.count:,} held, both ways")
            everyone = timed(
                "everyone now, folding every person", lambda: fold_everyone(conn, None)
            )
            now = timed(
                "everyone now, whereabouts spans",
                lambda: people_now(conn, EVERYTHING, include_synthetic=True),
            )
            assert {p["key"]: p["status"] for p in now} == {
                k: w.status for k, w in everyone.items()
            }
            print(f"{'':<56} {len(now):,} people, both ways")
            unknown_old = timed(
                f"unknown 30+ days on {until}, folding every person",
                lambda: sorted(
                    k
                    for k, w in fold_everyone(conn, until).items()
                    if w.status == "unknown"
                    and w.since is not None
                    and parse_instant(until.isoformat()) - w.since.at.start() > timedelta(days=30)
                ),
            )
            report = timed(
                f"alerts on {until}, obligations and spans",
                lambda: alerts_in(conn, as_of=until.isoformat(), vis=EVERYTHING),
            )
            unknown_new = sorted(
                a.subject_key for a in report.alerts if a.kind == "whereabouts_unknown"
            )
            print(f"{'':<56} {len(unknown_new):,} unknown for 30+ days")
            assert unknown_new == unknown_old != [], (len(unknown_new), len(unknown_old))
            series = timed(
                "series over 2025, custody spans", lambda: series_in(conn, fac, until, EVERYTHING)
            )
            print(f"{'':<56} {len(series):,} points")
            if args.old_series:
                old = timed(
                    "series over 2025, folding every person", lambda: old_series(conn, fac, until)
                )
                steps = dict(series)
                for day, n in old:
                    before = [v for d, v in steps.items() if d <= day]
                    assert (before[-1] if before else 0) == n, (day, n)
        store.close()


if __name__ == "__main__":
    main()
