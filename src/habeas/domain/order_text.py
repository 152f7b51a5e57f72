"""Which docket entries are orders, read from the entry's text.

Clerks write docket text in a few set forms: an order's entry begins with what it is
("ORDER granting…", "MEMORANDUM OPINION AND ORDER", "PAPERLESS ORDER", "MINUTE ORDER",
"TEMPORARY RESTRAINING ORDER"), appellate clerks write "ORDER filed granting…", and the
Supreme Court's docket says "Application (24A949) granted by The Chief Justice" or
"Judgment issued". A filing *about* an order ("MOTION for Temporary Restraining Order",
"PROPOSED ORDER", "RESPONSE to Order to Show Cause", "NOTICE of Appeal as to Order") is not one.

`order_kind(text)` gives the kind of `habeas.domain.courts_records.Order` an entry's text
announces, or None when it is not an order. It errs towards proposing: an editor reviews
every draft, and a missed order is worse than a rejected draft.
"""

from __future__ import annotations

import re

__all__ = ["order_kind"]

# Words that, at the start of an entry, make it a filing about an order, not an order.
_NOT_AN_ORDER = re.compile(
    r"^\s*(?:\[?\d+\]?\s*)?(?:proposed|motion|emergency\s+motion|consent\s+motion|"
    r"joint\s+motion|response|reply|notice|memorandum\s+in\s+(?:support|opposition)|"
    r"memorandum\s+of\s+law|brief|letter|objection|declaration|affidavit|exhibit|"
    r"status\s+report|supplemental\s+(?:brief|memorandum|declaration)|transcript|"
    r"application\s+for|petition\s+for|request|summons|certificate|copy\s+of|"
    r"mandate|opposition|stipulation|praecipe|consent|appeal)\b",
    re.IGNORECASE,
)

# (pattern at the start of the text, Order.kind) — the first that matches wins.
_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (r"^\s*(?:amended|corrected)\s+(?:\w+\s+){0,3}order\b", "amended_order"),
        (r"^\s*temporary\s+restraining\s+order\b", "temporary_restraining_order"),
        (r"^\s*(?:order\s+granting\s+)?preliminary\s+injunction\b", "preliminary_injunction"),
        (r"^\s*memorandum\s+opinion\s+(?:and|&)\s+order\b", "memorandum_opinion"),
        (r"^\s*memorandum\s+(?:opinion|decision)\b", "memorandum_opinion"),
        (
            r"^\s*(?:paperless\s+|electronic\s+|text\s+|marginal\s+)?minute\s+(?:order|entry)\b",
            "minute_order",
        ),
        (r"^\s*(?:paperless|electronic|text|marginal)\s+order\b", "minute_order"),
        (r"^\s*oral\s+order\b", "oral_order"),
        (r"^\s*scheduling\s+order\b", "scheduling_order"),
        (r"^\s*(?:final\s+|clerk'?s\s+)?judgment\b", "judgment"),
        (r"^\s*judgment\s+issued\b", "judgment"),
        (r"^\s*(?:published\s+|unpublished\s+)?(?:authored\s+)?opinion\b", "opinion"),
        (r"^\s*(?:\w+\s+){0,2}order\b", "order"),
        (
            r"^\s*(?:application|motion|petition)\s*\([^)]*\)\s*(?:\w+\s+){0,3}"
            r"(?:granted|denied|referred\s+to\s+the\s+court)\b",
            "order",
        ),
        (
            r"^\s*(?:application|motion|petition)\s+(?:\w+\s+){0,6}"
            r"(?:granted|denied)\s+by\b",
            "order",
        ),
    )
)

_LEADING_NUMBER = re.compile(r"^\s*\[?\d+\]?\s*[-–—:.]?\s*")


def order_kind(text: str) -> str | None:
    """The kind of order an entry's text announces, or None when it is not an order."""
    body = _LEADING_NUMBER.sub("", text or "", count=1).lstrip(" *-–—:")
    if not body:
        return None
    head = body[:200]
    if _NOT_AN_ORDER.match(head) and not re.match(
        r"^\s*(?:application|motion|petition)\s*(?:\([^)]*\)|\s+\w+)", head, re.IGNORECASE
    ):
        return None
    for pattern, kind in _FORMS:
        if pattern.match(head):
            if (
                kind == "order"
                and _NOT_AN_ORDER.match(head)
                and not re.search(r"\b(?:granted|denied)\b", head[:160], re.IGNORECASE)
            ):
                return None
            return kind
    return None
