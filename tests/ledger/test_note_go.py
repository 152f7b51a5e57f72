"""Signed notes and checkpoints as habeas writes them, checked by the Go reference
implementation of signed notes (golang.org/x/mod/sumdb/note), built from Debian's packaged
source (golang-go, golang-golang-x-mod-dev, golang-golang-x-crypto-dev: no module proxy).

Skipped, saying why, where Go or those sources are absent — unless HABEAS_REQUIRE_GO=1
(set by CI, which installs them), in which case that is a failure.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from habeas.ledger.checkpoint import Checkpoint
from habeas.ledger.note import sign_note
from habeas.ledger_keys import LogSigner, create_key_file

HERE = Path(__file__).parent / "go_note"
GOPATH = Path("/usr/share/gocode")
NOTE_SOURCE = GOPATH / "src/golang.org/x/mod/sumdb/note/note.go"
REQUIRED = os.environ.get("HABEAS_REQUIRE_GO") == "1"


def _problem() -> str | None:
    if shutil.which("go") is None:
        return "go is not installed (Debian: golang-go)"
    if not NOTE_SOURCE.exists():
        return f"{NOTE_SOURCE} is absent (Debian: golang-golang-x-mod-dev)"
    return None


@pytest.fixture(scope="module")
def go_note(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The Go command over note.Open and note.Sign, built once."""
    problem = _problem()
    if problem:
        if REQUIRED:
            pytest.fail(f"HABEAS_REQUIRE_GO=1 but {problem}")
        pytest.skip(problem)
    work = tmp_path_factory.mktemp("go")
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),
        "GOCACHE": str(work / "cache"),
        "GOFLAGS": "",
    }
    binary = work / "go_note"
    subprocess.run(
        ["go", "build", "-o", str(binary), str(HERE / "main.go")],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    yield binary


@pytest.fixture
def signer(tmp_path: Path) -> LogSigner:
    return create_key_file(tmp_path / "log.key", "example.org/habeas-test")


def _checkpoint(size: int = 1200) -> str:
    root = bytes(range(32))
    return Checkpoint("example.org/habeas-test", size, root).text()


def _run(binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=60)


def test_a_checkpoint_habeas_signs_opens_with_the_go_reference_verifier(
    go_note: Path, signer: LogSigner, tmp_path: Path
) -> None:
    text = _checkpoint()
    note = tmp_path / "checkpoint"
    note.write_bytes(sign_note(text, [signer]))
    opened = _run(go_note, "open", signer.vkey.encode(), str(note))
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout == text + f"verified {signer.name} {signer.key_id:08x}\n"


def test_go_signs_the_same_text_with_the_key_file_byte_for_byte(
    go_note: Path, signer: LogSigner, tmp_path: Path
) -> None:
    text = tmp_path / "text"
    text.write_text(_checkpoint(7), encoding="utf-8")
    signed = _run(go_note, "sign", signer.encode(), str(text))
    assert signed.returncode == 0, signed.stderr
    assert signed.stdout.encode() == sign_note(_checkpoint(7), [signer])


def test_go_refuses_a_habeas_note_with_one_byte_changed(
    go_note: Path, signer: LogSigner, tmp_path: Path
) -> None:
    signed = bytearray(sign_note(_checkpoint(), [signer]))
    signed[len("example.org/habeas-test\n")] ^= 0x01  # the tree size's first digit
    note = tmp_path / "checkpoint"
    note.write_bytes(bytes(signed))
    assert _run(go_note, "open", signer.vkey.encode(), str(note)).returncode == 1


def test_a_cosigned_checkpoint_still_opens_with_the_log_s_key_in_go(
    go_note: Path, signer: LogSigner, tmp_path: Path
) -> None:
    witness = create_key_file(tmp_path / "witness.key", "example.org/witness")
    text = _checkpoint()
    line = witness.cosign(text, 1_764_000_000)
    note = tmp_path / "checkpoint"
    note.write_bytes(sign_note(text, [signer], keep=[line]))
    opened = _run(go_note, "open", signer.vkey.encode(), str(note))
    assert opened.returncode == 0, opened.stderr
    cosigner = base64.b64decode(witness.cosigner_vkey.encode().split("+", 2)[2])
    assert cosigner[0] == 0x04  # the cosignature/v1 algorithm byte: unknown to note, kept
    assert f"unverified example.org/witness {witness.cosigner_vkey.key_id:08x}" in opened.stdout
