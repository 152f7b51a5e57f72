"""Check an evidence bundle offline, trusting nothing in it but the log's public key.

    python -m habeas.ledger.verify_bundle FILE.zip --key "habeas.example+1a2b3c4d+AQ..."

A bundle (`habeas bundle`) is a zip of: `manifest.json` (the SHA-256 of every other member),
`checkpoint` (the log's signed size and root), `keys/*.vkey` (the public keys, as a
convenience: the key to trust is the one given with --key), `entries/N.entry` (the bytes of
log entry N) with `entries/N.disclosures.json` (the values of the fields the bundle
discloses), `proofs/N.*` (entry N's inclusion proof against the checkpoint), `records.json`
(each record as the bundle shows it), `sources/SHA256` (stored copies of sources) and the
report (`report.html`, `report.pdf`: a reading aid, checked only against the manifest).

Every check is run and every failure is named, with the member, the entry and the field:
a member that does not match the manifest, an entry whose bytes or proof do not lead to the
checkpoint, a disclosure that does not match its digest, a record that says something its
entry does not, a source copy whose bytes do not match its hash.

This file uses the standard library and `habeas.ledger` only; the Ed25519 signature check
comes from the `cryptography` package, imported only when a signature is checked. It can be
copied out with the `habeas/ledger/` folder (and `habeas/__init__.py`) and run alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from habeas.ledger.bundle_zip import BundleRefused, Limits, read_members
from habeas.ledger.canonical import canonical_bytes
from habeas.ledger.checkpoint import parse_checkpoint
from habeas.ledger.commitments import Disclosure, DisclosureError, open_record
from habeas.ledger.ed25519 import cryptography_ed25519, verifier_of
from habeas.ledger.merkle import HASH_SIZE, ProofError, leaf_hash, verify_inclusion
from habeas.ledger.note import Ed25519Verify, NoteError, Verifier, open_note, parse_note
from habeas.ledger.tlog_proof import decode_proof

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "CHECKPOINT",
    "MANIFEST",
    "BundleReport",
    "Ed25519Verify",
    "Problem",
    "main",
    "manifest_digest",
    "verify_bundle",
    "verify_members",
]

BUNDLE_FORMAT = "habeas-evidence-bundle"
BUNDLE_VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "records.json"
CHECKPOINT = "checkpoint"
CHECKPOINT_JSON = "checkpoint.json"

_ENTRY = re.compile(r"^entries/(\d+)\.entry$")
_SOURCE = re.compile(r"^sources/([0-9a-f]{64})$")


@dataclass(frozen=True)
class Problem:
    """One failed check: which member, which entry (position) and field, and what."""

    member: str
    message: str
    entry: int | None = None
    field: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "member": self.member,
            "entry": self.entry,
            "field": self.field,
            "message": self.message,
        }

    def line(self) -> str:
        """One line for a person: 'entries/5.entry (entry 5, field note): ...'."""
        where = [f"entry {self.entry}"] if self.entry is not None else []
        if self.field is not None:
            where.append(f"field {self.field}")
        at = f" ({', '.join(where)})" if where else ""
        return f"{self.member}{at}: {self.message}"


@dataclass
class BundleReport:
    """What a bundle proved, or which of its checks failed."""

    problems: list[Problem] = field(default_factory=list)
    subject: dict[str, Any] | None = None
    audience: str | None = None
    size: int | None = None
    root: str | None = None
    signed_by: list[str] = field(default_factory=list)
    key_source: str = "none"
    entries: int = 0
    records: int = 0
    withheld_fields: int = 0
    copies: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return not self.problems

    def fail(
        self, member: str, message: str, *, entry: int | None = None, field: str | None = None
    ) -> None:
        """Record one failed check."""
        self.problems.append(Problem(member, message, entry, field))

    def lines(self) -> list[str]:
        """The outcome for a person to read, one line each."""
        out: list[str] = []
        if self.ok:
            out.append(
                f"ok: {self.entries} entries of {self.records} records proved against the "
                f"checkpoint of size {self.size} (root {self.root})"
            )
            if self.signed_by:
                out.append(f"signed by {', '.join(self.signed_by)} ({self.key_source} key)")
            if self.withheld_fields:
                out.append(f"{self.withheld_fields} fields withheld: proved to exist, not shown")
        else:
            out.append(f"FAILED: {len(self.problems)} problem(s)")
            out.extend(f"  {p.line()}" for p in self.problems)
        out.extend(f"note: {note}" for note in self.notes)
        return out

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (documented in docs/evidence.md)."""
        return {
            "ok": self.ok,
            "subject": self.subject,
            "audience": self.audience,
            "checkpoint": {"size": self.size, "root": self.root, "signed_by": self.signed_by},
            "key_source": self.key_source,
            "entries": self.entries,
            "records": self.records,
            "withheld_fields": self.withheld_fields,
            "copies": self.copies,
            "notes": self.notes,
            "problems": [p.to_json() for p in self.problems],
        }


