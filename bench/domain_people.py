"""Synthetic person records in this domain's shape, with ground truth. Every person here is
synthetic (invented names, numbers and dates; flagged `synthetic`): not a real individual.

Each synthetic person is written by one to four sources, each in its own way:

- a court list: "ABREGO GARCIA, Kilmar A." (surnames first, a comma), often with a date of
  birth, sometimes the A-number;
- a flight manifest: "ABREGO GARCIA K A" (surnames, then initials), nationality, often the
  A-number, rarely a date of birth;
- a case caption: the full name, given names first;
- a news report: a given name and one surname, nothing else.

and the noise of real lists: typos (a letter dropped, doubled, swapped or replaced), Spanish
and Portuguese respellings (b/v, s/z, y/ll, a silent h, accents dropped), the order of the
names swapped, a second surname left out, a date of birth missing, only a year or a month, or
mistyped, and identifiers mistyped (a true match with a conflicting A-number). Namesakes
(different people with the same name, and different dates of birth and A-numbers) make the
hard negatives.

Each record also carries its context (under `context`: not part of the person's body, take
it out before storing one), the tokens the ledger gives a person record from what the
record ties it to (`habeas.storage.match_queries.contexts`):

- a manifest belongs to one flight: `transfer:<key>` (a transfer of 50 to 250 people, of
  whom the benchmark writes manifests for most and other records for some) and, nearly
  always, the destination by month, `facility:<key>@YYYY-MM` (one of a few large
  facilities: several flights a month land at each);
- a court list belongs to a class case, one per facility (`class:<key>`: a case concerning
  many people), names where the person is held half the time (the month they arrived, or
  the month after), and, for a person who also
  has an individual habeas petition, names that case on the list four times in ten
  (`case:<key>`: a case concerning one person);
- a caption is the person's own habeas case (`case:<key>`) and names the facility (the
  custodian, in the month of arrival or the one after) four times in ten;
- a news report names the flight a quarter of the time and a case a fifth of the time,
  otherwise nothing.

So "same flight" or "same facility in a month" is evidence among hundreds of people, not
proof; a namesake is put on the original's flight three times in ten (relatives travel
together); news reports and many captions and lists have little or no context. The context
is drawn from its own random stream, so every other field is exactly what it is without
context (`generate(..., context=False)`: the records as before, no `context`).

    from domain_people import generate
    records, truth = generate(20_000, seed=1)   # bodies, and entity id per record key
"""

from __future__ import annotations

import random
from typing import Any

