"""Redacted evidence bundles: a bundle for the public or for opposing counsel holds no byte of
what that audience may not see (every byte of the zip, every member decompressed, the text of
the PDF and the entries inside the proofs are searched for the canaries), while its proofs
still verify; the court's bundle holds everything (so the search can fail)."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from habeas.domain.access import LOCAL_OPERATOR, PUBLIC, Forbidden, NotAuthenticated, Principal
from habeas.domain.errors import NotFound
from habeas.ledger.verify_bundle import verify_members
from habeas.ledger_keys import LogSigner, create_key_file, ed25519_verify
from habeas.services.evidence_bundle import EvidenceBundle, build_bundle
from tests.leaks.canaries import (
    CONFIDENTIAL_PERSON,
    PUBLIC_PERSON,
    RESTRICTED_CASE,
    RESTRICTED_PERSON,
    ROLES,
    leaked,
)
from tests.leaks.conftest import World

READER = {"public": "public", "counsel": "viewer", "court": "editor"}
"""audience -> the canary reader whose levels it may see."""


@pytest.fixture(scope="module")
def signer(tmp_path_factory: pytest.TempPathFactory) -> LogSigner:
    return create_key_file(tmp_path_factory.mktemp("key") / "log.key", "leaks.example/habeas")


@pytest.fixture(scope="module")
def bundles(world: World, signer: LogSigner) -> Iterator[dict[tuple[str, str], EvidenceBundle]]:
    """(subject, audience) -> its bundle, each built once per backend."""
    out = {}
    for subject in ("person/ana", PUBLIC_PERSON):
        for audience in ("public", "counsel", "court"):
            out[(subject, audience)] = build_bundle(
                world.store,
                subject,
                audience=audience,  # type: ignore[arg-type]
                principal=LOCAL_OPERATOR,
                signer=signer,
            )
    yield out


def every_byte(bundle: EvidenceBundle, tmp: Path) -> str:
    """The zip's bytes, each member's name and bytes, the PDF's text and the entries the
    proofs carry in base64, as one text to search."""
    data = bundle.zip_bytes()
    parts = [data]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            member = zf.read(name)
            parts += [name.encode(), member]
            if name.endswith(".tlog-proof"):
                extra = member.split(b"\n")[1]
                assert extra.startswith(b"extra ")
                parts.append(base64.b64decode(extra[6:]))
    pdf = tmp / "report.pdf"
    pdf.write_bytes(bundle.members["report.pdf"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert b"Evidence report" in text
    return b"\n".join([*parts, text]).decode("utf-8", "replace")


@pytest.mark.parametrize("audience", ["public", "counsel", "court"])
@pytest.mark.parametrize("subject", ["person/ana", PUBLIC_PERSON])
def test_no_withheld_value_is_anywhere_in_a_bundle(
    bundles: dict[tuple[str, str], EvidenceBundle], subject: str, audience: str, tmp_path: Path
) -> None:
    text = every_byte(bundles[(subject, audience)], tmp_path)
    assert leaked(text, READER[audience]) == []


@pytest.mark.parametrize("audience", ["public", "counsel", "court"])
@pytest.mark.parametrize("subject", ["person/ana", PUBLIC_PERSON])
def test_a_redacted_bundle_still_verifies(
    bundles: dict[tuple[str, str], EvidenceBundle], subject: str, audience: str, signer: LogSigner
) -> None:
    made = bundles[(subject, audience)]
    report = verify_members(made.members, [signer.vkey.encode()], ed25519=ed25519_verify)
    assert report.problems == []
    assert report.audience == audience


def _records(bundle: EvidenceBundle) -> dict[str, dict[str, object]]:
    return {r["key"]: r for r in json.loads(bundle.members["records.json"])["records"]}


def test_the_public_sees_that_fields_were_withheld_not_what_they_say(
    bundles: dict[tuple[str, str], EvidenceBundle],
) -> None:
    person = _records(bundles[(PUBLIC_PERSON, "public")])[PUBLIC_PERSON]
    assert person["withheld"] == ["addresses", "contacts", "identifiers"]
    assert person["fields"]["full_name"] == "Plaincanary Publica"  # type: ignore[index]
    counsel = _records(bundles[(PUBLIC_PERSON, "counsel")])[PUBLIC_PERSON]
    assert counsel["withheld"] == ["addresses", "identifiers"]  # the restricted phone is shown
    assert _records(bundles[(PUBLIC_PERSON, "court")])[PUBLIC_PERSON]["withheld"] == []


def test_each_audience_sees_what_its_level_allows(
    bundles: dict[tuple[str, str], EvidenceBundle], tmp_path: Path
) -> None:
    """The control: what the search must not find in one bundle it finds in another."""
    counsel = every_byte(bundles[("person/ana", "counsel")], tmp_path)
    assert "Quellcanary" in counsel and "Quellmemo" in counsel  # a restricted source and copy
    assert "555 0177" in every_byte(bundles[(PUBLIC_PERSON, "counsel")], tmp_path)
    court = every_byte(bundles[("person/ana", "court")], tmp_path)
    assert "ev/ana-secret-1" in court  # a confidential custody event of Ana
    assert all(
        w in every_byte(bundles[(PUBLIC_PERSON, "court")], tmp_path)
        for w in ("A-CANARY-771", "Canaryfield")
    )


def test_a_reader_may_bundle_only_for_an_audience_within_its_clearance(world: World) -> None:
    viewer = Principal("leak-viewer", "viewer")
    with pytest.raises(Forbidden, match="may not make a bundle for court"):
        build_bundle(world.store, "person/ana", audience="court", principal=viewer)
    with pytest.raises((Forbidden, NotAuthenticated)):
        build_bundle(world.store, "person/ana", audience="counsel", principal=PUBLIC)


@pytest.mark.parametrize("principal", [LOCAL_OPERATOR, Principal("leak-viewer", "viewer")])
def test_a_person_the_audience_may_not_see_cannot_be_bundled_for_it(
    world: World, principal: Principal
) -> None:
    with pytest.raises(NotFound, match="no person or case matches"):
        build_bundle(world.store, CONFIDENTIAL_PERSON, audience="counsel", principal=principal)


@pytest.mark.parametrize("role", [r.name for r in ROLES])
def test_a_bundle_downloaded_from_the_pages_holds_nothing_above_the_readers_clearance(
    world: World, role: str
) -> None:
    """Each reader downloads the bundles its page offers (the widest audience it may have):
    every member, decompressed, is searched."""
    client = world.clients[role]
    got = 0
    for subject in ("person/ana", PUBLIC_PERSON, RESTRICTED_PERSON, RESTRICTED_CASE):
        r = client.get(f"/bundle/{subject}.zip", follow_redirects=True)
        if r.headers.get("content-type") != "application/zip":  # refused: not found, or sign in
            assert r.status_code in (403, 404) or "/login" in str(r.url), (subject, r.status_code)
            assert leaked(r.text, role, allowed=(subject,)) == []  # the login page repeats it
            continue
        got += 1
        with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
            text = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
        assert leaked(text, role) == [], (subject, leaked(text, role))
    assert got >= (0 if role == "anonymous" else 2)
