"""A person as the public look-up shows them to a relative: where they are now and since
when, how sure that is and from what source, the chain of public custody events, what the
courts ordered and whether it was done, and where to turn (the facility's public contact
details, legal-aid pointers an operator configures).

Everything comes through the public role's visibility (`habeas.services.visibility`): a
restricted person, event, case, order or obligation is not read at all, and a public record
is shown with its restricted fields cut. Sources are given with their public address only
(never a link into the staff pages).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from habeas.domain.access import Principal, redact
from habeas.domain.courts_records import Case, CourtRecord, Order
from habeas.domain.custody import Facility, Transfer
from habeas.domain.errors import NotFound
from habeas.domain.people import Person
from habeas.services.browse import record_view
from habeas.services.legal_aid import LegalAid
from habeas.services.order_compliance import order_states
from habeas.services.timeline import timeline
from habeas.services.visibility import WITHHELD
from habeas.services.whereabouts import whereabouts
from habeas.storage.store import Store

__all__ = ["PERSON_FIELDS", "public_person"]

PERSON_FIELDS = ("key", "label", "full_name", "aliases", "nationality", "synthetic")
"""The fields of a person the public look-up gives (what redaction leaves of them)."""

_SOURCE_FIELDS = ("title", "kind", "publisher", "published", "url", "docket_number", "excerpt")
_OBLIGATION_STATE = (
    "status",
    "deadline",
    "met_at",
    "overdue_by",
    "late_by",
    "suspended",
    "ended",
    "possible",
)


def _shown(record: Any, principal: Principal) -> Any:
    """The record as `principal` may see it (None: not at all)."""
    return redact(record, principal.role) if record is not None else None


def _public_sources(sources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cited sources for the public: what they are and their public address, no key; a
    source the reader may not see is said to be withheld (the fact has one), in no words
    of its own."""
    return [
        {"withheld": True} if s.get("kind") == "withheld" else {k: s.get(k) for k in _SOURCE_FIELDS}
        for s in sources
    ]


def _named(label: str | None) -> str | None:
    """A referred record's name, None for one the reader may not see (WITHHELD)."""
    return None if label == WITHHELD else label


def _facility(store: Store, key: str | None, principal: Principal) -> dict[str, Any] | None:
    """The facility's public face: name, place, zone and public contact details."""
    if not key:
        return None
    try:
        rec = _shown(
            record_view(store, key, types=("facility",), principal=principal).record, principal
        )
    except NotFound:
        return None
    if not isinstance(rec, Facility):
        return None
    contact = rec.public_contact
    return {
        "name": rec.name,
        "kind": rec.kind,
        "country": rec.country,
        "locality": rec.locality,
        "region": rec.region,
        "timezone": rec.timezone,
        "contact": contact.model_dump(mode="json", exclude_none=True) if contact else None,
    }


def _withheld(e: dict[str, Any]) -> list[str]:
    """What of an event the reader may not see: a facility, holder or transfer named
    WITHHELD, or cut by redaction (a detention or admission is always somewhere, so one
    with neither facility nor place had its facility cut)."""
    out = [f for f in ("facility", "custodian", "transfer") if e[f"{f}_name"] == WITHHELD]
    cut = e["kind"] in ("admitted", "detained") and not e["facility"] and not e["place"]
    return ["facility", *out] if cut and "facility" not in out else out


def _event(e: dict[str, Any], zones: dict[str, str]) -> dict[str, Any]:
    return {
        "at": e["at"],
        "zone": zones.get(e["facility"] or ""),
        "precision": e["precision"],
        "kind": e["kind"],
        "facility": _named(e["facility_name"]),
        "place": e["place"],
        "country": e["country"],
        "custodian": _named(e["custodian_name"]),
        "transfer": _named(e["transfer_name"]),
        "withheld": _withheld(e),
        "certainty": e["certainty"],
        "synthetic": e["synthetic"],
        "sources": _public_sources(e["sources"]),
    }


def _since(
    since: dict[str, Any], chain: list[dict[str, Any]], zones: dict[str, str]
) -> dict[str, Any]:
    """When the person's present state began, by which event, and where that happened
    (a release from a facility names the facility)."""
    event = next((e for e in chain if e["key"] == since["event"]), None)
    return {
        "at": since["at"],
        "kind": since["kind"],
        "zone": zones.get(event["facility"] or "") if event else None,
        "where": (event["facility_name"] or event["place"]) if event else None,
    }


