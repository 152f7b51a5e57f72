"""`habeas user`: accounts for the web pages and the API, their tokens, and the audit trail.

The command line itself needs no account: whoever can run `habeas` on the machine can open
the database already, and acts as the local operator (an admin; recorded as cli:<os user>).
"""

from __future__ import annotations

import sys

import click
from rich.table import Table

from habeas.cli.common import console, echo_json, json_option, store_from
from habeas.cli.errors import handle_errors
from habeas.domain.access import ACCOUNT_ROLES, LOCAL_OPERATOR
from habeas.services import accounts
from habeas.services.audit import audit_trail

__all__ = ["user"]


def _password(from_stdin: bool, prompt: str) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=True))


_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)


@click.group("user")
def user() -> None:
    """Accounts for the web pages and the API: add, remove, passwords, roles, API tokens,
    the public view switch, and the audit trail.

    Roles: viewer (reads public and restricted data), editor (also confidential data;
    records, corrects, imports), admin (also accounts and verify). See docs/access.md.

    \b
    Example:
        habeas user add ana --role editor
        habeas user token ana --label "nightly import"
        habeas user list
    """


@user.command("add")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(list(ACCOUNT_ROLES)),
    required=True,
    help="viewer, editor or admin.",
)
@_stdin_option
@json_option
@click.pass_context
@handle_errors
def add_cmd(
    ctx: click.Context, username: str, role: str, password_stdin: bool, as_json: bool
) -> None:
    """Add an account; the password is asked for twice (or read with --password-stdin).

    USERNAME is 1 to 64 lower-case letters, digits, '.', '_' or '-'. A removed account's
    name is never given again, so the audit trail cannot confuse two people.

    \b
    Example:
        habeas user add ana --role editor
        printf '%s\\n' "$PASSWORD" | habeas user add bot --role viewer --password-stdin
    """
    store = store_from(ctx)
    password = _password(password_stdin, "Password")
    account = accounts.add_user(store, username, password, role)
    if as_json:
        echo_json(account.to_json())
    else:
        click.echo(f"added {account.username} ({account.role})")


@user.command("remove")
@click.argument("username")
@click.pass_context
@handle_errors
def remove_cmd(ctx: click.Context, username: str) -> None:
    """Remove an account: its sessions end and its API tokens are revoked at once.

    \b
    Example:
        habeas user remove ana
    """
    accounts.remove_user(store_from(ctx), username)
    click.echo(f"removed {username}")


@user.command("passwd")
@click.argument("username")
@_stdin_option
@click.pass_context
@handle_errors
def passwd_cmd(ctx: click.Context, username: str, password_stdin: bool) -> None:
    """Set an account's password; its sessions end (its API tokens stay valid).

    \b
    Example:
        habeas user passwd ana
    """
    store = store_from(ctx)
    accounts.get_user(store, username)  # a clear error before asking for a password
    accounts.set_password(store, username, _password(password_stdin, "New password"))
    click.echo(f"password of {username} changed")


@user.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(list(ACCOUNT_ROLES)))
@click.pass_context
@handle_errors
def role_cmd(ctx: click.Context, username: str, role: str) -> None:
    """Change an account's role (its sessions and tokens follow at once).

    \b
    Example:
        habeas user role ana admin
    """
    account = accounts.set_role(store_from(ctx), username, role)
    click.echo(f"{account.username} is now {account.role}")


@user.command("token")
@click.argument("username")
@click.option("--label", default="", help="What the token is for, to recognise it later.")
@json_option
@click.pass_context
@handle_errors
def token_cmd(ctx: click.Context, username: str, label: str, as_json: bool) -> None:
    """Create an API token acting as USERNAME, and print it. It is shown this once: only
    its hash is kept. Scripts send it as `Authorization: Bearer <token>`.

    \b
    Example:
        habeas user token ana --label "nightly import"
    """
    token = accounts.create_token(store_from(ctx), username, label)
    if as_json:
        echo_json({"username": username, "label": label, "token": token})
    else:
        click.echo(token)
        click.echo("(shown once: store it now)", err=True)


