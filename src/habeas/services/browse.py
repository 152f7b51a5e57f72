"""Browsing the ledger: one record with what it cites and what cites it, recent entries,
and a facility's occupancy over time (search is `habeas.services.search`).

These are the read-side queries the web pages need beyond whereabouts, timeline, occupancy,
search and history; each returns a value with a stable `to_json()`, so a page and its `.json`
twin come from the same query (STYLE habit 10).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.base import Record
from habeas.domain.custody import Facility
from habeas.domain.errors import NotFound
from habeas.domain.registry import parse_record
from habeas.domain.time import PartialTime
from habeas.ledger.entry import Entry
from habeas.services.occupancy import series_in
from habeas.services.sourcing import CitedSource, cited_sources
from habeas.services.visibility import WITHHELD, WITHHELD_SOURCE, Visibility
from habeas.storage import queries
from habeas.storage.log_queries import entry_of
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = [
    "OccupancyPoint",
    "RecentEntry",
    "RecordView",
    "Related",
    "occupancy_series",
    "recent_entries",
    "record_view",
]


@dataclass(frozen=True)
class Related:
    """A current record that refers to (or is referred to by) the one shown."""

    key: str
    type: str
    label: str
    path: str
    when: PartialTime | None = None
    synthetic: bool = False
    record: Record | None = None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "key": self.key,
            "type": self.type,
            "label": self.label,
            "field": self.path,
            "at": str(self.when) if self.when else None,
            "synthetic": self.synthetic,
        }


@dataclass(frozen=True)
class RecordView:
    """A record as it stands: its sources resolved, the names of what it refers to, and
    every current record that refers to it (for a source: every fact that cites it)."""

    record: Record
    version: int
    recorded_at: str
    first_recorded_at: str
    sources: list[CitedSource]
    labels: dict[str, str]
    referrers: list[Related] = field(default_factory=list)

    @property
    def citing(self) -> list[Related]:
        """The referrers that cite this record as a source."""
        return [r for r in self.referrers if r.path.startswith("sources[")]

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "key": self.record.key,
            "type": self.record.TYPE,
            "label": self.record.label(),
            "version": self.version,
            "recorded_at": self.recorded_at,
            "first_recorded_at": self.first_recorded_at,
            "record": self.record.model_dump(mode="json", exclude_defaults=True),
            "sources": [s.to_json() for s in self.sources],
            "labels": dict(sorted(self.labels.items())),
            "referrers": [r.to_json() for r in self.referrers],
        }


def record_view(
    store: Store,
    key: str,
    *,
    types: tuple[str, ...] = (),
    principal: Principal,
    referrers: bool = True,
) -> RecordView:
    """The current record `key` (NotFound if absent, retracted or not of `types`), as
    `principal` may see it (LOCAL_OPERATOR: everything, unaudited); `referrers` False
    leaves out the records that refer to it (a facility's are every event held there)."""
    view = _record_view(store, key, types, referrers)
    return visible_view(store, view, principal=principal)


def _record_view(store: Store, key: str, types: tuple[str, ...], with_refs: bool) -> RecordView:
    with store.read() as conn:
        rows = queries.get_records(conn, [key])
        row = rows.get(key)
        if row is None or row.status != "active" or (types and row.record_type not in types):
            raise NotFound(f"no current {' or '.join(types) or 'record'} with key {key!r}")
        record = record_from_row(row.body)
        if record is None:
            raise NotFound(f"no current record with key {key!r}")
        refs = queries.referrers(conn, [key]) if with_refs else []
        ref_rows = queries.get_records(conn, {r.key for r in refs})
        referrers = []
        for ref in refs:
            rrow = ref_rows.get(ref.key)
            if rrow is None or rrow.status != "active":
                continue
            rec = record_from_row(rrow.body)
            referrers.append(
                Related(
                    ref.key,
                    rrow.record_type,
                    rrow.label,
                    ref.path,
                    rec.when() if rec else None,
                    bool(rrow.synthetic),
                    rec,
                )
            )
        referrers.sort(key=lambda r: (r.type, r.when.sort_key() if r.when else ("9999", 0), r.key))
        named = {k for _p, k, _t in record.references()}
        labels = {k: r.label for k, r in queries.get_records(conn, named).items()}
        sources = cited_sources(conn, [record]).get(key, [])
    return RecordView(
        record,
        int(row.version),
        row.recorded_at,
        row.first_recorded_at,
        sources,
        labels,
        referrers,
    )


@dataclass(frozen=True)
class RecentEntry:
    """One entry of the log, newest first in `recent_entries`."""

    position: int
    op: str
    record_type: str
    key: str
    label: str | None
    recorded_at: str
    recorded_by: str
    reason: str | None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "position": self.position,
            "op": self.op,
            "type": self.record_type,
            "key": self.key,
            "label": self.label,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
            "reason": self.reason,
        }


