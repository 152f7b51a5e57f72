"""Wiring: `create_app(settings)` builds the ASGI app that serves the REST API and the pages.

    /api/v1/…        the REST API (habeas.api), described at /openapi.json and /docs
    /…               the pages (habeas.web.routes:router)
    /static/…        the pages' static files (habeas.web.routes:STATIC_DIR)

One store per app, opened here and closed when the app shuts down; `app.state.store` and
`app.state.settings` are what the routes depend on. Each request's confidential reads are
queued as one audit item before its response starts (`habeas.api.audit_scope`), and a
background thread flushes the queue into the log every second and at shutdown. With a
signing key (HABEAS_SIGNING_KEY), a checkpoint is signed after each import, at start and
daily (`habeas.api.checkpoints`). Every error
is rendered by `habeas.api.errors`: problem+json for the API, and for pages the web package's hook
`habeas.web.routes:render_error(request, problem) -> Response`. Every router is imported by
name here: nothing is looked up at run time.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from habeas import __version__
from habeas.api.audit_scope import AuditFlusher, AuditPerRequest
from habeas.api.checkpoints import checkpoint_signer
from habeas.api.errors import install_error_handlers, problem_openapi
from habeas.api.guard import API_BODY_LIMIT, BodyLimit
from habeas.api.routes import router as api_router
from habeas.api.schemas import ProblemOut
from habeas.config import Settings, get_settings
from habeas.services.checkpoints import enable_signing
from habeas.services.database import open_store
from habeas.services.legal_aid import load_legal_aid
from habeas.storage.store import Store
from habeas.web import routes as web_routes

__all__ = ["create_app"]

log = logging.getLogger("habeas.app")

DESCRIPTION = """\
An evidence-grade, append-only ledger of people in custody, transfers, courts and orders.

Every answer is the same JSON as the command line's `--json`. Errors are RFC 9457
`application/problem+json`. Writes are appends; a correction names the version it corrects
in `If-Match`. Sign in with `Authorization: Bearer <token>`; without it you read what the
public may see (when the server's public view is on). See docs/api.md.
"""


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        problem = ProblemOut.model_json_schema(ref_template="#/components/schemas/{model}")
        app.openapi_schema = problem_openapi(schema, problem)
    return app.openapi_schema


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The app over `store` (default: the database of `settings`, opened here)."""
    settings = settings or get_settings()
    legal_aid = load_legal_aid(settings.legal_aid)  # a bad file is refused before anything opens
    own_store = store is None
    the_store = (
        store
        if store is not None
        else open_store(settings.database_url, copy_dir=settings.copy_dir)
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        flusher = AuditFlusher(the_store).start()  # the audit of reads, into the log
        # With a signing key: a checkpoint after each import, and at start and daily.
        stop_hook = enable_signing(the_store, settings)
        signer = checkpoint_signer(the_store, settings)
        try:
            yield
        finally:
            if signer is not None:
                signer.stop()
            stop_hook()
            flusher.stop()
            if own_store:
                the_store.close()

    app = FastAPI(
        title="habeas",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.legal_aid = legal_aid
    app.state.store = the_store
    app.include_router(api_router)
    app.include_router(web_routes.router)
    app.mount("/static", StaticFiles(directory=web_routes.STATIC_DIR), name="static")
    install_error_handlers(app, page=web_routes.render_error)
    upload = settings.max_upload_bytes

    def body_limit(path: str) -> int:
        # Bundles and webhook deliveries (a docket alert may carry many entries) may be large.
        if path.startswith("/api/") and not path.startswith(
            ("/api/v1/import", "/api/v1/webhooks/")
        ):
            return API_BODY_LIMIT
        return upload

    app.add_middleware(BodyLimit, limit_for=body_limit)
    app.add_middleware(AuditPerRequest)  # one audit item per request, queued before it answers
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
