"""The offline verifier of evidence bundles: every check, each failure named (member, entry,
field), and the verifier running alone, copied out with `habeas/ledger/` only."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.registry import parse_record
from habeas.ledger.canonical import canonical_bytes
from habeas.ledger.verify_bundle import MANIFEST, manifest_digest, verify_bundle, verify_members
from habeas.ledger_keys import LogSigner, create_key_file, ed25519_verify
from habeas.services.evidence_bundle import build_bundle, write_bundle
from habeas.services.writer import write_changes
from habeas.storage.store import Store
from tests.conftest import ROOT, small_story

SRC = ROOT / "src" / "habeas"


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> LogSigner:
    return create_key_file(tmp_path_factory.mktemp("key") / "log.key", "test.example/habeas")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, signer: LogSigner) -> Iterator[Path]:
    """A signed court bundle of the small story's person, written to a zip."""
    tmp = tmp_path_factory.mktemp("bundle")
    store = Store(f"sqlite:///{tmp / 'h.db'}")
    store.migrate()
    write_changes(store, [parse_record(r) for r in small_story()], author="test")
    made = build_bundle(store, "person/ana", principal=LOCAL_OPERATOR, signer=signer)
    yield write_bundle(made, tmp / "ana.zip")
    store.close()


@pytest.fixture(scope="module")
def bundle_members(bundle: Path) -> dict[str, bytes]:
    return _members(bundle)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def resealed(members: dict[str, bytes]) -> dict[str, bytes]:
    """The members with the manifest rewritten to match them (as a forger would)."""
    manifest = json.loads(members[MANIFEST])
    manifest["members"] = {
        n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
        for n, d in sorted(members.items())
        if n != MANIFEST
    }
    manifest["digest"] = manifest_digest(manifest)
    return {**members, MANIFEST: canonical_bytes(manifest)}


def _key(signer: LogSigner) -> list[str]:
    return [signer.vkey.encode()]


def test_a_bundle_verifies_with_the_logs_key(bundle: Path, signer: LogSigner) -> None:
    report = verify_bundle(bundle, _key(signer), ed25519=ed25519_verify)
    assert report.problems == []
    assert report.signed_by == [f"test.example/habeas+{signer.key_id:08x}"]
    assert report.key_source == "given"
    assert report.entries >= 10 and report.records >= 8
    assert report.subject is not None and report.subject["key"] == "person/ana"


def test_flipping_one_byte_of_any_member_names_that_member(bundle: Path, signer: LogSigner) -> None:
    members = _members(bundle)
    assert {"manifest.json", "checkpoint", "records.json", "report.pdf", "report.html"} <= set(
        members
    )
    for name, data in members.items():
        flipped = bytearray(data)
        flipped[len(data) // 2] ^= 0x01
        report = verify_members(
            {**members, name: bytes(flipped)}, _key(signer), ed25519=ed25519_verify
        )
        assert not report.ok, name
        assert name in {p.member for p in report.problems}, (name, report.problems)


def test_a_forged_proof_is_named_with_its_entry_even_under_a_matching_manifest(
    bundle: Path, signer: LogSigner
) -> None:
    members = _members(bundle)
    name = next(n for n in sorted(members) if n.startswith("proofs/"))
    position = int(name.split("/")[1].split(".")[0])
    lines = members[name].decode().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("index ")) + 1
    lines[at] = base64.b64encode(b"\x42" * 32).decode()  # a sibling hash made up
    forged = resealed({**members, name: "\n".join(lines).encode()})
    report = verify_members(forged, _key(signer), ed25519=ed25519_verify)
    assert [(p.member, p.entry) for p in report.problems] == [(name, position)]
    assert "does not prove the entry" in report.problems[0].message


def test_an_altered_disclosure_names_the_entry_and_the_field(
    bundle: Path, signer: LogSigner
) -> None:
    members = _members(bundle)
    name = next(n for n in sorted(members) if n.endswith(".disclosures.json"))
    items = json.loads(members[name])
    salt, field, value = items[0]
    items[0] = [salt, field, f"{value}!" if isinstance(value, str) else "changed"]
    report = verify_members(
        resealed({**members, name: canonical_bytes(items)}), _key(signer), ed25519=ed25519_verify
    )
    position = int(name.split("/")[1].split(".")[0])
    assert (name, position, field) in {(p.member, p.entry, p.field) for p in report.problems}


def test_a_record_saying_more_than_its_entry_is_named(bundle: Path, signer: LogSigner) -> None:
    members = _members(bundle)
    records = json.loads(members["records.json"])
    records["records"][0]["fields"]["note"] = "added after the fact"
    forged = resealed({**members, "records.json": canonical_bytes(records)})
    report = verify_members(forged, _key(signer), ed25519=ed25519_verify)
    assert {p.member for p in report.problems} == {"records.json"}
    assert "does not say what its entry discloses" in report.problems[0].message


def test_another_key_does_not_verify_the_checkpoint(
    bundle: Path, tmp_path: Path, signer: LogSigner
) -> None:
    other = create_key_file(tmp_path / "other.key", "test.example/habeas")
    report = verify_bundle(bundle, [other.vkey.encode()], ed25519=ed25519_verify)
    assert [p.member for p in report.problems] == ["checkpoint"]
    assert "no signature from a trusted key" in report.problems[0].message


def test_without_a_key_the_bundles_own_key_is_used_and_said_to_prove_less(bundle: Path) -> None:
    report = verify_bundle(bundle, [], ed25519=ed25519_verify)
    assert report.ok and report.key_source == "bundle"
    assert any("proves only" in n for n in report.notes)


