"""Compliance with court orders: each obligation's state at a moment, with its evidence.

Reads the obligations (of one case and the cases of its appeals, or all of them), every record
that bears on them, and folds each with `habeas.domain.compliance.evaluate`.

`--as-of` as a date means the end of that day where each obligation's court sits; an instant
is taken as given; none means now.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from habeas.domain.access import Principal
from habeas.domain.base import Record
from habeas.domain.citations import CourtCitation, cite
from habeas.domain.compliance import Facts, evaluate
from habeas.domain.compliance_state import ComplianceState, Status
from habeas.domain.courts import UnknownCourt, court_zone
from habeas.domain.courts_records import Appeal, Case, CourtRecord, DocketEntry, Order, Stay
from habeas.domain.custody import CustodyEvent, Facility, Transfer
from habeas.domain.obligations import Assessment, Obligation, Ruling
from habeas.domain.sources import Statement
from habeas.domain.time import parse_instant
from habeas.services.compliance_reads import CaseKnownAtReads, KnownAtReads, LiveReads, Reads
from habeas.services.lookup import find, resolve
from habeas.services.record_groups import Groups
from habeas.services.sourcing import CitedSource, cited_sources
from habeas.services.timeline import matter_cases
from habeas.services.visibility import Visibility
from habeas.services.whereabouts import parse_known_at
from habeas.storage import index_queries, queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection, Store

__all__ = [
    "ComplianceReport",
    "ObligationReport",
    "compliance",
    "compliance_in",
    "obligations_effective_by",
    "status_counts",
    "visible_obligations",
]

_RELATED = (
    "obligation",
    "order",
    "stay",
    "ruling",
    "appeal",
    "custody_event",
    "transfer",
    "docket_entry",
    "assessment",
    "statement",
)


@dataclass(frozen=True)
class ObligationReport:
    """One obligation's state, with names resolved and sources attached."""

    obligation: Obligation
    order: Order
    case: Case | None
    state: ComplianceState
    labels: dict[str, str]
    statements: dict[str, Statement]
    assessments: dict[str, Assessment]
    sources: dict[str, list[CitedSource]]
    citation: CourtCitation | None = None
    stays: tuple[tuple[Stay, CourtCitation | None], ...] = ()

    def _named(self, keys: Iterable[str]) -> list[dict[str, str]]:
        return [{"key": k, "name": self.labels.get(k, k)} for k in keys]

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (documented in docs/compliance.md)."""
        ob, order = self.obligation, self.order
        out: dict[str, Any] = {
            "key": ob.key,
            "action": ob.action,
            "text": ob.text,
            "order": {
                "key": order.key,
                "title": order.title,
                "kind": order.kind,
                "issued": str(order.issued),
                "spoken": str(order.spoken) if order.spoken else None,
                "words": order.text,
                "citation": self.citation.to_json() if self.citation else None,
                "separate_statements": [
                    {**st.model_dump(mode="json"), "label": st.label()}
                    for st in order.separate_statements
                ],
            },
            "stays": [
                {
                    "key": st.key,
                    "kind": st.kind,
                    "start": str(st.start),
                    "end": str(st.end) if st.end else None,
                    "entered_by": st.entered_by,
                    "words": st.words,
                    "citation": c.to_json() if c else None,
                }
                for st, c in self.stays
            ],
            "case": None
            if self.case is None
            else {
                "key": self.case.key,
                "caption": self.case.caption,
                "docket_number": self.case.docket_number,
            },
            "obligors": self._named(ob.obligors),
            "obligor_text": ob.obligor_text,
            "about": self._named(ob.about),
            "destination": ob.destination,
            "supersedes": ob.supersedes,
            "unsourced": ob.unsourced,
            "synthetic": ob.synthetic,
            "sources": [s.to_json() for s in self.sources.get(ob.key, [])],
        }
        state = self.state.to_json()
        state.pop("obligation")
        out.update(state)
        out["assessments"] = [
            {
                "key": a.key,
                "finding": a.finding,
                "at": str(a.at),
                "covers": str(a.covers) if a.covers else None,
                "assessor": a.assessor,
                "reasons": a.reasons,
                "sources": [s.to_json() for s in self.sources.get(a.key, [])],
            }
            for k in self.state.assessments
            if (a := self.assessments.get(k)) is not None
        ]
        out["context"] = [
            {
                "key": s.key,
                "speaker": {"key": s.speaker, "name": self.labels.get(s.speaker, s.speaker)},
                "said": str(s.said),
                "text": s.text,
                "quote": s.quote,
                "setting": s.setting,
                "sources": [c.to_json() for c in self.sources.get(s.key, [])],
            }
            for k in self.state.context
            if (s := self.statements.get(k)) is not None
        ]
        return out


@dataclass(frozen=True)
class ComplianceReport:
    """Every obligation of a case (or of the ledger) at a moment."""

    as_of: str | None
    case: Case | None
    items: list[ObligationReport]
    known_at: str | None = None

    def counts(self) -> dict[str, int]:
        """How many obligations are in each status (every status, zeros included)."""
        return status_counts(i.state.status.value for i in self.items)

    def by_case(self) -> list[dict[str, Any]]:
        """Per case (the unit public trackers count): its obligations in each status."""
        groups: dict[str, list[ObligationReport]] = {}
        for i in self.items:
            groups.setdefault(i.order.case, []).append(i)
        out = []
        for key, items in groups.items():
            case = items[0].case
            out.append(
                {
                    "case": key,
                    "caption": case.caption if case else None,
                    "docket_number": case.docket_number if case else None,
                    "obligations": len(items),
                    "counts": status_counts(i.state.status.value for i in items),
                }
            )
        return out

    def cases_with(self) -> dict[str, int]:
        """status -> how many cases have at least one obligation in it (zeros included)."""
        per_case = self.by_case()
        return {s.value: sum(1 for c in per_case if c["counts"][s.value]) for s in Status}

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (documented in docs/compliance.md)."""
        return {
            "as_of": self.as_of,
            "known_at": self.known_at,
            "case": None
            if self.case is None
            else {
                "key": self.case.key,
                "caption": self.case.caption,
                "docket_number": self.case.docket_number,
            },
            "counts": self.counts(),
            "by_case": self.by_case(),
            "cases_with": self.cases_with(),
            "obligations": [i.to_json() for i in self.items],
        }


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """status -> how many, for every status in a fixed order (a stable JSON shape)."""
    found = Counter(statuses)
    return {s.value: found.get(s.value, 0) for s in Status}


