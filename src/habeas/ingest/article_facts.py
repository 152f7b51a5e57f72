"""What an article states, found in its text: who and what it names, dated events, quotes.

Pure: it reads an `Article` and returns `ArticleFacts`; matching the names against the ledger
and turning the facts into drafts is `habeas.services.article_extract`'s job. The rules are
deliberately plain and written to be checked by an editor, not trusted:

* **mentions** — a name after a title ("U.S. District Judge Paula Xinis", "Secretary of State
  Marco Rubio") is an official; other runs of two to four capitalised words are people; a
  surname alone ("Xinis said") is the person named in full before; facilities by their kind
  ("... Detention Center", "... County Jail", "CECOT"); courts by their names ("the Supreme
  Court", "4th U.S. Circuit Court of Appeals", "U.S. District Court for the District of
  Maryland") mapped to courts-db ids; agencies ("Department of Homeland Security"); places
  from the dateline, countries, and "City, State";
* **dated events** — a court's order ("ordered", "denied", "entered an administrative stay"...)
  or a custody event ("was deported", "was detained", "was transferred", "was released", "was
  returned to") in a sentence that gives a date; deadlines ("by 11:59 p.m. Monday") in an
  order's sentence belong to that order;
* **quotes** — text in quotation marks (at least three words) attributed in its passage by
  "said X", "X said", "X told reporters", "X wrote", "according to X"; "he"/"she" is the last
  speaker; '"A," X said, "b."' is one quote; a quote whose speaker is not named ("his
  daughter said") is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from habeas.domain.courts import all_courts
from habeas.domain.relative_dates import ResolvedDate, resolve_dates
from habeas.ingest import article_words as vocab
from habeas.ingest.article import Article

__all__ = ["ArticleFacts", "Entity", "Event", "Quote", "find_facts", "sentences"]


@dataclass
class Entity:
    """Something the article names: `kind` is person, actor, facility, court or place; `name`
    its fullest form in the text; `court_id` a court's courts-db id; `country` a place's or
    facility's country when the text says."""

    kind: str
    name: str
    title: str | None = None
    court_id: str | None = None
    country: str | None = None
    forms: list[str] = field(default_factory=list)
    first: tuple[int, int, int] = (0, 0, 0)  # paragraph, start, end of the first mention
    agency: bool = False


@dataclass(frozen=True)
class Event:
    """A dated event: `kind` is "order" or a custody event kind (removed, detained...)."""

    kind: str
    when: ResolvedDate | None  # None: an order known only by its deadline
    excerpt: str
    paragraph: int
    verb: str
    court_id: str | None = None
    judge: str | None = None
    people: tuple[str, ...] = ()
    facility: str | None = None
    places: tuple[str, ...] = ()
    deadlines: tuple[ResolvedDate, ...] = ()
    only_court: str | None = None  # the article's only court, if the event's is not known


@dataclass(frozen=True)
class Quote:
    """Words in quotation marks and who said them (`speaker` an entity name, or None)."""

    text: str
    speaker: str | None
    excerpt: str
    paragraph: int
    said: ResolvedDate | None
    about: tuple[str, ...] = ()


@dataclass
class ArticleFacts:
    """Everything found in one article."""

    published: date
    entities: list[Entity]
    events: list[Event]
    quotes: list[Quote]

    def entity(self, name: str | None) -> Entity | None:
        if name is None:
            return None
        return next((e for e in self.entities if e.name == name), None)


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: not split after abbreviations or inside quotes."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[.!?][\"”’)]?\s+(?=[\"“A-Z])", paragraph):
        head = paragraph[start : m.start() + 1]
        word = re.split(r"\s", head.rstrip("."))[-1].lower().lstrip('("“')
        if word in vocab.ABBREV or (len(word) == 1 and word.isalpha()):
            continue
        if sum(head.count(q) for q in '"“”') % 2 == 1 and "”" not in m.group(0):
            continue
        end = m.end() - len(m.group(0)) + len(m.group(0).rstrip())
        out.append((start, end))
        start = m.end()
    if start < len(paragraph):
        out.append((start, len(paragraph.rstrip())))
    return out