GIVEN = [
    "jose",
    "juan",
    "luis",
    "carlos",
    "jorge",
    "miguel",
    "pedro",
    "jesus",
    "manuel",
    "francisco",
    "antonio",
    "david",
    "daniel",
    "oscar",
    "mario",
    "ricardo",
    "roberto",
    "fernando",
    "eduardo",
    "alejandro",
    "javier",
    "sergio",
    "raul",
    "victor",
    "hector",
    "wilmer",
    "yonathan",
    "kelvin",
    "deivis",
    "anderson",
    "edgar",
    "gustavo",
    "leonardo",
    "andres",
    "rafael",
    "gregorio",
    "angel",
    "ramon",
    "julio",
    "cesar",
    "marco",
    "henry",
    "nelson",
    "elmer",
    "kilmar",
    "douglas",
    "wilson",
    "walter",
    "william",
    "maria",
    "ana",
    "carmen",
    "rosa",
    "elena",
    "lucia",
    "sofia",
    "isabel",
    "gabriela",
    "daniela",
    "andrea",
    "paola",
    "karla",
    "jennifer",
    "yesenia",
    "marisol",
    "yolanda",
    "gloria",
    "patricia",
    "sandra",
    "claudia",
    "veronica",
    "adriana",
    "beatriz",
    "silvia",
    "monica",
    "lorena",
    "alejandra",
    "mariela",
    "joao",
    "paulo",
    "thiago",
    "lucas",
    "mateus",
    "gabriel",
    "rodrigo",
    "felipe",
    "bruno",
    "vinicius",
    "camila",
    "juliana",
    "fernanda",
    "leticia",
]
SURNAMES = [
    "garcia",
    "rodriguez",
    "martinez",
    "hernandez",
    "lopez",
    "gonzalez",
    "perez",
    "sanchez",
    "ramirez",
    "torres",
    "flores",
    "rivera",
    "gomez",
    "diaz",
    "reyes",
    "cruz",
    "morales",
    "ortiz",
    "gutierrez",
    "chavez",
    "ramos",
    "ruiz",
    "alvarez",
    "mendoza",
    "castillo",
    "jimenez",
    "moreno",
    "romero",
    "herrera",
    "medina",
    "aguilar",
    "vargas",
    "castro",
    "guzman",
    "fernandez",
    "juarez",
    "salazar",
    "rojas",
    "ortega",
    "delgado",
    "contreras",
    "vasquez",
    "vazquez",
    "guerrero",
    "estrada",
    "silva",
    "figueroa",
    "marcano",
    "urdaneta",
    "briceno",
    "colmenares",
    "bracho",
    "aponte",
    "quintero",
    "uzcategui",
    "abrego",
    "orellana",
    "portillo",
    "alvarado",
    "menjivar",
    "zelaya",
    "velasquez",
    "osorio",
    "pineda",
    "cardona",
    "escobar",
    "santos",
    "oliveira",
    "souza",
    "pereira",
    "carvalho",
    "almeida",
    "ferreira",
    "barbosa",
    "ribeiro",
    "goncalves",
    "cabrera",
    "villalobos",
    "benitez",
    "navarro",
    "sandoval",
    "montoya",
    "acosta",
    "ibarra",
    "campos",
    "vega",
    "soto",
    "valencia",
    "bautista",
    "nunez",
    "leon",
    "molina",
    "maldonado",
    "cordova",
    "solis",
    "avila",
    "rosales",
    "galindo",
    "cervantes",
    "rios",
    "mejia",
    "lara",
    "espinoza",
    "trejo",
    "paredes",
    "zuniga",
    "ventura",
    "carrillo",
    "barrios",
]
NATIONS = ("SV", "VE", "GT", "HN", "MX", "CO", "NI", "EC", "BR", "CU")
_RESPELL = (("v", "b"), ("b", "v"), ("z", "s"), ("s", "z"), ("ll", "y"), ("y", "ll"))
_RESPELL += (("ce", "se"), ("ci", "si"), ("j", "g"), ("gi", "ji"), ("qu", "k"))


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiourlnst") + word[i + 1 :]


def _respell(rng: random.Random, word: str) -> str:
    options = [(a, b) for a, b in _RESPELL if a in word]
    if word.startswith("h"):
        return word[1:]
    if not options:
        return word
    a, b = rng.choice(options)
    return word.replace(a, b, 1)


def _noisy(rng: random.Random, word: str, p: float) -> str:
    if rng.random() < p:
        word = _typo(rng, word)
    if rng.random() < p:
        word = _respell(rng, word)
    return word


def _a_number(rng: random.Random) -> str:
    return f"A{rng.randrange(10**8, 10**9):09d}"


def _person(rng: random.Random) -> dict[str, Any]:
    given = [rng.choice(GIVEN)] + ([rng.choice(GIVEN)] if rng.random() < 0.6 else [])
    surnames = [rng.choice(SURNAMES)] + ([rng.choice(SURNAMES)] if rng.random() < 0.85 else [])
    y, m, d = rng.randint(1960, 2007), rng.randint(1, 12), rng.randint(1, 28)
    return {
        "given": given,
        "surnames": surnames,
        "dob": (y, m, d),
        "nat": rng.choice(NATIONS),
        "a_number": _a_number(rng) if rng.random() < 0.85 else None,
    }


