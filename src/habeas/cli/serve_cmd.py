"""`habeas serve`: the web pages and the REST API on one address (uvicorn)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from habeas.cli.errors import handle_errors
from habeas.config import get_settings
from habeas.domain.errors import NotFound
from habeas.services import accounts
from habeas.services.database import load_demo, open_store
from habeas.storage.engine import normalise_url
from habeas.storage.store import Store

__all__ = ["DEMO_ADMIN", "demo_password_file", "ensure_demo_admin", "serve"]

DEMO_ADMIN = "admin"


def demo_password_file(url: str | None) -> Path:
    """Where the demo admin's password is kept: next to a SQLite file (`habeas.db` →
    `habeas.db.admin-password`), else `./habeas.admin-password`."""
    full = normalise_url(url)
    if full.startswith("sqlite:///") and not full.endswith(":memory:"):
        return Path(full[len("sqlite:///") :] + ".admin-password")
    return Path("habeas.admin-password")


def _write_secret(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text + "\n")


def ensure_demo_admin(store: Store, url: str | None) -> tuple[str, str, Path]:
    """Make sure the demo admin account exists and its password is in the password file:
    (username, password, file). The password is generated once; an account made elsewhere
    without the file gets a new password (written to the file)."""
    path = demo_password_file(url)
    password = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    try:
        accounts.get_user(store, DEMO_ADMIN)
        exists = True
    except NotFound:
        exists = False
    if exists and password:
        return DEMO_ADMIN, password, path
    password = password or secrets.token_urlsafe(12)
    if exists:
        accounts.set_password(store, DEMO_ADMIN, password)
    else:
        accounts.add_user(store, DEMO_ADMIN, password, role="admin")
    _write_secret(path, password)
    return DEMO_ADMIN, password, path


def _address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


@click.command("serve")
@click.option(
    "--demo",
    is_flag=True,
    help="Load the reference story first (loading it again changes nothing) and make sure a "
    "demo admin account exists; print its login.",
)
@click.option(
    "--host",
    metavar="ADDRESS",
    help="The address to listen on (default: $HABEAS_HOST, else 127.0.0.1).",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    help="The port to listen on (default: $HABEAS_PORT, else 8000).",
)
@click.option(
    "--no-public-view",
    is_flag=True,
    help="Everyone must sign in, even to read (overrides HABEAS_PUBLIC_VIEW).",
)
@click.pass_context
@handle_errors
def serve(
    ctx: click.Context, demo: bool, host: str | None, port: int | None, no_public_view: bool
) -> None:
    """Serve the web pages and the REST API (/api/v1, documented at /docs).

    Settings come from HABEAS_* environment variables (see docs/cli.md); the options
    override them. Stop with Ctrl-C.

    \b
    Example:
        habeas serve --demo
        habeas --db postgresql+psycopg://habeas@db/habeas serve --host 0.0.0.0 --port 8080
    """
    import uvicorn

    from habeas.app import create_app

    base = get_settings()
    root = ctx.find_root().obj or {}
    settings = base.but(
        database_url=root.get("db") or base.database_url,
        copy_dir=root.get("copy_dir") or base.copy_dir,
        host=host or base.host,
        port=port or base.port,
        public_view=False if no_public_view else base.public_view,
    )
    store = open_store(settings.database_url, create=demo, copy_dir=settings.copy_dir)
    login = None
    if demo:
        load_demo(store)
        login = ensure_demo_admin(store, settings.database_url)
    app = create_app(settings, store=store)
    click.echo(f"habeas {store.url}: serving at {_address(settings.host, settings.port)}")
    click.echo(f"  API docs: {_address(settings.host, settings.port)}/docs")
    if login is not None:
        user, password, path = login
        click.echo(f"  demo admin: username {user}, password {password}  (kept in {path})")
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
    finally:
        store.close()
