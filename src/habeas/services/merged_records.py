"""What a merge made of a person, as a reader may see it: the records merged into a
surviving person (each with its name as recorded, its sources, and who merged it, why and
when), and, for a merged-away key, the person it answers as now.

The person page, its JSON, the API and the CLI's whereabouts and timeline all list them
from here. A merged record above the reader's clearance, or merged by a merge above it, is
never listed (`Visibility.people_of`, `Visibility.merge_levels`).

    merged_into(store, "person/kilmar-a", principal=reader)  # [MergedRecord(key="person/kilmer-b")]
    merged_away(store, "person/kilmer-b", principal=reader)  # MergedRecord(root="person/kilmar-a")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.merges import PersonMerge, merge_key
from habeas.domain.people import Person
from habeas.services.sourcing import CitedSource
from habeas.services.visibility import Visibility
from habeas.storage import merge_queries, queries
from habeas.storage.log_queries import entry_of
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = ["MergedRecord", "merged_away", "merged_into", "merged_records"]


@dataclass(frozen=True)
class MergedRecord:
    """One person record merged into another: the record as recorded, and the merge."""

    key: str
    """The merged-away person's key (it now answers as `root`)."""
    name: str
    """Its name as recorded (as the reader may see it)."""
    synthetic: bool
    survivor: str
    """The person it was merged into directly."""
    root: str
    """The person it answers as now (its survivor, or that one's survivor…)."""
    root_name: str
    merge: str
    """The merge record's key (split it to give the person back)."""
    merged_by: str
    reason: str
    merged_at: str
    """When the merge (as it stands) was recorded: the log's time, UTC."""
    pair: str | None = None
    override: str | None = None
    sources: list[CitedSource] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "key": self.key,
            "name": self.name,
            "synthetic": self.synthetic,
            "survivor": self.survivor,
            "root": self.root,
            "root_name": self.root_name,
            "merge": self.merge,
            "merged_by": self.merged_by,
            "reason": self.reason,
            "merged_at": self.merged_at,
            "pair": self.pair,
            "override": self.override,
            "sources": [s.to_json() for s in self.sources],
        }


def _records(
    conn: Connection, vis: Visibility, absorbed: list[str], root: str
) -> list[MergedRecord]:
    """The MergedRecord of each of `absorbed` (people `vis` may see, absorbed by merges it
    may see), all of which answer as `root`."""
    if not absorbed:
        return []
    mkeys = {k: merge_key(k) for k in absorbed}
    rows = queries.get_records(conn, [*absorbed, *mkeys.values(), root])
    entries = queries.entries_at(conn, [int(rows[m].position) for m in mkeys.values() if m in rows])
    people = [record_from_row(rows[k].body) for k in absorbed if k in rows]
    shown = {
        p.key: p
        for p in vis.show_all(conn, [p for p in people if isinstance(p, Person)])
        if isinstance(p, Person)
    }
    sources = vis.cited(conn, list(shown.values()))
    root_name = vis.labels({root: rows[root]})[root] if root in rows else root
    out: list[MergedRecord] = []
    for key in absorbed:
        row = rows.get(mkeys[key])
        merge = record_from_row(row.body) if row is not None and row.body else None
        person = shown.get(key)
        if row is None or not isinstance(merge, PersonMerge) or person is None:
            continue
        entry = entry_of(entries[int(row.position)])
        out.append(
            MergedRecord(
                key=key,
                name=person.full_name,
                synthetic=person.synthetic,
                survivor=merge.survivor,
                root=root,
                root_name=root_name,
                merge=merge.key,
                merged_by=entry.recorded_by,
                reason=merge.reason,
                merged_at=entry.recorded_at,
                pair=merge.pair,
                override=merge.override,
                sources=sources.get(key, []),
            )
        )
    return out


def merged_records(conn: Connection, vis: Visibility, person: str) -> list[MergedRecord]:
    """The records merged into the surviving person `person` (at any depth) that `vis` may
    see, in the order merged (nearest first)."""
    return _records(conn, vis, vis.people_of(conn, person)[1:], person)


def merged_into(store: Store, person: str, *, principal: Principal) -> list[MergedRecord]:
    """The records merged into the person `person` that `principal` may see."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        out = merged_records(conn, vis, person)
    vis.audit(store, "merges")
    return out


def merged_away(store: Store, key: str, *, principal: Principal) -> MergedRecord | None:
    """The merge that took the person `key` away, as `principal` may see it (None when it
    answers as itself for them): its direct survivor, and the person it answers as now."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        root = merge_queries.resolve_people(conn, [key], vis.merge_levels)[key]
        hidden = vis.hidden(conn, [key, root])
        found = _records(conn, vis, [key], root) if root != key and not hidden else []
    vis.audit(store, "merges")
    return found[0] if found else None
