"""A person's name as it is written, parsed into given names and surnames.

The same man is "Kilmar Armando Abrego Garcia" in a caption, "Abrego Garcia, Kilmar" on a
list and "ABREGO GARCIA K A" on a manifest. `parse_name` reads each of these into the same
parts, so search and matching compare like with like:

- Case, accents and punctuation do not matter (`habeas.domain.text.fold`).
- "Surnames, Given names": a comma puts the surnames first.
- Trailing initials ("ABREGO GARCIA K A") mark a manifest's surname-first order; initials
  elsewhere ("K. A. Abrego Garcia", "Kilmar A. Abrego") are given names: the names before
  the last initial are given, those after it surnames.
- Otherwise the Spanish and Portuguese convention: the last two names are the surnames
  (father's and mother's, or the other way round in Portuguese), the rest given names; two
  names are one given name and one surname; one name alone is taken as a surname.
- Particles belong to the name after them: "de la Cruz", "del Río", "da Silva", "dos
  Santos", "van der Berg" are one surname each. "y" or "e" between two surnames joins them.
- Married names: "viuda de Pérez" (widowed) and a last "de Pérez" after a given name and a
  surname ("María López de Pérez") are married surnames, kept apart from the surnames of
  birth.

What it cannot know: whether "Kilmar Armando Abrego" is two given names and one surname or
one given name and two surnames (it reads the latter), nor the order of an upper-case list
without a comma or initials. Search and matching therefore also compare names across roles.
This module is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from habeas.domain.text import fold

__all__ = [
    "PARTICLES",
    "NameRole",
    "PersonName",
    "is_particle",
    "name_tokens",
    "name_variants",
    "parse_name",
]

NameRole = Literal["given", "initial", "surname", "married"]

PARTICLES = frozenset(
    {"de", "del", "da", "das", "do", "dos", "di", "du", "van", "von", "ten", "ter"}
)
"""Words that join the name after them into one surname ("de la Cruz", "dos Santos")."""

_ARTICLES = frozenset({"la", "las", "los", "le", "der", "den"})
"""Words that are particles only after a particle ("de la", "van der"); else names."""

_CONNECTORS = frozenset({"y", "e"})
"""Words that join two surnames ("García y Pérez", "Silva e Santos")."""

_WIDOW = frozenset({"viuda", "viudo", "vda", "vdo", "viuva", "viuvo"})
"""Words that, before "de", introduce a widow's married name."""


def is_particle(word: str) -> bool:
    """Whether the folded `word` is a particle or an article of a surname."""
    return word in PARTICLES or word in _ARTICLES


def _significant(unit: str) -> tuple[str, ...]:
    """The words of a name unit without its particles: 'de la cruz' -> ('cruz',)."""
    words = unit.split(" ")
    return tuple(w for w in words if not is_particle(w)) or tuple(words[-1:])


@dataclass(frozen=True)
class PersonName:
    """A person's name as written, in parts. Every part is folded (lower case, no accents);
    a surname keeps its particles ("de la cruz")."""

    written: str
    """The name exactly as it was given."""
    given: tuple[str, ...]
    """Given names written out: ('kilmar', 'armando')."""
    initials: tuple[str, ...]
    """Given names written only as initials: ('k', 'a')."""
    surnames: tuple[str, ...]
    """Surnames of birth, each with its particles: ('abrego', 'garcia'), ('de la cruz',)."""
    married: tuple[str, ...] = ()
    """Married surnames ("de Pérez", "viuda de Pérez"), without the 'de': ('perez',)."""
    widowed: bool = False
    """Written with "viuda de" (or viudo, vda.)."""
    surname_first: bool = False
    """Written surnames first (a comma, or a manifest's trailing initials)."""

    @property
    def given_words(self) -> tuple[str, ...]:
        """The words of the given names, particles left out."""
        return tuple(w for g in self.given for w in _significant(g))

    @property
    def surname_words(self) -> tuple[str, ...]:
        """The words of the surnames of birth, particles left out: ('cruz',)."""
        return tuple(w for s in self.surnames for w in _significant(s))

    @property
    def married_words(self) -> tuple[str, ...]:
        """The words of the married surnames, particles left out."""
        return tuple(w for s in self.married for w in _significant(s))

    @property
    def given_initials(self) -> tuple[str, ...]:
        """The initial of every given name, written out or not: ('k', 'a')."""
        return tuple(g[0] for g in self.given_words) + self.initials

    def words(self) -> tuple[tuple[str, NameRole], ...]:
        """Every significant word with the part of the name it is, in written order of
        the parts: given names, initials, surnames, married surnames."""
        return (
            tuple((w, "given") for w in self.given_words)
            + tuple((w, "initial") for w in self.initials)
            + tuple((w, "surname") for w in self.surname_words)
            + tuple((w, "married") for w in self.married_words)
        )

    @property
    def tokens(self) -> tuple[str, ...]:
        """The significant words, without repeats, in the order of `words`."""
        return tuple(dict.fromkeys(w for w, _ in self.words()))

    @property
    def canonical(self) -> str:
        """'abrego garcia, kilmar armando': surnames, a comma, given names and initials;
        a married surname after the surnames as 'de perez'."""
        family = list(self.surnames) + [f"de {m}" for m in self.married]
        given = list(self.given) + list(self.initials)
        return ", ".join(p for p in (" ".join(family), " ".join(given)) if p)


