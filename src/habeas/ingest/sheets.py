"""Spreadsheets (CSV and XLSX) read row by row and checked like a bundle.

Rows are streamed: CSV through the csv module, XLSX through openpyxl in read-only mode
(values only), so a sheet of any size is checked in constant memory (keys go to the same
scratch index as bundles). Each row becomes a record through a `SheetMapping`; every
problem is reported as FILE:ROW:COLUMN: what is wrong, where ROW is the row number a
spreadsheet program shows.

Text encoding (CSV) is never guessed silently: a byte-order mark is honoured (UTF-8 or
UTF-16); otherwise the file must be valid UTF-8, or its encoding must be stated (the
mapping's `encoding`, or --encoding on the command line).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import warnings
import zipfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from habeas.domain.base import Record
from habeas.domain.errors import Problem, SheetProblem
from habeas.domain.registry import record_errors
from habeas.ingest.bundle import MAX_PROBLEMS, check_references, check_type_changes
from habeas.ingest.sheet_mapping import SheetError, SheetMapping
from habeas.storage.scratch import KeyIndex

__all__ = [
    "SheetReport",
    "SheetRow",
    "check_sheet",
    "count_rows",
    "csv_encoding",
    "iter_records",
    "read_header",
    "read_rows",
    "row_record",
]

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
KnownTypes = Callable[[list[str]], dict[str, tuple[str, str]]]


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number in the sheet, its cells by column name, and as read."""

    row: int
    values: dict[str, str]
    cells: list[str]


