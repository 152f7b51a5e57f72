"""End to end, in a real browser (as tests/web/test_e2e.py, with its skip rules): an editor
follows the nav to the review queue, accepts an order draft with a corrected judge and lands
on the form for its obligations; then imports the example manifest from the spreadsheet page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from habeas.services.drafts import NewDraft, queue_drafts
from habeas.storage.store import Store
from tests.web.test_e2e import CHROMIUM, REQUIRED, ROOT, S

EXCERPT = "ORDER directing Defendants to file a supplemental declaration (end-to-end test)."
SOURCE = "source/press-reports-2025-03-march-15-flights"


def _queue_order_draft(db_url: str) -> None:
    store = Store(db_url)
    record = {
        "type": "order",
        "key": "order/mdd-8-25-cv-00951-e2e",
        "case": "case/mdd-8-25-cv-00951",
        "kind": "order",
        "title": "Order directing a supplemental declaration",
        "issued": "2025-04-11",
        "text": EXCERPT,
    }
    draft = NewDraft(
        kind="order",
        origin="case/mdd-8-25-cv-00951",
        source="source/mdd-8-25-cv-00951-order-2025-04-11",
        summary="End-to-end test: ORDER directing a supplemental declaration",
        record=record,
        excerpt=EXCERPT,
    )
    with store.write() as tx:
        queue_drafts(tx.conn, [draft], created_by="e2e")
    store.close()


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    """(page signed in as an editor, base URL), one draft in the queue."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent (Debian's chromium package installs it)"
        if REQUIRED:
            pytest.fail(f"HABEAS_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    db_url = S.demo_database(tmp_path_factory.mktemp("e2e-import"))
    _queue_order_draft(db_url)
    app = S.make_app(db_url)
    with S.serve(app) as base, sync_playwright() as pw:
        browser = S.launch(pw)
        page = browser.new_page(viewport=S.VIEWPORT)
        page.set_default_timeout(15_000)
        S.sign_in(page, base)
        yield page, base
        browser.close()
    app.state.store.close()


def test_accept_an_order_draft_then_record_its_obligations(
    browser_page: tuple[Any, str],
) -> None:
    page, base = browser_page
    page.goto(f"{base}/?lang=en")
    page.click("[data-testid=nav-review]")
    page.click("a:has-text('End-to-end test: ORDER')")
    assert EXCERPT in page.locator("[data-testid=excerpt]").inner_text()
    page.fill("#judge", "Paula Xinis")
    page.click("button:has-text('Accept and write to the ledger')")
    page.wait_for_url(lambda url: url.endswith("/obligations"))
    assert "was accepted" in page.locator("[data-testid=accepted]").inner_text()
    page.click("a:has-text('Skip: open the order')")
    assert "Paula Xinis" in page.content()


def test_import_the_example_manifest(browser_page: tuple[Any, str], tmp_path: Path) -> None:
    page, base = browser_page
    mapping = tmp_path / "manifest.toml"
    text = (ROOT / "docs" / "examples" / "manifest.toml").read_text("utf-8")
    mapping.write_text(text.replace("source/example-manifest", SOURCE), "utf-8")
    page.goto(f"{base}/import/sheet?lang=en")
    page.set_input_files("#sheet", str(ROOT / "docs" / "examples" / "manifest.csv"))
    page.set_input_files("#mapping", str(mapping))
    page.click("button:has-text('Upload')")
    assert "person/manifest-a-001" in page.locator("[data-testid=records]").inner_text()
    page.click("button:has-text('Import')")
    assert "was imported" in page.locator("[data-testid=done]").inner_text()
