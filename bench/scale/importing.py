"""Import: the real `habeas import` in a fresh process (its wall time and peak RSS) against a
bare insert of the very rows it wrote into an empty copy of the same schema."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from scale.limits import bare_copy_postgres, bare_insert_sqlite

__all__ = ["import_figure", "pg_schema_url"]

_CHILD = (
    "import resource, sys, time\n"
    "from habeas.cli.main import cli\n"
    "code = 0\n"
    "t = time.perf_counter()\n"
    "try:\n"
    "    cli(sys.argv[1:], prog_name='habeas')\n"
    "except SystemExit as e:\n"
    "    code = e.code or 0\n"
    "print('SECONDS', time.perf_counter() - t, file=sys.stderr)\n"
    "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def habeas(args: list[str]) -> tuple[float, float]:
    """Run one habeas command in a fresh process: the command's own seconds (the Python
    start and imports left out) and the process's peak RSS in MiB."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"habeas {' '.join(args)} failed: {done.stderr[-2000:] or done.stdout}")
    seconds = float(done.stderr.rsplit("SECONDS", 1)[1].split()[0])
    rss_kb = int(done.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    return seconds, rss_kb / 1024


def pg_schema_url(base: str) -> tuple[str, str]:
    """A fresh schema on the PostgreSQL at `base` (SQLAlchemy URL): its name and the URL
    that reads and writes it."""
    import psycopg

    schema = f"scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn(base), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return schema, f"{base}?options=-csearch_path%3D{schema}"


def dsn(url: str) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL."""
    return url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]


def import_figure(backend: str, bundle: Path, db: str, tmp: Path, records: int) -> dict[str, Any]:
    """Import `bundle` into the new ledger `db`, then the bare insert of what it wrote."""
    habeas(["--db", db, "init"])
    seconds, rss = habeas(["--db", db, "import", str(bundle)])
    if backend == "sqlite":
        bare = bare_insert_sqlite(Path(db.removeprefix("sqlite:///")), tmp / "bare.db")
        limit = "executemany into an empty copy of the schema"
    else:
        schema = db.rsplit("search_path%3D", 1)[1]
        bare = bare_copy_postgres(dsn(db), schema)
        limit = "COPY into an empty copy of the tables"
    return {
        "figure": "import",
        "backend": backend,
        "records": records,
        "rows_written": bare.rows,
        "tables": bare.tables,
        "seconds": round(seconds, 3),
        "records_per_s": round(records / seconds),
        "limit": limit,
        "limit_seconds": round(bare.seconds, 3),
        "limit_records_per_s": round(records / bare.seconds),
        "ratio": round(bare.seconds / seconds, 3),
        "target_ratio": 0.40,
        "max_rss_mib": round(rss, 1),
        "target_rss_mib": 1024,
    }
