"""An article's facts, matched against the ledger and turned into drafts for review.

`propose(conn, facts, source_key, sha256)` reads the ledger (nothing is written) and returns
the drafts an editor would review: people, officials, facilities and courts the ledger lacks;
orders and custody events with their resolved dates (and the anchor each was counted from);
direct quotes as statements. Names the ledger knows are not proposed again: they become the
keys the other drafts refer to, and are listed in the proposal's `matches`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from habeas.domain.courts import UnknownCourt, get_court
from habeas.domain.courts_records import Case, Order
from habeas.domain.errors import Ambiguous, InvalidTime, NotFound
from habeas.domain.relative_dates import ResolvedDate, resolve_mention
from habeas.domain.text import slug
from habeas.domain.time import PartialTime
from habeas.ingest.article_facts import ArticleFacts, Entity, Event, Quote
from habeas.services.drafts import NewDraft
from habeas.services.lookup import Found, choose_one, find
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Connection

__all__ = ["Match", "Proposal", "propose"]

_TYPES = {
    "person": ("person", "actor"),
    "actor": ("actor", "person"),
    "facility": ("facility",),
}
_FACILITY_KINDS = (
    ("Detention", "detention_center"),
    ("Processing", "processing_center"),
    ("Jail", "jail"),
    ("Prison", "prison"),
    ("Confinement", "prison"),
    ("Correctional", "prison"),
)


@dataclass(frozen=True)
class Match:
    """A name in the article and the ledger record it was matched to (or None)."""

    kind: str
    name: str
    key: str | None
    label: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "kind": self.kind,
            "name": self.name,
            "key": self.key,
            "label": self.label,
            "note": self.note,
        }


@dataclass
class Proposal:
    """What `propose` found: the drafts to queue, the matches, the places and the dates."""

    drafts: list[NewDraft] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # entity name -> ledger or draft key


def _lookup(conn: Connection, entity: Entity) -> tuple[Found | None, str | None]:
    types = ("actor",) if entity.agency else _TYPES.get(entity.kind, ())
    tried: list[str] = [entity.name]
    if entity.title and entity.name.split():
        tried.append(f"{entity.title.split()[-1]} {entity.name.split()[-1]}")
    for text in tried:
        found = find(conn, text, types)
        if not found:
            continue
        try:
            return choose_one(found, text, types, entity.kind), None
        except Ambiguous as e:
            return None, str(e)
        except NotFound:  # pragma: no cover - found is not empty
            continue
    return None, None


def _match(conn: Connection, entity: Entity) -> Match:
    if entity.kind == "court":
        key = f"court/{entity.court_id}"
        row = queries.get_records(conn, [key]).get(key)
        if row is not None and row.status == "active":
            return Match("court", entity.forms[0], key, row.label)
        return Match("court", entity.forms[0], None)
    found, problem = _lookup(conn, entity)
    if found is None:
        return Match(entity.kind, entity.name, None, note=problem)
    return Match(found.type, entity.name, found.key, found.label)


def _when(
    resolved: ResolvedDate, facts: ArticleFacts, zone: str | None, court: str | None
) -> ResolvedDate:
    """The date again, in the court's zone now that it is known (a time of day needs one)."""
    if resolved.mention.hour is None or zone is None:
        return resolved
    return resolve_mention(
        resolved.mention,
        facts.published,
        (resolved.anchor_date, resolved.anchor),
        zone,
        zone_from=f"the zone of court/{court}",
    )


def _cases(conn: Connection) -> list[Case]:
    """The current cases of the ledger (read once per article)."""
    rows = queries.records_of_type(conn, "case")
    return [r for row in rows if isinstance(r := record_from_row(row.body), Case)]


def _court_of_judge(cases: Sequence[Case], judge: str | None) -> str | None:
    """The courts-db id of the court a judge's cases are in, if the ledger says so."""
    if not judge:
        return None
    courts = {c.court.removeprefix("court/") for c in cases if judge in c.judges}
    return courts.pop() if len(courts) == 1 else None


