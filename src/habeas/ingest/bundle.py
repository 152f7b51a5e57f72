"""The bundle format: JSON Lines, a header then one record per line.

    {"type": "bundle", "format": "habeas-bundle", "version": 1, "title": "…"}
    {"type": "source", "key": "source/…", "kind": "court_document", "title": "…"}
    {"type": "person", "key": "person/…", "full_name": "…", "sources": [{"source": "source/…"}]}
    {"type": "retraction", "key": "person/…", "reason": "…"}

Reading is streamed: a bundle of any size is checked in constant memory (keys go to a scratch
index on disk) and every problem is reported as FILE:LINE: field: what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from habeas.domain.base import Record, is_key
from habeas.domain.errors import Problem
from habeas.domain.references import reference_problem
from habeas.domain.registry import record_errors
from habeas.domain.text import with_article
from habeas.storage.scratch import KeyIndex

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "BundleLine",
    "Retraction",
    "check_bundle",
    "iter_bundle",
]

BUNDLE_FORMAT = "habeas-bundle"
BUNDLE_VERSION = 1
MAX_PROBLEMS = 1000
MAX_LINE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Retraction:
    """A bundle line that withdraws a record already in the ledger."""

    key: str
    reason: str


@dataclass(frozen=True)
class BundleLine:
    """One good line of a bundle: a record or a retraction."""

    line: int
    item: Record | Retraction


@dataclass
class CheckReport:
    """What checking a bundle found."""

    file: str
    records: int = 0
    retractions: int = 0
    header: dict[str, Any] | None = None
    problems: list[Problem] | None = None
    truncated: bool = False
    references: list[tuple[int, str, str, tuple[str, ...]]] | None = None

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    yield from enumerate(stream, start=1)


def _decode(name: str, number: int, raw: bytes) -> tuple[dict[str, Any] | None, Problem | None]:
    if len(raw) > MAX_LINE_BYTES:
        return None, Problem(name, number, "", f"line is longer than {MAX_LINE_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as e:
        return None, Problem(name, number, "", f"not UTF-8 text (byte {e.start}): {e.reason}")
    if not text.strip():
        return None, None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        return None, Problem(name, number, "", f"not valid JSON: {e.msg} at column {e.colno}")
    if not isinstance(obj, dict):
        return None, Problem(name, number, "", "a line must be a JSON object")
    return obj, None


def _header_problems(name: str, number: int, obj: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    if obj.get("format") != BUNDLE_FORMAT:
        out.append(Problem(name, number, "format", f"must be {BUNDLE_FORMAT!r}"))
    version = obj.get("version")
    if version != BUNDLE_VERSION:
        out.append(
            Problem(
                name,
                number,
                "version",
                f"bundle version {version!r} is not supported (this habeas reads {BUNDLE_VERSION})",
            )
        )
    return out


def _retraction(obj: dict[str, Any]) -> tuple[Retraction | None, list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    key, reason = obj.get("key"), obj.get("reason")
    if not isinstance(key, str) or not is_key(key):
        errors.append(("key", "missing or malformed key"))
    if not isinstance(reason, str) or not reason.strip():
        errors.append(("reason", "a retraction needs a reason"))
    extra = set(obj) - {"type", "key", "reason"}
    errors.extend((f, "unknown field") for f in sorted(extra))
    if errors:
        return None, errors
    assert isinstance(key, str) and isinstance(reason, str)
    return Retraction(key, reason.strip()), []


def iter_bundle(
    path: Path, *, on_bytes: Callable[[int], None] | None = None
) -> Iterator[BundleLine]:
    """The good lines of a bundle that `check_bundle` has passed (streamed)."""
    with path.open("rb") as stream:
        for number, raw in _lines(stream):
            if on_bytes:
                on_bytes(len(raw))
            obj, _problem = _decode(str(path), number, raw)
            if obj is None or obj.get("type") == "bundle":
                continue
            if obj.get("type") == "retraction":
                retraction, _ = _retraction(obj)
                if retraction is not None:
                    yield BundleLine(number, retraction)
                continue
            record, _errors = record_errors(obj)
            if record is not None:
                yield BundleLine(number, record)


def check_bundle(
    path: Path,
    *,
    known_types: Callable[[list[str]], dict[str, tuple[str, str]]] | None = None,
    on_bytes: Callable[[int], None] | None = None,
    display_name: str | None = None,
) -> CheckReport:
    """Check every line of a bundle, writing nothing; `known_types` looks keys up in the ledger."""
    name = display_name or str(path)
    report = CheckReport(file=name, problems=[])
    problems: list[Problem] = []

    def problem(p: Problem) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(p)
        else:
            report.truncated = True

    index = KeyIndex()
    try:
        first_content_line: int | None = None
        with path.open("rb") as stream:
            for number, raw in _lines(stream):
                if on_bytes:
                    on_bytes(len(raw))
                obj, bad = _decode(name, number, raw)
                if bad is not None:
                    problem(bad)
                    if first_content_line is None:
                        first_content_line = number
                    continue
                if obj is None:
                    continue
                is_first = first_content_line is None
                if is_first:
                    first_content_line = number
                rtype = obj.get("type")
                if rtype == "bundle":
                    if not is_first:
                        problem(
                            Problem(
                                name, number, "type", "the bundle header must be the first line"
                            )
                        )
                    for p in _header_problems(name, number, obj):
                        problem(p)
                    report.header = obj
                    continue
                if is_first:
                    problem(
                        Problem(
                            name,
                            number,
                            "type",
                            'the first line must be the header {"type": "bundle", '
                            f'"format": "{BUNDLE_FORMAT}", "version": {BUNDLE_VERSION}}}',
                        )
                    )
                if rtype == "retraction":
                    retraction, errors = _retraction(obj)
                    for field, message in errors:
                        problem(Problem(name, number, field, message))
                    if retraction is not None:
                        report.retractions += 1
                        index.add_ref(number, "key", retraction.key, ("*",))
                    continue
                record, errors = record_errors(obj)
                for field, message in errors:
                    problem(Problem(name, number, field, message))
                if record is None:
                    key = obj.get("key")
                    if isinstance(key, str) and is_key(key) and isinstance(rtype, str):
                        index.add_key(key, number, rtype)  # so references to it do not cascade
                    continue
                report.records += 1
                first = index.add_key(record.key, number, record.TYPE)
                if first is not None:
                    problem(
                        Problem(
                            name,
                            number,
                            "key",
                            f"duplicate key {record.key!r} (first on line {first})",
                        )
                    )
                for field, ref, allowed in record.references():
                    index.add_ref(number, field, ref, allowed)
        check_references(name, index, known_types, problem)
        if known_types is not None:
            check_type_changes(name, index, known_types, problem)
    finally:
        index.close()
    report.problems = sorted(problems, key=lambda p: (p.line, p.field))
    return report


def check_type_changes(
    name: str,
    index: KeyIndex,
    known_types: Callable[[list[str]], dict[str, tuple[str, str]]],
    problem: Callable[[Problem], None],
) -> None:
    """A key already in the ledger keeps its type: a person cannot become an actor."""
    chunk: list[tuple[str, int, str]] = []

    def settle() -> None:
        found = known_types([k for k, _, _ in chunk])
        for key, line, rtype in chunk:
            hit = found.get(key)
            if hit is not None and hit[0] != rtype:
                problem(
                    Problem(
                        name,
                        line,
                        "key",
                        f"{key!r} is already in the ledger as {with_article(hit[0])}; "
                        f"it cannot become {with_article(rtype)}",
                    )
                )
        chunk.clear()

    for item in index.all_keys():
        chunk.append(item)
        if len(chunk) >= 500:
            settle()
    if chunk:
        settle()


def check_references(
    name: str,
    index: KeyIndex,
    known_types: Callable[[list[str]], dict[str, tuple[str, str]]] | None,
    problem: Callable[[Problem], None],
    *,
    what: str = "bundle",
) -> None:
    """Every reference recorded in `index` must point at a record of an allowed type, in the
    file or (through `known_types`) in the ledger; a retraction line needs a record to retract.
    `what` names the file in messages ('bundle', 'file')."""
    nowhere = f"not in this {what} or the ledger"
    pending: list[tuple[int, str, str, tuple[str, ...]]] = []

    def settle() -> None:
        found = known_types([p[2] for p in pending]) if known_types else {}
        for line, field, ref, allowed in pending:
            hit = found.get(ref)
            if allowed == ("*",):  # a retraction line: any type, already retracted is fine
                if hit is not None and hit[1] == "retracted":
                    continue
                allowed = (hit[0],) if hit else allowed
            message = reference_problem(ref, allowed, hit, nowhere=nowhere)
            if message:
                problem(Problem(name, line, field, message))
        pending.clear()

    for line, field, ref, allowed, in_file in index.references():
        if in_file is not None:
            if allowed == ("*",):
                message: str | None = f"{ref!r} is both asserted and retracted in this {what}"
                field = "key"
            else:
                message = reference_problem(ref, allowed, (in_file, "active"))
            if message:
                problem(Problem(name, line, field, message))
            continue
        pending.append((line, field, ref, allowed))
        if len(pending) >= 500:
            settle()
    if pending:
        settle()
