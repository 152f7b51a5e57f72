"""Records grouped once by the keys they are looked up by, so that each of many lookups
reads only its own group instead of filtering every record again.

A lookup by several keys answers each record once, in the order the records were given:
the same records, in the same order, as filtering the whole list by "any of its keys is
one of these".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

__all__ = ["Groups"]

T = TypeVar("T")


class Groups(Generic[T]):
    """`items` indexed by the keys `keys_of` gives each (None keys left out)."""

    def __init__(self, items: Iterable[T], keys_of: Callable[[T], Iterable[Hashable]]) -> None:
        self._items = list(items)
        self._at: dict[Hashable, list[int]] = defaultdict(list)
        for i, item in enumerate(self._items):
            for key in dict.fromkeys(keys_of(item)):
                if key is not None:
                    self._at[key].append(i)

    def of(self, keys: Iterable[Hashable]) -> tuple[T, ...]:
        """The items with at least one of `keys`, each once, in their original order."""
        found: set[int] = set()
        for key in keys:
            found.update(self._at.get(key, ()))
        return tuple(self._items[i] for i in sorted(found))