def _filed_after(case: Case, issued: str) -> bool:
    """True when the case was certainly filed after the day `issued`: it cannot hold the order."""
    if case.filed is None or not issued:
        return False
    try:
        day = PartialTime.parse(issued)
    except InvalidTime:
        return False
    return case.filed.start_utc() >= day.end()


def _case_for(
    cases: Sequence[Case], court_id: str | None, people: Sequence[str], issued: str = ""
) -> list[str]:
    """Cases in the court that were filed by the day the order was `issued`, those
    concerning one of `people` (keys) first."""
    if court_id is None:
        return []
    ranked = []
    for case in cases:
        if case.court != f"court/{court_id}" or _filed_after(case, issued):
            continue
        keys = set(case.persons_concerned) | {p.person for p in case.parties if p.person}
        ranked.append((0 if keys & set(people) else 1, case.key))
    ranked.sort()
    best = [k for rank, k in ranked if rank == 0]
    return best or [k for _, k in ranked]


def _date_json(resolved: ResolvedDate) -> dict[str, Any]:
    return {
        "words": resolved.mention.text,
        "value": resolved.value,
        "anchor": resolved.anchor,
        "notes": list(resolved.notes),
    }


def _first_sentence(facts: ArticleFacts, entity: Entity, paragraphs: Sequence[str]) -> str:
    from habeas.ingest.article_facts import sentences

    p, s, _ = entity.first
    text = paragraphs[p]
    for a, b in sentences(text):
        if a <= s < b:
            return text[a:b]
    return text


