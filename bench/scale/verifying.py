"""Verify: `habeas verify` (the service the command runs: the full check and --log-only)
against hashlib over the same entry bytes plus their RFC 6962 root, in the same process."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import text

from habeas.services.verify import verify_ledger
from habeas.storage.store import Store
from scale.limits import hash_limit

__all__ = ["verify_figures"]


def verify_figures(store: Store, backend: str) -> list[dict[str, Any]]:
    """The full verify and the log-only one, each as a ratio of the hashing rate."""
    with store.read() as conn:
        t = time.perf_counter()
        bodies = [
            str(r[0]).encode("utf-8")
            for r in conn.execute(text("SELECT body FROM ledger_entries ORDER BY position"))
        ]
        read = time.perf_counter() - t
        root = conn.execute(text("SELECT root FROM ledger_head")).scalar()
    n, hashing, computed = hash_limit(bodies)
    del bodies
    if computed.hex() != root:
        raise SystemExit("the RFC 6962 root computed with hashlib differs from the ledger's")
    out = []
    for log_only in (True, False):
        t = time.perf_counter()
        report = verify_ledger(store, log_only=log_only)
        seconds = time.perf_counter() - t
        out.append(
            {
                "figure": "verify --log-only" if log_only else "verify (full)",
                "backend": backend,
                "entries": report.size,
                "seconds": round(seconds, 3),
                "entries_per_s": round(n / seconds),
                "limit": "hashlib: leaves + RFC 6962 root over the same bytes",
                "limit_seconds": round(hashing, 4),
                "limit_entries_per_s": round(n / hashing),
                "read_seconds": round(read, 3),
                "ratio": round(hashing / seconds, 4),
                "target_ratio": 0.50,
            }
        )
    return out
