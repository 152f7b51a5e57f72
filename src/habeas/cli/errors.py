"""Known errors become one clean message and a meaningful exit code, here and nowhere else.

Exit codes: 0 success; 1 the input or the ledger has problems (invalid bundle, failed
verification, invalid record); 2 usage error (bad option); 3 not found or ambiguous;
4 conflict (a stale version, a concurrent writer); 5 database unavailable or misconfigured.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import click

from habeas.domain.errors import (
    Ambiguous,
    BundleInvalid,
    Conflict,
    HabeasError,
    InvalidRecord,
    LedgerCorrupt,
    NotFound,
    StorageError,
)

__all__ = ["EXIT", "handle_errors"]

EXIT = {"ok": 0, "invalid": 1, "usage": 2, "not_found": 3, "conflict": 4, "storage": 5}

F = TypeVar("F", bound=Callable[..., Any])


def _code(error: HabeasError) -> int:
    if isinstance(error, NotFound):
        return EXIT["not_found"]
    if isinstance(error, Conflict):
        return EXIT["conflict"]
    if isinstance(error, StorageError):
        return EXIT["storage"]
    return EXIT["invalid"]


def _payload(error: HabeasError) -> dict[str, Any]:
    out: dict[str, Any] = {"error": type(error).__name__, "message": str(error)}
    if isinstance(error, BundleInvalid):
        out["problems"] = [
            {"file": p.file, "line": p.line, "field": p.field, "message": p.message}
            for p in error.problems
        ]
    if isinstance(error, Ambiguous):
        out["candidates"] = error.candidates
    if isinstance(error, LedgerCorrupt):
        out["position"] = error.position
    if isinstance(error, InvalidRecord):
        out["field"] = error.field
        fields = _field_problems(error)
        if fields:
            out["problems"] = [{"field": f, "message": m} for f, m in fields]
    return out


def _field_problems(error: HabeasError) -> list[tuple[str, str]]:
    """Every (field, message) of a record's problems (services.editing.RecordProblems)."""
    found = getattr(error, "problems", None)
    if isinstance(error, BundleInvalid) or not isinstance(found, list):
        return []
    return [p for p in found if isinstance(p, tuple) and len(p) == 2]


@contextmanager
def _errors(as_json: bool) -> Iterator[None]:
    try:
        yield
    except HabeasError as e:
        if as_json:
            click.echo(json.dumps(_payload(e), ensure_ascii=False, indent=2))
        else:
            err = sys.stderr
            if isinstance(e, BundleInvalid):
                for p in e.problems:
                    click.echo(str(p), file=err)
            fields = _field_problems(e)
            if len(fields) > 1:
                for field, message in fields:
                    click.echo(f"{field}: {message}", file=err)
            click.echo(f"error: {e}", file=err)
            if isinstance(e, Ambiguous):
                for c in e.candidates:
                    click.echo(f"  {c}", file=err)
        sys.exit(_code(e))


def handle_errors(fn: F) -> F:
    """Run a command, turning HabeasError into a message and an exit code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _errors(bool(kwargs.get("as_json"))):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