def _dob(rng: random.Random, dob: tuple[int, int, int], p_missing: float) -> str | None:
    r = rng.random()
    if r < p_missing:
        return None
    y, m, d = dob
    r = rng.random()
    if r < 0.1:
        return f"{y:04d}"
    if r < 0.18:
        return f"{y:04d}-{m:02d}"
    if r < 0.23:  # mistyped: day and month swapped, or the year off by one
        if d <= 12 and rng.random() < 0.5:
            m, d = d, m
        else:
            y += rng.choice((-1, 1))
    return f"{y:04d}-{m:02d}-{d:02d}"


def _write(rng: random.Random, p: dict[str, Any], key: str, kind: str) -> dict[str, Any]:
    noise = 0.07
    given = [_noisy(rng, g, noise) for g in p["given"]]
    surnames = [_noisy(rng, s, noise) for s in p["surnames"]]
    if len(surnames) == 2 and rng.random() < 0.2:
        surnames = surnames[:1]
    body: dict[str, Any] = {"type": "person", "key": key, "synthetic": True}
    ids: list[dict[str, str]] = []
    a_number = p["a_number"]
    if a_number and rng.random() < 0.02:  # mistyped: a true match with a conflicting number
        a_number = a_number[:-3] + f"{rng.randrange(1000):03d}"
    if kind == "list":
        up = " ".join(surnames).upper()
        body["full_name"] = f"{up}, {given[0].capitalize()}" + (
            f" {given[1][0].upper()}." if len(given) > 1 else ""
        )
        body["date_of_birth"] = _dob(rng, p["dob"], 0.35)
        if a_number and rng.random() < 0.75:
            ids.append({"scheme": "a_number", "value": a_number})
    elif kind == "manifest":
        body["full_name"] = " ".join(surnames).upper() + " " + " ".join(g[0].upper() for g in given)
        body["nationality"] = [p["nat"]]
        body["date_of_birth"] = _dob(rng, p["dob"], 0.8)
        if a_number and rng.random() < 0.85:
            ids.append({"scheme": "a_number", "value": a_number})
    elif kind == "caption":
        names = [g.capitalize() for g in given] + [s.capitalize() for s in surnames]
        if rng.random() < 0.05:  # swapped order, no comma
            names = [s.capitalize() for s in surnames] + [g.capitalize() for g in given]
        body["full_name"] = " ".join(names)
        body["date_of_birth"] = _dob(rng, p["dob"], 0.4)
        body["nationality"] = [p["nat"]] if rng.random() < 0.5 else []
        if a_number and rng.random() < 0.5:  # immigration filings carry the A-number
            ids.append({"scheme": "a_number", "value": a_number})
    else:  # news
        body["full_name"] = f"{given[0].capitalize()} {surnames[0].capitalize()}"
        body["nationality"] = [p["nat"]] if rng.random() < 0.6 else []
        if rng.random() < 0.3:  # "a 31-year-old from ...": the year of birth
            body["date_of_birth"] = f"{p['dob'][0]:04d}"
    if ids:
        body["identifiers"] = ids
    return {k: v for k, v in body.items() if v not in (None, [])}


FACILITIES = tuple(f"facility/synthetic-{i}" for i in range(1, 7))
MONTHS = tuple(f"2025-{m:02d}" for m in range(2, 7))


