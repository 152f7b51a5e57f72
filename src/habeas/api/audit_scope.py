"""The audit of reads, wired into the app: one queued item per request, and the flusher.

`AuditPerRequest` is ASGI middleware: each HTTP request (API or page) runs inside one
`habeas.services.audit.audit_scope`, so the confidential reads of every service it calls are
merged into one queued item, queued (durably) just BEFORE the response starts, so no
confidential data leaves before its read is on disk. Anything read after the response
started (a streamed body) is queued before the next part of it is sent.

`AuditFlusher` is the background thread the app's lifespan runs: it moves the queue into the
log every second (`flush_audit`), and once more when the app shuts down.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from habeas.services.audit import audit_scope, flush_audit
from habeas.storage.store import Store

__all__ = ["FLUSH_EVERY", "AuditFlusher", "AuditPerRequest", "Periodic"]

log = logging.getLogger("habeas.audit")

FLUSH_EVERY = 1.0
"""Seconds between two flushes of the audit queue into the log."""


class AuditPerRequest:
    """Run each HTTP request in one audit scope; queue its item before the response starts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with audit_scope() as collector:

            async def queued_then_sent(message: Message) -> None:
                if collector.pending():
                    await run_in_threadpool(collector.enqueue)
                await send(message)

            await self.app(scope, receive, queued_then_sent)


class Periodic:
    """A daemon thread calling `job` now, every `every` seconds, and once more at stop.

    A failing job is logged (with its traceback) and tried again next time."""

    def __init__(self, name: str, job: Callable[[], object], every: float) -> None:
        self.job = job
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _once(self) -> None:
        try:
            self.job()
        except Exception:  # a broken queue, a busy database, a refused checkpoint: said
            log.exception("%s failed", self._thread.name)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._once()

    def start(self) -> Periodic:
        """Run the job once, then keep running it in the background."""
        self._once()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread and run the job once more."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._once()


class AuditFlusher(Periodic):
    """A daemon thread flushing `store`'s audit queue every `every` seconds (and at start,
    for what a crash left queued, and at stop)."""

    def __init__(self, store: Store, every: float = FLUSH_EVERY) -> None:
        self.store = store
        super().__init__("habeas-audit-flusher", lambda: flush_audit(store), every)
