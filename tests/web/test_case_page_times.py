"""The case page gives each court act's time as the record gives it: a stay entered on a day
with no time recorded reads as that day, never as midnight."""

from __future__ import annotations

import html
import re

from fastapi import FastAPI

from tests.web.conftest import BrowserAt, TestClient


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_undated_administrative_stay_reads_by_its_days_not_at_midnight(
    client: TestClient,
) -> None:
    page = _text(client.get("/case/mdd-8-25-cv-00951?as_of=2025-04-15&lang=en").text)
    assert "Stayed 7 Apr 2025 – 10 Apr 2025" in page
    assert "superseded, 10 Apr 2025:" in page
    assert "00:00 EDT" not in page, "no time of day the record does not give"


def test_in_spanish_too(client: TestClient) -> None:
    page = _text(client.get("/case/mdd-8-25-cv-00951?as_of=2025-04-15&lang=es").text)
    assert "7 abr 2025 – 10 abr 2025" in page
    assert "00:00" not in page


PAGES_WITH_OBLIGATIONS = [
    "/case/mdd-8-25-cv-00951?as_of=2025-04-15",
    "/case/dcd-1-25-cv-00766?as_of=2025-03-16",
    "/person/kilmar-abrego-garcia",
]


def test_the_pages_that_explain_obligations_fit_a_phone(
    app: FastAPI, browser_at: BrowserAt
) -> None:
    from tests.web.test_e2e import S

    with browser_at(app, 390) as (page, base):
        S.sign_in(page, base)
        for path in PAGES_WITH_OBLIGATIONS:
            for lang in ("en", "es"):
                page.goto(
                    f"{base}{path}&lang={lang}" if "?" in path else f"{base}{path}?lang={lang}"
                )
                assert page.get_by_test_id("obligation").first.is_visible()
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{path} ({lang}) is {overflow}px too wide at 390px"
