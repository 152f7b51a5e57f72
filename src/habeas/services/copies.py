"""Stored copies of sources: the bytes in a content-addressed table, the hash in the log.

`store_copy` keeps bytes under their SHA-256 (storing the same bytes twice stores them once).
`attach_copy` stores a file's bytes and appends a correction of a Source record setting its
`sha256` — so which copy a source has is in the tamper-evident log, while the bytes sit in
`source_copies`, and `habeas verify` checks that every stored copy still hashes to its key.
`get_copy` gives the bytes back to whoever may see a source that cites them.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from habeas.domain.access import LOCAL_OPERATOR, Principal, require
from habeas.domain.errors import InvalidRecord, NotFound
from habeas.domain.sources import Source
from habeas.ledger.entry import format_recorded_at
from habeas.services.visibility import Visibility
from habeas.services.write import writing
from habeas.storage import copies as stored
from habeas.storage.projections import record_from_row
from habeas.storage.store import Store

__all__ = ["AttachedCopy", "StoredCopy", "attach_copy", "get_copy", "sha256_of", "store_copy"]

_HEX = re.compile(r"^[0-9a-f]{64}$")
DEFAULT_MEDIA_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class StoredCopy:
    """A stored copy: its bytes and what is known of where they came from."""

    sha256: str
    media_type: str
    size: int
    data: bytes
    stored_at: str
    retrieved_from: str | None
    retrieval_method: str


@dataclass(frozen=True)
class AttachedCopy:
    """What `attach_copy` did."""

    source: str
    sha256: str
    size: int
    media_type: str
    corrected: bool

    def to_json(self) -> dict[str, object]:
        """Stable JSON form."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "corrected": self.corrected,
        }


def sha256_of(data: bytes) -> str:
    """The lower-case hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def _row(
    data: bytes, media_type: str | None, retrieved_from: str | None, method: str
) -> dict[str, object]:
    return {
        "sha256": sha256_of(data),
        "media_type": (media_type or DEFAULT_MEDIA_TYPE).strip() or DEFAULT_MEDIA_TYPE,
        "size": len(data),
        "bytes": data,
        "stored_at": format_recorded_at(datetime.now(UTC)),
        "retrieved_from": retrieved_from,
        "retrieval_method": method,
    }


def store_copy(
    store: Store,
    data: bytes,
    media_type: str | None,
    retrieved_from: str | None = None,
    method: str = "upload",
) -> str:
    """Keep `data` under its SHA-256 and return the hash; the same bytes again change nothing."""
    row = _row(data, media_type, retrieved_from, method)
    with store.write() as tx:
        stored.put_copy(tx.conn, row)
    return str(row["sha256"])


def get_copy(store: Store, sha256: str, *, principal: Principal) -> StoredCopy:
    """The copy stored under `sha256`. A principal gets it only if it may see at least one
    current source citing that hash (else NotFound, as if there were no copy); a confidential
    source's copy read is audited."""
    digest = sha256.strip().lower()
    if not _HEX.match(digest):
        raise NotFound(f"no stored copy with hash {sha256!r}")
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        row = stored.get_copy(conn, digest)
        if row is not None and not vis.full:
            citing = [r for r in stored.citing_sources(conn, digest) if vis.sees_row(r)]
            if not citing:
                row = None
            elif all(r.sensitivity == "confidential" for r in citing):
                vis.saw(r.key for r in citing)
    if row is None:
        raise NotFound(f"no stored copy with hash {digest}")
    vis.audit(store, "source copy")
    return StoredCopy(
        row.sha256,
        row.media_type,
        int(row.size),
        bytes(row.bytes),
        row.stored_at,
        row.retrieved_from,
        row.retrieval_method,
    )


def attach_copy(
    store: Store,
    source_key: str,
    path: str | Path,
    reason: str | None = None,
    *,
    principal: Principal,
    media_type: str | None = None,
    retrieved_from: str | None = None,
    method: str = "upload",
) -> AttachedCopy:
    """Store the bytes of the file at `path` and correct the Source `source_key` to carry
    their `sha256`, in one transaction (the correction says `reason`)."""
    if principal is not None:
        require(principal.role, "write")
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as e:
        raise InvalidRecord(f"cannot read {file}: {e.strerror or e}", field="file") from e
    kind = media_type or mimetypes.guess_type(file.name)[0]
    row = _row(data, kind, retrieved_from, method)
    digest = str(row["sha256"])
    with writing(store, principal=principal or LOCAL_OPERATOR) as session:
        known = session.current(source_key)
        record = record_from_row(known.body) if known and known.status == "active" else None
        if known is None or not isinstance(record, Source):
            raise NotFound(f"no current source with key {source_key!r}")
        stored.put_copy(session.tx.conn, row)
        changed = record.model_copy(update={"sha256": digest})
        entry = session.put(
            changed, expect=known.version, reason=reason or "stored copy attached", check=False
        )
    return AttachedCopy(source_key, digest, len(data), str(row["media_type"]), entry is not None)
