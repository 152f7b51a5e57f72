"""A docket file a user saved from PACER or the Supreme Court, into the ledger.

`import_docket_file` reads the file (`habeas.ingest.pacer`: district or appellate docket page,
Supreme Court docket JSON, PACER RSS feed, notice email), checks every docket it names, then
records them all in ONE transaction with `habeas.services.docket_import.import_docket_in`:
the file kept as a stored copy, a Source, the court, the case (linked to the lower-court case
for appeals and applications), its entries, and a draft order for each entry that is an order.
A feed or an email naming several cases lands whole or not at all; importing the same file
again changes nothing and queues no new drafts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR, Principal, require
from habeas.domain.errors import InvalidRecord
from habeas.ingest.pacer import read_docket_file
from habeas.services.docket_import import DocketImport, DocketOrigin, import_docket_in
from habeas.services.write import writing
from habeas.storage.store import Store

__all__ = ["DocketFileImport", "import_docket_file"]


@dataclass
class DocketFileImport:
    """What `import_docket_file` did: the file's kind and court, and each docket's import."""

    name: str
    kind: str
    court: str
    dockets: list[DocketImport] = field(default_factory=list)

    @property
    def new_entries(self) -> int:
        """How many entries the ledger did not have before."""
        return sum(len(d.new_entries) for d in self.dockets)

    @property
    def drafts(self) -> list[int]:
        """The ids of the draft orders queued for review."""
        return [n for d in self.dockets for n in d.drafts]

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "file": self.name,
            "kind": self.kind,
            "court": self.court,
            "new_entries": self.new_entries,
            "drafts": self.drafts,
            "dockets": [d.to_json() for d in self.dockets],
        }


def import_docket_file(
    store: Store,
    path_or_bytes: Path | str | bytes,
    name: str | None = None,
    *,
    kind: str | None = None,
    court: str | None = None,
    case_key: str | None = None,
    principal: Principal,
) -> DocketFileImport:
    """Read the docket file (a path, or its bytes named `name`) and record every docket in it,
    all in one transaction; on any problem raise, naming the file, and write nothing.
    `case_key` files a single docket under a case already in the ledger."""
    if principal is not None:
        require(principal.role, "import")
    if isinstance(path_or_bytes, bytes):
        raw, label = path_or_bytes, name or "upload"
    else:
        path = Path(path_or_bytes)
        label = name or path.name
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise InvalidRecord(f"{label}: cannot read the file ({e.strerror})") from e
    read = read_docket_file(raw, label, kind=kind, court=court)
    if case_key and len(read.dockets) > 1:
        raise InvalidRecord(
            f"{label} names {len(read.dockets)} cases; a case key fits only one", field="case"
        )
    origin = DocketOrigin(raw=raw, media_type=read.media_type, method="upload", name=label)
    out = DocketFileImport(label, read.kind, read.court_id)
    who = principal or LOCAL_OPERATOR
    with writing(store, principal=who, action="import", kind="import") as session:
        for docket in read.dockets:
            try:
                done = import_docket_in(
                    session.tx, docket, origin, case_key=case_key, principal=who
                )
            except InvalidRecord as e:
                where = f"{label}: case {docket.docket_number}"
                raise InvalidRecord(f"{where}: {e.reason}", field=e.field) from e
            out.dockets.append(done)
    return out
