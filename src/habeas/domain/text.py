"""Folding names for search: case, accents, punctuation and spacing do not matter."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "tokens", "with_article"]

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Kilmar Ábrego-García' -> 'kilmar abrego garcia'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def tokens(text: str) -> list[str]:
    """The folded words of `text`."""
    return [t for t in fold(text).split(" ") if t]


def with_article(word: str) -> str:
    """'a person', 'an actor'."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
