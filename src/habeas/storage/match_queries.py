"""The matcher's reads: candidates by blocking key, person bodies, and each person's
context (the transfers, cases and facilities their records tie them to)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from habeas.storage import tables as t
from habeas.storage.match_tables import match_keys
from habeas.storage.projections.registry import CHUNK

__all__ = ["candidates", "contexts", "count_people", "people", "person_bodies"]


def candidates(
    conn: Connection, block_keys: Sequence[str], *, exclude: str | None = None, limit: int = 200
) -> list[str]:
    """The people sharing at least one of `block_keys`, most keys shared first (at most
    `limit`), without `exclude`."""
    if not block_keys:
        return []
    mk = match_keys
    shared = func.count().label("shared")
    stmt = (
        select(mk.c.person_key, shared)
        .where(mk.c.block_key.in_(list(block_keys)))
        .group_by(mk.c.person_key)
        .order_by(shared.desc(), mk.c.person_key)
        .limit(limit + 1)
    )
    return [row.person_key for row in conn.execute(stmt) if row.person_key != exclude][:limit]


def count_people(conn: Connection) -> int:
    """How many active person records the ledger holds."""
    r = t.records
    stmt = select(func.count()).where(r.c.record_type == "person", r.c.status == "active")
    return int(conn.execute(stmt).scalar_one())


def person_bodies(conn: Connection, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The current bodies of the active person records among `keys`."""
    wanted = list(dict.fromkeys(keys))
    r = t.records
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(wanted), CHUNK):
        stmt = select(r.c.key, r.c.body).where(
            r.c.key.in_(wanted[i : i + CHUNK]),
            r.c.status == "active",
            r.c.record_type == "person",
        )
        for row in conn.execute(stmt):
            out[row.key] = json.loads(row.body)
    return out


def people(conn: Connection, *, chunk: int = 5000) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every active person record (key, body), in key order, read in chunks."""
    r = t.records
    last = ""
    while True:
        rows = list(
            conn.execute(
                select(r.c.key, r.c.body)
                .where(r.c.record_type == "person", r.c.status == "active", r.c.key > last)
                .order_by(r.c.key)
                .limit(chunk)
            )
        )
        if not rows:
            return
        for row in rows:
            yield row.key, json.loads(row.body)
        last = rows[-1].key


CLASS_SIZE = 3
"""A case concerning more persons than this is a class (`class:<key>`): sharing it ties two
records far less than sharing an individual petition (`case:<key>`)."""


def _context_of(record_type: str, ref_key: str, body: dict[str, Any]) -> Iterator[str]:
    key = str(body.get("key"))
    if record_type == "transfer":
        yield f"transfer:{key}"
    elif record_type == "case":
        many = len(body.get("persons_concerned") or ()) > CLASS_SIZE
        yield f"class:{key}" if many else f"case:{key}"
    elif record_type == "custody_event" and body.get("person") == ref_key:
        if body.get("transfer"):
            yield f"transfer:{body['transfer']}"
        at = body.get("at")
        if body.get("facility") and isinstance(at, str) and len(at) >= 7:
            yield f"facility:{body['facility']}@{at[:7]}"


def contexts(conn: Connection, keys: Iterable[str]) -> dict[str, set[str]]:
    """For each person among `keys`, what current records tie them to: the transfers whose
    manifests name them, the cases they are parties to, the facilities they were held in
    (by month)."""
    wanted = list(dict.fromkeys(keys))
    refs, r = t.record_refs, t.records
    out: dict[str, set[str]] = defaultdict(set)
    for i in range(0, len(wanted), CHUNK):
        stmt = (
            select(refs.c.ref_key, r.c.record_type, r.c.body)
            .join(r, r.c.key == refs.c.key)
            .where(
                refs.c.ref_key.in_(wanted[i : i + CHUNK]),
                r.c.status == "active",
                r.c.record_type.in_(("transfer", "case", "custody_event")),
            )
            .distinct()
        )
        for row in conn.execute(stmt):
            out[row.ref_key].update(_context_of(row.record_type, row.ref_key, json.loads(row.body)))
    return dict(out)
