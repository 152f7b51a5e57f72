"""The canary story: the small story plus records whose names, keys and fields are unique
words, so that finding one in an answer says exactly which level leaked.

    level         canaries
    public        a person with no custody (Plaincanary Publica)
    restricted    a person held at North Centre, their custody event, a sealed-ish case, a
                  source cited by the centre, a stored copy of that source, and a restricted
                  phone number on the public person
    confidential  a person held at North Centre, their custody event, a confidential event
                  of Ana, and the public person's A-number and address (confidential by
                  default)
    drafts        a queued draft (unreviewed: editors and admins only)

North Centre's population on 2025-03-10 is therefore 1 for the public (Ana), 2 for a viewer
(and the restricted person) and 3 for an editor (and the confidential person): a count that
says more than the list beside it is a leak too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR, PUBLIC, Principal
from habeas.domain.merges import pair_key
from habeas.domain.pairs import CandidatePair, pair_id
from habeas.domain.registry import parse_record
from habeas.services.copies import attach_copy
from habeas.services.drafts import NewDraft, queue_drafts
from habeas.services.merges import merge_people
from habeas.services.pair_review import propose_pairs
from habeas.services.writer import write_changes
from habeas.storage.store import Store
from tests.conftest import SRC, small_story

__all__ = [
    "CANARIES",
    "CENTRE_HELD",
    "COPY_BYTES",
    "LEVELS_SEEN",
    "MERGED_PERSON",
    "ROLES",
    "Role",
    "load_canaries",
]

RESTRICTED_PERSON = "person/zyqx-restricta"
CONFIDENTIAL_PERSON = "person/vorp-confida"
PUBLIC_PERSON = "person/plain-publica"
MERGED_PERSON = "person/merj-confida"
RESTRICTED_SOURCE = "source/quell-restricted"
RESTRICTED_CASE = "case/zyqx-case"
COPY_BYTES = b"Quellmemo the restricted memo's own bytes"

CANARIES: Mapping[str, tuple[str, ...]] = {
    "public": ("Plaincanary", PUBLIC_PERSON),
    "restricted": (
        "Zyqxcanary",
        RESTRICTED_PERSON,
        "ev/zyqx-1",
        RESTRICTED_CASE,
        "Quellcanary",
        RESTRICTED_SOURCE,
        "555 0177",
        "Quellmemo",
    ),
    "confidential": (
        "Vorpcanary",
        CONFIDENTIAL_PERSON,
        "ev/vorp-1",
        "ev/ana-secret-1",
        "A-CANARY-771",
        "Canaryfield",
        "Merjcanary",
        MERGED_PERSON,
    ),
    "drafts": ("Draftcanary",),
}
"""level -> the words that appear only in data of that level."""


@dataclass(frozen=True)
class Role:
    """One kind of reader: how it asks, and what it may see."""

    name: str
    principal: Principal
    public_view: bool = True
    username: str | None = None


ROLES: tuple[Role, ...] = (
    Role("anonymous", PUBLIC, public_view=False),
    Role("public", PUBLIC),
    Role("viewer", Principal("leak-viewer", "viewer"), username="leak-viewer"),
    Role("editor", Principal("leak-editor", "editor"), username="leak-editor"),
    Role("admin", Principal("leak-admin", "admin"), username="leak-admin"),
)

LEVELS_SEEN: Mapping[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "public": frozenset({"public"}),
    "viewer": frozenset({"public", "restricted"}),
    "editor": frozenset({"public", "restricted", "confidential", "drafts"}),
    "admin": frozenset({"public", "restricted", "confidential", "drafts"}),
    "local": frozenset({"public", "restricted", "confidential", "drafts"}),
}
"""role -> the canary levels it may see (domain/access.py CLEARANCE; drafts: import)."""

CENTRE_HELD: Mapping[str, int] = {"public": 1, "viewer": 2, "editor": 3, "admin": 3, "local": 3}
"""role -> how many people North Centre held on 2025-03-10, as that role may count them."""


def _event(key: str, person: str, at: str, **more: Any) -> dict[str, Any]:
    return {
        "type": "custody_event",
        "key": key,
        "person": person,
        "kind": "detained",
        "at": at,
        "facility": "facility/centre",
        "synthetic": True,
        "sources": [{"source": SRC}],
        **more,
    }


def canary_story() -> list[dict[str, Any]]:
    """The small story with the canaries added."""
    records = small_story()
    for r in records:
        if r["key"] == "facility/centre":  # a public fact citing a restricted source too
            r["sources"] = [{"source": SRC}, {"source": RESTRICTED_SOURCE}]
    return [
        {
            "type": "source",
            "key": RESTRICTED_SOURCE,
            "kind": "testimony",
            "title": "Quellcanary Report",
            "sensitivity": "restricted",
        },
        *records,
        {
            "type": "court",
            "key": "court/mdd",
            "court_id": "mdd",
            "name": "D. Md.",
            "sources": [{"source": SRC}],
        },
        {
            "type": "person",
            "key": PUBLIC_PERSON,
            "full_name": "Plaincanary Publica",
            "synthetic": True,
            "identifiers": [{"scheme": "a_number", "value": "A-CANARY-771"}],
            "addresses": [{"text": "77 Canaryfield Road"}],
            "contacts": [{"kind": "phone", "value": "+1 555 0177", "sensitivity": "restricted"}],
            "sources": [{"source": SRC}],
        },
        {
            "type": "person",
            "key": RESTRICTED_PERSON,
            "full_name": "Zyqxcanary Restricta",
            "synthetic": True,
            "sensitivity": "restricted",
            "sources": [{"source": SRC}],
        },
        {
            "type": "person",
            "key": CONFIDENTIAL_PERSON,
            "full_name": "Vorpcanary Confida",
            "synthetic": True,
            "sensitivity": "confidential",
            "sources": [{"source": SRC}],
        },
        {
            "type": "person",
            "key": MERGED_PERSON,
            "full_name": "Merjcanary Confida",
            "synthetic": True,
            "sensitivity": "confidential",
            "sources": [{"source": SRC}],
        },
        # public events of people above clearance: withheld with the person
        _event("ev/zyqx-1", RESTRICTED_PERSON, "2025-03-02"),
        _event("ev/vorp-1", CONFIDENTIAL_PERSON, "2025-03-03"),
        # a confidential event of a public person (it changes no count)
        _event("ev/ana-secret-1", "person/ana", "2025-03-04", sensitivity="confidential"),
        {
            "type": "case",
            "key": RESTRICTED_CASE,
            "court": "court/mdd",
            "docket_number": "8:25-cv-77",
            "caption": "Zyqxcanary v. Agency",
            "filed": "2025-03-20",
            "persons_concerned": [RESTRICTED_PERSON],
            "sensitivity": "restricted",
            "sources": [{"source": SRC}],
        },
    ]


PAIRS = (
    ("person/ana", PUBLIC_PERSON),
    (PUBLIC_PERSON, RESTRICTED_PERSON),
    ("person/ana", CONFIDENTIAL_PERSON),
)
"""Candidate pairs in the review queue: one public, one restricted, one confidential."""
PAIR_REFS = tuple(pair_key(pair_id(a, b)).removeprefix("pair/") for a, b in PAIRS)


MERGES = ((PUBLIC_PERSON, MERGED_PERSON),)
"""A confidential person merged into a public one: the survivor's answers list it only to
readers cleared for it (a confidential merge, followed by editors alone)."""


def load_canaries(store: Store, tmp: Path) -> str:
    """Write the canary story, a stored copy of the restricted source, a draft, the
    candidate pairs and the merges; the copy's SHA-256."""
    write_changes(store, [parse_record(r) for r in canary_story()], author="test")
    memo = tmp / "memo.txt"
    memo.write_bytes(COPY_BYTES)
    attached = attach_copy(store, RESTRICTED_SOURCE, memo, principal=LOCAL_OPERATOR)
    with store.write() as tx:
        queue_drafts(
            tx.conn,
            [
                NewDraft(
                    kind="person",
                    origin="test/draft-1",
                    source=SRC,
                    summary="Draftcanary Person named in an article",
                    record={"type": "person", "key": "person/draftcanary", "full_name": "X"},
                )
            ],
            created_by="test",
        )
    propose_pairs(
        store, LOCAL_OPERATOR, [CandidatePair.of(a, b, 5.0, 0.9) for a, b in PAIRS], origin="test"
    )
    for survivor, absorbed in MERGES:
        merge_people(
            store, LOCAL_OPERATOR, survivor=survivor, absorbed=absorbed, reason="canary merge"
        )
    return attached.sha256


def leaked(text: str, role: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """The canaries of levels `role` may not see found in `text` (`allowed`: words the
    reader gave in the request itself, which an answer may repeat)."""
    seen = LEVELS_SEEN[role]
    return [
        word
        for level, words in CANARIES.items()
        if level not in seen
        for word in words
        if word not in allowed and word in text
    ]


def missing(texts: list[str], role: str) -> list[str]:
    """The canaries of levels `role` may see found in none of `texts` (the walk must show
    them: a test that sees nothing for anyone cannot fail)."""
    everything = "\n".join(texts)
    return [
        word
        for level, words in CANARIES.items()
        if level in LEVELS_SEEN[role]
        for word in words
        if word not in everything
    ]
