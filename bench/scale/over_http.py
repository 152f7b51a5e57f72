"""HTTP whereabouts: the real app under uvicorn (`habeas serve`) against a bare FastAPI
endpoint under uvicorn with the same settings (loopback, one worker, log level info), each
driven by the same bounded load generator: a fixed number of connections, each sending its
next request when the last one is answered, for a fixed time."""

from __future__ import annotations

import asyncio
import json
import random
import socket
import subprocess
import sys
import time
from typing import Any

import httpx

from scale.queries import percentiles

__all__ = ["http_figure"]

_BARE = """
import json, sys
import uvicorn
from fastapi import FastAPI
app = FastAPI()
answer = json.loads(sys.argv[2])
@app.get("/api/v1/whereabouts")
def whereabouts(who: str) -> dict:
    return answer
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], seconds: float = 90) -> dict[str, Any]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the server at {url} exited with {proc.returncode}")
        try:
            r = httpx.get(url, timeout=5)
            if r.status_code == 200:
                data: dict[str, Any] = r.json()
                return data
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not answer")


async def _load(base: str, people: list[str], connections: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker(i: int) -> None:
            nonlocal errors
            rng = random.Random(i)
            while time.perf_counter() < stop:
                who = rng.choice(people)
                t = time.perf_counter()
                r = await client.get("/api/v1/whereabouts", params={"who": who})
                latencies.append(time.perf_counter() - t)
                errors += r.status_code != 200

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(connections)))
        wall = time.perf_counter() - t0
    return {"requests": len(latencies), "errors": errors, "wall": wall,
            **percentiles(latencies)}  # fmt: skip


def _serve(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def http_figure(
    db: str, backend: str, people: list[str], connections: int = 8, seconds: float = 10
) -> dict[str, Any]:
    """Throughput and p99 of the real endpoint and of the bare one, and their ratio."""
    port = _port()
    real = _serve([sys.executable, "-m", "habeas.cli", "--db", db, "serve", "--port", str(port)])
    try:
        base = f"http://127.0.0.1:{port}"
        answer = _wait(f"{base}/api/v1/whereabouts?who={people[0]}", real)
        got = asyncio.run(_load(base, people, connections, seconds))
    finally:
        real.terminate()
        real.wait(30)
    port = _port()
    bare = _serve([sys.executable, "-c", _BARE, str(port), json.dumps(answer)])
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/api/v1/whereabouts?who=x", bare)
        limit = asyncio.run(_load(base, people, connections, seconds))
    finally:
        bare.terminate()
        bare.wait(30)
    rate = got["requests"] / got["wall"]
    bare_rate = limit["requests"] / limit["wall"]
    return {
        "figure": "HTTP whereabouts",
        "backend": backend,
        "connections": connections,
        "seconds": seconds,
        "requests": got["requests"],
        "errors": got["errors"],
        "requests_per_s": round(rate, 1),
        "p50_ms": got["p50_ms"],
        "p99_ms": got["p99_ms"],
        "limit": "a bare FastAPI endpoint returning the same answer, same uvicorn settings",
        "limit_requests_per_s": round(bare_rate, 1),
        "limit_p99_ms": limit["p99_ms"],
        "ratio": round(rate / bare_rate, 4),
        "target_ratio": 0.50,
        "target_p99_ms": 20,
    }