R = TypeVar("R", bound=Record)


def _of(records: Iterable[Record], cls: type[R]) -> list[R]:
    return [r for r in records if isinstance(r, cls)]


def _zone(case: Case | None, courts: dict[str, Record]) -> str:
    court = courts.get(case.court) if case else None
    if isinstance(court, CourtRecord):
        if court.timezone:
            return court.timezone
        try:
            return court_zone(court.court_id).key
        except UnknownCourt:
            return "UTC"
    return "UTC"


def _instant(as_of: str | None, zone_name: str, now: datetime) -> datetime:
    return parse_instant(as_of, zone_name) if as_of else now


def visible_obligations(
    conn: Connection, obligations: list[Obligation], vis: Visibility
) -> list[Obligation]:
    """The obligations `vis` may see (None: all): one above clearance, of an order above it,
    or about a person above it is left out as if it did not exist."""
    if vis.full or vis.full:
        return obligations
    hidden = vis.hidden(conn, {k for o in obligations for _p, k, _t in o.references()})
    kept = [o for o in obligations if not (hidden & {o.key, o.order, *o.about})]
    return vis.show_all(conn, kept)


def compliance_in(
    conn: Connection,
    obligations: list[Obligation],
    as_of: str | None,
    now: datetime,
    vis: Visibility,
    reads: Reads | None = None,
) -> list[ObligationReport]:
    """Evaluate `obligations` at `as_of` (text; None: `now`) on an open connection, from
    what `vis` may see (LOCAL_OPERATOR's: everything): the facts above clearance do not count.
    `reads`: where the records come from (default: the ledger now; `KnownAtReads`: as it
    stood at a past recorded time)."""
    rd: Reads = reads or LiveReads(conn)
    obligations = visible_obligations(conn, obligations, vis)
    if not obligations:
        return []

    def seen(records: list[Record]) -> list[Record]:
        return records if vis.full else vis.show_all(conn, records)

    order_keys = {o.order for o in obligations}
    orders = {r.key: r for r in _of(seen(rd.get(order_keys)), Order)}
    persons = {p for o in obligations for p in o.about}
    case_keys = {o.case for o in orders.values()}
    ob_keys = {o.key for o in obligations}
    related = seen(rd.referring(ob_keys | order_keys | case_keys | persons, _RELATED))
    extra_orders = {o.order for o in _of(related, Obligation)} - set(orders)
    for rec in seen(rd.get(extra_orders)):
        if isinstance(rec, Order):
            orders[rec.key] = rec
    orders.update({r.key: r for r in _of(related, Order)})
    cases = {r.key: r for r in _of(seen(rd.get(case_keys)), Case)}
    courts = {r.key: r for r in seen(rd.get({c.court for c in cases.values()}))}
    events = _of(related, CustodyEvent)
    facility_keys = {e.facility for e in events if e.facility}
    facilities = _of(seen(rd.get(facility_keys)), Facility)
    statements = {s.key: s for s in _of(related, Statement)}
    assessments = {a.key: a for a in _of(related, Assessment)}
    named = {k for o in obligations for k in (*o.obligors, *o.about)} | {
        s.speaker for s in statements.values()
    }
    named_rows = queries.get_records(conn, named)
    cited = [*obligations, *statements.values(), *assessments.values()]
    if vis.full:
        labels = {k: row.label for k, row in named_rows.items()}
        sources = cited_sources(conn, cited)
    else:
        labels = vis.labels(named_rows)
        sources = vis.cited(conn, cited)
    successors = [
        (s, orders[s.order]) for s in _of(related, Obligation) if s.supersedes and s.order in orders
    ]
    transfers = {t.key: t for t in _of(related, Transfer)}
    wanted = {k for o in obligations for k in _named_transfers(o)} - set(transfers)
    for rec in seen(rd.get(wanted)):
        if isinstance(rec, Transfer):
            transfers[rec.key] = rec
    stay_keys = {s.key for s in _of(related, Stay)}
    if stay_keys:
        known = {r.key for r in related}
        related += [r for r in seen(rd.referring(stay_keys, ("ruling",))) if r.key not in known]
    stay_orders = {s.entered_by_order for s in _of(related, Stay) if s.entered_by_order}
    for rec in seen(rd.get(stay_orders - set(orders))):
        if isinstance(rec, Order):
            orders[rec.key] = rec
    all_stays = _of(related, Stay)
    citing = _Citing(rd, seen, orders, cases, courts, all_stays)
    # Grouped once, looked up per obligation (filtering every record again for each
    # obligation made the whole ledger's evaluation quadratic in obligations).
    successors_of = Groups(successors, lambda p: (p[0].supersedes,))
    amending = Groups(orders.values(), lambda o: (o.amends,))
    stays_of = Groups(all_stays, lambda s: (s.order,))
    rulings_on = Groups(_of(related, Ruling), lambda r: (e.target for e in r.effects))
    appeals_of = Groups(_of(related, Appeal), lambda a: (a.challenged_order,))
    events_of = Groups(events, lambda e: (e.person,))
    transfers_of = Groups(
        transfers.values(),
        lambda t: (("key", t.key), *(("person", m.person) for m in t.manifest)),
    )
    filings_of = Groups(
        _of(related, DocketEntry),
        lambda d: (("case", d.case), *(("fulfils", k) for k in d.fulfils)),
    )
    assessed = Groups(assessments.values(), lambda a: (a.obligation,))
    statements_about = Groups(statements.values(), lambda s: s.about)
    facility_country = {f.key: f.country for f in facilities}
    reports = []
    for ob in obligations:
        order = orders.get(ob.order)
        if order is None:
            continue
        case = cases.get(order.case)
        zone_name = _zone(case, courts)
        keys = {ob.key, order.key, order.case, *ob.about}
        stays = stays_of.of((order.key,))
        facts = Facts(
            obligation=ob,
            order=order,
            zone=zone_name,
            successors=successors_of.of((ob.key,)),
            amending_orders=amending.of((order.key,)),
            stays=stays,
            rulings=rulings_on.of({ob.key, order.key, *(x.key for x in stays)}),
            appeals=appeals_of.of((order.key,)),
            custody_events=events_of.of(ob.about),
            transfers=transfers_of.of(
                [
                    *(("key", k) for k in _named_transfers(ob)),
                    *(("person", p) for p in ob.about),
                ]
            ),
            filings=filings_of.of([("fulfils", ob.key), ("case", order.case)]),
            assessments=assessed.of((ob.key,)),
            statements=statements_about.of(keys),
            facility_country=facility_country,
        )
        state = evaluate(facts, _instant(as_of, zone_name, now))
        stays_cited = tuple(
            (st, citing.of(orders.get(st.entered_by_order or ""), st)) for st in stays
        )
        reports.append(
            ObligationReport(
                ob,
                order,
                case,
                state,
                labels,
                statements,
                assessments,
                sources,
                citing.of(order),
                stays_cited,
            )
        )
    reports.sort(key=lambda r: (r.state.effective_from, r.order.key, r.obligation.key))
    return reports


