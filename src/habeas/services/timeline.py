"""Everything about a person or a case, in time order, each line with its sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.base import Record
from habeas.domain.courts_records import Appeal, Case, DocketEntry, Order, Stay
from habeas.domain.custody import CustodyEvent, Transfer
from habeas.domain.people import Person
from habeas.domain.sources import Statement
from habeas.domain.time import PartialTime
from habeas.services.merged_records import MergedRecord, merged_records
from habeas.services.sourcing import CitedSource
from habeas.services.visibility import Visibility
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = ["Timeline", "TimelineItem", "matter_cases", "summary", "timeline"]

_ABOUT_CASE = ("docket_entry", "order", "appeal", "stay", "statement", "case")


@dataclass(frozen=True)
class TimelineItem:
    """One dated line of a timeline."""

    when: PartialTime | None
    record: Record
    summary: str
    sources: list[CitedSource]

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "at": str(self.when) if self.when else None,
            "when": self.when.human() if self.when else None,
            "type": self.record.TYPE,
            "key": self.record.key,
            "summary": self.summary,
            "unsourced": self.record.unsourced,
            "synthetic": self.record.synthetic,
            "sources": [s.to_json() for s in self.sources],
        }


@dataclass(frozen=True)
class Timeline:
    """A subject (person or case) and its dated items."""

    subject: Record
    items: list[TimelineItem]
    merged: list[MergedRecord] = field(default_factory=list)
    """The records merged into the person (a person's timeline) that the reader may see."""

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "subject": {
                "key": self.subject.key,
                "type": self.subject.TYPE,
                "label": self.subject.label(),
            },
            "items": [i.to_json() for i in self.items],
            "merged": [m.to_json() for m in self.merged],
        }


def _load(conn: Connection, keys: set[str], vis: Visibility) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for key, row in queries.get_records(conn, keys).items():
        rec = record_from_row(row.body) if row.status == "active" else None
        if rec is not None and (vis.full or vis.sees(rec)):
            out[key] = rec
    return out


def matter_cases(conn: Connection, case_key: str, vis: Visibility) -> dict[str, Case]:
    """The case, the cases it comes from, and every case that comes from them (those `vis`
    may see: a case above clearance does not link the others)."""
    cases: dict[str, Case] = {}
    frontier = {case_key}
    while frontier:
        loaded = _load(conn, frontier, vis)
        frontier = set()
        for key, rec in loaded.items():
            if isinstance(rec, Case) and key not in cases:
                cases[key] = rec
                if rec.origin and rec.origin not in cases:
                    frontier.add(rec.origin)
        for ref in queries.referrers(conn, list(loaded)):
            if ref.path == "origin" and ref.key not in cases:
                frontier.add(ref.key)
    return cases


def summary(rec: Record, labels: dict[str, str]) -> str:
    """One line saying what a dated record says, with the names of what it refers to."""

    def name(key: str | None) -> str:
        return labels.get(key or "", key or "")

    if isinstance(rec, CustodyEvent):
        where = name(rec.facility) if rec.facility else (rec.place.name if rec.place else "")
        parts = [rec.kind.replace("_", " ")]
        if where:
            to = rec.kind in ("removed", "transferred", "returned")
            parts.append(f"to {where}" if to else f"at {where}")
        if rec.custodian:
            parts.append(f"(held by {name(rec.custodian)})")
        if rec.certainty != "confirmed":
            parts.append(f"[{rec.certainty}]")
        text = " ".join(parts)
        return f"{text} — {rec.description}" if rec.description else text
    if isinstance(rec, Order):
        return f"{rec.title} — {rec.text}"
    if isinstance(rec, Appeal):
        return f"{name(rec.case)}: {rec.label()}" + (f" — {rec.summary}" if rec.summary else "")
    if isinstance(rec, Stay):
        end = f" until {rec.end.human()}" if rec.end else ""
        return f"{rec.kind.replace('_', ' ')} stay of {name(rec.order)}{end}"
    if isinstance(rec, Statement):
        q = f"“{rec.text}”" if rec.quote == "direct" else rec.text
        return f"{name(rec.speaker)}: {q}" + (f" ({rec.setting})" if rec.setting else "")
    if isinstance(rec, DocketEntry):
        return f"{name(rec.case)} {rec.label()}: {rec.text}"
    if isinstance(rec, Case):
        return f"{rec.caption}, No. {rec.docket_number} ({name(rec.court)}) filed"
    if isinstance(rec, Transfer):
        route = " → ".join(p.name for p in (rec.origin, rec.destination) if p)
        return f"{rec.label()} {route}".strip()
    return rec.label()


def timeline(store: Store, subject: str, *, principal: Principal) -> Timeline:
    """The timeline of a person or a case (by name, caption, docket number or key), from
    what `principal` may see (the local operator, LOCAL_OPERATOR, sees everything)."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        root = vis.resolve_shown(conn, subject, ["person", "case"], "person or case")
        keys: set[str] = set()
        cases: dict[str, Case] = {}
        if isinstance(root, Person):
            for ref in queries.referrers(conn, vis.people_of(conn, root.key)):
                keys.add(ref.key)
            for key, rec in _load(conn, keys, vis).items():
                if isinstance(rec, Case):
                    cases.update(matter_cases(conn, key, vis))
        else:
            cases = matter_cases(conn, root.key, vis)
        keys |= set(cases)
        orders: set[str] = set()
        for ref in queries.referrers(conn, list(cases)):
            keys.add(ref.key)
        records = _load(conn, keys, vis)
        orders = {k for k, r in records.items() if isinstance(r, Order)}
        for ref in queries.referrers(conn, list(orders)):
            keys.add(ref.key)
        records = _load(conn, keys, vis)
        items_records = [
            r
            for r in records.values()
            if (not isinstance(r, Person) and r.key != root.key) or isinstance(r, Case)
        ]
        items_records = vis.show_all(conn, items_records)
        names = {k for r in items_records for _p, k, _t in r.references()}
        labels = vis.labels(queries.get_records(conn, names))
        sources = vis.cited(conn, items_records)
        merged = merged_records(conn, vis, root.key) if isinstance(root, Person) else []
    vis.audit(store, "timeline")
    items = [
        TimelineItem(r.when(), r, summary(r, labels), sources.get(r.key, []))
        for r in items_records
        if r.TYPE in ("custody_event", "transfer", *_ABOUT_CASE)
    ]
    items.sort(key=lambda i: (i.when.sort_key() if i.when else ("9999", 0), i.record.key))
    return Timeline(root, items, merged)
