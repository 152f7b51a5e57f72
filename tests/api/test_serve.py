"""`habeas serve --demo` as a user runs it: a real process that loads the demo, prints the
address and the demo admin's login, and answers over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

HABEAS = [sys.executable, "-m", "habeas.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: Path, port: int, *extra: str) -> tuple[subprocess.Popen[str], list[str]]:
    """Run `habeas --db DB serve --demo --port PORT`; return it and its first lines."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "HABEAS_PUBLIC_VIEW": "on"}
    proc = subprocess.Popen(
        [*HABEAS, "--db", str(db), "serve", "--demo", "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if "Uvicorn running" in line or "Application startup complete" in line:
            return proc, lines
    stop(proc)
    pytest.fail("habeas serve did not start:\n" + "\n".join(lines))


def stop(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()
    finally:
        if proc.stdout is not None:
            proc.stdout.close()


def test_serve_demo_prints_the_address_and_login_and_answers(tmp_path: Path) -> None:
    db = tmp_path / "habeas.db"
    port = free_port()
    proc, lines = start(db, port)
    try:
        text = "\n".join(lines)
        assert f"serving at http://127.0.0.1:{port}" in text, text
        r = httpx.get(f"http://127.0.0.1:{port}/api/v1/whereabouts", params={"who": "Abrego"})
        assert r.status_code == 200 and r.json()["person"]["key"] == "person/kilmar-abrego-garcia"
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").status_code == 200
        size = httpx.get(f"http://127.0.0.1:{port}/api/v1/proofs/checkpoint").json()["size"]
        password_file = tmp_path / "habeas.db.admin-password"
        password = password_file.read_text(encoding="utf-8").strip()
        assert f"username admin, password {password}" in text
        assert password_file.stat().st_mode & 0o077 == 0
    finally:
        stop(proc)
    proc, lines = start(db, port)  # again: the demo is not loaded twice, the password kept
    try:
        r = httpx.get(f"http://127.0.0.1:{port}/api/v1/proofs/checkpoint")
        assert r.status_code == 200 and r.json()["size"] == size
        assert password in "\n".join(lines)
    finally:
        stop(proc)


def test_serve_without_a_ledger_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [*HABEAS, "--db", str(tmp_path / "none.db"), "serve", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 5
    assert "habeas init" in result.stderr


def test_a_bad_setting_is_named(tmp_path: Path) -> None:
    env = {**os.environ, "HABEAS_PORT": "eighty"}
    result = subprocess.run(
        [*HABEAS, "--db", str(tmp_path / "x.db"), "serve"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1
    assert "HABEAS_PORT" in result.stderr
