"""Evidence bundles: one zip proving what the ledger recorded about a person or a case.

`build_bundle` gathers the subject and every record its timeline and its orders' compliance
rest on (with the records they refer to and the sources they cite), every entry of each
record's history, the stored copies of the cited sources, one inclusion proof per entry
against ONE checkpoint, and the filing report (`habeas.services.filing_report`). The layout
is the one `habeas.ledger.verify_bundle` checks.

A bundle is made for an audience:

    audience   sees what this role may see    for
    public     public                         anyone
    counsel    viewer (public, restricted)    opposing counsel
    court      admin (everything)             the court (under seal where need be)

A record the audience may not see is left out with all its entries; so is an entry whose
version of the record it may not see. Of an entry kept, every top-level field the audience
may not see whole (a confidential identifier in a person's `identifiers`, a citation of a
restricted source in `sources`) is *withheld*: the entry's bytes commit to its digest only
(log format 2), so the entry and its proof still verify, and the value is nowhere in the zip.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from habeas.domain.access import CLEARANCE, Forbidden, Principal, redaction
from habeas.domain.base import Record
from habeas.domain.courts_records import Case
from habeas.domain.custody import CustodyEvent, Transfer
from habeas.domain.errors import InvalidRecord, NotFound
from habeas.domain.obligations import Obligation
from habeas.domain.registry import canonical_record, parse_record
from habeas.domain.sources import Source
from habeas.ledger.canonical import canonical_bytes
from habeas.ledger.commitments import Disclosure
from habeas.ledger.entry import format_recorded_at
from habeas.ledger.note import parse_note
from habeas.ledger.tlog_proof import TlogProof
from habeas.ledger.verify_bundle import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    CHECKPOINT,
    CHECKPOINT_JSON,
    MANIFEST,
    manifest_digest,
)
from habeas.ledger_keys import LogSigner
from habeas.services import checkpoints, filing_report
from habeas.services.checkpoints import latest_with_cosignatures, sign_checkpoint
from habeas.services.compliance import ObligationReport, compliance, compliance_in
from habeas.services.proofs import inclusion_in
from habeas.services.timeline import timeline
from habeas.services.visibility import WITHHELD, Visibility
from habeas.storage import copies as stored
from habeas.storage import queries
from habeas.storage.log_queries import entry_of
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = [
    "AUDIENCES",
    "AUDIENCE_ROLE",
    "Audience",
    "BundleContent",
    "BundledEntry",
    "BundledRecord",
    "EvidenceBundle",
    "ProvedAgainst",
    "build_bundle",
    "write_bundle",
]

Audience = Literal["public", "counsel", "court"]
AUDIENCES: tuple[Audience, ...] = ("public", "counsel", "court")
AUDIENCE_ROLE: Mapping[str, str] = {"public": "public", "counsel": "viewer", "court": "admin"}
"""audience -> the role whose clearance decides what the bundle shows."""

README = """\
This is a habeas evidence bundle: log entries of a ledger, the values of the fields it
discloses, a proof that each entry is in the ledger's log at one checkpoint, the stored copies
of the sources cited, and a report to read (report.pdf, report.html).

Check it offline with the ledger's public key (given to you by its keeper, or published):

    habeas verify-bundle THIS.zip --key PUBLIC_KEY
    python -m habeas.ledger.verify_bundle THIS.zip --key PUBLIC_KEY   (the standalone verifier)

