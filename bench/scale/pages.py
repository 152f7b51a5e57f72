"""Pages of the web app: server time of each page (the real app in process, through
Starlette's test client, as a reader of the public view) against a bare FastAPI page that
returns the same bytes through the same client."""

from __future__ import annotations

import random
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from habeas.app import create_app
from habeas.config import Settings
from habeas.storage.store import Store
from scale.generator import Shape
from scale.queries import _timed, percentiles

__all__ = ["page_figures"]


def _bare(body: bytes) -> TestClient:
    app = FastAPI()

    @app.get("/{path:path}")
    def page(path: str) -> HTMLResponse:
        return HTMLResponse(body)

    return TestClient(app)


def page_figures(
    store: Store, db: str, backend: str, scale: float, samples: int, seed: int = 13
) -> list[dict[str, Any]]:
    """A person, a case, the largest facility, and the public search with a name (the
    dashboard and the other signed-in pages are not timed: the suite reads as the public)."""
    shape = Shape.at(scale)
    rng = random.Random(seed)
    n = max(5, samples // 5)
    pages = {
        "person page": [f"/person/p{rng.randrange(shape.persons):08d}" for _ in range(n)],
        "case page": [f"/case/c{2 * rng.randrange(shape.orders):07d}" for _ in range(n)],
        "facility page (largest)": ["/facility/f00000"] * n,
        "public search": [f"/public?q={name}" for name in ("Garcia", "Nguyen Van", "Smith")]
        * (n // 3 + 1),
        "public person page": [
            f"/public/person/p{rng.randrange(shape.persons):08d}" for _ in range(n)
        ],
    }
    out = []
    with TestClient(create_app(Settings(database_url=db), store=store)) as client:
        for name, paths in pages.items():
            first = client.get(paths[0])
            if first.status_code != 200:
                raise SystemExit(f"{paths[0]}: {first.status_code} {first.text[:300]}")
            got = percentiles(_timed(client.get, paths))
            with _bare(first.content) as bare:
                base = percentiles(_timed(bare.get, paths))
            out.append(
                {
                    "figure": f"web: {name}",
                    "backend": backend,
                    "samples": n,
                    "bytes": len(first.content),
                    **got,
                    "limit": "a bare FastAPI page of the same bytes, same client",
                    **{f"limit_{k}": v for k, v in base.items()},
                    "ratio": round(base["p99_ms"] / got["p99_ms"], 4) if got["p99_ms"] else None,
                    "target_ms": 300,
                    "target_stat": "p99_ms",
                }
            )
    return out
