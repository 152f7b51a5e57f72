"""What no request may carry, checked before any route runs: bodies over the size limit, and
NUL characters in the path or query (no database stores them).

`BodyLimit` is ASGI middleware: a body larger than the limit for its path is refused with
413 as soon as it is read (the exception goes to the one error renderer).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from habeas.api.errors import ApiProblem

__all__ = ["API_BODY_LIMIT", "BodyLimit", "clean_query"]

API_BODY_LIMIT = 1024 * 1024
"""The largest JSON body the API reads (imports have their own limit)."""

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def clean_query(request: Request) -> None:
    """Refuse NUL characters in the path and the query string (400)."""
    if "\x00" in request.url.path or "%00" in request.url.query:
        raise ApiProblem(400, "the request may not contain NUL characters", slug="bad-request")
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise ApiProblem(400, "the request may not contain NUL characters", slug="bad-request")


def _too_large(limit: int) -> ApiProblem:
    return ApiProblem(
        413, f"the request body is larger than {limit:,} bytes", slug="body-too-large"
    )


class BodyLimit:
    """Refuse request bodies larger than `limit_for(path)` bytes."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        if declared is not None and declared.isdigit() and int(declared) > limit:

            async def refuse() -> Message:
                raise _too_large(limit)

            await self.app(scope, refuse, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _too_large(limit)
            return message

        await self.app(scope, counted, send)