class _Citing:
    """Citations of orders and stays, with the docket entries, cases and courts they need."""

    def __init__(
        self,
        rd: Reads,
        seen: Callable[[list[Record]], list[Record]],
        orders: dict[str, Order],
        cases: dict[str, Case],
        courts: dict[str, Record],
        stays: list[Stay],
    ) -> None:
        entries = {o.docket_entry for o in orders.values() if o.docket_entry}
        self.entries = {r.key: r for r in _of(seen(rd.get(entries)), DocketEntry)}
        more = {o.case for o in orders.values()} | {s.entered_in for s in stays}
        more -= set(cases)
        self.cases = {**cases, **{r.key: r for r in _of(seen(rd.get(more)), Case)}}
        wanted = {c.court for c in self.cases.values()} - set(courts)
        self.courts = {**courts, **{r.key: r for r in seen(rd.get(wanted))}}

    def of(self, order: Order | None, stay: Stay | None = None) -> CourtCitation | None:
        """The order's citation; for a stay with no order recorded, the stay's own (the
        case it was entered in, its date, no entry number)."""
        if order is not None:
            case, title, when = self.cases.get(order.case), order.title, order.issued
            entry = self.entries.get(order.docket_entry or "")
            number = entry.number if entry else None
        elif stay is not None:
            case, title, when, number = self.cases.get(stay.entered_in), "Stay", stay.start, None
        else:
            return None
        if case is None:
            return None
        court = self.courts.get(case.court)
        court_id = court.court_id if isinstance(court, CourtRecord) else None
        name = court.name if isinstance(court, CourtRecord) else case.court
        return cite(title, case.caption, case.docket_number, name, court_id, when, number)