manifest.json lists the SHA-256 of every other file. What a bundle proves, and what it does
not, is in docs/evidence.md of habeas.
"""


@dataclass(frozen=True)
class BundledEntry:
    """One log entry as the bundle holds it: its bytes, the disclosures of the fields shown,
    the names of the fields withheld, and its inclusion path."""

    position: int
    envelope: bytes
    disclosures: tuple[Disclosure, ...]
    withheld: tuple[str, ...]
    op: str
    version: int
    recorded_at: str
    recorded_by: str
    reason: str | None
    path: tuple[bytes, ...]


@dataclass(frozen=True)
class BundledRecord:
    """A record in the bundle: as shown (withheld fields left out), and its entries."""

    record: Record
    entries: tuple[BundledEntry, ...]

    @property
    def current(self) -> BundledEntry:
        """The entry of the version shown."""
        return self.entries[-1]

    def to_json(self) -> dict[str, Any]:
        """Its line of records.json (what `verify_bundle` compares with the entry)."""
        cur = self.current
        return {
            "key": self.record.key,
            "type": self.record.TYPE,
            "version": cur.version,
            "position": cur.position,
            "entries": [e.position for e in self.entries],
            "fields": {d.name: d.value for d in cur.disclosures},
            "withheld": list(cur.withheld),
        }


@dataclass(frozen=True)
class ProvedAgainst:
    """The checkpoint every entry is proved against: a signed C2SP checkpoint (`note`) with
    the public keys to check it, or, when the log has none signed, its unsigned size and root."""

    size: int
    root: bytes
    recorded_at: str | None
    note: bytes | None = None
    vkeys: tuple[str, ...] = ()

    def signers(self) -> list[str]:
        """'name+keyid' of every signature line of the checkpoint (checked or not)."""
        if self.note is None:
            return []
        return [f"{s.name}+{s.key_id:08x}" for s in parse_note(self.note).signatures]

    def members(self) -> dict[str, bytes]:
        """The checkpoint's own members, and the public keys when it is signed."""
        if self.note is None:
            data = {"size": self.size, "root": self.root.hex()}
            return {CHECKPOINT_JSON: canonical_bytes(data)}
        out = {CHECKPOINT: self.note}
        for vkey in self.vkeys:
            name = re.sub(r"[^A-Za-z0-9._-]", "_", vkey.split("+", 1)[0])[:80]
            out[f"keys/{name}.vkey"] = (vkey + "\n").encode("utf-8")
        return out

    def proof_member(self, entry: BundledEntry) -> tuple[str, bytes]:
        """The member name and bytes of one entry's inclusion proof (C2SP tlog-proof, the
        entry's bytes as its extra data, when the checkpoint is signed)."""
        if self.note is None:
            path = [p.hex() for p in entry.path]
            data = {"index": entry.position, "size": self.size, "path": path}
            return f"proofs/{entry.position}.json", canonical_bytes(data)
        proof = TlogProof(entry.position, entry.path, self.note, extra=entry.envelope)
        return f"proofs/{entry.position}.tlog-proof", proof.encode()

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "size": self.size,
            "root": self.root.hex(),
            "signed": self.note is not None,
            "signed_by": self.signers(),
        }


@dataclass(frozen=True)
class BundleContent:
    """Everything a bundle holds, before it is written as a zip."""

    subject: Record
    audience: Audience
    created_at: str
    records: dict[str, BundledRecord]
    copies: dict[str, bytes]
    checkpoint: ProvedAgainst
    obligations: list[ObligationReport]
    labels: dict[str, str] = field(default_factory=dict)
    newer: int = 0
    """How many records were left out because they changed after the checkpoint."""

    def entries(self) -> list[BundledEntry]:
        """Every entry of the bundle, by position."""
        return sorted(
            (e for r in self.records.values() for e in r.entries), key=lambda e: e.position
        )


@dataclass(frozen=True)
class EvidenceBundle:
    """A built bundle: its content and its members (name -> bytes)."""

    content: BundleContent
    members: dict[str, bytes]

    def zip_bytes(self) -> bytes:
        """The zip file's bytes (members in a fixed order, dated at the bundle's creation)."""
        stamp = datetime.strptime(self.content.created_at[:19], "%Y-%m-%dT%H:%M:%S")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in _ordered(self.members):
                info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o100644 << 16
                zf.writestr(info, self.members[name])
        return buffer.getvalue()

    def to_json(self) -> dict[str, Any]:
        """What was bundled (stable JSON form, documented in docs/evidence.md)."""
        c = self.content
        return {
            "subject": _subject_json(c.subject),
            "audience": c.audience,
            "created_at": c.created_at,
            "checkpoint": c.checkpoint.to_json(),
            "records": len(c.records),
            "entries": len(c.entries()),
            "withheld_fields": sum(len(r.current.withheld) for r in c.records.values()),
            "copies": len(c.copies),
            "left_out_newer": c.newer,
            "members": len(self.members),
        }


