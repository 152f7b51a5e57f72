"""A real local HTTP server playing CourtListener's REST API v4 from recorded responses.

`FakeCourtListener` is a `ThreadingHTTPServer` on 127.0.0.1:0 in a thread. It answers GETs by
path and query from the files of `tests/fixtures/courtlistener/` (its README says what they
are), writing its own address where CourtListener's appears; checks `Authorization: Token`;
records every request; and can be scripted to fail: a status with headers and body (429 with
Retry-After, 500, 403), or a dropped connection, for the next requests that match.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courtlistener"
COURTLISTENER = "https://www.courtlistener.com"
TOKEN = "synthetic-test-token-0001"
DOCKET = 69777799
ENTRIES = "/api/rest/v4/docket-entries/"
LIST_QUERY = {"docket": str(DOCKET), "order_by": "date_modified"}
PAGE2_CURSOR = "cD0yMDI1LTA0LTA0KzIxJTNBMjAlM0ExMS4xMjA5MzMlMkIwMCUzQTAw"
LAST_MODIFIED = "2025-04-10T19:55:48.004417-07:00"  # the newest change on pages 1 and 2
FORBIDDEN = (FIXTURES / "forbidden.json").read_bytes()

Route = tuple[str, frozenset[tuple[str, str]]]


def route(path: str, query: dict[str, str] | None = None) -> Route:
    return path, frozenset((query or {}).items())


def default_routes() -> dict[Route, str]:
    return {
        route(f"/api/rest/v4/dockets/{DOCKET}/"): "docket-69777799.json",
        route(ENTRIES, LIST_QUERY): "entries-69777799-page1.json",
        route(ENTRIES, {**LIST_QUERY, "cursor": PAGE2_CURSOR}): "entries-69777799-page2.json",
        route(
            ENTRIES, {**LIST_QUERY, "date_modified__gte": LAST_MODIFIED}
        ): "entries-69777799-since.json",
    }


@dataclass
class Failure:
    """Answer the next `times` requests whose path+query contains `match` this way."""

    match: str
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b'{"detail": "Internal server error."}'
    drop: bool = False
    times: int = 1


class FakeCourtListener:
    """See the module docstring."""

    def __init__(self) -> None:
        self.routes = default_routes()
        self.failures: list[Failure] = []
        self.requests: list[str] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- scripting ---------------------------------------------------------------------
    def fail(self, match: str, status: int = 500, **kw: Any) -> None:
        self.failures.append(Failure(match, status, **kw))

    def new_filings(self) -> None:
        """From now on the docket has the two new filings of April 11."""
        self.routes[route(ENTRIES, {**LIST_QUERY, "date_modified__gte": LAST_MODIFIED})] = (
            "entries-69777799-new.json"
        )

    def entries_forbidden(self) -> None:
        """The account may not use the docket-entries endpoint (403, as CourtListener says)."""
        self.fail(ENTRIES, 403, body=FORBIDDEN, times=1000)

    def paths(self, prefix: str = "") -> list[str]:
        with self.lock:
            return [r for r in self.requests if r.startswith(prefix)]

    # -- serving -----------------------------------------------------------------------
    def _send(self, h: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        with self.lock:
            self.requests.append(h.path)
        if h.headers.get("Authorization") != f"Token {TOKEN}":
            body = json.dumps({"detail": "Invalid token."}).encode()
            self._send(h, 401, body, **{"WWW-Authenticate": "Token"})
            return
        with self.lock:
            failure = next((f for f in self.failures if f.times > 0 and f.match in h.path), None)
            if failure is not None:
                failure.times -= 1
        if failure is not None:
            if failure.drop:
                h.close_connection = True
                h.connection.shutdown(2)  # no answer at all
                return
            self._send(h, failure.status, failure.body, **failure.headers)
            return
        name = self.routes.get(route(parts.path, dict(parse_qsl(parts.query))))
        if name is None:
            self._send(h, 404, b'{"detail": "Not found."}')
            return
        body = (FIXTURES / name).read_text("utf-8").replace(COURTLISTENER, self.url)
        self._send(h, 200, body.encode("utf-8"))

    def __enter__(self) -> FakeCourtListener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def courtlistener() -> Iterator[FakeCourtListener]:
    """A fake CourtListener serving the recorded Abrego Garcia v. Noem docket."""
    with FakeCourtListener() as fake:
        yield fake
