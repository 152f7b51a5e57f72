"""Folding names for search: case, accents, punctuation and spacing do not matter."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "slug", "tokens", "with_article"]

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Kilmar Ábrego-García' -> 'kilmar abrego garcia'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def slug(text: str, limit: int = 60, *, empty: str = "x") -> str:
    """'Kilmar Ábrego — 2025-04-14' -> 'kilmar-abrego-2025-04-14': the folded words joined by
    dashes, at most `limit` characters; `empty` when nothing is left."""
    return re.sub(r"\s+", "-", fold(text))[:limit].strip("-") or empty


def tokens(text: str) -> list[str]:
    """The folded words of `text`."""
    return [t for t in fold(text).split(" ") if t]


def with_article(word: str) -> str:
    """'a person', 'an actor'."""
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"