def recent_entries(
    store: Store, limit: int = 20, *, skip_synthetic: bool = True, principal: Principal
) -> list[RecentEntry]:
    """The latest entries of the log (audit entries left out), newest first, of those
    `principal` may see: an entry whose record (as written, or as it stands now) is above its
    clearance is left out as if it had never been written, and so is the retraction of one."""
    vis = Visibility.of(store, principal)
    out: list[RecentEntry] = []
    with store.read() as conn:
        end = int(queries.head_row(conn).size)
        window = max(limit * 4, 100)
        while end > 0 and len(out) < limit:
            start = max(0, end - window)
            rows = list(queries.entries_between(conn, start, end))
            keys = {r.record_key for r in rows if r.op != "audit"}
            current = queries.get_records(conn, keys)
            entries = {int(r.position): entry_of(r) for r in rows}
            shown = None if vis.full else _visible_entries(conn, vis, rows, entries, current)
            for row in reversed(rows):
                if row.op == "audit" or (shown is not None and int(row.position) not in shown):
                    continue
                cur = current.get(row.record_key)
                if skip_synthetic and cur is not None and cur.synthetic:
                    continue
                entry = entries[int(row.position)]
                label = cur.label if cur is not None else None
                if shown is not None and cur is not None and cur.status == "active":
                    label = shown[int(row.position)] or label
                out.append(
                    RecentEntry(
                        int(row.position),
                        row.op,
                        row.record_type,
                        row.record_key,
                        label,
                        row.recorded_at,
                        WITHHELD if vis.role == "public" else entry.recorded_by,
                        entry.reason,
                    )
                )
                if len(out) >= limit:
                    break
            end = start
    vis.audit(store, "recent entries")
    return out


def _visible_entries(
    conn: Connection,
    vis: Visibility,
    rows: list[Any],
    entries: dict[int, Entry],
    current: dict[str, Any],
) -> dict[int, str | None]:
    """position -> label (None: keep the stored one) of the entries `vis` may see."""
    records: dict[int, Record | None] = {}
    for row in rows:
        if row.op == "audit":
            continue
        data = entries[int(row.position)].record
        records[int(row.position)] = parse_record(data) if data else None
    now: dict[str, Record | None] = {}
    for key, cur in current.items():
        if cur.status == "active" and cur.body:
            now[key] = record_from_row(cur.body)
        else:  # retracted: judge it by its last version
            now[key] = _last_version(conn, key)
    around = [r for r in (*records.values(), *now.values()) if r is not None]
    hidden = vis.hidden(conn, {k for r in around for _p, k, _t in r.references()})
    out: dict[int, str | None] = {}
    before = set(vis.seen)
    labelled: set[str] = set()  # only labels are shown: a record's fields are not
    for row in rows:
        position = int(row.position)
        if row.op == "audit":
            continue
        mine = records.get(position) or now.get(row.record_key)
        latest = now.get(row.record_key) or mine
        if mine is None or latest is None:
            continue
        if vis.show(mine, hidden) is None:
            continue
        seen = vis.show(latest, hidden)
        if seen is None:
            continue
        out[position] = seen.label()
        if latest.sensitivity == "confidential":
            labelled.add(row.record_key)
    vis.seen = before | labelled
    return out


def _last_version(conn: Connection, key: str) -> Record | None:
    for row in reversed(queries.history(conn, key)):
        data = entry_of(row).record
        if data:
            return parse_record(data)
    return None


@dataclass(frozen=True)
class OccupancyPoint:
    """How many people a facility held at the end of one day."""

    on: date
    held: int

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"on": self.on.isoformat(), "held": self.held}


def occupancy_series(
    store: Store, facility: str, *, until: date | None = None, principal: Principal
) -> tuple[Facility, list[OccupancyPoint]]:
    """The facility's population on each day its population may have changed, counting
    only what `principal` may see (the same people `occupancy` would list).

    Answered from the facility's custody spans (`services.occupancy.series_in`): a point
    on each day the population changes, the day before the first and `until`, so the
    series is a step function: the count holds from each point to the next.
    """
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        fac = vis.resolve_shown(conn, facility, ["facility"], "facility")
        assert isinstance(fac, Facility)
        points = series_in(conn, fac, until, vis)
    vis.audit(store, "occupancy")
    return fac, [OccupancyPoint(day, held) for day, held in points]


def visible_view(store: Store, view: RecordView, *, principal: Principal) -> RecordView:
    """A record's view as `principal` may see it: NotFound if the record is above its
    clearance; fields, sources, names and referrers above it left out or withheld."""
    vis = Visibility.of(store, principal)
    if vis.full:
        return view
    with store.read() as conn:
        around = [view.record, *(r.record for r in view.referrers if r.record is not None)]
        keys = {k for rec in around for _p, k, _t in rec.references()}
        keys |= set(view.labels) | {r.key for r in view.referrers} | {s.key for s in view.sources}
        hidden = vis.hidden(conn, keys)
        shown = vis.show(view.record, hidden)
        if shown is None:
            raise NotFound(f"no current record with key {view.record.key!r}")
        referrers = [
            r
            for r in view.referrers
            if r.key not in hidden and (r.record is None or vis.show(r.record, hidden))
        ]
    labels = {k: v for k, v in view.labels.items() if k not in hidden}  # not even the key
    sources = [WITHHELD_SOURCE if s.key in hidden else s for s in view.sources]
    vis.audit(store, "record")
    return replace(view, record=shown, labels=labels, sources=sources, referrers=referrers)
