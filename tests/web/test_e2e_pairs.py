"""The candidate pairs queue end to end in a real browser (Playwright, Debian's Chromium,
uvicorn on a free port over the demo ledger plus synthetic people): a proposed pair is
accepted and the two are one person; a split makes them two again; a rejected pair is not
proposed again; a merged person's page lists the record merged into it, and the merged-away
record's page says whom it was merged into. The pages fit a 390 px phone and a 1280 px
screen, in English and Spanish.

Skipped, saying why, only when /usr/bin/chromium is absent and HABEAS_REQUIRE_BROWSER is not
"1"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.services.merges import merge_people, split_people
from habeas.services.pair_review import propose_pairs
from habeas.storage.store import Store
from tests.services.pair_fixtures import candidate, two_spellings
from tests.web.test_e2e import CHROMIUM, REQUIRED, S

PHONE = {"width": 390, "height": 844}
PAIRS = [candidate(), candidate("person/kilmar-a", "person/other")]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str, Store]]:
    """(browser, base URL, the store) over the demo and two spellings of one person."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent (Debian's chromium package installs it)"
        if REQUIRED:
            pytest.fail(f"HABEAS_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    url = S.demo_database(tmp_path_factory.mktemp("e2e-pairs"))
    store = Store(url)
    two_spellings(store)
    assert propose_pairs(store, LOCAL_OPERATOR, PAIRS, origin="dedupe").added == 2
    app = S.make_app(url)
    with S.serve(app) as base, sync_playwright() as pw:
        browser = S.launch(pw)
        yield browser, base, store
        browser.close()
    app.state.store.close()
    store.close()


def fits(page: Any) -> bool:
    """No sideways scrolling: the page is no wider than the window."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_pair_is_accepted_split_and_another_rejected_for_good(
    served: tuple[Any, str, Store], tmp_path: Path
) -> None:
    browser, base, store = served
    page = browser.new_page(viewport=S.VIEWPORT)
    page.set_default_timeout(15_000)
    S.sign_in(page, base)
    page.goto(f"{base}/pairs?lang=en")
    assert page.locator("[data-pair]").count() == 2
    page.click('[data-pair="person/kilmar-a|person/kilmer-b"] a')
    page.wait_for_selector("[data-testid=sides]")
    sides = page.locator("[data-side]")
    assert sides.count() == 2
    assert "Kilmer Abrego" in sides.nth(1).inner_text()
    assert "Order of the court" in sides.nth(0).inner_text()
    assert "given name Kilmar ~ Kilmer" in page.inner_text("[data-testid=evidence]")
    out = Path(os.environ.get("HABEAS_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(out / "pair.png"), full_page=True)
    assert fits(page)
    pair_url = page.url

    page.fill("#reason", "the same man in two lists")
    page.click("button[value=accept]")
    page.wait_for_selector("[data-testid=done]")
    assert page.url.endswith("/pairs?done=accepted")
    page.goto(f"{base}/person/kilmer-b")  # one person: the absorbed page says where it went
    assert "merged into" in page.inner_text("[data-testid=merged-into]")
    page.click("[data-testid=merged-into] a")
    page.wait_for_selector("[data-testid=merged]")
    assert page.url.endswith("/person/kilmar-a")
    assert "Kilmer Abrego" in page.inner_text("[data-testid=merged]")
    page.goto(f"{base}/search?q=Abrego")
    results = page.inner_text(".results")
    assert "Kilmar Armando Abrego Garcia" in results and "Kilmer Abrego" not in results

    page.goto(pair_url)
    page.fill("#split-reason", "two brothers, says the family")
    page.click("form[action$=split] button")
    page.wait_for_selector("[data-testid=done]")
    page.goto(f"{base}/person/kilmer-b")
    assert page.url.endswith("/person/kilmer-b")  # two people again
    assert page.locator("[data-testid=merged-into]").count() == 0
    page.goto(f"{base}/search?q=Abrego")
    assert "Kilmer Abrego" in page.inner_text(".results")

    page.goto(f"{base}/pairs")
    page.click('[data-pair="person/kilmar-a|person/other"] a')
    page.fill("#reason", "not the same person")
    page.click("button[value=reject]")
    page.wait_for_selector("[data-testid=done]")
    assert page.locator("[data-pair]").count() == 0
    again = propose_pairs(store, LOCAL_OPERATOR, PAIRS, origin="dedupe")
    assert (again.added, again.rejected_before) == (0, 2)  # the split pair, the rejected one
    page.reload()
    assert page.locator("[data-pair]").count() == 0
    page.close()


def test_the_pair_pages_fit_a_phone_in_spanish(served: tuple[Any, str, Store]) -> None:
    browser, base, _store = served
    page = browser.new_page(viewport=PHONE)
    page.set_default_timeout(15_000)
    S.sign_in(page, base)
    page.goto(f"{base}/pairs?status=all&lang=es")
    assert "Pares candidatos" in page.inner_text("h1") and fits(page)
    page.click('[data-pair="person/kilmar-a|person/kilmer-b"] a')
    page.wait_for_selector("[data-testid=sides]")
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert "¿Una persona o dos?" in page.inner_text("h1") and fits(page), wide
    page.close()


def test_the_merged_pages_fit_a_phone_in_spanish(served: tuple[Any, str, Store]) -> None:
    browser, base, store = served
    merge_people(
        store, LOCAL_OPERATOR, survivor="person/kilmar-a", absorbed="person/kilmer-b", reason="x"
    )
    try:
        page = browser.new_page(viewport=PHONE)
        page.set_default_timeout(15_000)
        S.sign_in(page, base)
        page.goto(f"{base}/person/kilmar-a?lang=es")
        assert "Registros fusionados con esta persona" in page.inner_text("main")
        assert "Kilmer Abrego" in page.inner_text("[data-testid=merged]") and fits(page)
        page.goto(f"{base}/person/kilmer-b?lang=es")
        assert "se fusionó con" in page.inner_text("[data-testid=merged-into]") and fits(page)
        page.close()
    finally:
        split_people(store, LOCAL_OPERATOR, absorbed="person/kilmer-b", reason="test done")
