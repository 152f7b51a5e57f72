"""Synthetic people's names in Spanish and Portuguese shapes, and a seeded misspeller.

Every name made here is SYNTHETIC: a random combination of common given names and
surnames, standing for no one (the names of the reference story's people are left out of
the lists). The benchmark (`bench/forgiving_search.py`), the held-out
recall evaluation (`bench/search_recall.py`) and its test use them.

The misspeller is written from how names go wrong in lists and by ear, not from the
search's rules: one or two random edits of a random kind, each seeded:

- a keyboard slip: a letter dropped, doubled, replaced by a neighbour on the keyboard, two
  letters swapped, a stray letter inserted;
- spelling by ear: b/v, s/z/c, ll/y, a silent h dropped or added, j/g, qu/k/c, ñ/n/ni;
- accents dropped, upper case, the surnames first with a comma, the second surname
  dropped, the given names as initials.
"""

from __future__ import annotations

import random
import unicodedata

__all__ = ["GIVEN", "SURNAMES", "misspell", "synthetic_name"]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN = _words(
    "José Juan Luis Carlos Jorge Miguel Pedro Manuel Antonio Francisco Javier Jesús Ángel "
    "Rafael Alejandro Fernando Ricardo Eduardo Roberto Sergio Raúl Óscar Héctor Víctor "
    "Gerardo Ernesto Guillermo Gustavo Arturo Mario Hugo Iván Joaquín Ramón Rubén Salvador "
    "Tomás Vicente Wilmer Yeison Kevin Brayan Edwin Wilson Nelson Elmer Marvin Dagoberto "
    "María Ana Rosa Carmen Josefa Isabel Lucía Elena Sofía Valentina Camila Gabriela "
    "Daniela Mariana Paula Andrea Natalia Verónica Patricia Silvia Gloria Beatriz Yolanda "
    "Guadalupe Concepción Dolores Esperanza Inés Leticia Marisol Rocío Xiomara Yesenia "
    "João Antônio Luíza Conceição Sebastião Gonçalo Thiago Raimundo Francisca Aparecida"
)

SURNAMES = _words(
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres "
    "Flores Rivera Gómez Díaz Cruz Morales Reyes Gutiérrez Ortiz Chávez Ramos Ruiz "
    "Vázquez Jiménez Mendoza Castillo Romero Álvarez Moreno Herrera Medina Aguilar "
    "Vargas Castro Guzmán Salazar Velásquez Rojas Contreras Valencia Zamora Villalobos "
    "Cervantes Quintero Quiñónez Echeverría Llanos Yáñez Barrientos Bolaños Zelaya "
    "Cifuentes Hidalgo Gallegos Olivares Orellana Argueta Escobar Portillo Amaya "
    "Ávila Benítez Cabrera Cienfuegos Delgado Espinoza Figueroa Galeano Henríquez Ibarra "
    "Juárez Lemus Maldonado Núñez Ocampo Peña Quezada Rosales Sandoval Trejo Urbina "
    "Valladares Xicará Yanes Zúñiga Silva Santos Oliveira Souza Pereira Costa Carvalho "
    "Gonçalves Ribeiro Almeida Nascimento Araújo Barbosa Cardoso Rocha Magalhães"
)

_PARTICLED = ("de la Cruz", "del Río", "de León", "da Silva", "dos Santos", "de Jesús")

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYBOARD = {
    row[i]: row[i + 1] if i + 1 < len(row) else row[i - 1] for row in _ROWS for i in range(len(row))
}
"""Each letter's right-hand neighbour on a QWERTY keyboard (the left one at a row's end)."""
_BY_EAR = (
    ("b", "v"), ("v", "b"), ("s", "z"), ("z", "s"), ("ce", "se"), ("ci", "si"), ("s", "c"),
    ("ll", "y"), ("y", "ll"), ("h", ""), ("j", "g"), ("ge", "je"), ("gi", "ji"),
    ("qu", "k"), ("c", "k"), ("ñ", "n"), ("ñ", "ni"), ("x", "j"), ("ss", "s"),
)  # fmt: skip


def _weighted(rng: random.Random, items: tuple[str, ...] | list[str]) -> str:
    """A Zipf-like pick: the first items are far more common, as real names are."""
    i = min(int(rng.paretovariate(1.1)) - 1, len(items) - 1)
    return items[(i * 7) % len(items)] if rng.random() < 0.3 else items[i]


def synthetic_name(rng: random.Random) -> str:
    """A SYNTHETIC person's full name: one or two given names, one or two surnames (now
    and then with a particle), now and then a married name."""
    given = [_weighted(rng, GIVEN)]
    if rng.random() < 0.5:
        given.append(rng.choice(GIVEN))
    surnames = [_weighted(rng, SURNAMES)]
    if rng.random() < 0.8:
        surnames.append(rng.choice(_PARTICLED) if rng.random() < 0.05 else rng.choice(SURNAMES))
    name = " ".join(given + surnames)
    if rng.random() < 0.03:
        name += f" de {rng.choice(SURNAMES)}"
    return name


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _slip(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.choice(("drop", "double", "neighbour", "swap", "insert"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "neighbour":
        c = word[i].lower()
        return word[:i] + _KEYBOARD.get(c, c) + word[i + 1 :]
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiourlnst") + word[i:]


def _by_ear(rng: random.Random, word: str) -> str:
    low = word.lower()
    options = [(a, b) for a, b in _BY_EAR if a in low]
    if not options:
        return _slip(rng, word)
    a, b = rng.choice(options)
    i = low.index(a)
    return word[:i] + b + word[i + len(a) :]


def misspell(rng: random.Random, name: str) -> str:
    """`name` as someone might write it wrong: one or two edits (see the module)."""
    words = name.split()
    for _ in range(rng.choice((1, 1, 2))):
        kind = rng.choice(("slip", "slip", "ear", "ear", "plain", "order", "initials", "drop"))
        i = rng.randrange(len(words))
        if kind == "slip":
            words[i] = _slip(rng, words[i])
        elif kind == "ear":
            words[i] = _by_ear(rng, words[i])
        elif kind == "plain":
            words = [_plain(w).upper() for w in words]
        elif kind == "order" and len(words) >= 3:
            words = [*words[-2:][:1], words[-1] + ",", *words[:-2]]
        elif kind == "initials" and len(words) >= 3:
            words = [*words[-2:], *(w[0] for w in words[:-2])]
        elif kind == "drop" and len(words) >= 3:
            words = words[:-1]
        else:
            words[i] = _slip(rng, words[i])
    return " ".join(w for w in words if w)
