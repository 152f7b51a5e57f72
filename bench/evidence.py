"""Benchmark: signing a checkpoint, one entry's tlog-proof, and finding an entry by hash.

Writes N synthetic source records (each naming a stored copy by a made-up SHA-256) through
the ordinary writer, signs a checkpoint, appends 1,000 more and then times, in one process
(median of five, milliseconds):

- sign: the next checkpoint (the consistency check against the last one signed, then Ed25519);
- proof: `habeas proof entry` of a random entry (inclusion path from stored subtree roots,
  the signed checkpoint, the entry's bytes);
- check: `habeas proof check` of that file (offline: signature and path);
- find by leaf hash, by entry SHA-256, by copy SHA-256 (the indexes of `habeas find-entry`).

    python bench/evidence.py                  # 50,000 records, SQLite
    python bench/evidence.py --records 50000 --backend postgresql
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from habeas.domain.access import LOCAL_OPERATOR  # noqa: E402
from habeas.domain.registry import parse_record  # noqa: E402
from habeas.ledger_keys import LogSigner  # noqa: E402
from habeas.services import checkpoints, entry_proofs  # noqa: E402
from habeas.services.writer import ledger_writer  # noqa: E402
from habeas.storage import queries  # noqa: E402
from habeas.storage.store import Store  # noqa: E402

PG = os.environ.get(
    "HABEAS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SIGNER = LogSigner("bench.example/habeas", b"\x07" * 32)


def copy_hash(i: int) -> str:
    return hashlib.sha256(f"synthetic copy {i}".encode()).hexdigest()


def fill(store: Store, start: int, n: int) -> None:
    with ledger_writer(store, author="bench") as w:
        for i in range(start, start + n):
            w.put(
                parse_record(
                    {
                        "type": "source",
                        "key": f"source/bench-{i}",
                        "kind": "court_document",
                        "title": f"Synthetic benchmark document {i}",
                        "sha256": copy_hash(i),
                        "synthetic": True,
                    }
                )
            )


def median_ms(fn: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run(store: Store, n: int) -> None:
    t0 = time.perf_counter()
    fill(store, 0, n)
    print(f"wrote {n:,} records in {time.perf_counter() - t0:.1f} s")
    checkpoints.sign_checkpoint(store, SIGNER)
    rng = random.Random(11)
    grown = [n]

    def grow_and_sign() -> None:
        fill(store, grown[0], 200)
        grown[0] += 200
        t1 = time.perf_counter()
        checkpoints.sign_checkpoint(store, SIGNER)
        sign_times.append((time.perf_counter() - t1) * 1000)

    sign_times: list[float] = []
    for _ in range(5):
        grow_and_sign()
    position = rng.randrange(n)
    proof = entry_proofs.entry_proof(store, position, principal=LOCAL_OPERATOR)
    vkey = SIGNER.vkey.encode()
    with store.read() as conn:
        row = queries.entry_at(conn, position)
    entry_sha = hashlib.sha256(row.body.encode()).hexdigest()
    copy = copy_hash(position)
    results = {
        "sign (after 200 more entries)": statistics.median(sign_times),
        "proof entry": median_ms(
            lambda: entry_proofs.entry_proof(store, position, principal=LOCAL_OPERATOR)
        ),
        "proof check (offline)": median_ms(lambda: entry_proofs.check_proof(proof.data, [vkey])),
        "find by leaf hash": median_ms(
            lambda: entry_proofs.find_entries(
                store, principal=LOCAL_OPERATOR, hash_hex=row.leaf_hash
            )
        ),
        "find by entry SHA-256": median_ms(
            lambda: entry_proofs.find_entries(store, principal=LOCAL_OPERATOR, hash_hex=entry_sha)
        ),
        "find by copy SHA-256": median_ms(
            lambda: entry_proofs.find_entries(store, principal=LOCAL_OPERATOR, copy_sha256=copy)
        ),
    }
    for name, ms in results.items():
        print(f"{name:32} {ms:8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
            store.migrate()
            try:
                run(store, args.records)
            finally:
                store.close()
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        store = Store(f"{PG}?options=-csearch_path%3D{schema}")
        store.migrate()
        try:
            run(store, args.records)
        finally:
            store.close()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