class _Builder:
    def __init__(
        self, conn: Connection, facts: ArticleFacts, paragraphs: Sequence[str], source: str
    ) -> None:
        self.conn = conn
        self.facts = facts
        self.paragraphs = paragraphs
        self.source = source
        self.out = Proposal()
        self._case_records: list[Case] | None = None

    @property
    def cases(self) -> list[Case]:
        if self._case_records is None:
            self._case_records = _cases(self.conn)
        return self._case_records

    def draft(
        self,
        kind: str,
        summary: str,
        record: dict[str, Any],
        excerpt: str,
        notes: Sequence[str] = (),
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.out.drafts.append(
            NewDraft(
                kind=kind,
                origin=self.source,
                source=self.source,
                summary=summary[:300],
                record=record,
                excerpt=excerpt,
                notes=tuple(notes),
                extra=extra or {},
            )
        )

    def mentions(self) -> None:
        for entity in self.facts.entities:
            if entity.kind == "place":
                self.out.places.append(entity.name)
                continue
            match = _match(self.conn, entity)
            self.out.matches.append(match)
            if match.key is not None:
                self.out.keys[entity.name] = match.key
                continue
            excerpt = _first_sentence(self.facts, entity, self.paragraphs)
            if entity.kind == "court":
                self._court(entity, excerpt)
            elif entity.kind == "facility":
                self._facility(entity, excerpt)
            elif entity.kind == "actor":
                self._actor(entity, excerpt)
            else:
                self._person(entity, excerpt, match.note)

    def _court(self, entity: Entity, excerpt: str) -> None:
        try:
            court = get_court(entity.court_id or "")
        except UnknownCourt:
            return
        key = f"court/{court.id}"
        self.out.keys[entity.name] = key
        record = {
            "type": "court",
            "key": key,
            "court_id": court.id,
            "name": court.name,
            "seat": court.seat,
            "timezone": court.timezone,
        }
        self.draft("court", f"Court: {court.name}", record, excerpt, ["not in the ledger yet"])

    def _facility(self, entity: Entity, excerpt: str) -> None:
        key = f"facility/{slug(entity.name, 80)}"
        self.out.keys[entity.name] = key
        kind = next((k for word, k in _FACILITY_KINDS if word in entity.name), "other")
        countries = {
            c.country
            for c in self.facts.entities
            if c.kind == "place" and c.country and c.first[0] == entity.first[0]
        }
        record: dict[str, Any] = {"type": "facility", "key": key, "name": entity.name, "kind": kind}
        notes = ["not in the ledger yet"]
        if len(countries) == 1:
            record["country"] = countries.pop()
        elif re.search(r"\b(?:Texas|Maryland|Tennessee|U\.S\.)\b", excerpt) or "County" in (
            entity.name
        ):
            record["country"] = "US"
            notes.append("country US assumed from the text: check it")
        else:
            notes.append("the country is not stated: add it before accepting")
        self.draft("facility", f"Facility: {entity.name}", record, excerpt, notes)

    def _actor(self, entity: Entity, excerpt: str) -> None:
        key = f"actor/{slug(entity.name, 80)}"
        self.out.keys[entity.name] = key
        record: dict[str, Any] = {
            "type": "actor",
            "key": key,
            "kind": "agency" if entity.agency else "official",
            "name": entity.name,
        }
        if entity.title:
            record["roles"] = [{"title": entity.title}]
        label = f"{entity.title} {entity.name}" if entity.title else entity.name
        self.draft("actor", f"Official: {label}", record, excerpt, ["not in the ledger yet"])

    def _person(self, entity: Entity, excerpt: str, problem: str | None) -> None:
        key = f"person/{slug(entity.name, 80)}"
        self.out.keys[entity.name] = key
        record = {
            "type": "person",
            "key": key,
            "full_name": entity.name,
            "sensitivity": "restricted",
        }
        notes = [
            "not in the ledger yet: a new person is restricted until an editor decides",
            "only the name is taken from the article; add nothing private",
        ]
        if problem:
            notes.append(f"several records match: {problem}")
        self.draft("person", f"Person: {entity.name}", record, excerpt, notes)

    def events(self, sha12: str) -> None:
        for n, event in enumerate(self.facts.events, start=1):
            if event.kind == "order":
                self._order(event, f"order/article-{sha12}-{n}")
            else:
                self._custody(event, f"custody_event/article-{sha12}-{n}")

    def _order(self, event: Event, key: str) -> None:
        judge_key = self.out.keys.get(event.judge or "")
        judge_label = next(
            (m.label for m in self.out.matches if m.key and m.key == judge_key), event.judge
        )
        court_id = event.court_id or _court_of_judge(self.cases, judge_label) or event.only_court
        zone = None
        if event.when is not None:
            w = event.when
            notes = [f"issued {w.value}: {w.mention.text!r}, from {w.anchor}", *w.notes]
        else:
            notes = ["the article gives the order's deadline but not its date: set `issued`"]
        issued = event.when.value if event.when is not None else ""
        if court_id:
            try:
                zone = get_court(court_id).timezone
            except UnknownCourt:
                court_id = None
        people = [self.out.keys[p] for p in event.people if p in self.out.keys]
        cases = _case_for(self.cases, court_id, people, issued)
        record: dict[str, Any] = {
            "type": "order",
            "key": key,
            "case": cases[0] if len(cases) == 1 else "",
            "kind": "amended_order" if "amended" in event.verb else "order",
            "title": f"Order reported {issued}" if issued else "Order reported",
            "issued": issued,
            "text": event.excerpt,
        }
        if judge_label:
            record["judge"] = judge_label
        if court_id is None:
            notes.append("the court is not named: set the case")
        elif len(cases) != 1:
            notes.append(
                f"{len(cases)} cases in court/{court_id} in the ledger"
                + (f" ({', '.join(cases[:5])})" if cases else "")
                + ": set the case"
            )
        else:
            notes.append(f"case {cases[0]}: the ledger's only match in court/{court_id}")
        known = self._known_order(record["case"], issued) if issued else None
        if known:
            notes.append(f"the ledger already has {known} issued that day: it may be this order")
        deadlines = [_when(d, self.facts, zone, court_id) for d in event.deadlines]
        extra: dict[str, Any] = {"court": court_id}
        if event.when is not None:
            extra["issued"] = _date_json(event.when)
        if deadlines:
            extra["deadlines"] = [_date_json(d) for d in deadlines]
            extra["suggested_obligation"] = {
                "kind": "deadline",
                "due": deadlines[0].value,
                "text": event.excerpt,
            }
            for d in deadlines:
                notes.append(f"deadline {d.value}: {d.mention.text!r}, from {d.anchor}")
                notes.extend(d.notes)
        for d in ([event.when] if event.when else []) + deadlines:
            self.out.dates.append({**_date_json(d), "excerpt": event.excerpt})
        summary = (f"Order of {issued}" if issued else "Order (date not stated)") + (
            f" ({court_id})" if court_id else ""
        )
        if deadlines:
            summary += f", deadline {deadlines[0].value}"
        self.draft("order", summary, record, event.excerpt, notes, extra)

    def _known_order(self, case: str, issued: str) -> str | None:
        if not case:
            return None
        for row in queries.records_about(self.conn, [case], "order"):
            record = record_from_row(row.body)
            if isinstance(record, Order) and str(record.issued).startswith(issued[:10]):
                return record.key
        return None

    def _custody(self, event: Event, key: str) -> None:
        assert event.when is not None  # only orders are found without a date
        person = next((self.out.keys[p] for p in event.people if p in self.out.keys), "")
        notes = [
            f"{event.kind} {event.when.value}: {event.when.mention.text!r}, from "
            f"{event.when.anchor}",
            *event.when.notes,
        ]
        if not person:
            notes.append("no person is named in the sentence: set the person")
        elif person.startswith("person/") and not self._exists(person):
            notes.append(f"{person} is proposed in another draft: accept it first")
        record: dict[str, Any] = {
            "type": "custody_event",
            "key": key,
            "person": person,
            "kind": event.kind,
            "at": event.when.value,
            "certainty": "reported",
            "description": event.excerpt,
        }
        facility = self.out.keys.get(event.facility or "")
        if facility:
            record["facility"] = facility
            if not self._exists(facility):
                notes.append(f"{facility} is proposed in another draft: accept it first")
        elif event.places:
            record["place"] = {"name": event.places[-1]}
        self.out.dates.append({**_date_json(event.when), "excerpt": event.excerpt})
        self.draft(
            "event",
            f"{event.kind.replace('_', ' ').capitalize()} {event.when.value}",
            record,
            event.excerpt,
            notes,
        )

    def _exists(self, key: str) -> bool:
        return key in queries.get_records(self.conn, [key])

    def quotes(self, sha12: str, first: int) -> None:
        for n, quote in enumerate(self.facts.quotes, start=first):
            self._quote(quote, f"statement/article-{sha12}-{n}")

    def _quote(self, quote: Quote, key: str) -> None:
        speaker = self.out.keys.get(quote.speaker or "", "")
        notes: list[str] = []
        if quote.said is not None:
            said = quote.said.value
            notes.append(f"said {said}: {quote.said.mention.text!r}, from {quote.said.anchor}")
            self.out.dates.append({**_date_json(quote.said), "excerpt": quote.excerpt})
        else:
            said = self.facts.published.isoformat()
            notes.append(f"no date in the passage: the publication date {said} is used")
        if not quote.speaker:
            notes.append("no speaker is named: set the speaker")
        elif not speaker:
            notes.append(f"{quote.speaker} is not in the ledger: record the speaker first")
        elif not self._exists(speaker):
            notes.append(f"{speaker} is proposed in another draft: accept it first")
        record: dict[str, Any] = {
            "type": "statement",
            "key": key,
            "speaker": speaker,
            "said": said,
            "text": quote.text,
            "quote": "direct",
        }
        about = [self.out.keys[a] for a in quote.about if a in self.out.keys]
        if about:
            record["about"] = about
        who = quote.speaker or "unknown speaker"
        extra = {"speaker_name": quote.speaker}
        self.draft("statement", f"{who}: “{quote.text[:120]}”", record, quote.excerpt, notes, extra)


def propose(
    conn: Connection,
    facts: ArticleFacts,
    paragraphs: Sequence[str],
    source_key: str,
    sha256: str,
) -> Proposal:
    """The drafts for `facts` (read from the article whose paragraphs are `paragraphs`)."""
    builder = _Builder(conn, facts, paragraphs, source_key)
    builder.mentions()
    builder.events(sha256[:12])
    builder.quotes(sha256[:12], len(facts.events) + 1)
    return builder.out