@user.command("revoke")
@click.argument("token_id", metavar="TOKEN")
@click.pass_context
@handle_errors
def revoke_cmd(ctx: click.Context, token_id: str) -> None:
    """Revoke an API token, named by its id (as `habeas user list --tokens` shows) or
    given whole.

    \b
    Example:
        habeas user revoke 3f9a0c1e
    """
    accounts.revoke_token(store_from(ctx), token_id)
    click.echo("revoked")


@user.command("list")
@click.option("--removed", is_flag=True, help="Include removed accounts.")
@click.option("--tokens", is_flag=True, help="List the API tokens (ids and labels) too.")
@json_option
@click.pass_context
@handle_errors
def list_cmd(ctx: click.Context, removed: bool, tokens: bool, as_json: bool) -> None:
    """The accounts, their roles, and (with --tokens) their API tokens. Never a password
    or a token.

    \b
    Example:
        habeas user list --tokens
    """
    store = store_from(ctx)
    users = accounts.list_users(store, include_removed=removed)
    token_list = accounts.list_tokens(store) if tokens else []
    if as_json:
        data: dict[str, object] = {"users": [u.to_json() for u in users]}
        if tokens:
            data["tokens"] = [t.to_json() for t in token_list]
        echo_json(data)
        return
    c = console()
    table = Table(box=None, header_style="bold")
    for col in ("user", "role", "added", "password set", "removed"):
        table.add_column(col)
    for u in users:
        table.add_row(
            u.username, u.role, u.created_at[:16], u.password_changed_at[:16], u.removed_at or ""
        )
    c.print(table if users else "no accounts")
    if tokens:
        tt = Table(box=None, header_style="bold")
        for col in ("token", "user", "label", "created", "last used", "revoked"):
            tt.add_column(col)
        for t in token_list:
            tt.add_row(
                t.token_id,
                t.username,
                t.label,
                t.created_at[:16],
                (t.last_used_at or "")[:16],
                (t.revoked_at or "")[:16],
            )
        c.print(tt if token_list else "no API tokens")


@user.command("public-view")
@click.argument("state", required=False, type=click.Choice(["on", "off"]))
@click.pass_context
@handle_errors
def public_view_cmd(ctx: click.Context, state: str | None) -> None:
    """Show, or switch on or off, the public view of this database: what anyone may read
    without signing in (public fields only). It is on unless switched off here or by
    HABEAS_PUBLIC_VIEW=off on the server.

    \b
    Example:
        habeas user public-view off
    """
    store = store_from(ctx)
    if state is not None:
        accounts.set_public_view(store, state == "on")
    click.echo(f"public view: {'on' if accounts.public_view_enabled(store) else 'off'}")


@user.command("audit")
@click.option(
    "--limit",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help="How many lines, newest first.",
)
@click.option("--user", "who", metavar="USERNAME", help="Only what this account did.")
@click.option("--reads-only", is_flag=True, help="Only audit entries, not record writes.")
@json_option
@click.pass_context
@handle_errors
def audit_cmd(
    ctx: click.Context, limit: int, who: str | None, reads_only: bool, as_json: bool
) -> None:
    """The audit trail, newest first: confidential reads, account changes and record
    writes — who, when, what and which records; never the data.

    \b
    Example:
        habeas user audit --user ana --limit 20
    """
    lines = audit_trail(
        store_from(ctx), limit, who, writes=not reads_only, principal=LOCAL_OPERATOR
    )
    if as_json:
        echo_json(lines)
        return
    c = console()
    table = Table(box=None, header_style="bold")
    for col in ("#", "when", "who", "action", "what", "records"):
        table.add_column(col)
    for line in lines:
        records = line.get("records") or []
        shown = ", ".join(records[:3]) + (f" (+{len(records) - 3})" if len(records) > 3 else "")
        detail = line.get("what") or line.get("account") or line.get("setting") or ""
        table.add_row(
            str(line["position"]),
            line["recorded_at"][:19],
            str(line.get("user") or line["recorded_by"]),
            str(line.get("action", "")),
            str(detail),
            shown,
        )
    c.print(table if lines else "no audit lines")
