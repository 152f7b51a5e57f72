"""The layers of the house (STYLE.md, docs/architecture.md): `storage/` is the only layer that
speaks to the database. `services/` keeps the logic and asks `storage/*_queries.py` for
what it reads and writes: no service imports SQLAlchemy (a `Connection` is named through
`habeas.storage.store`), reaches into the tables, or runs SQL of its own."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "habeas"

ALLOWED: dict[str, str] = {}
"""services module -> why it may speak to the database itself. None needs to: every query
lives in a storage module."""

_SQL_CALLS = {"execute", "exec_driver_sql", "scalar", "scalars"}


def offences(source: str) -> list[str]:
    """What in `source` speaks to the database without a storage module: imports of
    SQLAlchemy or of table modules, and calls that run SQL (`conn.execute(...)`)."""
    out: list[str] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module == "habeas.storage":
                names += [f"habeas.storage.{a.name}" for a in node.names]
        for name in names:
            tail = name.rpartition(".")[2]
            if name.split(".")[0] == "sqlalchemy":
                out.append(f"line {node.lineno}: imports {name}")
            elif name.startswith("habeas.storage.") and (
                tail == "tables" or tail.endswith("_tables")
            ):
                out.append(f"line {node.lineno}: imports the tables {name}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _SQL_CALLS
        ):
            out.append(f"line {node.lineno}: runs SQL (.{node.func.attr})")
    return out


def test_no_service_speaks_to_the_database_itself() -> None:
    modules = sorted((PACKAGE / "services").glob("*.py"))
    assert len(modules) > 30  # the walk sees the services, not an empty folder
    found = {
        path.name: problems
        for path in modules
        if path.name not in ALLOWED and (problems := offences(path.read_text(encoding="utf-8")))
    }
    assert found == {}, (
        f"move these queries into a storage/*_queries.py module (services keep the logic): {found}"
    )


def test_the_check_sees_each_way_to_speak_to_the_database() -> None:
    assert offences("from sqlalchemy import select\n") == ["line 1: imports sqlalchemy"]
    assert offences("import sqlalchemy.orm\n") == ["line 1: imports sqlalchemy.orm"]
    assert offences("from habeas.storage import tables as t\n") == [
        "line 1: imports the tables habeas.storage.tables"
    ]
    assert offences("from habeas.storage.merge_tables import pair_queue\n") == [
        "line 1: imports the tables habeas.storage.merge_tables"
    ]
    assert offences("rows = conn.exec_driver_sql('SELECT 1')\n") == [
        "line 1: runs SQL (.exec_driver_sql)"
    ]
    assert offences("from habeas.storage import merge_queries\n") == []
    assert offences("from habeas.storage.store import Connection, Store\n") == []
