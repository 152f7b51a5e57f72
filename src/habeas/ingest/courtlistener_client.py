"""Fetching from CourtListener's REST API v4 over HTTP (httpx); parsing is `ingest.courtlistener`.

Every request sends `Authorization: Token …`, waits at least `min_interval` seconds after the
previous one, and follows a list's `next` cursor URL page by page — only on CourtListener's
own host, so the token never goes elsewhere. A 429 or 503 is retried after its `Retry-After`
(seconds, or an HTTP date), or a growing pause when it gives none, up to `max_retries` times
and never for longer than `max_wait` seconds at once. Failures become habeas errors:

    401, 403        CourtListenerForbidden (the plain message names what still works)
    404             NotFound
    anything else   CourtListenerError (a 5xx, a dropped connection, a body that is not JSON)

`sleep` and `clock` are injectable so tests can record the waits instead of sleeping.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from habeas import __version__
from habeas.domain.errors import CourtListenerError, CourtListenerForbidden, NotFound

__all__ = ["API_PREFIX", "CourtListenerClient", "Fetched", "retry_after_seconds"]

API_PREFIX = "/api/rest/v4"
_RETRY = frozenset({429, 503})


@dataclass(frozen=True)
class Fetched:
    """One response read: the URL asked, the exact bytes, and the JSON they hold."""

    url: str
    raw: bytes
    data: Any

    @property
    def next_url(self) -> str | None:
        """The `next` cursor URL of a list page (None on the last page)."""
        value = self.data.get("next") if isinstance(self.data, Mapping) else None
        return value if isinstance(value, str) and value else None

    @property
    def results(self) -> list[Any]:
        """The `results` of a list page."""
        value = self.data.get("results") if isinstance(self.data, Mapping) else None
        if not isinstance(value, list):
            raise CourtListenerError(f"{self.url}: the answer has no list of results")
        return value


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header's wait in seconds: a number of seconds, or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _detail(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text.strip()[:200]
    if isinstance(data, Mapping) and isinstance(data.get("detail"), str):
        return str(data["detail"])
    return json.dumps(data)[:200]


class CourtListenerClient:
    """A client of CourtListener's REST API v4 (see the module docstring)."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        timeout: float = 30.0,
        min_interval: float = 0.75,
        max_retries: int = 4,
        max_wait: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self._last: float | None = None
        headers = {"Accept": "application/json", "User-Agent": f"habeas/{__version__}"}
        if token:
            headers["Authorization"] = f"Token {token}"
        self._http = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        """Release the connections."""
        self._http.close()

    def __enter__(self) -> CourtListenerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- URLs ----------------------------------------------------------------------------
    def url(self, path: str) -> str:
        """An absolute URL of the API (`path` relative to the base URL, or absolute)."""
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def docket_url(self, docket_id: int) -> str:
        """The docket's API URL."""
        return self.url(f"{API_PREFIX}/dockets/{docket_id}/")

    def entries_url(self) -> str:
        """The URL of the docket-entries list (its query goes in `params`)."""
        return self.url(f"{API_PREFIX}/docket-entries/")

    def _same_host(self, url: str) -> bool:
        mine, theirs = urlsplit(self.base_url), urlsplit(url)
        return (mine.scheme, mine.netloc) == (theirs.scheme, theirs.netloc)

    # -- requests ------------------------------------------------------------------------
    def _pace(self) -> None:
        if self._last is not None and self.min_interval > 0:
            waited = self.clock() - self._last
            if waited < self.min_interval:
                self.sleep(self.min_interval - waited)
        self._last = self.clock()

    def get(self, url: str, params: Mapping[str, str] | None = None) -> Fetched:
        """GET `url` (with `params`), retried on 429/503; the JSON it answers."""
        if not self._same_host(url):
            raise CourtListenerError(
                f"refusing to send the CourtListener token to {url}: "
                f"not the configured host {self.base_url}"
            )
        if not self.token:
            raise CourtListenerForbidden(
                "no CourtListener token: set HABEAS_COURTLISTENER_TOKEN "
                "(your token is on https://www.courtlistener.com/profile/api/)"
            )
        attempt = 0
        while True:
            self._pace()
            try:
                response = self._http.get(url, params=dict(params) if params else None)
            except httpx.HTTPError as e:
                raise CourtListenerError(f"CourtListener did not answer {url}: {e}") from e
            asked = str(response.request.url)
            if response.status_code in _RETRY and attempt < self.max_retries:
                wait = retry_after_seconds(response.headers.get("retry-after"))
                if wait is None:
                    wait = min(self.max_wait, 2.0 * 2**attempt)
                if wait > self.max_wait:
                    raise CourtListenerError(
                        f"CourtListener asks to wait {wait:.0f} s before {asked} "
                        f"(HTTP {response.status_code}); try again later"
                    )
                attempt += 1
                self.sleep(wait)
                continue
            return self._read(asked, response)

    def _read(self, url: str, response: httpx.Response) -> Fetched:
        status = response.status_code
        if status in (401, 403):
            raise CourtListenerForbidden(
                f"CourtListener refused {url} (HTTP {status}: {_detail(response)})"
            )
        if status == 404:
            raise NotFound(f"CourtListener has nothing at {url} (HTTP 404)")
        if status >= 400:
            raise CourtListenerError(
                f"CourtListener failed on {url} (HTTP {status}: {_detail(response)})"
            )
        raw = response.content
        try:
            data = json.loads(raw)
        except ValueError as e:
            raise CourtListenerError(f"CourtListener answered {url} with no JSON: {e}") from e
        return Fetched(url, raw, data)

    # -- what habeas asks for ------------------------------------------------------------
    def docket(self, docket_id: int) -> Fetched:
        """The docket (`/api/rest/v4/dockets/{id}/`)."""
        got = self.get(self.docket_url(docket_id))
        if not isinstance(got.data, Mapping):
            raise CourtListenerError(f"{got.url}: the answer is not a docket")
        return got

    def entry_pages(
        self,
        docket_id: int,
        *,
        modified_since: str | None = None,
        start: str | None = None,
    ) -> Iterator[Fetched]:
        """The docket's entries page by page, oldest change first: all of them, or those
        modified at or after `modified_since`; from the cursor URL `start` when given."""
        if start:
            page = self.get(start)
        else:
            params = {"docket": str(docket_id), "order_by": "date_modified"}
            if modified_since:
                params["date_modified__gte"] = modified_since
            page = self.get(self.entries_url(), params)
        while True:
            _ = page.results  # a page without a list of results is refused here
            yield page
            nxt = page.next_url
            if nxt is None:
                return
            page = self.get(nxt)
