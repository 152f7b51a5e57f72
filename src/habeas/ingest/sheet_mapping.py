"""The mapping file that turns a spreadsheet's columns into records (TOML).

    type = "person"                      # the record type every row becomes
    key = "person/manifest-{Row ID}"     # a key template: {Column} values are slugified
    header_row = 1                       # optional: the row holding the column names
    encoding = "latin-1"                 # optional (CSV): the file's text encoding
    sheet = "Manifest"                   # optional (XLSX): the sheet to read (default: first)
    separator = ";"                      # optional: splits a cell into a list (default ";")

    [columns]                            # record field (dotted for nested) = column name
    full_name = "Name"
    nationality = "Nationality"          # a list field: the cell is split on the separator
    "place.name" = "City"                # a nested value
    "sources.source" = "Source"          # one citation per separated value
    aliases = { column = "Other names", split = "|" }

    [constants]                          # the same value on every row
    synthetic = true
    sources = [{ source = "source/x" }]

The mapping is checked on its own (unknown field, required field left out, bad key
template) and against the file's header (unknown column) before any row is read.
A row becomes a record dict; errors name the column the bad value came from.
"""

from __future__ import annotations

import codecs
import copy
import difflib
import re
import string
import tomllib
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from habeas.domain.base import Model, is_key
from habeas.domain.errors import HabeasError
from habeas.domain.registry import RECORD_TYPES
from habeas.domain.text import slug

__all__ = [
    "ColumnSpec",
    "SheetError",
    "SheetMapping",
    "load_mapping",
    "mappable_fields",
    "parse_mapping",
    "parse_mapping_text",
    "slug",
]

DEFAULT_SEPARATOR = ";"
_TOP_KEYS = {
    "type",
    "key",
    "columns",
    "constants",
    "encoding",
    "sheet",
    "header_row",
    "separator",
    "delimiter",
}


class SheetError(HabeasError):
    """A spreadsheet or its mapping file cannot be used as it is (nothing was read or written)."""


@dataclass(frozen=True)
class ColumnSpec:
    """One record field filled from one column."""

    field: str
    column: str
    split: str | None = None  # separator, when the field (or its list) holds many values
    list_at: int | None = None  # index of the path segment that is a list of values


