"""The mapping a reader builds in the spreadsheet page, as the TOML a mapping file holds.

The page shows the file's columns, a record type, a key template and, for each column, the
record field it fills; constants (synthetic, the source every row cites, and any other
`field = value` lines) go in `[constants]`. The result is the same TOML `habeas import FILE
--map MAPPING.toml` reads (docs/importing.md), so the reader can download it and reuse it.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from habeas.domain.text import fold

__all__ = ["ENCODINGS", "BuiltMapping", "build_mapping", "guess_field", "to_toml"]

ENCODINGS = ("auto", "utf-8", "latin-1")
"""The encodings the page offers ("auto": a byte-order mark, else UTF-8)."""

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE.match(name) else json.dumps(name, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are TOML basic-string ones
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise ValueError(f"cannot write {type(value).__name__} as TOML")


def to_toml(data: Mapping[str, Any]) -> str:
    """A mapping as TOML text: settings first, then the [columns] and [constants] tables."""
    lines = [f"{_key(k)} = {_value(v)}" for k, v in data.items() if not isinstance(v, Mapping)]
    for table in ("columns", "constants"):
        values = data.get(table)
        if isinstance(values, Mapping) and values:
            lines += ["", f"[{table}]"]
            lines += [f"{_key(k)} = {_value(v)}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


def guess_field(column: str, fields: list[str]) -> str:
    """The field a column is probably for (its name, folded, equals the field's), else ""."""
    wanted = re.sub(r"[\s_-]+", "_", fold(column)).strip("_")
    for name in fields:
        if name.replace(".", "_") == wanted:
            return name
    return ""


class BuiltMapping:
    """What the builder form gave: the mapping as data, and the problems with the form
    (each as (form field, message))."""

    def __init__(self, data: dict[str, Any], problems: list[tuple[str, str]]) -> None:
        self.data = data
        self.problems = problems

    @property
    def toml(self) -> str:
        """The mapping as TOML text."""
        return to_toml(self.data)


def build_mapping(form: Mapping[str, str], columns: list[str]) -> BuiltMapping:
    """The mapping the builder form describes (checked in full later by parse_mapping)."""
    problems: list[tuple[str, str]] = []
    data: dict[str, Any] = {
        "type": form.get("type", "").strip(),
        "key": form.get("key", "").strip(),
    }
    header_row = form.get("header_row", "1").strip() or "1"
    if header_row != "1":
        data["header_row"] = int(header_row) if header_row.isdigit() else header_row
    encoding = form.get("encoding", "auto")
    if encoding in ENCODINGS and encoding != "auto":
        data["encoding"] = encoding
    mapped: dict[str, str] = {}
    for i, column in enumerate(columns):
        field = form.get(f"col_{i}", "").strip()
        if not field:
            continue
        if field in mapped:
            problems.append(
                (f"col_{i}", f"{field} is already filled from column {mapped[field]!r}")
            )
            continue
        mapped[field] = column
    data["columns"] = mapped
    constants: dict[str, Any] = {}
    if form.get("synthetic"):
        constants["synthetic"] = True
    source = form.get("source", "").strip()
    if source:
        cite = {"source": source}
        if form.get("locator", "").strip():
            cite["locator"] = form["locator"].strip()
        constants["sources"] = [cite]
    extra = form.get("constants", "").strip()
    if extra:
        try:
            more = tomllib.loads(extra)
        except tomllib.TOMLDecodeError as e:
            problems.append(("constants", f"not TOML (field = value lines): {e}"))
            more = {}
        for name, value in more.items():
            if name in constants:
                problems.append(("constants", f"{name} is set above already"))
            else:
                constants[name] = value
    data["constants"] = constants
    return BuiltMapping(data, problems)
