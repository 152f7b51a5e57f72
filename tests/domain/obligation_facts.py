"""Builders for compliance tests: small synthetic orders, obligations and what happens to them."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, cast

from habeas.domain.base import Record
from habeas.domain.compliance import Facts, evaluate
from habeas.domain.compliance_state import ComplianceState
from habeas.domain.courts_records import Appeal, DocketEntry, Order, Stay
from habeas.domain.custody import CustodyEvent, Transfer
from habeas.domain.obligations import Assessment, Obligation, Ruling
from habeas.domain.registry import parse_record
from habeas.domain.sources import Statement
from habeas.domain.time import parse_instant

NY = "America/New_York"
DEADLINE = "2025-04-07T23:59[America/New_York]"


def slug(text: str) -> str:
    """A key-safe form of a time or a name."""
    return re.sub(r"[^a-z0-9._:/-]+", "-", text.lower()).strip("-")


def _make(data: dict[str, Any]) -> Record:
    return parse_record({"unsourced": True, "synthetic": True, **data})


def at(text: str) -> datetime:
    """An instant: a date is the end of that day in New York."""
    return parse_instant(text, NY)


def order(key: str = "order/o", issued: str = "2025-04-04", **fields: Any) -> Order:
    data = {"type": "order", "key": key, "case": "case/c", "title": "Order", "issued": issued,
            "text": "So ordered.", **fields}  # fmt: skip
    return cast(Order, _make(data))


def obligation(key: str = "obligation/o", **fields: Any) -> Obligation:
    data: dict[str, Any] = {
        "type": "obligation",
        "key": key,
        "order": "order/o",
        "obligor_text": "Defendants",
        "action": "return",
        "about": ["person/p"],
        "destination": "US",
        "text": "return the plaintiff to the United States",
        "deadline": {"kind": "explicit", "at": DEADLINE},
        **fields,
    }
    return cast(Obligation, _make({k: v for k, v in data.items() if v is not None}))


def event(kind: str, when: str, key: str | None = None, **fields: Any) -> CustodyEvent:
    data = {"type": "custody_event", "key": key or f"custody_event/{kind}-{slug(when)}",
            "person": "person/p", "kind": kind, "at": when, "country": "US", **fields}  # fmt: skip
    return cast(CustodyEvent, _make(data))


def stay(start: str, end: str | None = None, of: str = "order/o", key: str = "stay/s") -> Stay:
    data = {"type": "stay", "key": key, "kind": "administrative", "order": of,
            "entered_in": "case/up", "start": start, "end": end}  # fmt: skip
    return cast(Stay, _make({k: v for k, v in data.items() if v is not None}))


def ruling(*effects: dict[str, Any], decided: str = "2025-04-10", key: str = "ruling/r") -> Ruling:
    data = {"type": "ruling", "key": key, "decision": "appeal/a", "decided": decided,
            "effects": list(effects)}  # fmt: skip
    return cast(Ruling, _make(data))


def appeal(outcome: str, decided: str, key: str = "appeal/a") -> Appeal:
    data = {"type": "appeal", "key": key, "kind": "appeal", "case": "case/up",
            "from_case": "case/c", "challenged_order": "order/o", "decided": decided,
            "outcome": outcome}  # fmt: skip
    return cast(Appeal, _make(data))


def entry(
    filed: str,
    key: str | None = None,
    fulfils: tuple[str, ...] = ("obligation/o",),
    text: str = "Declaration",
    filed_by: str | None = None,
) -> DocketEntry:
    data = {"type": "docket_entry", "key": key or f"docket_entry/{slug(filed)}",
            "case": "case/c", "filed": filed, "text": text, "filed_by": filed_by,
            "fulfils": list(fulfils)}  # fmt: skip
    return cast(DocketEntry, _make({k: v for k, v in data.items() if v is not None}))


def assessment(
    finding: str,
    when: str,
    covers: str | None = None,
    of: str = "obligation/o",
    key: str | None = None,
) -> Assessment:
    data = {"type": "assessment", "key": key or f"assessment/{finding}-{slug(when)}",
            "obligation": of, "finding": finding, "at": when, "covers": covers,
            "assessor": "editors", "reasons": "As the reports describe."}  # fmt: skip
    return cast(Assessment, _make({k: v for k, v in data.items() if v is not None}))


def statement(said: str, about: list[str], key: str = "statement/s") -> Statement:
    data = {"type": "statement", "key": key, "speaker": "actor/official", "said": said,
            "text": "He will not be returned.", "about": about}  # fmt: skip
    return cast(Statement, _make(data))


def flight(key: str, departed: str, people: list[str], to: str = "SV") -> Transfer:
    data = {"type": "transfer", "key": key, "kind": "flight", "departed": departed,
            "origin": {"name": "Harlingen, Texas", "country": "US"},
            "destination": {"name": "Abroad", "country": to},
            "manifest": [{"person": p} for p in people]}  # fmt: skip
    return cast(Transfer, _make(data))


def state(
    ob: Obligation | None = None, as_of: str = "2025-04-06", of: Order | None = None, **facts: Any
) -> ComplianceState:
    """Evaluate an obligation (default: return by 11:59 p.m. on April 7) at `as_of`."""
    return evaluate(Facts(ob or obligation(), of or order(), NY, **facts), at(as_of))
