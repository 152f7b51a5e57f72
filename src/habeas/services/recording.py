"""Recording facts one at a time (the web's entry forms): every fact with a source.

A form gives a record's fields and either the key of a source already in the ledger or the
fields of a new source; `record_facts` checks everything first (every problem, by field),
then writes the new source and the facts in one transaction. A correction names its reason;
a retraction names its reason and the source that shows the fact was wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from habeas.domain.access import Principal
from habeas.domain.base import Record
from habeas.domain.errors import InvalidRecord, NotFound
from habeas.domain.references import reference_problem
from habeas.domain.registry import FieldError, record_errors
from habeas.domain.sources import Source
from habeas.domain.text import slug
from habeas.services.visibility import Visibility
from habeas.services.write import NEW, UPDATE, Expect, writing
from habeas.services.writer import AppendResult
from habeas.storage import queries
from habeas.storage.projections import record_from_row
from habeas.storage.store import Store

__all__ = [
    "FactsInvalid",
    "SourceChoice",
    "choices",
    "current_record",
    "record_facts",
    "retract_fact",
    "slug",
]


class FactsInvalid(InvalidRecord):
    """A form's facts have problems; `.errors` lists every (field, problem); nothing written."""

    def __init__(self, errors: list[FieldError]) -> None:
        field_name, message = errors[0]
        super().__init__(message, field=field_name)
        self.errors = errors


@dataclass(frozen=True)
class SourceChoice:
    """The source a form cites: an existing source's key, or the fields of a new one."""

    key: str | None = None
    new: Mapping[str, Any] = field(default_factory=dict)
    excerpt: str | None = None
    locator: str | None = None

    def citation(self, key: str) -> dict[str, Any]:
        """The citation of source `key` with this choice's excerpt and locator."""
        out: dict[str, Any] = {"source": key}
        if self.excerpt:
            out["excerpt"] = self.excerpt
        if self.locator:
            out["locator"] = self.locator
        return out


def _placeholders(value: Any, keys: list[str]) -> Any:
    """ "$0", "$1"… (in a value or a list) -> the key given to fact 0, 1…"""
    if isinstance(value, str) and re.fullmatch(r"\$\d+", value):
        i = int(value[1:])
        if i < len(keys):
            return keys[i]
    if isinstance(value, list):
        return [_placeholders(v, keys) for v in value]
    if isinstance(value, dict):
        return {k: _placeholders(v, keys) for k, v in value.items()}
    return value


def _dangling(conn: Any, records: list[Record], batch: dict[str, str]) -> list[FieldError]:
    """Every reference that points at no current record of an allowed type."""
    refs = [(path, key, allowed) for r in records for path, key, allowed in r.references()]
    found = queries.existing_types(conn, [k for _p, k, _a in refs if k not in batch])
    return [
        (path, message)
        for path, key, allowed in refs
        if (
            message := reference_problem(
                key, allowed, (batch[key], "active") if key in batch else found.get(key)
            )
        )
    ]


def _unique(conn: Any, wanted: str, taken: set[str]) -> str:
    key, n = wanted, 2
    while key in taken or queries.get_records(conn, [key]):
        key = f"{wanted}-{n}"
        n += 1
    taken.add(key)
    return key