def manifest_digest(manifest: Mapping[str, Any]) -> str:
    """SHA-256 of the manifest's canonical JSON without its own `digest`."""
    rest = {k: v for k, v in manifest.items() if k != "digest"}
    return hashlib.sha256(canonical_bytes(rest)).hexdigest()


def _json(data: bytes, member: str, report: BundleReport) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        report.fail(member, f"is not JSON: {e}")
        return None


# -- the manifest -----------------------------------------------------------------------------
def _check_manifest(members: Mapping[str, bytes], report: BundleReport) -> dict[str, Any] | None:
    if MANIFEST not in members:
        report.fail(MANIFEST, "is missing: this is not an evidence bundle")
        return None
    manifest = _json(members[MANIFEST], MANIFEST, report)
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        report.fail(MANIFEST, f"is not the manifest of a {BUNDLE_FORMAT}")
        return None
    if manifest.get("version") != BUNDLE_VERSION:
        report.fail(MANIFEST, f"is version {manifest.get('version')!r}, not {BUNDLE_VERSION}")
        return None
    try:
        digest = manifest_digest(manifest)
    except ValueError as e:
        report.fail(MANIFEST, f"cannot be hashed: {e}")
        return None
    if manifest.get("digest") != digest:
        report.fail(MANIFEST, "was altered: its digest does not match its content")
    listed = manifest.get("members")
    if not isinstance(listed, dict):
        report.fail(MANIFEST, "lists no members")
        return None
    for name in sorted(set(members) - set(listed) - {MANIFEST}):
        report.fail(name, "is not listed in the manifest (added to the bundle)")
    for name, meta in sorted(listed.items()):
        if name not in members:
            report.fail(name, "is listed in the manifest but missing from the bundle")
            continue
        want = meta.get("sha256") if isinstance(meta, dict) else None
        if hashlib.sha256(members[name]).hexdigest() != want:
            report.fail(name, "does not match its SHA-256 in the manifest (altered)")
    subject = manifest.get("subject")
    report.subject = subject if isinstance(subject, dict) else None
    audience = manifest.get("audience")
    report.audience = audience if isinstance(audience, str) else None
    return manifest


# -- the checkpoint ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Tree:
    size: int
    root: bytes
    note: bytes | None = None  # the signed checkpoint, as every proof must carry it


def _verifiers(vkeys: Iterable[str], ed25519: Ed25519Verify) -> list[Verifier]:
    return [verifier_of(vkey, ed25519) for vkey in vkeys]


def _bundled_keys(members: Mapping[str, bytes]) -> list[str]:
    return [
        members[n].decode("utf-8", "replace").strip()
        for n in sorted(members)
        if n.startswith("keys/") and n.endswith(".vkey")
    ]


def _unsigned(
    members: Mapping[str, bytes], keys: Sequence[str], report: BundleReport
) -> _Tree | None:
    data = _json(members[CHECKPOINT_JSON], CHECKPOINT_JSON, report)
    if not isinstance(data, dict):
        report.fail(CHECKPOINT_JSON, "is not a checkpoint (a JSON object of size and root)")
        return None
    size, root = data.get("size"), data.get("root")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        report.fail(CHECKPOINT_JSON, "has no tree size")
        return None
    if not isinstance(root, str) or not re.fullmatch(r"[0-9a-f]{64}", root):
        report.fail(CHECKPOINT_JSON, "has no root hash (64 hex digits)")
        return None
    report.size, report.root = size, root
    report.notes.append(
        "the checkpoint is not signed: compare its size and root with a checkpoint the log "
        "published"
    )
    if keys:
        report.key_source = "given"
        report.fail(CHECKPOINT_JSON, "is not signed, so it cannot be checked against the key")
    return _Tree(size, bytes.fromhex(root))


