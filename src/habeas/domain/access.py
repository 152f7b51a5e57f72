"""Who may see and do what: roles, their clearance, and the redaction of records.

Every record has a sensitivity (public, restricted, confidential), and so does each item of
a person's identifiers, relationships, addresses and contacts (confidential by default).
A role is cleared for some levels; what is above its clearance is withheld:

    role     clearance                            may
    public   public                               read
    viewer   public, restricted                   read
    editor   public, restricted, confidential     read, read_confidential, write, import
    admin    public, restricted, confidential     all of the above, verify, admin

Redaction answers "what of this record may this role see?" as if what it may not see did not
exist: a record above clearance is withheld whole; an item above clearance is left out of its
list; a list item that refers to a withheld record is left out; an optional reference to a
withheld record is cleared, and a record whose *required* reference points at a withheld record
(a custody event of a confidential person) is withheld whole. docs/access.md explains why.

Pure: no I/O. Which keys are withheld (`hidden`) is for the caller to find out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from habeas.domain.access_errors import Forbidden, NotAuthenticated, RateLimited
from habeas.domain.base import Model, Record, Sensitivity
from habeas.domain.registry import canonical_record

__all__ = [
    "ACCOUNT_ROLES",
    "ACTIONS",
    "CLEARANCE",
    "LEVELS",
    "LOCAL_OPERATOR",
    "PUBLIC",
    "ROLES",
    "Action",
    "Forbidden",
    "NotAuthenticated",
    "Principal",
    "RateLimited",
    "Redaction",
    "Role",
    "can",
    "clears",
    "levels_in",
    "redact",
    "redact_json",
    "redaction",
    "redaction_note",
    "require",
]

Role = Literal["public", "viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("public", "viewer", "editor", "admin")
ACCOUNT_ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")
"""The roles an account can have (public is nobody's account: it is the signed-out reader)."""

Action = Literal["read", "read_confidential", "write", "import", "verify", "admin"]
ACTIONS: tuple[Action, ...] = ("read", "read_confidential", "write", "import", "verify", "admin")

LEVELS: tuple[Sensitivity, ...] = ("public", "restricted", "confidential")
"""The sensitivity levels, least sensitive first."""

_ALL: frozenset[Sensitivity] = frozenset(LEVELS)

CLEARANCE: Mapping[Role, frozenset[Sensitivity]] = MappingProxyType(
    {
        "public": frozenset({"public"}),
        "viewer": frozenset({"public", "restricted"}),
        "editor": _ALL,
        "admin": _ALL,
    }
)
"""The levels each role may see."""

_PERMISSIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "public": frozenset({"read"}),
        "viewer": frozenset({"read"}),
        "editor": frozenset({"read", "read_confidential", "write", "import"}),
        "admin": frozenset(ACTIONS),
    }
)


def can(role: str, action: str) -> bool:
    """True if `role` may do `action` (an unknown role or action may do nothing)."""
    return action in _PERMISSIONS.get(role, frozenset())


def require(role: str, action: str) -> None:
    """Raise NotAuthenticated (for the public) or Forbidden unless `role` may do `action`."""
    if can(role, action):
        return
    if role == "public":
        raise NotAuthenticated(f"sign in to {action.replace('_', ' ')}")
    raise Forbidden(f"the role {role!r} may not {action.replace('_', ' ')}")


def _clearance(role: str) -> frozenset[str]:
    for name, levels in CLEARANCE.items():
        if name == role:
            return frozenset(levels)
    return frozenset()


def clears(role: str, level: str) -> bool:
    """True if `role` may see what is marked `level` (an unknown role sees nothing)."""
    return level in _clearance(role)


@dataclass(frozen=True)
class Principal:
    """Who is asking: an account's name and role; or nobody (`PUBLIC`); or the operator of
    the machine at the command line (`LOCAL_OPERATOR`, who may do everything)."""

    username: str | None
    role: Role


PUBLIC = Principal(None, "public")
"""The signed-out reader of the public view."""

LOCAL_OPERATOR = Principal("local", "admin")
"""Whoever runs `habeas` on the machine: the database is theirs already. Not audited."""


