"""The filing report of an evidence bundle: HTML, and PDF from the same HTML (WeasyPrint).

It reads only what the bundle holds (`habeas.services.evidence_bundle.BundleContent`), so a
redacted bundle's report shows nothing its proofs do not cover: the chain of custody; the
orders, each obligation and its compliance, with instants in the court's time zone (a fact
known only to the day stays a date); officials' statements; the sources with their SHA-256
and court citations; and the checkpoint every entry was proved against.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from habeas.domain.base import Record
from habeas.domain.courts import UnknownCourt, get_court
from habeas.domain.courts_records import Appeal, Case, DocketEntry, Order, Stay
from habeas.domain.custody import CustodyEvent, Transfer
from habeas.domain.sources import Source, Statement
from habeas.domain.time import zone
from habeas.services.timeline import summary

if TYPE_CHECKING:
    from habeas.services.evidence_bundle import BundleContent

__all__ = ["render_html", "render_pdf", "report_data"]

R = TypeVar("R", bound=Record)

AUDIENCE_TEXT = {
    "public": "the public: confidential and restricted records and fields are left out",
    "counsel": "opposing counsel: confidential records and fields are left out",
    "court": "the court: nothing is left out (file under seal where confidential data is shown)",
}


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("habeas.services", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _local(instant: dict[str, str] | None, zone_name: str | None) -> str | None:
    """'7 Apr 2025, 23:59 EDT' from an instant's JSON form, in the court's zone."""
    if not instant:
        return None
    moment = datetime.fromisoformat(instant["utc"].replace("Z", "+00:00"))
    local = moment.astimezone(zone(zone_name)) if zone_name else moment
    return local.strftime("%d %b %Y, %H:%M").lstrip("0") + f" {local.tzname() or ''}".rstrip()


def _when(record: Record) -> str:
    when = record.when()
    return when.human() if when else "undated"


def _court_name(court_id: str | None) -> str | None:
    if not court_id:
        return None
    try:
        return get_court(court_id).name
    except UnknownCourt:
        return court_id


def _cites(record: Record, content: BundleContent) -> list[str]:
    out = []
    for c in record.sources:
        src = content.records.get(c.source)
        title = src.record.label() if src else "(a source not in this bundle)"
        title = title if len(title) <= 90 else title[:88].rstrip() + "…"
        out.append(f"{title}" + (f", {c.locator}" if c.locator else ""))
    return out


def _line(record: Record, content: BundleContent) -> dict[str, Any]:
    bundled = content.records[record.key]
    return {
        "when": _when(record),
        "key": record.key,
        "type": record.TYPE.replace("_", " "),
        "summary": summary(record, content.labels),
        "sources": _cites(record, content),
        "entries": [e.position for e in bundled.entries],
        "withheld": list(bundled.current.withheld),
        "synthetic": record.synthetic,
    }


def _sort_key(record: Record) -> tuple[tuple[str, int], str]:
    when = record.when()
    return (when.sort_key() if when else ("9999", 0), record.key)


def _sorted(records: Iterable[R]) -> list[R]:
    return sorted(records, key=_sort_key)


def _obligation(item: Any) -> dict[str, Any]:
    data = item.to_json()
    z = item.state.zone
    deadline = data["deadline"]
    return {
        "key": data["key"],
        "text": data["text"],
        "order": data["order"]["title"],
        "issued": item.order.issued.human(),
        "status": data["status_text"],
        "zone": z,
        "effective_from": _local(data["effective_from"], z),
        "deadline": _local(deadline.get("at"), z) if isinstance(deadline, dict) else None,
        "deadline_words": deadline.get("words") if isinstance(deadline, dict) else None,
        "met_at": item.state.met_at.human() if item.state.met_at else None,
        "late_by": (data["late_by"] or {}).get("text") if data["late_by"] else None,
        "evidence": [f"{e['at']}: {e['summary']}" for e in data["evidence"]],
        "explanation": data["explanation"],
    }


def _source(record: Source, content: BundleContent) -> dict[str, Any]:
    court = _court_name(record.court)
    citation = ", ".join(
        x for x in (court, f"No. {record.docket_number}" if record.docket_number else None) if x
    )
    return {
        "key": record.key,
        "title": record.title,
        "kind": record.kind.replace("_", " "),
        "publisher": record.publisher,
        "published": record.published.human() if record.published else None,
        "citation": citation or None,
        "url": record.url,
        "sha256": record.sha256,
        "copy_member": f"sources/{record.sha256}" if record.sha256 in content.copies else None,
    }


def report_data(content: BundleContent) -> dict[str, Any]:
    """The report's content as plain data (what the template renders)."""
    records = [r.record for r in content.records.values()]
    custody = _sorted(r for r in records if isinstance(r, CustodyEvent | Transfer))
    orders = _sorted(r for r in records if isinstance(r, Order))
    court_events = _sorted(r for r in records if isinstance(r, Case | DocketEntry | Appeal | Stay))
    statements = _sorted(r for r in records if isinstance(r, Statement))
    sources = sorted((r for r in records if isinstance(r, Source)), key=lambda s: s.key)
    by_order: dict[str, list[dict[str, Any]]] = {}
    for item in content.obligations:
        by_order.setdefault(item.order.key, []).append(_obligation(item))
    cp = content.checkpoint
    subject = content.subject
    return {
        "title": f"Evidence report: {subject.label()}",
        "subject": {"label": subject.label(), "key": subject.key, "type": subject.TYPE},
        "audience": content.audience,
        "audience_text": AUDIENCE_TEXT[content.audience],
        "created_at": content.created_at,
        "checkpoint": {
            "size": cp.size,
            "root": cp.root.hex(),
            "signed_by": cp.to_json()["signed_by"],
            "last_recorded_at": cp.recorded_at,
            "note": cp.note.decode("utf-8") if cp.note else None,
        },
        "entries": len(content.entries()),
        "withheld": sum(len(r.current.withheld) for r in content.records.values()),
        "custody": [_line(r, content) for r in custody],
        "orders": [
            {
                **_line(o, content),
                "title": o.title,
                "judge": o.judge,
                "issued": o.issued.human(),
                "case": content.labels.get(o.case, o.case),
                "obligations": by_order.get(o.key, []),
            }
            for o in orders
        ],
        "court_events": [_line(r, content) for r in court_events],
        "statements": [
            {
                **_line(s, content),
                "speaker": content.labels.get(s.speaker, s.speaker),
                "said": s.said.human(),
                "text": s.text,
                "quote": s.quote,
                "setting": s.setting,
            }
            for s in statements
        ],
        "sources": [_source(s, content) for s in sources],
        "synthetic": any(r.synthetic for r in records),
    }


def render_html(content: BundleContent) -> str:
    """The report as one HTML page (its style inline, nothing fetched)."""
    return _env().get_template("filing_report.html").render(r=report_data(content))


def render_pdf(html: str) -> bytes:
    """The same report as PDF (WeasyPrint, no network: nothing in the page is fetched)."""
    from weasyprint import HTML  # imported when a PDF is made: it loads Pango

    def refuse(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
        raise ValueError(f"the report fetches nothing ({url})")

    pdf = HTML(string=html, url_fetcher=refuse).write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf without a target returns the bytes
        raise RuntimeError("WeasyPrint made no PDF")
    return bytes(pdf)