def _check_checkpoint(
    members: Mapping[str, bytes],
    keys: Sequence[str],
    ed25519: Ed25519Verify | None,
    report: BundleReport,
) -> _Tree | None:
    if CHECKPOINT not in members:
        if CHECKPOINT_JSON in members:
            return _unsigned(members, keys, report)
        report.fail(CHECKPOINT, "is missing: there is nothing to prove the entries against")
        return None
    data = members[CHECKPOINT]
    try:
        checkpoint = parse_checkpoint(parse_note(data).text)
    except NoteError as e:
        report.fail(CHECKPOINT, f"is not a signed checkpoint: {e}")
        return None
    report.size, report.root = checkpoint.size, checkpoint.root.hex()
    tree = _Tree(checkpoint.size, checkpoint.root, data)
    trusted = list(keys)
    report.key_source = "given" if trusted else "bundle"
    if not trusted:
        trusted = _bundled_keys(members)
        report.notes.append(
            "no --key was given: the signature was checked with the key inside the bundle, "
            "which proves only that whoever made the bundle holds that key; check it with the "
            "log's public key from a source you trust"
        )
    if not trusted:
        report.fail(CHECKPOINT, "no public key to check its signature with (give --key)")
        return tree
    if ed25519 is None:
        report.fail(CHECKPOINT, "its signature cannot be checked: install the cryptography package")
        return tree
    try:
        opened = open_note(data, _verifiers(trusted, ed25519))
    except NoteError as e:
        report.fail(CHECKPOINT, f"its signature does not verify with the key: {e}")
        return tree
    report.signed_by = [f"{s.name}+{s.key_id:08x}" for s in opened.verified]
    if opened.unverified:
        names = ", ".join(f"{s.name}+{s.key_id:08x}" for s in opened.unverified)
        report.notes.append(
            f"the checkpoint carries signatures not checked (witnesses?): {names}; give "
            "their keys with --key to check them"
        )
    return tree


def _check_proof(
    members: Mapping[str, bytes],
    position: int,
    entry: bytes,
    tree: _Tree,
    report: BundleReport,
) -> None:
    name = f"proofs/{position}.tlog-proof" if tree.note is not None else f"proofs/{position}.json"
    if name not in members:
        report.fail(name, "is missing: the entry has no inclusion proof", entry=position)
        return
    try:
        if tree.note is None:
            index, path = _json_proof(members[name], tree)
        else:
            proof = decode_proof(members[name])
            if proof.checkpoint != tree.note:
                raise ProofError("it carries another checkpoint than the bundle's")
            if proof.extra != entry:
                raise ProofError(f"the entry it carries is not entries/{position}.entry")
            index, path = proof.index, list(proof.path)
        if index != position:
            raise ProofError(f"it proves entry {index}, not {position}")
        verify_inclusion(leaf_hash(entry), position, tree.size, path, tree.root)
    except (ProofError, NoteError, ValueError, TypeError) as e:
        report.fail(
            name, f"does not prove the entry is in the checkpoint's tree: {e}", entry=position
        )


def _json_proof(data: bytes, tree: _Tree) -> tuple[int, list[bytes]]:
    proof = json.loads(data.decode("utf-8"))
    if not isinstance(proof, dict):
        raise ProofError("it is not a JSON object")
    path = [bytes.fromhex(p) for p in proof.get("path", [])]
    if proof.get("size") != tree.size:
        raise ProofError(f"it is for a tree of {proof.get('size')!r}, not {tree.size}")
    if any(len(p) != HASH_SIZE for p in path):
        raise ProofError("a hash of its path is not 32 bytes")
    index = proof.get("index")
    if not isinstance(index, int):
        raise ProofError("it has no index")
    return index, path


# -- the entries ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Opened:
    envelope: dict[str, Any]
    disclosed: dict[str, Any] | None
    withheld: tuple[str, ...]


