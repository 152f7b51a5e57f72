"""Evidence bundles of the reference story, end to end: Kilmar Abrego Garcia and his case
(8:25-cv-00951, D. Md.) bundled from the demo, verified by the standalone verifier, a flipped
byte named; a public bundle verifies with no withheld value in it; the report read back from
its PDF."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from habeas.domain.access import LOCAL_OPERATOR
from habeas.domain.errors import NotFound
from habeas.domain.registry import parse_record
from habeas.ledger.canonical import canonical_bytes
from habeas.ledger.verify_bundle import verify_bundle, verify_members
from habeas.ledger_keys import LogSigner, create_key_file, ed25519_verify
from habeas.services import checkpoints
from habeas.services.copies import attach_copy
from habeas.services.database import load_demo
from habeas.services.editing import correct_record
from habeas.services.evidence_bundle import EvidenceBundle, build_bundle, write_bundle
from habeas.services.writer import write_changes
from habeas.storage.store import Store
from tests.conftest import ROOT, small_story
from tests.ledger.test_verify_bundle import resealed

KAG = "person/kilmar-abrego-garcia"
CASE = "8:25-cv-00951"
ORDER_SOURCE = "source/mdd-8-25-cv-00951-order-2025-04-04"
# A stand-in for the order's PDF (synthetic bytes: the demo ships no court documents).
COPY = b"SYNTHETIC stand-in for the D. Md. order of April 4, 2025 (test data)\n"


@dataclass
class Story:
    store: Store
    signer: LogSigner
    folder: Path
    person: Path
    case: Path
    public: Path
    built: dict[str, EvidenceBundle]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    tmp = tmp_path_factory.mktemp("story")
    store = Store(f"sqlite:///{tmp / 'demo.db'}")
    load_demo(store)
    (tmp / "order.txt").write_bytes(COPY)
    attach_copy(store, ORDER_SOURCE, tmp / "order.txt", principal=LOCAL_OPERATOR)
    signer = create_key_file(tmp / "key" / "log.key", "habeas.test/demo")
    built = {
        "person": build_bundle(store, "Abrego Garcia", principal=LOCAL_OPERATOR, signer=signer),
        "case": build_bundle(store, CASE, principal=LOCAL_OPERATOR, signer=signer),
        "public": build_bundle(
            store, KAG, audience="public", principal=LOCAL_OPERATOR, signer=signer
        ),
    }
    paths = {k: write_bundle(b, tmp / f"{k}.zip") for k, b in built.items()}
    yield Story(store, signer, tmp, paths["person"], paths["case"], paths["public"], built)
    store.close()


def _alone(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the verifier copied out with habeas/ledger/ only, isolated from the environment."""
    folder = tmp / "alone"
    if not folder.exists():
        (folder / "habeas").mkdir(parents=True)
        shutil.copy(ROOT / "src/habeas/__init__.py", folder / "habeas")
        shutil.copytree(
            ROOT / "src/habeas/ledger",
            folder / "habeas/ledger",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    code = f"import sys; sys.path.insert(0, {str(folder)!r}); "
    code += "from habeas.ledger.verify_bundle import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-I", "-c", code, *args], capture_output=True, text=True, cwd=folder
    )


def test_the_person_and_the_case_verify_with_the_standalone_verifier(story: Story) -> None:
    key = story.signer.vkey.encode()
    for path in (story.person, story.case, story.public):
        done = _alone(story.folder, str(path), "--key", key, "--json")
        assert done.returncode == 0, done.stdout + done.stderr
        out = json.loads(done.stdout)
        assert out["ok"] and out["checkpoint"]["signed_by"] == [
            f"habeas.test/demo+{story.signer.key_id:08x}"
        ]
    person = story.built["person"].to_json()
    assert person["subject"]["key"] == KAG and person["records"] > 50
    case = story.built["case"].to_json()
    assert case["subject"]["label"].startswith("Abrego Garcia v. Noem")