class _Context:
    """The flights, facilities and cases of the synthetic people, from their own stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{seed}:context")
        self.flights = 0
        self.seats = 0
        self.flight: tuple[str, str, str] | None = None

    def _new_flight(self) -> tuple[str, str, str]:
        self.flights += 1
        self.seats = self.rng.randint(50, 250)
        return (
            f"transfer/synthetic-{self.flights}",
            self.rng.choice(FACILITIES),
            self.rng.choice(MONTHS),
        )

    def person(
        self, entity: int, kinds: list[str], original: dict[str, Any] | None
    ) -> dict[str, Any]:
        """Where the person was taken and held, and their cases."""
        rng = self.rng
        flight = None
        if original is not None and original["flight"] and rng.random() < 0.3:
            flight = original["flight"]  # a namesake on the same flight
        elif "manifest" in kinds or rng.random() < 0.6:
            if self.flight is None or self.seats <= 0:
                self.flight = self._new_flight()
            self.seats -= 1
            flight = self.flight
        if flight is not None:
            facility, month = flight[1], flight[2]
        else:
            facility, month = rng.choice(FACILITIES), rng.choice(MONTHS)
        own = "caption" in kinds or rng.random() < 0.1
        return {
            "flight": flight,
            "facility": f"facility:{facility}@{month}",
            "later": f"facility:{facility}@2025-{int(month[5:]) + 1:02d}",
            "class": f"class:case/synthetic-class-{facility.rsplit('-', 1)[1]}",
            "case": f"case:case/synthetic-hc-{entity}" if own else None,
        }

    def _held(self, c: dict[str, Any]) -> str:
        """Where a list or a petition says the person is held: in the month they arrived,
        or (four times in ten) the month after."""
        return str(c["later"] if self.rng.random() < 0.4 else c["facility"])

    def tokens(self, c: dict[str, Any], kind: str) -> list[str]:
        """The context of one record of a person."""
        rng = self.rng
        transfer = f"transfer:{c['flight'][0]}" if c["flight"] else None
        out: list[str | None] = []
        if kind == "manifest":
            out = [transfer, c["facility"] if rng.random() < 0.9 else None]
        elif kind == "list":
            out = [c["class"], self._held(c) if rng.random() < 0.5 else None]
            out.append(c["case"] if rng.random() < 0.4 else None)
        elif kind == "caption":
            out = [c["case"], self._held(c) if rng.random() < 0.4 else None]
        else:  # news
            out = [transfer if rng.random() < 0.25 else None]
            out.append((c["case"] or c["class"]) if rng.random() < 0.2 else None)
        return sorted(t for t in out if t)


def generate(
    n: int, *, seed: int = 1, context: bool = True
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """About `n` synthetic person records and the entity (synthetic person) of each key;
    `context`: each record's context under `context` (see the module's docstring)."""
    rng = random.Random(seed)
    where = _Context(seed)
    records: list[dict[str, Any]] = []
    truth: dict[str, int] = {}
    people: list[dict[str, Any]] = []
    contexts: dict[int, dict[str, Any]] = {}
    entity = 0
    while len(records) < n:
        original = None
        if people and rng.random() < 0.03:  # a namesake: same name, another person
            chosen = rng.choice(people)
            original = contexts.get(id(chosen))
            twin = dict(chosen)
            twin.update(
                dob=(rng.randint(1960, 2007), rng.randint(1, 12), rng.randint(1, 28)),
                a_number=_a_number(rng) if rng.random() < 0.7 else None,
            )
            p = twin
        else:
            p = _person(rng)
        people.append(p)
        copies = min(1 + int(rng.expovariate(1.1)), 4)
        kinds: list[str] = []
        while len(kinds) < copies:  # lists and manifests are most of what comes in
            kind = rng.choices(("list", "manifest", "caption", "news"), (40, 35, 17, 8))[0]
            if kind not in kinds:
                kinds.append(kind)
        if context:
            contexts[id(p)] = where.person(entity, kinds, original)
        for kind in kinds:
            key = f"person/synthetic-{entity}-{kind}"
            record = _write(rng, p, key, kind)
            if context:
                record["context"] = where.tokens(contexts[id(p)], kind)
            records.append(record)
            truth[key] = entity
        entity += 1
    return records[:n], {r["key"]: truth[r["key"]] for r in records[:n]}


def true_pairs(truth: dict[str, int]) -> set[tuple[str, str]]:
    """Every pair of keys of one entity, (smaller, larger)."""
    by: dict[int, list[str]] = {}
    for k, e in truth.items():
        by.setdefault(e, []).append(k)
    out: set[tuple[str, str]] = set()
    for keys in by.values():
        keys.sort()
        out.update((a, b) for i, a in enumerate(keys) for b in keys[i + 1 :])
    return out
