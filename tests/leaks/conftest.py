"""One canary ledger per backend for the whole package (loaded once: the walks only read,
and a read's audit entries change no answer they check), and a client for each role."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI

from habeas.app import create_app
from habeas.config import Settings
from habeas.ledger_keys import LogSigner
from habeas.services import accounts, checkpoints
from habeas.storage.store import Store
from tests.conftest import pg_schema_url
from tests.leaks.canaries import ROLES, Role, load_canaries

with warnings.catch_warnings():  # as tests/web/conftest.py: only this import is excused
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    """The canary ledger, its stored copy's hash, a signed-in client per role, and a client
    per account that carries only an API token (a script's `Authorization: Bearer`)."""

    store: Store
    sha256: str
    clients: dict[str, TestClient]
    apps: tuple[FastAPI, FastAPI]
    token_clients: dict[str, TestClient]


def _client(app: FastAPI, role: Role) -> TestClient:
    client = TestClient(app)
    if role.username is not None:
        r = client.post(
            "/login",
            data={"username": role.username, "password": PASSWORD, "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    return client


@pytest.fixture(
    scope="package", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The canary ledger on each backend."""
    tmp = tmp_path_factory.mktemp("leaks")
    urls: Iterator[str] | None = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'leaks.db'}"
    else:
        urls = pg_schema_url()
        url = next(urls)
    store = Store(url)
    store.migrate()
    sha = load_canaries(store, Path(tmp))
    # A signed checkpoint, so entry proofs (which carry entry bytes) are walked too.
    checkpoints.sign_checkpoint(store, LogSigner("leaks.example/habeas", b"\x01" * 32))
    for role in ROLES:
        if role.username is not None:
            accounts.add_user(store, role.username, PASSWORD, role.principal.role)
    on = create_app(Settings(database_url=url, public_view=True), store=store)
    off = create_app(Settings(database_url=url, public_view=False), store=store)
    clients = {role.name: _client(on if role.public_view else off, role) for role in ROLES}
    tokens = {
        role.name: TestClient(
            on if role.public_view else off,
            headers={"Authorization": f"Bearer {accounts.create_token(store, role.username)}"},
        )
        for role in ROLES
        if role.username is not None
    }
    try:
        yield World(store, sha, clients, (on, off), tokens)
    finally:
        for c in [*clients.values(), *tokens.values()]:
            c.close()
        store.close()
        if urls is not None:
            for _ in urls:
                pass