def _units(words: list[str]) -> list[str]:
    """Group words into name units, each particle (and article after it) with the name
    after it: ['maria', 'de', 'la', 'cruz'] -> ['maria', 'de la cruz']. A particle left
    at the end joins the unit before it."""
    units: list[str] = []
    pending: list[str] = []
    for w in words:
        if w in PARTICLES or (pending and w in _ARTICLES):
            pending.append(w)
            continue
        units.append(" ".join([*pending, w]))
        pending = []
    if pending:
        if units:
            units[-1] = " ".join([units[-1], *pending])
        else:
            units.append(" ".join(pending))
    return units


def _drop_connectors(words: list[str]) -> list[str]:
    """Drop 'y' and 'e' standing between two written-out names."""
    return [
        w
        for i, w in enumerate(words)
        if not (
            w in _CONNECTORS
            and 0 < i < len(words) - 1
            and len(words[i - 1]) > 1
            and len(words[i + 1]) > 1
        )
    ]


def _split_married(units: list[str], *, given_first: bool) -> tuple[list[str], list[str], bool]:
    """Take married surnames off the end of `units`: (rest, married, widowed)."""
    for i in range(len(units) - 1):
        if units[i] in _WIDOW and units[i + 1].startswith("de "):
            married = [u.removeprefix("de ") for u in units[i + 1 :]]
            return units[:i], married, True
    last = units[-1] if units else ""
    parts = last.split(" ")
    if given_first and len(units) >= 3 and len(parts) == 2 and parts[0] == "de":
        return units[:-1], [parts[1]], False
    return units, [], False


def parse_name(text: str) -> PersonName:
    """Parse a person's name as written (see the module). Raises ValueError when `text`
    holds no letter or digit."""
    if not fold(text):
        raise ValueError(f"a person's name needs at least one letter: {text!r}")
    if "," in text:
        head, _, tail = text.partition(",")
        family = _drop_connectors(fold(head).split())
        rest = [w for w in fold(tail).split() if w]
        given = [w for w in rest if len(w) > 1]
        initials = [w for w in rest if len(w) == 1]
        units, married, widowed = _split_married(_units(family), given_first=False)
        if not units and not married:  # ", Kilmar": nothing before the comma
            return PersonName(text, tuple(_units(given)), tuple(initials), ())
        return PersonName(
            text, tuple(_units(given)), tuple(initials), tuple(units), tuple(married),
            widowed, surname_first=True,
        )  # fmt: skip
    words = _drop_connectors(fold(text).split())
    trailing = 0
    while trailing < len(words) and len(words[-1 - trailing]) == 1:
        trailing += 1
    if 0 < trailing < len(words):  # "ABREGO GARCIA K A": a manifest, surnames first
        units, married, widowed = _split_married(_units(words[:-trailing]), given_first=False)
        return PersonName(
            text, (), tuple(words[-trailing:]), tuple(units), tuple(married), widowed,
            surname_first=True,
        )  # fmt: skip
    initials = [w for w in words if len(w) == 1]
    if initials and len(initials) < len(words):  # "K. A. Abrego Garcia", "Kilmar A. Abrego"
        last = max(i for i, w in enumerate(words) if len(w) == 1)
        given = [w for w in words[:last] if len(w) > 1]
        units, married, widowed = _split_married(_units(words[last + 1 :]), given_first=False)
        return PersonName(
            text, tuple(_units(given)), tuple(initials), tuple(units), tuple(married), widowed
        )
    units, married, widowed = _split_married(_units(words), given_first=True)
    if len(units) >= 3:
        given_units, surname_units = units[:-2], units[-2:]
    elif len(units) == 2:
        given_units, surname_units = units[:1], units[1:]
    else:
        given_units, surname_units = [], units
    return PersonName(text, tuple(given_units), (), tuple(surname_units), tuple(married), widowed)


def name_tokens(text: str) -> tuple[str, ...]:
    """The significant folded words of a name as written, particles and connectors left
    out, without repeats: 'María de la Cruz' -> ('maria', 'cruz'); () for no words."""
    if not fold(text):
        return ()
    return parse_name(text).tokens


def name_variants(name: PersonName) -> tuple[str, ...]:
    """The ways the same name is commonly written, folded, without repeats: given names
    then surnames, surnames then given names, the list form with a comma, the first
    given name with the first surname, and the manifest form with initials."""
    given = " ".join(name.given)
    initials = " ".join(name.given_initials)
    family = " ".join(name.surnames + tuple(f"de {m}" for m in name.married))
    forms = [
        " ".join(p for p in (given, " ".join(name.initials), family) if p),
        " ".join(p for p in (family, given, " ".join(name.initials)) if p),
        name.canonical,
        " ".join(p for p in (family, initials) if p),
    ]
    if name.given and name.surnames:
        forms.append(f"{name.given[0]} {name.surnames[0]}")
    if name.given_initials and name.surnames:
        forms.append(f"{name.given_initials[0]} {' '.join(name.surnames)}")
    return tuple(dict.fromkeys(f for f in forms if f))