def _obligation(ob: dict[str, Any]) -> dict[str, Any]:
    out = {"text": ob["text"], "action": ob["action"], "zone": ob["zone"]}
    out.update({k: ob.get(k) for k in _OBLIGATION_STATE})
    out["stays"] = [
        {"start": s["start"], "end": s["end"], "entered_by": s["entered_by"]} for s in ob["stays"]
    ]
    return out


def _courts(store: Store, keys: set[str], principal: Principal) -> dict[str, dict[str, Any]]:
    out = {}
    for key in sorted(keys):
        try:
            rec = _shown(
                record_view(store, key, types=("court",), principal=principal).record, principal
            )
        except NotFound:
            continue
        if isinstance(rec, CourtRecord):
            out[key] = {"name": rec.name, "timezone": rec.timezone}
    return out


def _cases(store: Store, key: str, principal: Principal) -> list[dict[str, Any]]:
    """The person's public cases, each with its public orders and what they required."""
    cases: dict[str, Case] = {}
    orders: list[Order] = []
    for item in timeline(store, key, principal=principal).items:
        rec = _shown(item.record, principal)
        if isinstance(rec, Case):
            cases[rec.key] = rec
        elif isinstance(rec, Order):
            orders.append(rec)
    states = order_states(store, list(cases), principal=principal)
    courts = _courts(store, {c.court for c in cases.values()}, principal)
    out = []
    for case in sorted(cases.values(), key=lambda c: (str(c.filed or "9999"), c.key)):
        court = courts.get(case.court, {})
        out.append(
            {
                "caption": case.caption,
                "docket_number": case.docket_number,
                "court": court.get("name"),
                "timezone": court.get("timezone"),
                "filed": str(case.filed) if case.filed else None,
                "orders": [
                    {
                        "title": o.title,
                        "kind": o.kind,
                        "titled_by_kind": o.title.casefold() == o.kind.replace("_", " "),
                        "issued": str(o.issued),
                        "judge": o.judge,
                        "required": [_obligation(ob) for ob in states.get(o.key, [])],
                    }
                    for o in sorted(orders, key=lambda o: (str(o.issued), o.key))
                    if o.case == case.key
                ],
            }
        )
    return out


def _lists(view: Any, principal: Principal) -> list[dict[str, Any]]:
    """The public transfer manifests the person is on."""
    out = []
    for ref in view.referrers:
        if ref.type == "transfer" and ref.path.startswith("manifest"):
            shown = _shown(ref.record, principal)
            if isinstance(shown, Transfer):
                out.append(
                    {
                        "name": shown.name,
                        "kind": shown.kind,
                        "carrier": shown.carrier,
                        "flight_number": shown.flight_number,
                        "at": str(shown.when()) if shown.when() else None,
                    }
                )
    return out


def public_person(
    store: Store, key: str, legal_aid: Iterable[LegalAid] = (), *, principal: Principal
) -> dict[str, Any]:
    """What the public look-up shows of the person `key`, as JSON data, read as `principal`
    (the pages always pass PUBLIC: the look-up answers as the public whoever asks);
    NotFound if `principal` may not see them."""
    view = record_view(store, key, types=("person",), principal=principal)
    person = _shown(view.record, principal)
    if not isinstance(person, Person):
        raise NotFound(f"no public record with key {key!r}")
    report = whereabouts(store, key, principal=principal)
    where = report.to_json()
    zones = {k: f.timezone for k, f in report.facilities.items() if f.timezone}
    fac = where["facility"]
    facility = _facility(store, fac["key"] if fac else None, principal)
    fields = person.model_dump(mode="json", exclude_defaults=True)
    fields.update({"key": person.key, "label": person.label(), "synthetic": person.synthetic})
    since = where["since"]
    return {
        "person": {k: fields[k] for k in PERSON_FIELDS if k in fields},
        "whereabouts": {
            "status": where["status"],
            "certainty": where["certainty"],
            "facility": facility,
            "place": where["place"],
            "country": where["country"],
            "custodian": _named(where["custodian"]["name"]) if where["custodian"] else None,
            "since": None if since is None else _since(since, where["chain"], zones),
            "sources": _public_sources(where["sources"]),
        },
        "chain": [_event(e, zones) for e in where["chain"]],
        "cases": _cases(store, key, principal),
        "lists": _lists(view, principal),
        "sources": _public_sources(s.to_json() for s in view.sources),
        "where_to_turn": {
            "facility": None
            if facility is None or not facility["contact"]
            else {"name": facility["name"], **facility["contact"]},
            "legal_aid": [a.to_json() for a in legal_aid],
        },
    }