def test_every_entry_of_every_record_is_proved_against_one_checkpoint(story: Story) -> None:
    content = story.built["person"].content
    members = story.built["person"].members
    sizes = set()
    for entry in content.entries():
        proof = members[f"proofs/{entry.position}.tlog-proof"]
        assert proof.split(b"\n\n", 1)[1] == members["checkpoint"]
        sizes.add(content.checkpoint.size)
    assert len(sizes) == 1
    kag = content.records[KAG]
    assert [e.version for e in kag.entries] == list(range(1, kag.current.version + 1))


def test_a_flipped_byte_is_named_by_the_standalone_verifier(story: Story, tmp_path: Path) -> None:
    members = dict(story.built["case"].members)
    order = next(
        k for k in story.built["case"].content.records if k.startswith("order/mdd-8-25-cv-00951")
    )
    position = story.built["case"].content.records[order].current.position
    name = f"entries/{position}.disclosures.json"
    flipped = bytearray(members[name])
    flipped[len(flipped) // 2] ^= 0x04
    members[name] = bytes(flipped)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    done = _alone(story.folder, str(bad), "--key", story.signer.vkey.encode())
    assert done.returncode == 1
    assert f"{name}: does not match its SHA-256 in the manifest" in done.stdout
    assert f"{name} (entry {position}" in done.stdout


def test_the_public_bundle_holds_no_withheld_disclosure(story: Story) -> None:
    public = story.built["public"]
    court = story.built["person"]
    data = public.zip_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        everything = data + b"".join(zf.read(n) for n in zf.namelist())
    withheld = 0
    for key, rec in public.content.records.items():
        for entry in rec.entries:
            if not entry.withheld:
                continue
            full = next(
                e for e in court.content.records[key].entries if e.position == entry.position
            )
            for d in full.disclosures:
                if d.name in entry.withheld:
                    withheld += 1
                    assert d.salt.encode() not in everything, (key, d.name)
                    assert d.canonical() not in everything, (key, d.name)
    assert withheld >= 1  # the people's relationships (confidential by default)
    assert public.to_json()["withheld_fields"] >= 1


def _pdf_text(bundle: EvidenceBundle, tmp: Path) -> str:
    pdf = tmp / "report.pdf"
    pdf.write_bytes(bundle.members["report.pdf"])
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_case_report_reads_as_a_filing(story: Story, tmp_path: Path) -> None:
    made = story.built["case"]
    text = " ".join(_pdf_text(made, tmp_path).split())
    for heading in ("Chain of custody", "Orders and compliance", "Statements", "Sources"):
        assert heading in text
    # The April 4 order: issued on a date (stays a date), due 11:59 PM in the court's zone.
    assert "Order — 4 Apr 2025" in text
    assert "7 Apr 2025, 23:59 EDT" in text
    assert "Bukele" in text  # an official's statement, April 14, 2025
    assert "admitted at CECOT" in text  # the custody of the person the case concerns
    sha = made.content.records[ORDER_SOURCE].record.sha256  # type: ignore[attr-defined]
    assert sha is not None and sha in text.replace(" ", "")
    assert f"sources/{sha}" in text.replace(" ", "") or f"sources/{sha}" in text
    assert "D. Md." in text or "District of Maryland" in text
    assert made.content.checkpoint.root.hex() in text.replace(" ", "")
    html = made.members["report.html"].decode()
    assert "7 Apr 2025, 23:59 EDT" in html and "<script" not in html


def test_the_report_renders_a_page_to_look_at(story: Story, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(story.built["person"].members["report.pdf"])
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    page = next(tmp_path.glob("p*.png"))
    assert page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and page.stat().st_size > 5000


# -- the checkpoint -------------------------------------------------------------------------
@pytest.fixture
def small(store: Store) -> Store:
    """The small story, on each backend."""
    write_changes(store, [parse_record(r) for r in small_story()], author="test")
    return store


def _record(store: Store, key: str) -> dict[str, object]:
    return next(r for r in small_story() if r["key"] == key)


def test_without_a_signed_checkpoint_the_bundle_says_it_is_unsigned(
    small: Store, tmp_path: Path
) -> None:
    made = build_bundle(small, "person/ana", principal=LOCAL_OPERATOR)
    assert "checkpoint.json" in made.members and "checkpoint" not in made.members
    report = verify_members(made.members)
    assert report.ok and any("not signed" in n for n in report.notes)
    signer = create_key_file(tmp_path / "k", "x.test/log")
    keyed = verify_members(made.members, [signer.vkey.encode()], ed25519=ed25519_verify)
    assert [p.member for p in keyed.problems] == ["checkpoint.json"]


def test_records_changed_after_the_signed_checkpoint_are_left_out_and_counted(
    small: Store, tmp_path: Path
) -> None:
    signer = create_key_file(tmp_path / "k", "x.test/log")
    checkpoints.sign_checkpoint(small, signer)
    correct_record(
        small,
        "ev/ana-2",
        {**_record(small, "ev/ana-2"), "description": "Held at the centre (corrected)."},
        expected_version=1,
        reason="a detail added",
        principal=LOCAL_OPERATOR,
    )
    made = build_bundle(small, "person/ana", principal=LOCAL_OPERATOR)
    assert "ev/ana-2" not in made.content.records
    assert made.to_json()["left_out_newer"] == 1
    path = write_bundle(made, tmp_path / "b.zip")
    assert verify_bundle(path, [signer.vkey.encode()], ed25519=ed25519_verify).ok
    fresh = build_bundle(small, "person/ana", principal=LOCAL_OPERATOR, signer=signer)
    assert "ev/ana-2" in fresh.content.records and fresh.to_json()["left_out_newer"] == 0


def test_a_bundle_is_written_whole_or_not_at_all(small: Store, tmp_path: Path) -> None:
    made = build_bundle(small, "person/ana", principal=LOCAL_OPERATOR)
    with pytest.raises(OSError):
        write_bundle(made, tmp_path / "missing-folder" / "b.zip")
    assert list(tmp_path.glob("**/.bundle-*")) == []
    path = write_bundle(made, tmp_path / "b.zip")
    assert zipfile.ZipFile(path).namelist()[0] == "manifest.json"
    assert json.loads(made.members["manifest.json"])["digest"]
    assert canonical_bytes(json.loads(made.members["records.json"])) == made.members["records.json"]


def test_a_subject_changed_after_the_signed_checkpoint_is_refused_with_advice(
    small: Store, tmp_path: Path
) -> None:
    checkpoints.sign_checkpoint(small, create_key_file(tmp_path / "k", "x.test/log"))
    person = _record(small, "person/ana")
    correct_record(
        small,
        "person/ana",
        {**person, "aliases": ["Ana Pérez"]},
        expected_version=1,
        reason="an alias",
        principal=LOCAL_OPERATOR,
    )
    with pytest.raises(NotFound, match="changed after the newest signed checkpoint"):
        build_bundle(small, "person/ana", principal=LOCAL_OPERATOR)


def test_a_version_missing_from_a_bundle_is_noted_not_hidden(small: Store, tmp_path: Path) -> None:
    correct_record(
        small,
        "ev/ana-2",
        {**_record(small, "ev/ana-2"), "description": "Held at the centre (corrected)."},
        expected_version=1,
        reason="a detail added",
        principal=LOCAL_OPERATOR,
    )
    members = dict(build_bundle(small, "person/ana", principal=LOCAL_OPERATOR).members)
    records = json.loads(members["records.json"])
    event = next(r for r in records["records"] if r["key"] == "ev/ana-2")
    first = event["entries"].pop(0)
    for name in [n for n in members if n.startswith((f"entries/{first}.", f"proofs/{first}."))]:
        del members[name]
    members["records.json"] = canonical_bytes(records)
    report = verify_members(resealed(members))
    assert report.ok, report.problems
    assert "record ev/ana-2: version(s) 1 of 2 are not in the bundle" in " ".join(report.notes)
