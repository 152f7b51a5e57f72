"""Showing a fact's sources: each citation with the source's title, publisher and date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from habeas.domain.base import Record
from habeas.domain.sources import Source
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection

__all__ = ["CitedSource", "cited_sources"]


@dataclass(frozen=True)
class CitedSource:
    """A citation, resolved."""

    key: str
    kind: str
    title: str
    publisher: str | None
    published: str | None
    url: str | None
    excerpt: str | None
    locator: str | None
    docket_number: str | None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url,
            "docket_number": self.docket_number,
            "excerpt": self.excerpt,
            "locator": self.locator,
        }

    def short(self) -> str:
        """'Publisher, date: Title' for one line of a table."""
        who = self.publisher or self.docket_number or ""
        date = self.published or ""
        head = ", ".join(x for x in (who, date) if x)
        return f"{head}: {self.title}" if head else self.title


def cited_sources(conn: Connection, records: list[Record]) -> dict[str, list[CitedSource]]:
    """record key -> its resolved citations (one query for all sources)."""
    keys = {c.source for r in records for c in r.sources}
    rows = queries.get_records(conn, keys)
    sources: dict[str, Source] = {}
    for key, row in rows.items():
        rec = record_from_row(row.body)
        if isinstance(rec, Source):
            sources[key] = rec
    out: dict[str, list[CitedSource]] = {}
    for r in records:
        items = []
        for c in r.sources:
            s = sources.get(c.source)
            items.append(
                CitedSource(
                    key=c.source,
                    kind=s.kind if s else "missing",
                    title=s.title if s else f"(source {c.source} not found)",
                    publisher=s.publisher if s else None,
                    published=str(s.published) if s and s.published else None,
                    url=s.url if s else None,
                    excerpt=c.excerpt,
                    locator=c.locator,
                    docket_number=s.docket_number if s else None,
                )
            )
        out[r.key] = items
    return out