def choices(
    store: Store, record_type: str, *, include_synthetic: bool = False, principal: Principal
) -> list[dict[str, str]]:
    """Every active record of one type as {key, label}, for a form's choices, of those
    `principal` may see."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        rows = [
            r
            for r in queries.records_of_type(conn, record_type)
            if include_synthetic or not r.synthetic
        ]
        records = [rec for r in rows if (rec := record_from_row(r.body)) is not None]
        shown = vis.show_all(conn, records)
    vis.audit(store, "choices")
    return [
        {"key": r.key, "label": r.label()} for r in sorted(shown, key=lambda r: r.label().lower())
    ]


def current_record(store: Store, key: str, *, principal: Principal) -> tuple[Record, int]:
    """The current record `key` and its version (NotFound), if `principal` may see all of
    it (a record to correct must not be shown with parts withheld)."""
    vis = Visibility.of(store, principal)
    with store.read() as conn:
        row = queries.get_records(conn, [key]).get(key)
        rec = record_from_row(row.body) if row is not None and row.status == "active" else None
        shown = vis.show_all(conn, [rec]) if rec is not None else []
    if row is None or rec is None or shown != [rec]:
        raise NotFound(f"no current record with key {key!r}")
    vis.audit(store, "record")
    return rec, int(row.version)


def _prepare_source(
    conn: Any, source: SourceChoice, taken: set[str], errors: list[FieldError]
) -> tuple[str | None, Record | None]:
    """The key of the source cited, and the new source record to write (if any)."""
    if source.key:
        row = queries.get_records(conn, [source.key]).get(source.key)
        if row is None or row.status != "active" or row.record_type != "source":
            errors.append(("source", f"no source with key {source.key!r}"))
        return source.key, None
    if not source.new.get("title"):
        errors.append(("source", "every fact needs a source: choose one or describe a new one"))
        return None, None
    data = {k: v for k, v in source.new.items() if v not in (None, "")}
    data["type"] = "source"
    wanted = f"source/{slug(str(data.get('published', '')) + ' ' + str(data['title']))}"
    key = _unique(conn, wanted, taken)
    data["key"] = key
    record, errs = record_errors(data)
    errors.extend((f"source_{f}" if f != "record" else "source", m) for f, m in errs)
    return key, record


def record_facts(
    store: Store,
    facts: Sequence[Mapping[str, Any]],
    source: SourceChoice,
    *,
    principal: Principal,
    author: str | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
) -> tuple[list[Record], AppendResult]:
    """Check, then write `facts` (record data; a missing "key" is made from "slug_hint")
    citing `source`. FactsInvalid lists every problem; nothing is written then.

    The checks run first on a read (to list every problem at once) and the write service
    checks again after it has locked the log: a key made here is written as NEW, so if
    another writer took it meanwhile the write is refused (Conflict), never turned into a
    correction of the other record."""
    errors: list[FieldError] = []
    with store.read() as conn:
        taken: set[str] = set()
        source_key, new_source = _prepare_source(conn, source, taken, errors)
        records: list[Record] = []
        keys: list[str] = []
        expects: list[Expect] = []
        for i, fact in enumerate(facts):
            if fact.get("key"):
                keys.append(str(fact["key"]))
                given = expected_version if i == 0 else None
                expects.append(given if given is not None else UPDATE)
            else:
                expects.append(NEW)
                hint = str(fact.get("slug_hint") or "fact")
                keys.append(_unique(conn, f"{fact.get('type', 'record')}/{slug(hint)}", taken))
        for fact, key in zip(facts, keys, strict=True):
            data = {
                k: _placeholders(v, keys)
                for k, v in fact.items()
                if v not in (None, "", []) and k != "slug_hint"
            }
            data["key"] = key
            if source_key:
                cites = [c for c in data.get("sources", []) if c.get("source") != source_key]
                data["sources"] = [*cites, source.citation(source_key)]
                data.pop("unsourced", None)
            rec, errs = record_errors(data)
            errors.extend(errs)
            if rec is not None:
                records.append(rec)
        batch = {r.key: r.TYPE for r in records}
        if new_source is not None:
            batch[new_source.key] = "source"
        errors.extend(_dangling(conn, records, batch))
    if errors:
        raise FactsInvalid(errors)
    with writing(store, principal=principal, author=author) as session:
        if new_source is not None:
            assert isinstance(new_source, Source)
            session.put(new_source, expect=NEW)
        for rec, expect in zip(records, expects, strict=True):
            session.put(rec, expect=expect, reason=reason)
    assert session.result is not None
    return records, session.result


def retract_fact(
    store: Store,
    key: str,
    reason: str,
    source: SourceChoice,
    *,
    principal: Principal,
    author: str | None = None,
    expected_version: int | None = None,
) -> AppendResult:
    """Withdraw the record `key`, saying why and citing the source that shows it wrong
    (a new source is written in the same transaction)."""
    errors: list[FieldError] = []
    if not reason.strip():
        errors.append(("reason", "a retraction needs a reason"))
    with store.read() as conn:
        source_key, new_source = _prepare_source(conn, source, set(), errors)
    if errors:
        raise FactsInvalid(errors)
    with writing(store, principal=principal, author=author) as session:
        if new_source is not None:
            session.put(new_source, expect=NEW)
        assert source_key is not None
        session.retract(key, reason, source=source_key, expect_version=expected_version)
    assert session.result is not None
    return session.result