# -- redaction -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Redaction:
    """What one role may see of one record.

    `record` is the record with what is above clearance taken out (None: all of it is
    withheld); `withheld` names each field or list item taken out (`identifiers[0]`,
    `sources[1]`, `facility`). A redacted record is for reading: it is not re-validated, and
    may break a rule of its type (a fact whose only source is withheld shows no source).
    """

    record: Record | None
    withheld: tuple[str, ...]

    def to_json(self) -> dict[str, Any] | None:
        """The redacted record's JSON form (as `canonical_record`), or None."""
        return canonical_record(self.record) if self.record is not None else None

    @property
    def note(self) -> str | None:
        """'3 fields withheld', 'record withheld', or None when nothing was."""
        if self.record is None:
            return "record withheld"
        n = len(self.withheld)
        if n == 0:
            return None
        return f"{n} field{'s' if n != 1 else ''} withheld"


class _WithholdAll(Exception):
    """Raised inside the walk when the whole record must be withheld."""


def _own_level(value: object) -> str | None:
    """The sensitivity of a nested value that carries one (Identifier, Address…), else None."""
    if isinstance(value, Model) and not isinstance(value, Record):
        level = getattr(value, "sensitivity", None)
        if isinstance(level, str):
            return level
    return None


def _refers_to_hidden(prefix: str, refs: Mapping[str, str], hidden: Collection[str]) -> bool:
    return any(
        (path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))) and key in hidden
        for path, key in refs.items()
    )


def _strip(
    value: Model,
    path: str,
    clearance: frozenset[str],
    refs: Mapping[str, str],
    hidden: Collection[str],
    withheld: list[str],
) -> Model:
    updates: dict[str, Any] = {}
    for name, info in type(value).model_fields.items():
        current = getattr(value, name)
        here = f"{path}{name}"
        if isinstance(current, list):
            kept: list[Any] = []
            changed = False
            for i, item in enumerate(current):
                at = f"{here}[{i}]"
                level = _own_level(item)
                if (level is not None and level not in clearance) or (
                    hidden and _refers_to_hidden(at, refs, hidden)
                ):
                    withheld.append(at)
                    changed = True
                    continue
                if isinstance(item, Model):
                    stripped = _strip(item, f"{at}.", clearance, refs, hidden, withheld)
                    changed = changed or stripped is not item
                    item = stripped
                kept.append(item)
            if changed:
                updates[name] = kept
        elif isinstance(current, Model):
            level = _own_level(current)
            if level is not None and level not in clearance:
                if info.is_required():
                    raise _WithholdAll
                updates[name] = info.get_default(call_default_factory=True)
                withheld.append(here)
                continue
            stripped = _strip(current, f"{here}.", clearance, refs, hidden, withheld)
            if stripped is not current:
                updates[name] = stripped
        elif isinstance(current, str) and here in refs and current in hidden:
            if info.is_required():
                raise _WithholdAll
            updates[name] = info.get_default(call_default_factory=True)
            withheld.append(here)
    return value.model_copy(update=updates) if updates else value


def redaction(record: Record, role: str, *, hidden: Collection[str] = ()) -> Redaction:
    """What `role` may see of `record`; `hidden` are keys of records `role` may not see."""
    clearance = _clearance(role)
    if record.sensitivity not in clearance or record.key in hidden:
        return Redaction(None, ())
    refs = {p: k for p, k, _t in record.references()} if hidden else {}
    withheld: list[str] = []
    try:
        stripped = _strip(record, "", clearance, refs, hidden, withheld)
    except _WithholdAll:
        return Redaction(None, ())
    assert isinstance(stripped, Record)
    return Redaction(stripped, tuple(withheld))


def redact(record: Record, role: str, *, hidden: Collection[str] = ()) -> Record | None:
    """The record as `role` may see it (None: not at all). See `redaction`."""
    return redaction(record, role, hidden=hidden).record


def redact_json(
    record: Record, role: str, *, hidden: Collection[str] = ()
) -> dict[str, Any] | None:
    """The JSON form (as `canonical_record`) of the record as `role` may see it, or None."""
    return redaction(record, role, hidden=hidden).to_json()


def redaction_note(record: Record, role: str, *, hidden: Collection[str] = ()) -> str | None:
    """What a screen should say about what it does not show: '2 fields withheld', or None."""
    return redaction(record, role, hidden=hidden).note


def _levels(value: Model) -> Iterator[str]:
    for name in type(value).model_fields:
        current = getattr(value, name)
        items = current if isinstance(current, list) else [current]
        for item in items:
            if isinstance(item, Model):
                level = _own_level(item)
                if level is not None:
                    yield level
                yield from _levels(item)


def levels_in(record: Record) -> set[str]:
    """Every sensitivity level present in the record: its own and its items' (for audit)."""
    return {record.sensitivity, *_levels(record)}
