"""Every page names its icon, and the icon is served: a tab of habeas is told apart from others."""

from __future__ import annotations

from tests.web.conftest import TestClient


def test_every_page_links_the_icon_and_it_is_served(client: TestClient, anon: TestClient) -> None:
    for c, path in ((client, "/"), (client, "/case/mdd-8-25-cv-00951"), (anon, "/public"),
                    (anon, "/login")):  # fmt: skip
        page = c.get(f"{path}?lang=es").text
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page, path
    icon = anon.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")