def _ordered(members: Mapping[str, bytes]) -> list[str]:
    first = [MANIFEST, "README.txt", "report.pdf", "report.html", "records.json"]
    return [n for n in first if n in members] + sorted(n for n in members if n not in first)


def _subject_json(subject: Record) -> dict[str, str]:
    return {"key": subject.key, "type": subject.TYPE, "label": subject.label()}


# -- gathering --------------------------------------------------------------------------------
def _check_audience(vis: Visibility, audience: str) -> str:
    if audience not in AUDIENCE_ROLE:
        raise InvalidRecord(
            f"unknown audience {audience!r} (use {', '.join(AUDIENCES)})", field="for"
        )
    role = AUDIENCE_ROLE[audience]
    if not vis.full and not CLEARANCE[role] <= vis.clearance:  # type: ignore[index]
        raise Forbidden(f"the role {vis.role!r} may not make a bundle for {audience}")
    return role


def _subject_keys(store: Store, subject: str, principal: Principal) -> tuple[Record, set[str]]:
    """The subject and the keys of the records its timeline and compliance rest on."""
    tl = timeline(store, subject, principal=principal)
    keys = {tl.subject.key} | {i.record.key for i in tl.items}
    cases = [i.record.key for i in tl.items if isinstance(i.record, Case)]
    if isinstance(tl.subject, Case):
        cases.append(tl.subject.key)
        for person in tl.subject.persons_concerned:  # a case's report shows their custody
            try:
                held = timeline(store, person, principal=principal).items
            except NotFound:  # above the principal's clearance: as if it did not exist
                continue
            keys |= {i.record.key for i in held if isinstance(i.record, CustodyEvent | Transfer)}
    for case in dict.fromkeys(cases):
        for item in compliance(store, case, include_future=True, principal=principal).items:
            keys |= {item.obligation.key, item.order.key, *item.statements, *item.assessments}
            keys |= {e.key for e in item.state.evidence} | {v.key for v in item.state.violations}
    return tl.subject, keys


def _current(conn: Connection, keys: set[str]) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for key, row in queries.get_records(conn, keys).items():
        if row.status == "active" and (rec := record_from_row(row.body)) is not None:
            out[key] = rec
    return out


def _shown_fields(
    record: dict[str, Any], role: str, hidden: frozenset[str], full: bool
) -> set[str] | None:
    """The top-level fields of one version of a record the audience may see whole (None:
    not the version at all)."""
    if full:
        return set(record)
    try:
        parsed = parse_record(record)
    except InvalidRecord:  # an old version no longer valid: shown only to the court
        return None
    shown = redaction(parsed, role, hidden=hidden).record
    if shown is None:
        return None
    seen = canonical_record(shown)
    return {name for name, value in record.items() if name in seen and seen[name] == value}


def _entries(
    conn: Connection, key: str, role: str, hidden: frozenset[str], full: bool, size: int
) -> list[BundledEntry]:
    out: list[BundledEntry] = []
    for row in queries.history(conn, key):
        position = int(row.position)
        if position >= size:
            continue
        entry = entry_of(row)
        if entry.record is None:
            if not out:  # a retraction of a version the audience does not see
                continue
            disclosures: tuple[Disclosure, ...] = ()
            withheld: tuple[str, ...] = ()
        else:
            shown = _shown_fields(entry.record, role, hidden, full)
            if shown is None:
                continue
            every = entry.disclosures() if entry.format == 2 else []
            disclosures = tuple(d for d in every if d.name in shown)
            withheld = tuple(sorted(d.name for d in every if d.name not in shown))
            if entry.format == 1 and shown != set(entry.record):
                continue  # a format-1 entry cannot withhold a field: left out whole
        _leaf, path, _root = inclusion_in(conn, position, size)
        out.append(
            BundledEntry(
                position,
                entry.canonical(),
                disclosures,
                withheld,
                entry.op,
                entry.version,
                entry.recorded_at,
                entry.recorded_by,
                entry.reason,
                tuple(path),
            )
        )
    return out


