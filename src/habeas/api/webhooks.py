"""`POST /api/v1/webhooks/courtlistener`: CourtListener's docket-alert webhooks.

CourtListener cannot sign its requests, so the operator registers a secret URL: the secret
(HABEAS_COURTLISTENER_WEBHOOK_SECRET) goes in the query (`?token=SECRET`), in the path
(`/api/v1/webhooks/courtlistener/SECRET`) or in the header `X-Habeas-Webhook-Secret`, and is
compared in constant time. Without that setting the endpoint does not exist (404). A missing
secret is 401, a wrong one 403, and nothing is written. The answer is 200 with the outcome
(`services.courtlistener_webhook`); a repeated `Idempotency-Key` gets the first outcome back.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from habeas.api.deps import get_settings, get_store
from habeas.api.errors import ApiProblem, error_responses
from habeas.config import Settings
from habeas.services.courtlistener_webhook import receive_courtlistener
from habeas.storage.store import Store

__all__ = ["SECRET_HEADER", "router"]

SECRET_HEADER = "X-Habeas-Webhook-Secret"

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])

StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _check_secret(settings: Settings, given: str | None) -> None:
    expected = settings.courtlistener_webhook_secret
    if not expected:
        raise ApiProblem(
            404,
            "the CourtListener webhook is off: set HABEAS_COURTLISTENER_WEBHOOK_SECRET",
            slug="not-found",
        )
    if not given:
        raise ApiProblem(
            401,
            "this webhook needs its secret: ?token=SECRET in the URL CourtListener calls",
            slug="not-authenticated",
        )
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise ApiProblem(403, "wrong webhook secret", slug="forbidden")


async def _receive(
    request: Request, store: Store, settings: Settings, path_secret: str | None
) -> dict[str, Any]:
    given = path_secret or request.query_params.get("token") or request.headers.get(SECRET_HEADER)
    _check_secret(settings, given)
    body = await request.body()
    outcome = await run_in_threadpool(
        receive_courtlistener, store, body, request.headers.get("idempotency-key")
    )
    return outcome.to_json()


_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "What the delivery did (the first outcome, for a repeat)."},
    **error_responses(401, 403, 404, 422),
}


@router.post(
    "/courtlistener",
    summary="Receive a CourtListener docket-alert webhook",
    responses=_RESPONSES,
)
async def courtlistener_webhook(
    request: Request, store: StoreDep, settings: SettingsDep
) -> dict[str, Any]:
    """Import the new entries of tracked dockets a docket alert carries (once per
    Idempotency-Key). The secret goes in `?token=` or the X-Habeas-Webhook-Secret header."""
    return await _receive(request, store, settings, None)


@router.post(
    "/courtlistener/{secret}",
    summary="Receive a CourtListener docket-alert webhook (secret in the path)",
    responses=_RESPONSES,
)
async def courtlistener_webhook_path(
    secret: str, request: Request, store: StoreDep, settings: SettingsDep
) -> dict[str, Any]:
    """The same, with the secret as the last segment of the path."""
    return await _receive(request, store, settings, secret)