def _court_of(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if m.re is vocab.SCOTUS:
        return "scotus"
    if m.re is vocab.CIRCUIT:
        n = g.get("n") or g.get("n2")
        word = g.get("w") or g.get("w2")
        number = int(n) if n else vocab.ORDINALS.get((word or "").lower())
        return f"ca{number}" if number else None
    state = g["state"]
    direction = (g.get("dir") or "").strip()
    want = f"District Court for the {direction + ' ' if direction else ''}District of {state}"
    for court in all_courts().values():
        if court.kind == "district" and court.name.endswith(want) and court.active:
            return court.id
    return None


class _Finder:
    def __init__(self, article: Article, published: date) -> None:
        self.article = article
        self.published = published
        self.entities: dict[str, Entity] = {}
        self.taken: list[tuple[int, int, int, str]] = []  # paragraph, start, end, entity name

    # -- mentions ------------------------------------------------------------------------
    def _free(self, p: int, s: int, e: int) -> bool:
        return not any(tp == p and ts < e and s < te for tp, ts, te, _ in self.taken)

    def _add(self, kind: str, name: str, p: int, s: int, e: int, **extra: object) -> None:
        if not self._free(p, s, e):
            return
        key = name.lower()
        entity = self.entities.get(key)
        if entity is None:
            entity = Entity(kind, name, first=(p, s, e))
            for k, v in extra.items():
                setattr(entity, k, v)
            self.entities[key] = entity
        text = self.article.paragraphs[p][s:e]
        if text not in entity.forms:
            entity.forms.append(text)
        self.taken.append((p, s, e, entity.name))

    def _surname_of(self, word: str) -> Entity | None:
        for entity in self.entities.values():
            if entity.kind not in ("person", "actor") or entity.agency:
                continue
            parts = entity.name.split()
            while len(parts) > 2 and re.fullmatch(r"Jr\.?|Sr\.?|II|III|IV", parts[-1]):
                parts.pop()
            if len(parts) > 1 and (
                parts[-1] == word or " ".join(parts[-2:]) == word or " ".join(parts[1:]) == word
            ):
                return entity
        return None

    def find_mentions(self) -> None:
        paragraphs = self.article.paragraphs
        for p, text in enumerate(paragraphs):
            d = vocab.DATELINE.match(text)
            if d:
                city = d.group("city").title()
                name = f"{city}, {d.group('state')}" if d.group("state") else city
                self._add(
                    "place",
                    name,
                    p,
                    d.start(),
                    d.end("state") if d.group("state") else d.end("city"),
                )
            for rx in (vocab.DISTRICT, vocab.CIRCUIT, vocab.SCOTUS):
                for m in rx.finditer(text):
                    court = _court_of(m)
                    if court:
                        self._add("court", court, p, m.start(), m.end(), court_id=court)
            for m in vocab.FACILITY.finditer(text):
                name = re.sub(r"^(?:The|the|A|a)\s+", "", m.group(0))
                self._add("facility", name, p, m.end() - len(name), m.end())
            for m in vocab.AGENCY.finditer(text):
                self._add("actor", m.group(0), p, m.start(), m.end(), agency=True)
            for m in vocab.TITLED.finditer(text):
                name = m.group("name")
                words = name.split()
                while words and words[-1].lower().strip(".") in vocab.DATE_WORDS:
                    words.pop()
                if not words:
                    continue
                name = " ".join(words)
                if len(words) == 1 and (known := self._surname_of(name)) is not None:
                    self._add(known.kind, known.name, p, m.start(), m.start("name") + len(name))
                    continue
                self._add(
                    "actor", name, p, m.start(), m.start("name") + len(name), title=m.group("title")
                )
            for m in vocab.CITY_STATE.finditer(text):
                self._add("place", m.group(0), p, m.start(), m.end())
            for m in vocab.COUNTRY_RE.finditer(text):
                self._add(
                    "place", m.group(0), p, m.start(), m.end(), country=vocab.COUNTRIES[m.group(0)]
                )
            for m in vocab.IN_PLACE.finditer(text):
                word = m.group("place")
                if word.lower() in vocab.STOP_WORDS - {
                    "texas",
                    "maryland",
                    "tennessee",
                    "virginia",
                }:
                    continue
                if self._surname_of(word) is None:
                    self._add("place", word, p, m.start("place"), m.end("place"))
            for m in vocab.CAPS_RUN.finditer(text):
                words = m.group(0).split()
                start = m.start()
                while words and words[0].lower().strip(".") in vocab.STOP_WORDS:
                    start += len(words[0]) + 1
                    words.pop(0)
                if not words:
                    continue
                name = " ".join(words).rstrip(".")
                if any(w.lower().strip(".") in vocab.STOP_WORDS for w in words):
                    continue
                end = start + len(name)
                if not self._free(p, start, end):
                    continue
                known = self._surname_of(name)
                if known is not None:
                    self._add(known.kind, known.name, p, start, end)
                elif len(words) >= 2 and not text[:start].rstrip().endswith("("):
                    self._add("person", name, p, start, end)

    def in_span(self, p: int, s: int, e: int, kinds: tuple[str, ...] = ()) -> list[Entity]:
        """Entities mentioned within [s, e) of paragraph p, in order."""
        hits = sorted(
            (ts, name) for tp, ts, te, name in self.taken if tp == p and s <= ts and te <= e
        )
        out: list[Entity] = []
        for _, name in hits:
            entity = self.entities[name.lower()]
            if (not kinds or entity.kind in kinds) and entity not in out:
                out.append(entity)
        return out

    # -- events --------------------------------------------------------------------------
    def find_events(self) -> list[Event]:
        events: list[Event] = []
        last_order: int | None = None
        previous_judicial = False
        for p, text in enumerate(self.article.paragraphs):
            for s, e in sentences(text):
                sentence = text[s:e]
                dates = [
                    r
                    for r in resolve_dates(sentence, self.published, paragraph=text)
                    if not _inside_quote(sentence, r.mention.start)
                ]
                here = self.in_span(p, s, e)
                courts = [x.court_id for x in here if x.kind == "court"]
                judges = [x for x in here if x.kind == "actor" and _judicial(x.title)]
                judicial = bool(courts or judges or re.search(r"\b(?:judge|court)\b", sentence))
                verbs: list[tuple[str, re.Match[str]]] = []
                for m in vocab.ORDER_VERB.finditer(sentence):
                    if judicial or (previous_judicial and re.match(r"(?:She|He|It)\b", sentence)):
                        verbs.append(("order", m))
                        break
                for kind, rx in vocab.CUSTODY_VERBS:
                    for m in rx.finditer(sentence):
                        if not any(v.start() < m.end() and m.start() < v.end() for _, v in verbs):
                            verbs.append((kind, m))
                        break
                verbs.sort(key=lambda v: v[1].start())
                previous_judicial = judicial
                deadlines = [r for r in dates if r.mention.tense == "deadline"]
                plain = [r for r in dates if r.mention.tense != "deadline"]
                for kind, m in verbs:
                    mine = [
                        r
                        for r in plain
                        if min(verbs, key=lambda v: _distance(v[1], r)) == (kind, m)
                        and (kind != "admitted" or r.mention.start > m.end())
                    ]
                    if not mine:
                        if kind == "order" and deadlines:
                            if last_order is not None and events[last_order].paragraph >= p - 1:
                                old = events[last_order]
                                events[last_order] = _with_deadlines(old, deadlines)
                            else:
                                court = (
                                    courts[0]
                                    if courts
                                    else self._implied_court(sentence, judges, p)
                                )
                                events.append(
                                    Event(
                                        "order",
                                        None,
                                        sentence,
                                        p,
                                        m.group(0),
                                        court_id=court,
                                        judge=judges[0].name if judges else None,
                                        deadlines=tuple(deadlines),
                                        only_court=self.only_court(),
                                    )
                                )
                                last_order = len(events) - 1
                        continue
                    when = min(mine, key=lambda r: _distance(m, r))
                    court = courts[0] if courts else None
                    if court is None and kind == "order":
                        court = self._implied_court(sentence, judges, p)
                    people = tuple(x.name for x in here if x.kind == "person")
                    facility = next((x.name for x in here if x.kind == "facility"), None)
                    places = tuple(x.name for x in here if x.kind == "place")
                    event = Event(
                        kind,
                        when,
                        sentence,
                        p,
                        m.group(0),
                        court_id=court,
                        judge=next((j.name for j in judges if j.first[1] < m.start() + s), None)
                        if judges and judges[0].first[0] == p
                        else (judges[0].name if judges else None),
                        people=people,
                        facility=facility,
                        places=places,
                        deadlines=tuple(deadlines) if kind == "order" else (),
                        only_court=self.only_court(),
                    )
                    same = next(
                        (
                            i
                            for i, x in enumerate(events)
                            if x.when is not None
                            and (x.kind, x.when.value, x.court_id) == (kind, when.value, court)
                        ),
                        None,
                    )
                    if same is None:
                        events.append(event)
                        same = len(events) - 1
                    else:
                        events[same] = _merged(events[same], event)
                    if kind == "order":
                        last_order = same
        return _without_vaguer(events)

    def _implied_court(self, sentence: str, judges: list[Entity], p: int) -> str | None:
        """The court an order comes from when the sentence names none: a justice's is the
        Supreme Court; "appeals court" or "federal judge" is the article's only court of
        that kind; else the court named in the same paragraph."""
        if any(j.title in ("Chief Justice", "Justice", "Justices") for j in judges):
            return "scotus"
        courts = [x.court_id for x in self.entities.values() if x.kind == "court" and x.court_id]
        circuits = [c for c in courts if re.fullmatch(r"ca\d+", c)]
        districts = [c for c in courts if c not in circuits and c != "scotus"]
        if re.search(r"\bappeals court\b|\bappellate\b", sentence) and len(circuits) == 1:
            return circuits[0]
        if re.search(r"\b(?:federal|district) judge\b", sentence) and len(districts) == 1:
            return districts[0]
        para = self.in_span(p, 0, len(self.article.paragraphs[p]), ("court",))
        return para[0].court_id if para else None

    def only_court(self) -> str | None:
        """The article's court when it names exactly one."""
        courts = {x.court_id for x in self.entities.values() if x.kind == "court"}
        return courts.pop() if len(courts) == 1 else None

    # -- quotes --------------------------------------------------------------------------
    def find_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        last_speaker: str | None = None
        for p, text in enumerate(self.article.paragraphs):
            spans = sentences(text)
            previous: re.Match[str] | None = None
            for m in vocab.QUOTE.finditer(text):
                words = m.group("text").strip().rstrip(",").strip()
                if previous is not None and quotes and _continues(text, previous, m):
                    # "A," Wilkinson wrote, "b." is one quote, its two parts joined
                    last = quotes[-1]
                    joined = f"{last.text} … {words}"
                    quotes[-1] = Quote(joined, last.speaker, last.excerpt, p, last.said, last.about)
                    previous = m
                    continue
                previous = m
                if len(words.split()) < 3:
                    continue
                s0 = next(s for s, e in spans if s <= m.start() < e + 1)
                e0 = next((e for s, e in spans if s <= m.end() - 1 < e), len(text))
                speaker = self._speaker(p, text, s0, m.start(), m.end(), e0)
                if speaker == "":
                    speaker = last_speaker
                if speaker is None:
                    previous = None
                    continue  # no named speaker: not a statement anyone could record
                last_speaker = speaker
                excerpt = text[s0:e0]
                dates = [
                    r
                    for r in resolve_dates(excerpt, self.published, paragraph=text)
                    if not _inside_quote(excerpt, r.mention.start) and r.mention.tense != "deadline"
                ]
                about = tuple(
                    x.name
                    for x in self.in_span(p, s0, e0, ("person",))
                    if x.name != speaker and m.start() <= _start_of(self, p, x) < m.end()
                )
                quotes.append(Quote(words, speaker, excerpt, p, dates[0] if dates else None, about))
        return quotes

    def _speaker(self, p: int, text: str, s0: int, qs: int, qe: int, e0: int) -> str | None:
        """The entity named as the speaker; "" for a pronoun (the last speaker); None."""
        tail = text[qe:e0]
        after = re.match(rf"^[,.]?\s*{vocab.SPEECH}\s+(?P<rest>.*)$", tail, re.DOTALL)
        if after:
            found = self.in_span(p, qe + after.start("rest"), e0, ("person", "actor"))
            return found[0].name if found else None
        before_verb = re.match(
            rf"^[,.]?\s*(?P<who>(?:[^\s\"“”]+\s+){{0,9}}?){vocab.SPEECH}\b", tail
        )
        if before_verb:
            who = before_verb.group("who").strip()
            if vocab.PRONOUN.match(who):
                return ""
            found = self.in_span(p, qe, qe + before_verb.end("who"), ("person", "actor"))
            if found:
                return found[0].name
        according = re.search(r"according to\s+", tail)
        if according:
            found = self.in_span(p, qe + according.end(), e0, ("person", "actor"))
            if found:
                return found[0].name
        head = text[s0:qs]
        if re.search(rf"\b{vocab.SPEECH}\b(?:\s+that)?(?:\s+if\s+[^\"“”]*)?[,:]?\s*$", head):
            verb = re.search(rf"\b{vocab.SPEECH}\b", head)
            assert verb is not None
            found = self.in_span(p, s0, s0 + verb.start(), ("person", "actor"))
            if found:
                return found[0].name
            if re.search(r"\b(?:he|she)\s+$", head[: verb.start()], re.IGNORECASE):
                return ""
        return None


def _start_of(finder: _Finder, p: int, entity: Entity) -> int:
    return next((ts for tp, ts, _, name in finder.taken if tp == p and name == entity.name), -1)


def _without_vaguer(events: list[Event]) -> list[Event]:
    """Drop a month-precision event ("deported in March") when the article also dates the
    same kind of event to a day of that month ("removed on March 3")."""
    days = {(e.kind, e.when.value[:7]) for e in events if e.when and len(e.when.value) >= 10}
    return [
        e
        for e in events
        if not (e.when and len(e.when.value) == 7 and (e.kind, e.when.value) in days)
    ]


def _continues(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """True when `second` goes on `first` after its attribution: '"A," X said, "b."'."""
    between = text[first.end() : second.start()]
    return bool(
        re.fullmatch(rf"[,.]?\s*[^\"“”.]{{0,60}}\b{vocab.SPEECH}\b[^\"“”.]{{0,20}},\s*", between)
        and second.group("text")[:1].islower()
    )


def _judicial(title: str | None) -> bool:
    return bool(title) and bool(re.search(r"Judge|Justice", title or ""))


def _inside_quote(text: str, pos: int) -> bool:
    return sum(text[:pos].count(q) for q in '"“”') % 2 == 1


def _distance(m: re.Match[str], r: ResolvedDate) -> int:
    """How far a date is from a verb: a date after its verb ("was deported on March 15")
    is nearer than one as far before it."""
    if r.mention.start >= m.end():
        return r.mention.start - m.end()
    return m.start() - r.mention.end + 25


def _merged(old: Event, new: Event) -> Event:
    """The same event read twice: keep the first, fill what it lacked."""
    merged = _with_deadlines(old, list(new.deadlines))
    return Event(
        merged.kind,
        merged.when,
        merged.excerpt,
        merged.paragraph,
        merged.verb,
        merged.court_id or new.court_id,
        merged.judge or new.judge,
        merged.people or new.people,
        merged.facility or new.facility,
        merged.places or new.places,
        merged.deadlines,
        merged.only_court,
    )


def _with_deadlines(event: Event, deadlines: list[ResolvedDate]) -> Event:
    known = {d.value for d in event.deadlines}
    new = tuple(d for d in deadlines if d.value not in known)
    return Event(
        event.kind,
        event.when,
        event.excerpt,
        event.paragraph,
        event.verb,
        event.court_id,
        event.judge,
        event.people,
        event.facility,
        event.places,
        event.deadlines + new,
        event.only_court,
    )


def find_facts(article: Article, published: date) -> ArticleFacts:
    """Every mention, dated event and attributed quote the rules find in `article`."""
    finder = _Finder(article, published)
    finder.find_mentions()
    events = finder.find_events()
    quotes = finder.find_quotes()
    return ArticleFacts(published, list(finder.entities.values()), events, quotes)
