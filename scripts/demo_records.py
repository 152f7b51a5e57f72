"""Helpers shared by the demo stories' builders: records, citations, and the bundle check.

Used by scripts/build_demo_bundle.py (which see); not part of the package.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from habeas.domain.registry import record_errors

# fmt: off

Records = list[dict[str, Any]]

PRESS_NOTE = (
    "A summary of press reporting, not one article: the title is descriptive, not a quoted "
    "headline. Find the underlying reports by publisher and date before relying on them."
)
TITLE_NOTE = "Title descriptive (the document's exact caption title is not quoted here)."




def cite(source: str, excerpt: str | None = None, locator: str | None = None) -> dict[str, Any]:
    """A citation; an excerpt is given only for words the reference story quotes."""
    out: dict[str, Any] = {"source": f"source/{source}"}
    if excerpt:
        out["excerpt"] = excerpt
    if locator:
        out["locator"] = locator
    return out


def rec(rtype: str, key: str, sources: Iterable[dict[str, Any]] = (),
        **fields: Any) -> dict[str, Any]:
    """A record: type and key first, its own fields, then sources, flags and note last."""
    late: dict[str, Any] = {}
    for name in ("sensitivity", "synthetic", "note"):
        value = fields.pop(name, None)
        if value is not None:
            late[name] = value
    out: dict[str, Any] = {"type": rtype, "key": key}
    out.update({k: v for k, v in fields.items() if v is not None})
    if rtype != "source":
        out["sources"] = list(sources)
    out.update(late)
    return out


def court_doc(key: str, court: str, docket: str | None, date: str, title: str,
              note: str | None = None) -> dict[str, Any]:
    """A court document, cited by court, docket number, date and title."""
    return rec("source", f"source/{key}", kind="court_document", court=court,
               docket_number=docket, published=date, title=title, language="en", note=note)


def press(key: str, title: str, published: str | None, note: str) -> dict[str, Any]:
    """A summary of press reporting (kind "other": not one article, no invented headline)."""
    return rec("source", f"source/{key}", kind="other", title=title, published=published,
               language="en", note=note)



def check(records: Records, known: dict[str, str] | None = None) -> list[str]:
    """Every problem: invalid records, duplicate keys, dangling or mistyped references.
    `known` maps the keys of records loaded before this bundle to their types."""
    problems: list[str] = []
    types: dict[str, str] = dict(known or {})
    parsed = []
    for line, data in enumerate(records, start=2):  # line 1 is the header
        key = str(data.get("key", "?"))
        if key in types:
            problems.append(f"line {line}: {key}: duplicate key")
        types[key] = str(data.get("type", "?"))
        record, errors = record_errors(data)
        problems.extend(f"line {line}: {key}: {field}: {msg}" for field, msg in errors)
        if record is None:
            continue
        if key.split("/", 1)[0] != record.TYPE:
            problems.append(f"line {line}: {key}: key does not start with {record.TYPE}/")
        parsed.append((line, record))
    for line, record in parsed:
        for field, ref, allowed in record.references():
            found = types.get(ref)
            if found is None:
                problems.append(f"line {line}: {record.key}: {field}: dangling key {ref!r}")
            elif found not in allowed:
                problems.append(f"line {line}: {record.key}: {field}: {ref!r} is a {found}, "
                                f"expected {' or '.join(allowed)}")
    return problems