@dataclass
class SheetReport:
    """What checking a sheet found; `rejected` maps each bad row to its problems."""

    file: str
    encoding: str | None = None
    rows: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    truncated: bool = False
    rejected: dict[int, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.rejected


# -- encodings -----------------------------------------------------------------------
def _is_utf8(name: str) -> bool:
    return codecs.lookup(name).name in ("utf-8", "utf-8-sig")


def csv_encoding(path: Path, stated: str | None) -> str:
    """The encoding of a CSV file: its byte-order mark, else what was stated, else UTF-8."""
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        if stated and not _is_utf8(stated):
            raise SheetError(
                f"{path}: the file starts with a UTF-8 byte-order mark, but {stated!r} was stated"
            )
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if stated:
        try:
            return "utf-8-sig" if _is_utf8(stated) else codecs.lookup(stated).name
        except LookupError as e:
            raise SheetError(f"unknown encoding {stated!r}") from e
    return "utf-8"


def _decode_failure(name: str, encoding: str, stated: bool, row: int, e: Exception) -> SheetError:
    if stated:
        return SheetError(f"{name}: not valid {encoding} text after row {row}: {e}")
    return SheetError(
        f"{name}: not UTF-8 text after row {row} ({e}). State the file's encoding: "
        '--encoding latin-1 (or encoding = "latin-1" in the mapping) for files saved by '
        "older spreadsheet programs; nothing was read or written"
    )


# -- reading -------------------------------------------------------------------------
def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise SheetError(f"{path}: not a spreadsheet habeas reads (.csv, .tsv, .xlsx)")


def _delimiter(path: Path, encoding: str, mapping: SheetMapping) -> str:
    if mapping.delimiter:
        return mapping.delimiter
    if path.suffix.lower() == ".tsv":
        return "\t"
    with path.open(encoding=encoding, errors="replace", newline="") as f:
        lines = [f.readline() for _ in range(mapping.header_row)]
    header = lines[-1] if lines else ""
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(
    path: Path, mapping: SheetMapping, encoding: str | None, name: str
) -> Iterator[tuple[int, list[str]]]:
    stated = encoding or mapping.encoding
    enc = csv_encoding(path, stated)
    delimiter = _delimiter(path, enc, mapping)
    number = 0
    try:
        with path.open(encoding=enc, errors="strict", newline="") as f:
            for number, cells in enumerate(csv.reader(f, delimiter=delimiter), start=1):
                yield number, [c.strip() for c in cells]
    except UnicodeError as e:
        raise _decode_failure(name, enc, bool(stated), number, e) from e
    except csv.Error as e:
        raise SheetError(f"{name}:{number + 1}: not readable as CSV: {e}") from e


def _xlsx_rows(path: Path, mapping: SheetMapping, name: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not read
            wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as e:
        raise SheetError(f"{name}: not a readable XLSX workbook: {e}") from e
    try:
        if mapping.sheet is not None:
            if mapping.sheet not in wb.sheetnames:
                raise SheetError(
                    f"{name}: no sheet {mapping.sheet!r} (sheets: {', '.join(wb.sheetnames)})"
                )
            ws = wb[mapping.sheet]
        else:
            ws = wb.worksheets[0]
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in values]
    finally:
        wb.close()


def _raw_rows(
    path: Path, mapping: SheetMapping, encoding: str | None, name: str
) -> Iterator[tuple[int, list[str]]]:
    if not path.is_file():
        raise SheetError(f"{path}: no such file")
    if _kind(path) == "csv":
        return _csv_rows(path, mapping, encoding, name)
    return _xlsx_rows(path, mapping, name)


def read_header(path: Path, mapping: SheetMapping, *, encoding: str | None = None) -> list[str]:
    """The column names (the mapping's header row)."""
    rows = _raw_rows(path, mapping, encoding, str(path))
    try:
        for number, cells in rows:
            if number == mapping.header_row:
                while cells and not cells[-1]:
                    cells.pop()
                return cells
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()
    raise SheetError(f"{path}: no header row {mapping.header_row} (the file is shorter)")


def read_rows(
    path: Path,
    mapping: SheetMapping,
    *,
    encoding: str | None = None,
    display_name: str | None = None,
) -> Generator[SheetRow, None, None]:
    """The data rows after the header, blank rows left out; checks the header first."""
    name = display_name or str(path)
    header = read_header(path, mapping, encoding=encoding)
    mapping.check_header(header, name)
    for number, cells in _raw_rows(path, mapping, encoding, name):
        if number <= mapping.header_row or not any(cells):
            continue
        values = {
            h: (cells[i] if i < len(cells) else "")
            for i, h in reversed(list(enumerate(header)))
            if h
        }
        yield SheetRow(number, values, cells)


def count_rows(path: Path, mapping: SheetMapping) -> int | None:
    """About how many data rows the sheet has (for a progress bar); None if unknown."""
    try:
        if _kind(path) == "csv":
            n = 0
            with path.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    n += chunk.count(b"\n")
            return max(n - mapping.header_row + 1, 0)
    except (OSError, SheetError):
        return None
    return None


# -- checking ------------------------------------------------------------------------
def row_record(
    mapping: SheetMapping, row: SheetRow
) -> tuple[Record | None, dict[str, Any] | None, list[tuple[str, str]]]:
    data, errors = mapping.build(row.values)
    if data is None:
        return None, None, errors
    record, field_errors = record_errors(data)
    return record, data, [(mapping.column_for(f), m) for f, m in field_errors]


def check_sheet(
    path: Path,
    mapping: SheetMapping,
    *,
    encoding: str | None = None,
    known_types: KnownTypes | None = None,
    on_rows: Callable[[int], None] | None = None,
    display_name: str | None = None,
    skip: frozenset[int] = frozenset(),
) -> SheetReport:
    """Check every row (but `skip`) against the mapping, the file and the ledger; write nothing."""
    name = display_name or str(path)
    report = SheetReport(file=name)
    if _kind(path) == "csv":
        report.encoding = csv_encoding(path, encoding or mapping.encoding)

    def problem(p: Problem) -> None:
        column = mapping.column_for(p.field) if p.field != "type" else "type"
        message = p.message
        report.rejected.setdefault(p.line, []).append(f"{column}: {message}")
        if len(report.problems) < MAX_PROBLEMS:
            report.problems.append(SheetProblem(name, p.line, column, message))
        else:
            report.truncated = True

    index = KeyIndex()
    try:
        for row in read_rows(path, mapping, encoding=encoding, display_name=name):
            if on_rows:
                on_rows(1)
            if row.row in skip:
                continue
            report.rows += 1
            record, data, errors = row_record(mapping, row)
            for column, message in errors:
                problem(SheetProblem(name, row.row, column, message))
            if record is None:
                if data is not None:  # so references to it do not cascade
                    index.add_key(str(data["key"]), row.row, mapping.type)
                continue
            report.records += 1
            first = index.add_key(record.key, row.row, record.TYPE)
            if first is not None:
                problem(
                    SheetProblem(
                        name, row.row, "key", f"duplicate key {record.key!r} (first on row {first})"
                    )
                )
            for fname, ref, allowed in record.references():
                index.add_ref(row.row, fname, ref, allowed)
        check_references(name, index, known_types, problem, what="file")
        if known_types is not None:
            check_type_changes(name, index, known_types, problem)
    finally:
        index.close()
    report.problems.sort(key=lambda p: (p.line, p.field))
    return report


def iter_records(
    path: Path,
    mapping: SheetMapping,
    *,
    encoding: str | None = None,
    skip: frozenset[int] = frozenset(),
) -> Iterator[tuple[SheetRow, Record]]:
    """The good rows of a sheet that `check_sheet` has passed, as records (streamed)."""
    for row in read_rows(path, mapping, encoding=encoding):
        if row.row in skip:
            continue
        record, _data, _errors = row_record(mapping, row)
        if record is not None:
            yield row, record