def _as_shown(record: Record, withheld: tuple[str, ...]) -> Record:
    """The record without its withheld fields (an optional field back to its default)."""
    updates: dict[str, Any] = {}
    for name in withheld:
        info = type(record).model_fields.get(name)
        if info is not None and not info.is_required():
            updates[name] = info.get_default(call_default_factory=True)
    return record.model_copy(update=updates) if updates else record


def _signed(
    store: Store, signer: LogSigner | None, remember: Path | None, public_keys: Sequence[str]
) -> ProvedAgainst | None:
    """The newest signed checkpoint (signed now first, when the log's key is given), or
    None when the log has none."""
    if signer is not None:
        sign_checkpoint(store, signer, remember=remember)
    try:
        newest = checkpoints.latest(store)
        note = latest_with_cosignatures(store, newest.size)
    except NotFound:
        return None
    vkeys = (signer.vkey.encode(),) if signer is not None else tuple(public_keys)
    return ProvedAgainst(newest.size, bytes.fromhex(newest.root), None, note, vkeys)


def _checkpoint(conn: Connection, signed: ProvedAgainst | None) -> ProvedAgainst:
    head = queries.head_row(conn)
    size = signed.size if signed is not None else int(head.size)
    last = queries.entry_at(conn, size - 1) if size else None
    at = last.recorded_at if last is not None else None
    if signed is not None:
        return replace(signed, recorded_at=at)
    return ProvedAgainst(size, bytes.fromhex(head.root), at)


def _collect(
    store: Store,
    subject: str,
    *,
    audience: Audience,
    principal: Principal,
    signer: LogSigner | None = None,
    remember: Path | None = None,
    public_keys: Sequence[str] = (),
    now: datetime | None = None,
) -> BundleContent:
    """What a bundle of `subject` (a person or a case) for `audience` holds; `principal`
    must be cleared for everything the audience may see. With the log's key (`signer`, and
    its state file `remember`), a checkpoint is signed first so that the bundle proves the
    whole log as it is now; without, the newest signed checkpoint is used (and the records
    changed since are left out), or the unsigned head when none was ever signed.
    `public_keys`: the log's vkeys to put in the bundle when no `signer` is given."""
    moment = now or datetime.now(UTC)
    vis = Visibility.of(store, principal)
    role = _check_audience(vis, audience)
    root, keys = _subject_keys(store, subject, principal)
    signed = _signed(store, signer, remember, public_keys)
    audience_vis = Visibility(Principal(None, role))  # type: ignore[arg-type]
    full = audience == "court"
    with store.read() as conn:
        current = _current(conn, keys)
        more = {k for r in current.values() for _p, k, _t in r.references()}
        more |= {c.source for r in current.values() for c in r.sources}
        current.update(_current(conn, more - set(current)))
        cited = {c.source for r in current.values() for c in r.sources}  # of those too
        current.update(_current(conn, cited - set(current)))
        refs = {k for r in current.values() for _p, k, _t in r.references()}
        hidden = frozenset(audience_vis.hidden(conn, set(current) | refs))
        proved = _checkpoint(conn, signed)
        records: dict[str, BundledRecord] = {}
        newer = 0
        for key in sorted(current):
            rec = current[key]
            shown = rec if full else redaction(rec, role, hidden=hidden).record
            if shown is None:
                continue
            entries = _entries(conn, key, role, hidden, full, proved.size)
            if not entries or entries[-1].version != _version(conn, key):
                if key == root.key:
                    raise NotFound(
                        f"{root.label()} changed after the newest signed checkpoint (size "
                        f"{proved.size}): sign one (habeas proof sign) and bundle again"
                    )
                newer += 1  # its current version is not provable at the checkpoint
                continue
            records[key] = BundledRecord(_as_shown(shown, entries[-1].withheld), tuple(entries))
        copies = _copies(conn, records)
        obligations = [r.record for r in records.values() if isinstance(r.record, Obligation)]
        reports = compliance_in(conn, obligations, None, moment, audience_vis)
        labels = {k: r.record.label() for k, r in records.items()}
        labels.update({k: WITHHELD for k in refs if k not in records})
    if root.key not in records:  # above the audience's clearance: as if it did not exist
        raise NotFound(f"no person or case matches {subject!r} in a bundle for {audience}")
    return BundleContent(
        subject=records[root.key].record,
        audience=audience,
        created_at=format_recorded_at(moment),
        records=records,
        copies=copies,
        checkpoint=proved,
        obligations=reports,
        labels=labels,
        newer=newer,
    )