def _named_transfers(ob: Obligation) -> set[str]:
    """The transfers an obligation names: those it is about, and those its coverage judges."""
    return {*ob.transfers, *(c.transfer for c in ob.coverage)}


def _matter(conn: Connection, text: str, vis: Visibility) -> tuple[Case, dict[str, Case]]:
    """The case named by `text` and its matter. A name shared only by the cases of one matter
    (a case and its appeals, all "Abrego Garcia v. Noem") means the case they all come from.
    With `vis`, only the cases it may see."""
    found = find(conn, text, ["case"]) if vis.full else vis.find(conn, text, ["case"], 50)
    hits = [f.record for f in found if isinstance(f.record, Case)]
    if len(hits) > 1:
        matter = matter_cases(conn, hits[0].key, vis)
        roots = [c for c in hits if c.origin is None]
        if all(c.key in matter for c in hits) and len(roots) == 1:
            return roots[0], matter
    if vis.full:
        record = resolve(conn, text, ["case"], "case").record
    else:
        record = vis.resolve_shown(conn, text, ["case"], "case")
    assert isinstance(record, Case)
    return record, matter_cases(conn, record.key, vis)


def obligations_effective_by(
    conn: Connection, as_of: str | None, moment: datetime, vis: Visibility
) -> list[Obligation]:
    """The obligations that can be in effect at `as_of` (None: `moment`), of the levels `vis`
    may see, by the obligation index: one whose own start of effect is more than a day
    after that date (any court's zone) is not yet in effect and is not read at all."""
    day = (as_of or moment.date().isoformat())[:10]
    try:
        bound: str | None = (date.fromisoformat(day) + timedelta(days=2)).isoformat()
    except ValueError:
        bound = None  # an as_of the compliance rules will read (or refuse) themselves
    levels = None if vis.full or vis.sees_everything else sorted(vis.clearance)
    return [
        rec
        for row in index_queries.obligations_effective_by(conn, bound, levels)
        if isinstance(rec := record_from_row(row.body), Obligation)
    ]


def compliance(
    store: Store,
    case: str | None = None,
    *,
    as_of: str | None = None,
    now: datetime | None = None,
    include_future: bool = False,
    known_at: str | None = None,
    principal: Principal,
) -> ComplianceReport:
    """Every obligation of `case` (and of its appeals), or of the whole ledger, at `as_of`,
    from what `principal` may see (the local operator, LOCAL_OPERATOR, sees everything).

    Obligations not yet in effect at `as_of` are left out unless `include_future`.
    `known_at` (an instant): as the ledger knew it then (bitemporal): records and versions
    recorded later do not count, whatever they say about the past.
    """
    moment = now or datetime.now(UTC)
    vis = Visibility.of(store, principal)
    scope = vis
    recorded = parse_known_at(known_at)
    with store.read() as conn:
        reads: Reads = LiveReads(conn)
        if recorded:  # one case: only its records' versions; the whole ledger: all at once
            reads = CaseKnownAtReads(conn, recorded) if case else KnownAtReads(conn, recorded)
        found: Case | None = None
        if case is not None:
            found, cases = _matter(conn, case, scope)
            order_keys = [r.key for r in reads.about(list(cases), "order")]
            obligations = _of(reads.about(order_keys, "obligation"), Obligation)
        elif include_future or recorded:
            obligations = _of(reads.of_type("obligation"), Obligation)
        else:  # by the obligation index: one not yet in effect is not read
            obligations = obligations_effective_by(conn, as_of, moment, scope)
        items = compliance_in(conn, obligations, as_of, moment, scope, reads)
    vis.audit(store, "compliance")
    if not include_future:
        items = [i for i in items if i.state.status.value != "not_yet_effective"]
    return ComplianceReport(as_of, found, items, known_at)