def test_an_entry_dropped_from_the_bundle_is_named(bundle: Path, signer: LogSigner) -> None:
    members = _members(bundle)
    name = next(n for n in sorted(members) if n.endswith(".entry"))
    del members[name]
    report = verify_members(resealed(members), _key(signer), ed25519=ed25519_verify)
    assert "records.json" in {p.member for p in report.problems}
    assert any(p.member.startswith("proofs/") and "no entry" in p.message for p in report.problems)


# -- the verifier alone -----------------------------------------------------------------------
PROBE = """
import sys
sys.path.insert(0, {folder!r})
before = set(sys.modules)
from habeas.ledger.verify_bundle import main
code = main(sys.argv[1:])
import habeas
assert habeas.__file__.startswith({folder!r}), habeas.__file__
outside = sorted(
    m for m in set(sys.modules) - before
    if m.split(".")[0] not in sys.stdlib_module_names
    and m.split(".")[0] not in ("habeas", "cryptography", "_cffi_backend", "cffi", "_openssl")
)
assert not outside, outside
sys.exit(code)
"""


def _copied_out(tmp_path: Path) -> Path:
    folder = tmp_path / "alone"
    (folder / "habeas").mkdir(parents=True)
    shutil.copy(SRC / "__init__.py", folder / "habeas" / "__init__.py")
    shutil.copytree(
        SRC / "ledger", folder / "habeas" / "ledger", ignore=shutil.ignore_patterns("__pycache__")
    )
    return folder


def _run_alone(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-I", "-c", PROBE.format(folder=str(folder)), *args],
        capture_output=True,
        text=True,
        cwd=folder,
    )


def test_the_verifier_runs_alone_with_the_ledger_folder_only(
    bundle: Path, tmp_path: Path, signer: LogSigner
) -> None:
    folder = _copied_out(tmp_path)
    done = _run_alone(folder, str(bundle), "--key", signer.vkey.encode())
    assert done.returncode == 0, done.stderr + done.stdout
    assert done.stdout.startswith("ok: ")
    assert f"signed by test.example/habeas+{signer.key_id:08x} (given key)" in done.stdout


def test_the_verifier_alone_names_a_flipped_member_and_exits_1(
    bundle: Path, tmp_path: Path, signer: LogSigner
) -> None:
    members = _members(bundle)
    name = next(n for n in sorted(members) if n.endswith(".entry"))
    flipped = bytearray(members[name])
    flipped[5] ^= 0x20
    members[name] = bytes(flipped)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    done = _run_alone(_copied_out(tmp_path), str(bad), "--key", signer.vkey.encode(), "--json")
    assert done.returncode == 1, done.stderr
    out = json.loads(done.stdout)
    assert out["ok"] is False
    assert name in {p["member"] for p in out["problems"]}


def test_the_verifier_alone_refuses_a_hostile_zip(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../escaped.txt", b"owned")
    done = _run_alone(_copied_out(tmp_path), str(bad))
    assert done.returncode == 1
    assert done.stdout.startswith("refused: member '../../escaped.txt' would escape")
    assert not (tmp_path.parent / "escaped.txt").exists()


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_flipped_bit_of_any_member_is_named(
    bundle_members: dict[str, bytes], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(bundle_members)))
    member = bundle_members[name]
    at = data.draw(st.integers(0, len(member) - 1))
    bit = data.draw(st.integers(0, 7))
    flipped = bytearray(member)
    flipped[at] ^= 1 << bit
    report = verify_members({**bundle_members, name: bytes(flipped)})
    assert name in {p.member for p in report.problems}


def test_a_manifest_naming_another_subject_or_checkpoint_is_named(
    bundle_members: dict[str, bytes],
) -> None:
    manifest = json.loads(bundle_members[MANIFEST])
    manifest["subject"]["key"] = "person/someone-else"
    manifest["checkpoint"]["size"] += 1
    forged = {**bundle_members, MANIFEST: canonical_bytes(manifest)}
    forged = resealed(forged)
    messages = [p.message for p in verify_members(forged).problems if p.member == MANIFEST]
    assert messages == [
        "names another checkpoint than the bundle's",
        "its subject is not a record of records.json",
    ]


@settings(max_examples=80, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
        max_leaves=8,
    )
)
def test_any_json_in_place_of_records_or_a_disclosure_is_a_named_failure(
    bundle_members: dict[str, bytes], value: object
) -> None:
    """Hostile JSON never crashes the verifier and never passes: a failure naming the member
    (or records.json, when fewer disclosures only withhold more than records.json says)."""
    disclosures = next(n for n in sorted(bundle_members) if n.endswith(".disclosures.json"))
    for name in ("records.json", disclosures, MANIFEST):
        data = json.dumps(value).encode()
        if data == bundle_members[name]:
            continue
        changed = {**bundle_members, name: data}
        report = verify_members(changed if name == MANIFEST else resealed(changed))
        assert not report.ok
        assert {p.member for p in report.problems} & {name, "records.json"}


def test_records_json_with_positions_of_the_wrong_kind_is_a_named_failure(
    bundle_members: dict[str, bytes],
) -> None:
    records = json.loads(bundle_members["records.json"])
    records["records"][0]["position"] = [records["records"][0]["position"]]
    records["records"][0]["entries"] = [records["records"][0]["position"], {"a": 1}]
    forged = resealed({**bundle_members, "records.json": canonical_bytes(records)})
    report = verify_members(forged)
    assert "records.json" in {p.member for p in report.problems}