def _version(conn: Connection, key: str) -> int:
    row = queries.get_records(conn, [key]).get(key)
    return int(row.version) if row is not None else -1


def _copies(conn: Connection, records: Mapping[str, BundledRecord]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for rec in records.values():
        if isinstance(rec.record, Source) and rec.record.sha256:
            row = stored.get_copy(conn, rec.record.sha256)
            if row is not None and hashlib.sha256(bytes(row.bytes)).hexdigest() == row.sha256:
                out[rec.record.sha256] = bytes(row.bytes)
    return out


# -- writing ----------------------------------------------------------------------------------
def _members(content: BundleContent) -> dict[str, bytes]:
    members: dict[str, bytes] = {"README.txt": README.encode("utf-8")}
    members.update(content.checkpoint.members())
    for entry in content.entries():
        members[f"entries/{entry.position}.entry"] = entry.envelope
        if entry.disclosures:
            members[f"entries/{entry.position}.disclosures.json"] = canonical_bytes(
                [d.to_json() for d in entry.disclosures]
            )
        name, data = content.checkpoint.proof_member(entry)
        members[name] = data
    records = [content.records[k].to_json() for k in sorted(content.records)]
    members["records.json"] = canonical_bytes({"records": records})
    for digest, data in content.copies.items():
        members[f"sources/{digest}"] = data
    html = filing_report.render_html(content)
    members["report.html"] = html.encode("utf-8")
    members["report.pdf"] = filing_report.render_pdf(html)
    manifest: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "created_at": content.created_at,
        "subject": _subject_json(content.subject),
        "audience": content.audience,
        "checkpoint": content.checkpoint.to_json(),
        "members": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(members.items())
        },
    }
    manifest["digest"] = manifest_digest(manifest)
    members[MANIFEST] = canonical_bytes(manifest)
    return members


def build_bundle(
    store: Store,
    subject: str,
    *,
    audience: Audience = "court",
    principal: Principal,
    signer: LogSigner | None = None,
    remember: Path | None = None,
    public_keys: Sequence[str] = (),
    now: datetime | None = None,
) -> EvidenceBundle:
    """The evidence bundle of `subject` for `audience` (see the module docstring and
    `_collect`)."""
    content = _collect(
        store,
        subject,
        audience=audience,
        principal=principal,
        signer=signer,
        remember=remember,
        public_keys=public_keys,
        now=now,
    )
    return EvidenceBundle(content, _members(content))


def write_bundle(bundle: EvidenceBundle, path: str | Path) -> Path:
    """Write the bundle's zip at `path`, whole or not at all (through a temporary file)."""
    target = Path(path)
    data = bundle.zip_bytes()
    fd, tmp = tempfile.mkstemp(prefix=".bundle-", suffix=".zip", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