@dataclass(frozen=True)
class SheetMapping:
    """A checked mapping: how each row of a sheet becomes a record."""

    name: str
    type: str
    key: str
    columns: tuple[ColumnSpec, ...]
    constants: Mapping[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    sheet: str | None = None
    header_row: int = 1
    delimiter: str | None = None

    # -- the key template -----------------------------------------------------------
    def key_columns(self) -> list[str]:
        """The columns the key template is made from, in order."""
        return [f for _, f, _, _ in string.Formatter().parse(self.key) if f is not None]

    def make_key(self, values: Mapping[str, str]) -> tuple[str | None, list[tuple[str, str]]]:
        """The row's key, or (column, problem) pairs."""
        out: list[str] = []
        errors: list[tuple[str, str]] = []
        for literal, column, _spec, _conv in string.Formatter().parse(self.key):
            out.append(literal)
            if column is None:
                continue
            part = slug(values.get(column, "") or "", empty="")
            if not part:
                errors.append((column, "empty, but the key is made from this column"))
            out.append(part)
        if errors:
            return None, errors
        key = "".join(out)
        if not is_key(key):
            first = (self.key_columns() or ["key"])[0]
            errors.append((first, f"makes the key {key!r}, which is not a valid key"))
            return None, errors
        return key, []

    # -- columns ----------------------------------------------------------------------
    def used_columns(self) -> list[str]:
        """Every column the mapping reads, each once."""
        names = [*self.key_columns(), *(c.column for c in self.columns)]
        return list(dict.fromkeys(names))

    def check_header(self, header: Sequence[str], file: str) -> None:
        """Raise SheetError naming every mapped column that the file does not have."""
        have = [h for h in header if h]
        problems = []
        for column in self.used_columns():
            if column not in have:
                close = difflib.get_close_matches(column, have, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(f"{self.name}: unknown column {column!r}{hint}")
        dupes = sorted({h for h in have if have.count(h) > 1} & set(self.used_columns()))
        problems += [f"{file}: column {d!r} appears more than once" for d in dupes]
        if problems:
            raise SheetError(
                "\n".join([*problems, f"columns in {file}: {', '.join(map(repr, have))}"])
            )

    def column_for(self, path: str) -> str:
        """The column a record field (as record_errors names it) came from, else the field."""
        plain = re.sub(r"\[\d+\]", "", path)
        if plain == "key" and self.key_columns():
            return self.key_columns()[0]
        parts = plain.split(".")
        for spec in self.columns:
            mapped = spec.field.split(".")
            n = min(len(parts), len(mapped))
            if parts[:n] == mapped[:n]:
                return spec.column
        return path

    # -- a row ------------------------------------------------------------------------
    def build(
        self, values: Mapping[str, str]
    ) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
        """The record data of one row, or (column, problem) pairs."""
        key, errors = self.make_key(values)
        if key is None:
            return None, errors
        data: dict[str, Any] = copy.deepcopy(dict(self.constants))
        data["type"] = self.type
        data["key"] = key
        fresh: set[str] = set()
        for spec in self.columns:
            raw = (values.get(spec.column) or "").strip()
            if not raw:
                continue
            parts = spec.field.split(".")
            items = [s.strip() for s in raw.split(spec.split)] if spec.split else [raw]
            items = [s for s in items if s]
            if spec.list_at is None:
                _put(data, parts, items if spec.split else raw)
                continue
            head, rest = parts[: spec.list_at + 1], parts[spec.list_at + 1 :]
            dotted = ".".join(head)
            if dotted not in fresh:  # a column replaces a constant list of the same field
                _put(data, head, [])
                fresh.add(dotted)
            target = _get(data, head)
            for i, item in enumerate(items):
                while len(target) <= i:
                    target.append({})
                _put(target[i], rest, item)
        return data, []


def _put(data: dict[str, Any], parts: Sequence[str], value: Any) -> None:
    for part in parts[:-1]:
        nxt = data.get(part)
        if not isinstance(nxt, dict):
            nxt = data[part] = {}
        data = nxt
    data[parts[-1]] = value


def _get(data: dict[str, Any], parts: Sequence[str]) -> Any:
    for part in parts:
        data = data[part]
    return data


# -- reading and checking a mapping file ---------------------------------------------
def _unwrap(annotation: Any) -> Any:
    """`Annotated[X | None, …]` -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Model)


def _resolve(cls: type[Model], path: str) -> tuple[bool, int | None]:
    """(is a list, index of a list-of-values segment) for a dotted field path; or ValueError."""
    current: type[Model] = cls
    parts = path.split(".")
    list_at: int | None = None
    for i, part in enumerate(parts):
        info = current.model_fields.get(part)
        if info is None or (i == 0 and part in ("type", "key")):
            where = ".".join(parts[:i]) or getattr(cls, "TYPE", cls.__name__)
            known = ", ".join(n for n in current.model_fields if n not in ("type", "key"))
            raise ValueError(f"unknown field {path!r} ({where} has: {known})")
        last = i == len(parts) - 1
        ann = _unwrap(info.annotation)
        if typing.get_origin(ann) is list:
            item = _unwrap(typing.get_args(ann)[0])
            if _is_model(item):
                if last:
                    raise ValueError(
                        f"{path!r} is a list of values with parts: map the parts, "
                        f"e.g. '{path}.{next(iter(item.model_fields))}'"
                    )
                if list_at is not None:
                    raise ValueError(f"{path!r}: lists inside lists cannot be mapped")
                list_at = i
                current = item
                continue
            if not last:
                raise ValueError(f"unknown field {path!r} ({part!r} has no parts)")
            return True, list_at
        if _is_model(ann):
            if last:
                raise ValueError(
                    f"{path!r} has parts: map them, e.g. '{path}.{next(iter(ann.model_fields))}'"
                )
            current = ann
            continue
        if not last:
            raise ValueError(f"unknown field {path!r} ({part!r} has no parts)")
    return list_at is not None, list_at


def parse_mapping(data: Mapping[str, Any], name: str = "mapping") -> SheetMapping:
    """Check a mapping given as data; raise SheetError listing every problem."""
    problems: list[str] = []
    for extra in sorted(set(data) - _TOP_KEYS):
        problems.append(f"unknown setting {extra!r} (known: {', '.join(sorted(_TOP_KEYS))})")
    rtype = data.get("type")
    cls = RECORD_TYPES.get(rtype) if isinstance(rtype, str) else None
    if cls is None:
        problems.append(
            f"type: {rtype!r} is not a record type (known: {', '.join(sorted(RECORD_TYPES))})"
        )
    key = data.get("key")
    if not isinstance(key, str) or not key:
        problems.append('key: a key template is needed, e.g. key = "person/manifest-{Row ID}"')
        key = ""
    else:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(key) if f is not None]
        except ValueError as e:
            problems.append(f"key: {e}")
            fields = []
        if key and not fields:
            problems.append("key: the template names no column, e.g. {Row ID}")
        elif fields and not is_key(
            "".join(
                lit + ("x" if f is not None else "")
                for lit, f, _, _ in string.Formatter().parse(key)
            )
        ):
            problems.append(f"key: {key!r} cannot make a valid key (lower case, 'type/name')")
    separator = data.get("separator", DEFAULT_SEPARATOR)
    if not isinstance(separator, str) or not separator:
        problems.append("separator: must be a non-empty string")
        separator = DEFAULT_SEPARATOR
    columns_data = data.get("columns", {})
    constants = data.get("constants", {})
    if not isinstance(columns_data, dict) or not columns_data:
        problems.append("[columns]: map at least one record field to a column")
        columns_data = {}
    if not isinstance(constants, dict):
        problems.append("[constants]: must be a table")
        constants = {}
    specs: list[ColumnSpec] = []
    for fname, target in columns_data.items():
        split: str | None = None
        if isinstance(target, dict):
            column, split = target.get("column"), target.get("split")
            unknown = sorted(set(target) - {"column", "split"})
            if unknown:
                problems.append(f"columns.{fname}: unknown setting(s) {unknown}")
            if split is not None and (not isinstance(split, str) or not split):
                problems.append(f"columns.{fname}: split must be a non-empty string")
                split = None
        else:
            column = target
        if not isinstance(column, str) or not column:
            problems.append(f"columns.{fname}: the column name must be a non-empty string")
            continue
        if cls is None:
            continue
        try:
            is_list, list_at = _resolve(cls, fname)
        except ValueError as e:
            problems.append(f"columns.{fname}: {e}")
            continue
        if split is not None and not is_list:
            problems.append(f"columns.{fname}: split is only for list fields")
        specs.append(ColumnSpec(fname, column, (split or separator) if is_list else None, list_at))
    if cls is not None:
        for cname in constants:
            if cname in ("type", "key") or cname not in cls.model_fields:
                problems.append(f"constants.{cname}: unknown field of {cls.TYPE}")
        given = {s.field.split(".")[0] for s in specs} | set(constants)
        for fname, info in cls.model_fields.items():
            if info.is_required() and fname not in given and fname not in ("type", "key"):
                problems.append(
                    f"{fname}: a {cls.TYPE} needs it; map it in [columns] or set it in [constants]"
                )
    header_row = data.get("header_row", 1)
    if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
        problems.append("header_row: must be a whole number, 1 or more")
        header_row = 1
    for opt in ("encoding", "sheet", "delimiter"):
        if opt in data and (not isinstance(data[opt], str) or not data[opt]):
            problems.append(f"{opt}: must be a non-empty string")
    if isinstance(data.get("delimiter"), str) and len(data["delimiter"]) != 1:
        problems.append("delimiter: must be one character")
    if isinstance(data.get("encoding"), str):
        try:
            codecs.lookup(data["encoding"])
        except LookupError:
            problems.append(f"encoding: unknown encoding {data['encoding']!r}")
    if problems:
        raise SheetError("\n".join(f"{name}: {p}" for p in problems))
    assert isinstance(rtype, str)
    return SheetMapping(
        name=name,
        type=rtype,
        key=key,
        columns=tuple(specs),
        constants=dict(constants),
        encoding=data.get("encoding"),
        sheet=data.get("sheet"),
        header_row=header_row,
        delimiter=data.get("delimiter"),
    )


def load_mapping(path: Path) -> SheetMapping:
    """Read and check a mapping file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise SheetError(f"{path}: no such mapping file") from e
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SheetError(f"{path}: not a valid TOML mapping file: {e}") from e
    return parse_mapping(data, str(path))


def parse_mapping_text(text: str, name: str = "mapping") -> SheetMapping:
    """Read and check a mapping given as TOML text (a mapping uploaded or built in a page)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SheetError(f"{name}: not a valid TOML mapping: {e}") from e
    return parse_mapping(data, name)


def mappable_fields(record_type: str) -> list[str]:
    """The field paths of a record type a column can fill ('full_name', 'place.name',
    'sources.source'…), in the model's order; [] for an unknown type."""
    cls = RECORD_TYPES.get(record_type)
    if cls is None:
        return []
    out: list[str] = []
    for name, info in cls.model_fields.items():
        if name in ("type", "key"):
            continue
        ann = _unwrap(info.annotation)
        if typing.get_origin(ann) is list:
            ann = _unwrap(typing.get_args(ann)[0])
        paths = [f"{name}.{sub}" for sub in ann.model_fields] if _is_model(ann) else [name]
        for path in paths:
            try:
                _resolve(cls, path)
            except ValueError:
                continue
            out.append(path)
    return out
