"""Queries over the evidence tables (`habeas.storage.evidence_tables`): the checkpoints this
log signed, the cosignatures witnesses returned, the logs this instance witnesses, and the
hashes that find an entry."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from habeas.storage import tables as t
from habeas.storage.evidence_tables import (
    cosignatures,
    entry_hashes,
    signed_checkpoints,
    witnessed_logs,
)

__all__ = [
    "add_signed_checkpoint",
    "add_witnessed_log",
    "cosigners_of",
    "entries_by_hash",
    "entries_by_leaf_hash",
    "is_witnessed",
    "move_witnessed_log",
    "replace_cosignature",
    "signed_checkpoint",
    "witnessed_log_rows",
    "witnessed_log_vkeys",
]


# -- signed checkpoints and their cosignatures ------------------------------------------------
def signed_checkpoint(conn: Connection, size: int | None = None) -> Any | None:
    """The checkpoint signed at `size` entries (None: the newest), or None."""
    sc = signed_checkpoints
    stmt = select(sc)
    if size is not None:
        stmt = stmt.where(sc.c.size == size)
    return conn.execute(stmt.order_by(sc.c.size.desc()).limit(1)).first()


def add_signed_checkpoint(conn: Connection, row: dict[str, Any]) -> None:
    """Keep a newly signed checkpoint."""
    conn.execute(insert(signed_checkpoints).values(**row))


def cosigners_of(conn: Connection, size: int) -> list[Any]:
    """The cosignatures returned for the checkpoint of `size`, by cosigner."""
    c = cosignatures
    return list(conn.execute(select(c).where(c.c.size == size).order_by(c.c.cosigner)))


def replace_cosignature(conn: Connection, row: dict[str, Any]) -> None:
    """Keep a cosignature, in place of one the same witness key gave for the same size."""
    c = cosignatures
    conn.execute(
        c.delete().where(
            c.c.size == row["size"], c.c.cosigner == row["cosigner"], c.c.key_id == row["key_id"]
        )
    )
    conn.execute(insert(c).values(**row))


# -- the logs this instance witnesses ---------------------------------------------------------
def witnessed_log_rows(conn: Connection) -> list[Any]:
    """Every log witnessed here, by name."""
    return list(conn.execute(select(witnessed_logs).order_by(witnessed_logs.c.name)))


def is_witnessed(conn: Connection, name: str) -> bool:
    """True when the log `name` is witnessed here already."""
    w = witnessed_logs
    return conn.execute(select(w.c.name).where(w.c.name == name)).first() is not None


def witnessed_log_vkeys(conn: Connection) -> list[str]:
    """The public keys of every log witnessed here."""
    return [r.vkey for r in conn.execute(select(witnessed_logs.c.vkey))]


def add_witnessed_log(conn: Connection, row: dict[str, Any]) -> None:
    """Register a log to witness."""
    conn.execute(insert(witnessed_logs).values(**row))


def move_witnessed_log(
    conn: Connection, name: str, last_size: int | None, values: dict[str, Any]
) -> int:
    """Move the log `name`'s state to `values` if it still is at `last_size` (checked and
    moved at once); how many rows moved (0: another run moved it first)."""
    w = witnessed_logs
    same = w.c.last_size.is_(None) if last_size is None else w.c.last_size == last_size
    return int(conn.execute(update(w).where(w.c.name == name, same).values(**values)).rowcount)


# -- finding entries by hash ---------------------------------------------------------------
def entries_by_leaf_hash(conn: Connection, leaf_hash: str) -> list[Any]:
    """The entries whose leaf hash is `leaf_hash`."""
    e = t.entries
    return list(conn.execute(select(e).where(e.c.leaf_hash == leaf_hash)))


def entries_by_hash(conn: Connection, hash_hex: str, kind: str) -> list[Any]:
    """The entries indexed under the SHA-256 `hash_hex` of `kind` (entry, copy)."""
    e, h = t.entries, entry_hashes
    positions = select(h.c.position).where(h.c.hash == hash_hex, h.c.kind == kind)
    return list(conn.execute(select(e).where(e.c.position.in_(positions))))
