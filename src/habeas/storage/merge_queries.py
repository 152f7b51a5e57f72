"""Queries over the review queue of candidate pairs and the merges of people
(`habeas.storage.merge_tables`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, case, or_, select

from habeas.storage.merge_tables import pair_queue, person_merges

__all__ = [
    "Levels",
    "absorbed_by",
    "group_of",
    "pair_rows",
    "pair_rows_of",
    "pairs_of",
    "resolve_people",
    "survivors_of",
]

_CHUNK = 500
_DEPTH = 64  # merges chain (a survivor absorbed later); never deeper than this


Levels = Collection[str] | None
"""The sensitivity levels of the merges a reader may see (None: all): a merge above a
reader's clearance is not followed, so the absorbed person answers as itself."""


def survivors_of(conn: Connection, keys: Iterable[str], levels: Levels = None) -> dict[str, str]:
    """absorbed key -> the survivor it was merged into directly, for those of `keys` that
    are absorbed now (by a merge of `levels`)."""
    m = person_merges
    wanted = list(dict.fromkeys(keys))
    out: dict[str, str] = {}
    for i in range(0, len(wanted), _CHUNK):
        stmt = select(m.c.absorbed_key, m.c.survivor_key).where(
            m.c.absorbed_key.in_(wanted[i : i + _CHUNK])
        )
        if levels is not None:
            stmt = stmt.where(m.c.sensitivity.in_(sorted(levels)))
        out.update({r.absorbed_key: r.survivor_key for r in conn.execute(stmt)})
    return out


def resolve_people(conn: Connection, keys: Iterable[str], levels: Levels = None) -> dict[str, str]:
    """key -> the person it answers as now (itself unless merged), following merges of
    merged survivors to the end (merges of `levels` only)."""
    out = {k: k for k in keys}
    todo = set(out)
    for _ in range(_DEPTH):
        step = survivors_of(conn, {out[k] for k in todo}, levels)
        if not step:
            break
        moved = {k for k in todo if out[k] in step}
        for k in moved:
            out[k] = step[out[k]]
        todo = moved
    return out


def absorbed_by(
    conn: Connection, survivors: Collection[str], levels: Levels = None
) -> dict[str, list[str]]:
    """survivor key -> the people merged into it directly (by merges of `levels`), sorted."""
    m = person_merges
    out: dict[str, list[str]] = {}
    wanted = sorted(survivors)
    for i in range(0, len(wanted), _CHUNK):
        stmt = select(m.c.survivor_key, m.c.absorbed_key).where(
            m.c.survivor_key.in_(wanted[i : i + _CHUNK])
        )
        if levels is not None:
            stmt = stmt.where(m.c.sensitivity.in_(sorted(levels)))
        for r in conn.execute(stmt.order_by(m.c.absorbed_key)):
            out.setdefault(r.survivor_key, []).append(r.absorbed_key)
    return out


def group_of(conn: Connection, survivor: str, levels: Levels = None) -> list[str]:
    """The survivor and everyone merged into it (by merges of `levels`), at any depth: the
    survivor first."""
    group = [survivor]
    frontier = [survivor]
    for _ in range(_DEPTH):
        step = absorbed_by(conn, frontier, levels)
        frontier = [k for ks in step.values() for k in ks if k not in group]
        if not frontier:
            break
        group.extend(frontier)
    return group


def pair_rows(
    conn: Connection,
    *,
    statuses: Sequence[str],
    levels: Collection[str] | None,
    limit: int,
    offset: int = 0,
) -> list[Any]:
    """Pair queue rows of `statuses` (in that order of status), most probable first, of
    those sensitivity `levels` (None: every level)."""
    q = pair_queue
    order = case({s: i for i, s in enumerate(statuses)}, value=q.c.status, else_=len(statuses))
    stmt = select(q).where(q.c.status.in_(list(statuses)))
    if levels is not None:
        stmt = stmt.where(q.c.sensitivity.in_(sorted(levels)))
    stmt = stmt.order_by(order, q.c.probability_ppm.desc(), q.c.key).limit(limit).offset(offset)
    return list(conn.execute(stmt))


def pairs_of(conn: Connection, people: Collection[str]) -> list[Any]:
    """Pair queue rows naming any of `people`, on either side."""
    q = pair_queue
    wanted = sorted(people)
    out: list[Any] = []
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        out.extend(
            conn.execute(select(q).where(or_(q.c.left_key.in_(chunk), q.c.right_key.in_(chunk))))
        )
    return out


def pair_rows_of(conn: Connection, keys: Sequence[str]) -> list[Any]:
    """Pair queue rows of the pair records `keys`."""
    q = pair_queue
    return list(conn.execute(select(q).where(q.c.key.in_(list(keys)))))
