"""Failing closed: no principal is no answer, and a public-view switch that cannot be read
is off."""

from __future__ import annotations

import pytest

from habeas.domain.access import PUBLIC
from habeas.services import accounts
from habeas.services.visibility import Visibility
from tests.leaks.canaries import PUBLIC_PERSON
from tests.leaks.conftest import TestClient, World


def test_a_visibility_needs_a_principal(world: World) -> None:
    with pytest.raises(TypeError, match="Principal"):
        Visibility(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Principal"):
        Visibility.of(world.store, "admin")  # type: ignore[arg-type]


def test_an_unreadable_public_view_switch_is_off(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    on, _off = world.apps
    client = TestClient(on, raise_server_exceptions=False)
    assert client.get("/public.json?q=plainc").json()["results"][0]["key"] == PUBLIC_PERSON

    def broken(_store: object) -> bool:
        raise RuntimeError("the settings table cannot be read")

    monkeypatch.setattr(accounts, "public_view_enabled", broken)
    assert client.get("/public.json?q=plainc").status_code == 404
    r = client.get("/search.json?q=plainc", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert "Plaincanary" not in client.get("/public?q=plainc").text
    assert client.get("/api/v1/search?q=plainc").status_code == 401


def test_the_public_principal_is_the_signed_out_reader() -> None:
    assert PUBLIC.username is None and PUBLIC.role == "public"
