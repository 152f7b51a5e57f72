"""In-process questions (whereabouts, timeline, occupancy on a date and over the history,
forgiving name search, a case's compliance, the alerts dashboard), each timed at p50, p95
and p99 against the bare indexed SELECTs its answer needs, on the same connection pool."""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, text

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.text import fold
from habeas.services.alerts import alerts
from habeas.services.browse import occupancy_series
from habeas.services.compliance import compliance
from habeas.services.occupancy import occupancy
from habeas.services.search import forgiving_search
from habeas.services.timeline import timeline
from habeas.services.whereabouts import whereabouts
from habeas.storage.store import Store
from scale.generator import START, Shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic_names import misspell

__all__ = ["percentiles", "query_figures"]

_Row = tuple[
    str, float, str, Callable[[Any], object], list[Any], Callable[[Any], None], list[Any], str
]
"""A question: its name, target (ms), statistic, call, arguments, bare call, its arguments,
and what the bare call reads."""

BIGGEST = "facility/f00000"
"""The facility the Zipf law makes largest: the slowest occupancy there is."""


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95 and p99 of `samples` (seconds) in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 3),
        "p95_ms": round(cuts[94] * 1000, 3),
        "p99_ms": round(cuts[98] * 1000, 3),
    }


def _timed(fn: Callable[[Any], object], args: Sequence[Any], warm: int = 3) -> list[float]:
    for a in args[:warm]:
        fn(a)
    out = []
    for a in args:
        t = time.perf_counter()
        fn(a)
        out.append(time.perf_counter() - t)
    return out


def _bare(store: Store, *statements: str) -> Callable[[dict[str, Any]], None]:
    """Run `statements` in order on one read connection; a statement whose parameter is a
    list expands it (IN), and `keys` of a statement's rows feed the next one's :keys."""
    compiled = [
        text(s).bindparams(bindparam("keys", expanding=True)) if ":keys" in s else text(s)
        for s in statements
    ]

    def run(params: dict[str, Any]) -> None:
        p = dict(params)
        with store.read() as conn:
            for stmt in compiled:
                rows = conn.execute(stmt, p).all()
                p["keys"] = [r[0] for r in rows][:500] or [""]

    return run


def query_figures(
    store: Store, backend: str, scale: float, samples: int, seed: int = 7
) -> list[dict[str, Any]]:
    """Every in-process question beside its bare lookups."""
    shape = Shape.at(scale)
    rng = random.Random(seed)
    people = [f"person/p{rng.randrange(shape.persons):08d}" for _ in range(samples)]
    days = [(START + timedelta(days=rng.randrange(700))).isoformat() for _ in range(samples)]
    cases = [f"case/c{2 * rng.randrange(max(1, shape.orders)):07d}" for _ in range(samples)]
    with store.read() as conn:
        names = dict(
            conn.execute(
                text("SELECT key, label FROM records WHERE key IN :keys").bindparams(
                    bindparam("keys", expanding=True)
                ),
                {"keys": people},
            ).all()
        )
    queries = [misspell(rng, names[k]) for k in people]
    op = LOCAL_OPERATOR
    rows: list[_Row] = [
        (
            "whereabouts (in-process)",
            2,
            "p99_ms",
            lambda k: whereabouts(store, k, principal=op),
            people,
            _bare(
                store,
                "SELECT key, body FROM records WHERE key = :k",
                "SELECT key, body FROM records WHERE subject_key = :k "
                "AND record_type = 'custody_event'",
                "SELECT facility_key FROM whereabouts_spans WHERE person_key = :k "
                "ORDER BY from_date DESC LIMIT 1",
            ),
            [{"k": k} for k in people],
            "the person, their events by subject, their latest span",
        ),
        (
            "timeline of a person",
            10,
            "p99_ms",
            lambda k: timeline(store, k, principal=op),
            people,
            _bare(
                store,
                "SELECT key FROM record_refs WHERE ref_key = :k",
                "SELECT key, body FROM records WHERE key IN :keys",
            ),
            [{"k": k} for k in people],
            "the records that refer to the person, by key",
        ),
        (
            "occupancy on a date (largest facility)",
            50,
            "p99_ms",
            lambda d: occupancy(store, BIGGEST, on=d, principal=op),
            days,
            _bare(
                store,
                "SELECT person_key FROM custody_spans WHERE facility_key = :f "
                "AND from_date <= :d AND (to_date IS NULL OR to_date > :d)",
                "SELECT key, body FROM records WHERE key IN :keys",
            ),
            [{"f": BIGGEST, "d": d} for d in days],
            "the spans held on the day, then those people (first 500)",
        ),
        (
            "occupancy over the history (largest facility)",
            500,
            "p99_ms",
            lambda _d: occupancy_series(store, BIGGEST, until=date(2025, 12, 31), principal=op),
            days[: max(10, samples // 10)],
            _bare(store, "SELECT from_date, to_date FROM custody_spans WHERE facility_key = :f"),
            [{"f": BIGGEST}] * max(10, samples // 10),
            "every span's bounds at the facility",
        ),
        (
            "forgiving name search, top 10",
            100,
            "p95_ms",
            lambda q: forgiving_search(store, q, limit=10, principal=op),
            queries,
            _bare(store, "SELECT key FROM name_keys WHERE word = :w LIMIT 10"),
            [{"w": fold(q).split()[0] if fold(q).split() else ""} for q in queries],
            "one exact word of the query in name_keys",
        ),
        (
            "compliance of a case",
            100,
            "p99_ms",
            lambda c: compliance(store, c, principal=op),
            cases,
            _bare(
                store,
                "SELECT key FROM record_refs WHERE ref_key = :k",
                "SELECT key FROM obligation_index WHERE order_key IN :keys",
            ),
            [{"k": c} for c in cases],
            "the case's referrers, then their obligations",
        ),
        (
            "alerts dashboard",
            100,
            "p99_ms",
            lambda _x: alerts(store, principal=op),
            list(range(max(10, samples // 10))),
            _bare(store, "SELECT key, order_key, deadline_start FROM obligation_index"),
            [{}] * max(10, samples // 10),
            "every obligation's deadline",
        ),
    ]
    out = []
    for name, target, stat, fn, args, bare, bare_args, limit in rows:
        got = percentiles(_timed(fn, args))
        base = percentiles(_timed(bare, bare_args))
        out.append(
            {
                "figure": name,
                "backend": backend,
                "samples": len(args),
                **got,
                "limit": f"bare SELECTs: {limit}",
                **{f"limit_{k}": v for k, v in base.items()},
                "ratio": round(base[stat] / got[stat], 4) if got[stat] else None,
                "target_ms": target,
                "target_stat": stat,
            }
        )
    return out
