"""Screenshots of the main pages, for the README (docs/screenshots/*.png).

Serves a fresh demo database with uvicorn on a free port, signs in with Chromium (Debian's
/usr/bin/chromium, headless, driven by Playwright) and photographs each page. The end-to-end
test (tests/web/test_e2e.py) uses the same helpers and writes the same files.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--public-only]

The public person page is photographed as a relative sees it (not signed in) at 1280 and
390 px wide, in English and Spanish (public-person-*.png).
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
USERNAME = "ana"
PASSWORD = "correct horse battery staple"
VIEWPORT = {"width": 1280, "height": 900}
MAX_HEIGHT = 2000  # long pages are cut here: the top of a page is what a reader sees first
PHONE_MAX_HEIGHT = 3200  # a phone's page is narrow and long: its first screens
PUBLIC_PERSON = "/public/person/kilmar-abrego-garcia"

# (file name, path, what to wait for on the page)
SHOTS = [
    ("dashboard", "/?as_of=2025-04-12", "h1"),
    ("person", "/person/kilmar-abrego-garcia?as_of=2025-04-14", "svg.timeline"),
    ("person-es", "/person/kilmar-abrego-garcia?as_of=2025-04-14&lang=es", "svg.timeline"),
    ("case", "/case/mdd-8-25-cv-00951?as_of=2025-04-08", ".matter"),
    ("facility", "/facility/cecot", "svg.occupancy"),
    ("transfer", "/transfer/globalx-6143-2025-03-15", "h1"),
    ("source", "/source/mdd-8-25-cv-00951-order-2025-04-04", "h1"),
    ("search", "/search?q=Kilmer+Abrego+Gracia", ".results"),
    ("deadline", "/deadline?court=mdd&trigger=2025-04-04&days=14", ".result"),
    ("add-custody", "/add/custody?person=person/kilmar-abrego-garcia", "form"),
    ("import", "/import", "form"),
    ("public", "/public/person/kilmar-abrego-garcia?lang=es", "h1"),
]

# The family look-up as a relative sees it, not signed in: (file name, path, width)
PUBLIC_SHOTS = [
    (
        f"public-person-{lang}{'-phone' if width < 1000 else ''}",
        f"{PUBLIC_PERSON}?lang={lang}",
        width,
    )
    for width in (1280, 390)
    for lang in ("en", "es")
]


def create_account(store: Any, username: str, password: str, role: str) -> None:
    """An account (habeas.services.accounts)."""
    from habeas.services.accounts import add_user

    add_user(store, username, password, role)


def make_app(db_url: str, *, public_view: bool = True) -> Any:
    """The app (habeas.app:create_app) over `db_url`."""
    from habeas.app import create_app
    from habeas.config import Settings

    return create_app(Settings(database_url=db_url, public_view=public_view))


def demo_database(folder: Path) -> str:
    """A new SQLite file with the reference story and the account USERNAME (an editor)."""
    from habeas.services.database import load_demo
    from habeas.storage.store import Store

    url = f"sqlite:///{folder / 'demo.db'}"
    store = Store(url)
    load_demo(store)
    create_account(store, USERNAME, PASSWORD, "editor")
    store.close()
    return url


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run `app` with uvicorn in a thread; yield its base URL; stop it afterwards."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="habeas-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless, with no network of its own."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def sign_in(page: Any, base: str, username: str = USERNAME, password: str = PASSWORD) -> None:
    """Sign in through the login form."""
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{base}/")


def take_screenshots(page: Any, base: str, out: Path) -> list[Path]:
    """Photograph every page of SHOTS into `out`; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, path, ready in SHOTS:
        if "lang=" not in path:  # the language cookie of the page before must not carry over
            path += ("&" if "?" in path else "?") + "lang=en"
        page.goto(base + path)
        page.wait_for_selector(ready)
        target = out / f"{name}.png"
        height = int(page.evaluate("document.documentElement.scrollHeight"))
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": min(height, MAX_HEIGHT)}
        page.screenshot(path=str(target), full_page=True, clip=clip)
        written.append(target)
    return written


def take_public_screenshots(browser: Any, base: str, out: Path) -> list[Path]:
    """Photograph the public person page of PUBLIC_SHOTS, not signed in, into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, path, width in PUBLIC_SHOTS:
        page = browser.new_page(viewport={"width": width, "height": 844 if width < 1000 else 900})
        page.goto(base + path)
        page.wait_for_selector("ol.events")
        target = out / f"{name}.png"
        height = int(page.evaluate("document.documentElement.scrollHeight"))
        cut = PHONE_MAX_HEIGHT if width < 1000 else MAX_HEIGHT
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, cut)}
        page.screenshot(path=str(target), full_page=True, clip=clip)
        page.close()
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--public-only", action="store_true", help="only the public person page's shots"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(demo_database(Path(tmp)))
        with serve(app) as base, sync_playwright() as pw:
            browser = launch(pw)
            written = take_public_screenshots(browser, base, args.out)
            if not args.public_only:
                page = browser.new_page(viewport=VIEWPORT)
                sign_in(page, base)
                written += take_screenshots(page, base, args.out)
            for path in written:
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