def _disclosures(
    members: Mapping[str, bytes], position: int, report: BundleReport
) -> list[Disclosure] | None:
    name = f"entries/{position}.disclosures.json"
    if name not in members:
        return []
    items = _json(members[name], name, report)
    if not isinstance(items, list):
        report.fail(name, "is not a list of disclosures", entry=position)
        return None
    out: list[Disclosure] = []
    for i, item in enumerate(items):
        try:
            out.append(Disclosure.from_json(item))
        except ValueError as e:
            report.fail(name, f"disclosure {i}: {e}", entry=position)
            return None
    return out


def _open_entry(
    members: Mapping[str, bytes], position: int, tree: _Tree | None, report: BundleReport
) -> _Opened | None:
    name = f"entries/{position}.entry"
    data = members[name]
    if tree is not None:
        _check_proof(members, position, data, tree, report)
    envelope = _json(data, name, report)
    if (
        not isinstance(envelope, dict)
        or type(envelope.get("format")) is not int
        or envelope["format"] not in (1, 2)
    ):
        report.fail(name, "is not a habeas log entry", entry=position)
        return None
    if envelope.get("position") != position:
        report.fail(
            name, f"says it is entry {envelope.get('position')!r}, not {position}", entry=position
        )
    given = _disclosures(members, position, report)
    if given is None:
        return None
    if envelope["format"] == 1:
        record = envelope.get("record")
        if given:
            report.fail(
                f"entries/{position}.disclosures.json",
                "a format-1 entry takes none",
                entry=position,
            )
        return _Opened(envelope, dict(record) if isinstance(record, dict) else None, ())
    digests = envelope.get("fields")
    if digests is None:
        if given:
            report.fail(
                f"entries/{position}.disclosures.json",
                "an entry without a record takes no disclosures",
                entry=position,
            )
        return _Opened(envelope, None, ())
    if not isinstance(digests, dict):
        report.fail(name, "its fields are not a JSON object of digests", entry=position)
        return None
    try:
        partial = open_record(digests, given)
    except DisclosureError as e:
        report.fail(f"entries/{position}.disclosures.json", str(e), entry=position, field=e.field)
        return None
    return _Opened(envelope, partial.disclosed, partial.withheld)


# -- the records and the copies ---------------------------------------------------------------
def _check_records(
    members: Mapping[str, bytes], opened: Mapping[int, _Opened], report: BundleReport
) -> list[dict[str, Any]]:
    if RECORDS not in members:
        report.fail(RECORDS, "is missing")
        return []
    data = _json(members[RECORDS], RECORDS, report)
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, list):
        report.fail(RECORDS, "lists no records")
        return []
    claimed: set[int] = set()
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            report.fail(RECORDS, f"record {i} is not a JSON object")
            continue
        key = rec.get("key")
        positions = rec.get("entries")
        at = rec.get("position")
        if (
            not isinstance(positions, list)
            or not isinstance(at, int)
            or isinstance(at, bool)
            or at not in positions
        ):
            report.fail(RECORDS, f"record {key!r} does not list its entries", field=str(key))
            continue
        for p in positions:
            if not isinstance(p, int) or p not in opened:
                report.fail(
                    RECORDS,
                    f"record {key!r} cites entry {p!r}, not in the bundle",
                    entry=p if isinstance(p, int) else None,
                    field=str(key),
                )
                continue
            claimed.add(p)
            if opened[p].envelope.get("key") != key:
                report.fail(RECORDS, f"entry {p} is not of record {key!r}", entry=p, field=str(key))
        current = opened.get(rec["position"])
        if current is None:
            continue
        env = current.envelope
        for name in ("type", "version"):
            if env.get(name) != rec.get(name):
                report.fail(
                    RECORDS,
                    f"record {key!r}: its {name} is not its entry's",
                    entry=rec["position"],
                    field=name,
                )
        if (current.disclosed or {}) != rec.get("fields"):
            report.fail(
                RECORDS,
                f"record {key!r} does not say what its entry discloses",
                entry=rec["position"],
                field=str(key),
            )
        if list(current.withheld) != rec.get("withheld"):
            report.fail(
                RECORDS,
                f"record {key!r} does not name its withheld fields as its entry does",
                entry=rec["position"],
                field=str(key),
            )
        report.withheld_fields += len(current.withheld)
        version = env.get("version")
        if isinstance(version, int) and not isinstance(version, bool):
            shown = {opened[p].envelope.get("version") for p in positions if p in opened}
            absent = sorted(set(range(1, version + 1)) - shown)
            if absent:
                report.notes.append(
                    f"record {key}: version(s) {', '.join(map(str, absent))} of {version} are "
                    "not in the bundle (left out for its audience)"
                )
    for p in sorted(set(opened) - claimed):
        report.fail(f"entries/{p}.entry", "belongs to no record of records.json", entry=p)
    report.records = len(records)
    return [r for r in records if isinstance(r, dict)]


