"""A bundle from untrusted hands is hostile input: each kind of hostile zip is refused
clearly, naming the member, and nothing is ever written outside a temporary folder (nothing
is written at all: members are read into memory)."""

from __future__ import annotations

import stat
import warnings
import zipfile
from pathlib import Path

import pytest

from habeas.ledger.bundle_zip import BundleRefused, Limits, allowed_name, read_members


def _zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # zipfile warns on the duplicate name a test writes
        for name, data in members:
            zf.writestr(name, data)
    return path


def _refused(path: Path, limits: Limits | None = None) -> BundleRefused:
    with pytest.raises(BundleRefused) as e:
        read_members(path, limits)
    return e.value


def test_a_well_formed_zip_is_read_into_memory(tmp_path: Path) -> None:
    z = _zip(tmp_path / "b.zip", [("manifest.json", b"{}"), ("entries/3.entry", b"x")])
    assert read_members(z) == {"manifest.json": b"{}", "entries/3.entry": b"x"}


@pytest.mark.parametrize(
    "name",
    ["../escape.txt", "entries/../../escape", "/etc/passwd", "C:/windows/x", "entries\\3.entry"],
)
def test_a_member_path_escaping_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    z = _zip(tmp_path / "b.zip", [("manifest.json", b"{}"), (name, b"owned")])
    refused = _refused(z)
    assert refused.member == name
    assert "path" in str(refused) or "escape" in str(refused)
    assert not (tmp_path.parent / "escape.txt").exists()
    assert not (tmp_path / "escape").exists()


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("report.html")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    z = _zip(tmp_path / "b.zip", [(link, b"/etc/passwd")])
    refused = _refused(z)
    assert refused.member == "report.html" and "symbolic link" in str(refused)


def test_a_duplicate_member_name_is_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "b.zip", [("records.json", b"{}"), ("records.json", b"[]")])
    refused = _refused(z)
    assert refused.member == "records.json" and "twice" in str(refused)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    z = _zip(tmp_path / "b.zip", [("report.html", b"\0" * (8 * 1024 * 1024))])
    refused = _refused(z)
    assert refused.member == "report.html" and "zip bomb" in str(refused)


def test_a_huge_member_is_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "b.zip", [("report.pdf", bytes(range(256)) * 64)])
    refused = _refused(z, Limits(max_member_bytes=4096))
    assert refused.member == "report.pdf" and "over the limit" in str(refused)


def test_members_adding_up_past_the_total_limit_are_refused(tmp_path: Path) -> None:
    members: list[tuple[str | zipfile.ZipInfo, bytes]] = [
        (f"entries/{i}.entry", bytes(range(256)) * 8) for i in range(10)
    ]
    refused = _refused(_zip(tmp_path / "b.zip", members), Limits(max_total_bytes=10_000))
    assert "add up to" in str(refused)


def test_a_member_that_inflates_past_its_declared_size_is_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "b.zip", [("report.html", b"a" * 5000)])
    raw = bytearray(z.read_bytes())
    # Lower the size declared in the central directory (the zip lies): 5000 -> 100.
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (100).to_bytes(4, "little")
    z.write_bytes(bytes(raw))
    refused = _refused(z)
    assert refused.member == "report.html"


def test_a_member_outside_the_bundle_layout_is_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "b.zip", [("run-me.sh", b"rm -rf /")])
    refused = _refused(z)
    assert refused.member == "run-me.sh" and "not part of an evidence bundle" in str(refused)


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    members: list[tuple[str | zipfile.ZipInfo, bytes]] = [
        (f"entries/{i}.entry", b"x") for i in range(20)
    ]
    assert "members" in str(_refused(_zip(tmp_path / "b.zip", members), Limits(max_members=10)))


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(b"%PDF-1.7 not a zip")
    assert "not a readable zip" in str(_refused(path))


def test_a_corrupted_member_is_refused_naming_it(tmp_path: Path) -> None:
    z = _zip(tmp_path / "b.zip", [("records.json", b'{"records": []}' * 50)])
    raw = bytearray(z.read_bytes())
    raw[40] ^= 0xFF  # inside the compressed data of the first member
    z.write_bytes(bytes(raw))
    assert _refused(z).member == "records.json"


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("manifest.json", True),
        ("entries/0.entry", True),
        ("entries/12.disclosures.json", True),
        ("proofs/12.tlog-proof", True),
        ("sources/" + "a" * 64, True),
        ("keys/habeas.example_log.vkey", True),
        ("entries/012.entry", False),
        ("sources/" + "A" * 64, False),
        ("keys/../x.vkey", False),
        ("report.exe", False),
    ],
)
def test_the_layout_names_every_member_a_bundle_may_hold(name: str, ok: bool) -> None:
    assert allowed_name(name) is ok
