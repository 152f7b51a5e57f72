"""Shared options and output helpers for the commands."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from habeas.config import Settings
from habeas.services.checkpoints import enable_signing
from habeas.services.database import open_store
from habeas.storage.store import Store

__all__ = ["console", "echo_json", "json_option", "store_from"]

F = TypeVar("F", bound=Callable[..., Any])


def console() -> Console:
    """A console writing to click's standard output (so tests can capture it)."""
    return Console(file=sys.stdout, soft_wrap=False, width=120, highlight=False)


def json_option(fn: F) -> F:
    """`--json`: print stable JSON for scripts instead of tables."""
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        help="Print JSON (stable, documented) instead of a table.",
    )(fn)


def echo_json(data: Any) -> None:
    """Print data as indented JSON."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def store_from(ctx: click.Context, *, create: bool = False) -> Store:
    """The store named by the global --db option (HABEAS_DATABASE_URL, else ./habeas.db),
    keeping stored copies in the --copy-dir folder (HABEAS_COPY_DIR) if one is given."""
    obj = ctx.find_root().obj or {}
    store = open_store(obj.get("db"), create=create, copy_dir=obj.get("copy_dir"))
    ctx.call_on_close(store.close)  # runs last: a PostgreSQL pool is not left to the collector
    # With HABEAS_SIGNING_KEY set, each import into this store signs a checkpoint after it.
    # (Only that variable is read here: a bad HABEAS_PORT must not stop `habeas verify`.)
    key = os.environ.get("HABEAS_SIGNING_KEY", "").strip() or None
    ctx.call_on_close(enable_signing(store, Settings(signing_key=key)))
    return store
