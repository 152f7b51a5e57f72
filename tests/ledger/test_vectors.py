"""docs/log-vectors.json is current, and checks out both with a from-scratch verifier (only
hashlib and json, as another language would write it) and with habeas's own code."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from habeas.ledger import merkle
from habeas.ledger.commitments import DisclosureError
from habeas.ledger.entry import decode_entry, decode_partial
from habeas.ledger.vectors import log_vectors_text

VECTORS = Path(__file__).resolve().parents[2] / "docs" / "log-vectors.json"


@pytest.fixture(scope="module")
def vectors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(VECTORS.read_text(encoding="utf-8"))
    return data


def test_the_committed_vectors_are_current() -> None:
    assert VECTORS.is_file(), "run scripts/build_log_vectors.py"
    assert VECTORS.read_text(encoding="utf-8") == log_vectors_text(), (
        "docs/log-vectors.json is out of date: run scripts/build_log_vectors.py"
    )


# -- a verifier written from docs/log.md alone --------------------------------------------


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def node(left: str, right: str) -> str:
    return sha(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right))


def mth(leaves: list[str]) -> str:
    if not leaves:
        return sha(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node(mth(leaves[:k]), mth(leaves[k:]))


def open_entry(envelope: dict[str, Any], disclosures: list[list[Any]]) -> dict[str, Any]:
    """Check each disclosure against the envelope's digest; return the disclosed fields."""
    shown = {}
    for salt, name, value in disclosures:
        if name not in envelope["fields"] or name in shown:
            raise ValueError(name)
        if sha(canonical([salt, name, value])) != envelope["fields"][name]:
            raise ValueError(name)
        shown[name] = value
    return shown


def test_every_entry_checks_out_from_scratch(vectors: dict[str, Any]) -> None:
    entries = vectors["entries"]
    assert {e["format"] for e in entries} == {1, 2}
    for e in entries:
        raw = e["canonical"].encode("utf-8")
        assert sha(b"\x00" + raw) == e["leaf_hash"]
        body = json.loads(raw)
        assert canonical(body) == raw and body["position"] == e["position"]
        if e["format"] == 1:
            assert "fields" not in body and body["record"] is not None
            continue
        assert "record" not in body
        if e["record"] is None:
            assert body["fields"] is None and e["disclosures"] is None
            continue
        for d in e["disclosures"]:
            assert canonical(d["disclosure"]) == d["canonical"].encode()
            assert sha(d["canonical"].encode()) == d["digest"] == body["fields"][d["disclosure"][1]]
        stored = json.loads(e["stored_disclosures"])
        assert open_entry(body, stored) == e["record"]
        assert sorted(body["fields"]) == sorted(e["record"])


def test_the_partial_entry_checks_out_from_scratch(vectors: dict[str, Any]) -> None:
    p = vectors["partial"]
    assert sha(b"\x00" + p["canonical"].encode()) == p["leaf_hash"]
    envelope = json.loads(p["canonical"])
    shown = open_entry(envelope, p["disclosures"])
    assert shown == p["disclosed"]
    assert sorted(set(envelope["fields"]) - set(shown)) == p["withheld"] != []


def test_the_invalid_disclosures_fail_from_scratch(vectors: dict[str, Any]) -> None:
    envelope = json.loads(vectors["invalid"]["canonical"])
    for case in vectors["invalid"]["cases"]:
        with pytest.raises(ValueError) as caught:
            open_entry(envelope, case["disclosures"])
        assert str(caught.value) == case["field"]


def test_the_tree_and_proofs_check_out_from_scratch(vectors: dict[str, Any]) -> None:
    tree = vectors["tree"]
    leaves = tree["leaf_hashes"]
    assert leaves == [e["leaf_hash"] for e in vectors["entries"]]
    assert tree["roots"] == [mth(leaves[:n]) for n in range(tree["size"] + 1)]
    inc, con = tree["inclusion"], tree["consistency"]
    merkle.verify_inclusion(
        bytes.fromhex(leaves[inc["index"]]),
        inc["index"],
        inc["size"],
        [bytes.fromhex(h) for h in inc["proof"]],
        bytes.fromhex(tree["roots"][inc["size"]]),
    )
    merkle.verify_consistency(
        con["old_size"],
        con["new_size"],
        bytes.fromhex(tree["roots"][con["old_size"]]),
        bytes.fromhex(tree["roots"][con["new_size"]]),
        [bytes.fromhex(h) for h in con["proof"]],
    )


# -- and with habeas's own code ---------------------------------------------------------------


def test_the_vectors_check_out_with_the_ledger_code(vectors: dict[str, Any]) -> None:
    for e in vectors["entries"]:
        entry = decode_entry(e["canonical"], e.get("stored_disclosures"))
        assert entry.leaf_hash().hex() == e["leaf_hash"]
        assert entry.canonical().decode() == e["canonical"]
        if e["format"] == 2:
            assert entry.record == e["record"]
    p = vectors["partial"]
    partial = decode_partial(p["canonical"], json.dumps(p["disclosures"]))
    assert partial.record is not None
    assert (partial.record.disclosed, list(partial.record.withheld)) == (
        p["disclosed"],
        p["withheld"],
    )
    for case in vectors["invalid"]["cases"]:
        with pytest.raises(DisclosureError) as caught:
            decode_partial(vectors["invalid"]["canonical"], json.dumps(case["disclosures"]))
        assert caught.value.field == case["field"]


# -- the code docs/log.md shows a reader ---------------------------------------------------


def test_the_entry_check_in_log_md_accepts_the_vectors_and_names_bad_fields(
    vectors: dict[str, Any],
) -> None:
    text = (VECTORS.parent / "log.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    shown = [b for b in blocks if "def check_entry" in b]
    assert len(shown) == 1, "docs/log.md should show check_entry in a ```python block"
    ns: dict[str, Any] = {}
    exec(compile(shown[0], "docs/log.md", "exec"), ns)
    check = ns["check_entry"]
    for e in vectors["entries"]:
        if e["format"] == 2:
            stored = json.loads(e["stored_disclosures"]) if e["disclosures"] else []
            assert check(e["canonical"].encode(), e["leaf_hash"], stored) == (e["record"] or {}, [])
    p = vectors["partial"]
    assert check(p["canonical"].encode(), p["leaf_hash"], p["disclosures"]) == (
        p["disclosed"],
        p["withheld"],
    )
    bad = vectors["invalid"]
    leaf = vectors["entries"][1]["leaf_hash"]
    for case in bad["cases"]:
        with pytest.raises(ValueError, match=case["field"]):
            check(bad["canonical"].encode(), leaf, case["disclosures"])
    with pytest.raises(ValueError, match="leaf hash"):
        check(bad["canonical"].encode(), "00" * 32, [])
