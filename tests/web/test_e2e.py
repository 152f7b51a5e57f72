"""End to end, in a real browser: Playwright drives Debian's Chromium (/usr/bin/chromium,
headless) against uvicorn serving a fresh demo database on a free port.

Skipped, saying why, only when /usr/bin/chromium is absent and HABEAS_REQUIRE_BROWSER is not
"1"; CI sets it, so there a missing browser fails the run. The test also photographs the main
pages with the helpers of scripts/screenshots.py (which writes docs/screenshots/*.png).
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("HABEAS_REQUIRE_BROWSER") == "1"
SECRET = "A-987-654-321"


def _helpers() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "habeas_screenshots", ROOT / "scripts" / "screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


S = _helpers()


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, str]]:
    """(browser, page signed in as an editor, base URL)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent (Debian's chromium package installs it)"
        if REQUIRED:
            pytest.fail(f"HABEAS_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    app = S.make_app(S.demo_database(tmp_path_factory.mktemp("e2e")))
    with S.serve(app) as base, sync_playwright() as pw:
        browser = S.launch(pw)
        page = browser.new_page(viewport=S.VIEWPORT)
        page.set_default_timeout(15_000)
        yield browser, page, base
        browser.close()
    app.state.store.close()


def test_screenshots_of_the_main_pages(browser_page: tuple[Any, Any, str], tmp_path: Path) -> None:
    """First, while the demo data is untouched."""
    browser, page, base = browser_page
    S.sign_in(page, base)
    # The README's copies are made by scripts/screenshots.py (same helpers); set
    # HABEAS_SCREENSHOTS=docs/screenshots to have this test refresh them.
    out = Path(os.environ.get("HABEAS_SCREENSHOTS") or tmp_path)
    written = S.take_screenshots(page, base, out)
    assert len(written) == len(S.SHOTS)
    public = S.take_public_screenshots(browser, base, out)  # as a relative, not signed in
    assert len(public) == len(S.PUBLIC_SHOTS) == 4
    for path in [*written, *public]:
        assert path.stat().st_size > 10_000, path


def test_sign_in_find_abrego_garcia_at_cecot(browser_page: tuple[Any, Any, str]) -> None:
    browser, page, base = browser_page
    stranger = browser.new_page(viewport=S.VIEWPORT)
    stranger.goto(f"{base}/")
    assert stranger.url.endswith("/public")  # without signing in: the public look-up
    stranger.close()
    S.sign_in(page, base)
    page.goto(f"{base}/?lang=en")
    page.fill("#q", "Abrego Garcia")
    page.press("#q", "Enter")
    page.click("ul.results a:has-text('Kilmar Armando Abrego Garcia')")
    page.wait_for_url("**/person/kilmar-abrego-garcia")
    page.fill("#as_of", "2025-04-14")
    page.click("form.asof button[type=submit]")
    page.wait_for_url("**as_of=2025-04-14")
    card = page.locator("section.whereabouts")
    assert card.locator("[data-testid=where-facility]").inner_text() == "CECOT"
    assert "in custody" in card.inner_text()
    assert "El Salvador" in card.inner_text()
    assert page.locator("svg.timeline .crossing-label").first.text_content() == "US → SV"


def test_live_search_and_as_of_without_reloading(browser_page: tuple[Any, Any, str]) -> None:
    """htmx: results appear as one types (no Enter), and the "as of" date swaps in place."""
    _browser, page, base = browser_page
    page.goto(f"{base}/search?lang=en")
    page.evaluate("window.__same_document = true")  # gone if the page reloads
    page.fill("#q", "Abrego Garcia")
    page.locator("#results a[href='/person/kilmar-abrego-garcia']").wait_for()
    page.wait_for_function("location.search.includes('q=Abrego')")  # the URL follows
    assert page.evaluate("window.__same_document === true")
    page.click("#results a[href='/person/kilmar-abrego-garcia']")
    page.wait_for_url("**/person/kilmar-abrego-garcia")
    page.evaluate("window.__same_document = true")
    page.fill("#as_of", "2025-04-14")
    page.click("form.asof button[type=submit]")
    page.wait_for_url("**as_of=2025-04-14")
    card = page.locator("section.whereabouts")
    card.locator("[data-testid=where-facility]:has-text('CECOT')").wait_for()
    assert page.evaluate("window.__same_document === true")


def test_the_april_4_order_stayed_then_superseded(browser_page: tuple[Any, Any, str]) -> None:
    _browser, page, base = browser_page
    order = "#order-order-mdd-8-25-cv-00951-2025-04-04 [data-testid=obligation]"
    page.goto(f"{base}/case/mdd-8-25-cv-00951?as_of=2025-04-08")
    stayed = page.locator(order).first
    assert stayed.get_attribute("data-status") == "suspended"
    assert "suspended by a stay" in stayed.inner_text()
    assert "7 Apr 2025, 23:59 EDT (America/New_York)" in stayed.inner_text()
    page.goto(f"{base}/case/mdd-8-25-cv-00951?as_of=2025-04-14")
    assert page.locator(order).first.get_attribute("data-status") == "superseded"
    page.goto(f"{base}/?as_of=2025-04-12")
    first_alert = page.locator("li.alert").first
    assert "Due soon" in first_alert.inner_text()
    assert "13 Apr 2025, 17:00 EDT" in first_alert.inner_text(), "the next daily declaration"


def test_add_a_custody_event_with_a_source(browser_page: tuple[Any, Any, str]) -> None:
    _browser, page, base = browser_page
    page.goto(f"{base}/person/kilmar-abrego-garcia?lang=en")
    page.click("a:has-text('Add a custody event')")
    page.select_option("#kind", "detained")
    page.fill("#at", "2026-01-05T10:15")  # after the last event of the story
    page.select_option("#zone", "America/Chicago")
    page.select_option("#facility", "facility/putnam-county-jail")
    page.select_option("#custodian", "actor/doj")
    page.fill("#description", "Detained again after a hearing (end-to-end test).")
    page.click("button:has-text('Save')")
    assert page.locator("#err-source").count() == 1  # no source: nothing written
    page.select_option("#source_key", "source/press-reports-2025-08-22-abrego-garcia-release")
    page.fill("#excerpt", "detained again")
    page.click("button:has-text('Save')")
    page.wait_for_url(lambda url: "/person/kilmar-abrego-garcia?added=" in url)
    row = page.locator("table.chain tbody tr").last
    assert "Detained again after a hearing" in row.inner_text()
    assert "5 Jan 2026, 10:15 CST" in row.inner_text()
    assert "Putnam County Jail" in page.locator("section.whereabouts").inner_text()
    assert page.locator("svg.timeline circle, svg.timeline path.transfer").count() >= 10


def test_the_public_view_hides_a_confidential_field(browser_page: tuple[Any, Any, str]) -> None:
    browser, page, base = browser_page
    page.goto(f"{base}/correct?key=person/jennifer-vasquez-sura")
    record = json.loads(page.locator("#record").input_value())
    record["identifiers"] = [{"scheme": "passport", "value": SECRET}]
    page.fill("#record", json.dumps(record, indent=2))
    page.fill("#reason", "Passport number from the complaint's exhibit (test)")
    page.select_option("#source_key", "source/mdd-8-25-cv-00951-complaint-2025-03-24")
    page.click("button:has-text('Save')")
    page.wait_for_url("**/person/jennifer-vasquez-sura")
    assert SECRET in page.locator("ul.identifiers").inner_text()
    stranger = browser.new_page(viewport=S.VIEWPORT)
    stranger.goto(f"{base}/public?q=Vasquez+Sura&lang=es")
    stranger.click("ul.results a")
    stranger.wait_for_url("**/public/person/jennifer-vasquez-sura*")
    assert "Dónde está ahora" in stranger.content()
    assert SECRET not in stranger.content()
    stranger.close()