def _check_copies(
    members: Mapping[str, bytes], records: Iterable[dict[str, Any]], report: BundleReport
) -> None:
    cited = {
        str(r["fields"]["sha256"])
        for r in records
        if r.get("type") == "source"
        and isinstance(r.get("fields"), dict)
        and r["fields"].get("sha256")
    }
    for name in sorted(members):
        m = _SOURCE.match(name)
        if not m:
            continue
        report.copies += 1
        if hashlib.sha256(members[name]).hexdigest() != m.group(1):
            report.fail(name, "its bytes do not match the SHA-256 it is named by (altered)")
        if m.group(1) not in cited:
            report.fail(name, "no source of the bundle cites this copy by its SHA-256")
    for digest in sorted(cited - {n.removeprefix("sources/") for n in members}):
        report.notes.append(f"the copy {digest} of a cited source is not in the bundle")


# -- the whole --------------------------------------------------------------------------------
def verify_members(
    members: Mapping[str, bytes],
    keys: Sequence[str] = (),
    *,
    ed25519: Ed25519Verify | None = None,
) -> BundleReport:
    """Every check of a bundle read into memory (see the module docstring)."""
    report = BundleReport()
    manifest = _check_manifest(members, report)
    tree = _check_checkpoint(members, keys, ed25519, report)
    if manifest is not None and tree is not None:
        said = manifest.get("checkpoint")
        said = said if isinstance(said, dict) else {}
        if (said.get("size"), said.get("root")) != (tree.size, tree.root.hex()):
            report.fail(MANIFEST, "names another checkpoint than the bundle's")
    positions = sorted(int(m.group(1)) for n in members if (m := _ENTRY.match(n)))
    opened: dict[int, _Opened] = {}
    for p in positions:
        found = _open_entry(members, p, tree, report)
        if found is not None:
            opened[p] = found
    report.entries = len(positions)
    for name in sorted(members):
        m = re.match(r"^(entries|proofs)/(\d+)\.", name)
        if m and int(m.group(2)) not in positions:
            report.fail(name, "has no entry beside it", entry=int(m.group(2)))
    records = _check_records(members, opened, report)
    if report.subject is not None and report.subject.get("key") not in {
        r.get("key") for r in records
    }:
        report.fail(MANIFEST, "its subject is not a record of records.json")
    _check_copies(members, records, report)
    return report


def verify_bundle(
    path: str | Path,
    keys: Sequence[str] = (),
    *,
    ed25519: Ed25519Verify | None = None,
    limits: Limits | None = None,
) -> BundleReport:
    """Read the bundle at `path` as hostile input and run every check; BundleRefused when
    the zip itself is refused (naming the member)."""
    return verify_members(read_members(path, limits), keys, ed25519=ed25519)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: 0 when the bundle verifies, 1 when a check fails or it is refused."""
    parser = argparse.ArgumentParser(
        prog="verify_bundle", description="Check a habeas evidence bundle offline."
    )
    parser.add_argument("bundle", help="the bundle's zip file")
    parser.add_argument(
        "--key", action="append", default=[], help="the log's public key (a vkey); repeatable"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    try:
        report = verify_bundle(args.bundle, args.key, ed25519=cryptography_ed25519())
    except BundleRefused as e:
        if args.json:
            print(json.dumps({"ok": False, "refused": str(e), "member": e.member}, indent=2))
        else:
            print(f"refused: {e}")
        return 1
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":  # pragma: no cover - run as a script
    sys.exit(main())
