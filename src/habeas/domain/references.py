"""The rule for a reference from one record to another, in one place.

A reference must point at a current (not retracted) record of one of the types its field
allows. Bundles, spreadsheets, forms and the API all judge references with this function;
they differ only in how they look the referred keys up.
"""

from __future__ import annotations

from habeas.domain.text import with_article

__all__ = ["Hit", "reference_problem"]

Hit = tuple[str, str]
"""What a lookup found for a key: (record type, status: 'active' or 'retracted')."""


def reference_problem(
    key: str, allowed: tuple[str, ...], hit: Hit | None, *, nowhere: str = "not in the ledger"
) -> str | None:
    """Why a reference to `key` is not acceptable (None when it is).

    `allowed` is the types the field accepts; `hit` what the lookup found; `nowhere` says
    where the key was looked for, for the message ('not in this file or the ledger').
    """
    if hit is None or hit[1] != "active":
        what = "retracted" if hit else nowhere
        return f"dangling key {key!r}: {what}"
    if hit[0] not in allowed:
        return f"{key!r} is {with_article(hit[0])}, expected {' or '.join(allowed)}"
    return None
