"""Importing a spreadsheet (CSV or XLSX) through a mapping file.

Like a bundle: every row is checked first (against the mapping, the rest of the file and
the ledger), then the records are written in one transaction; if any row has a problem,
nothing is written. With `skip_bad`, the good rows are written and the rejected rows go to
a CSV report with their reasons (rows that refer to a rejected row are rejected too).
Keys come from the mapping's key template, so importing the same sheet again changes
nothing and an edited row becomes a correction.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR, Principal
from habeas.domain.errors import BundleInvalid, Problem, SheetProblem
from habeas.domain.registry import canonical_record
from habeas.ingest.sheet_mapping import SheetMapping
from habeas.ingest.sheets import (
    SheetReport,
    SheetRow,
    check_sheet,
    iter_records,
    read_header,
    read_rows,
    row_record,
)
from habeas.services.write import UPDATE, Put, import_stream
from habeas.services.writer import AppendResult
from habeas.storage import queries
from habeas.storage.store import Store

__all__ = ["Preview", "SheetImport", "SheetInvalid", "check", "import_sheet", "preview"]

MAX_PASSES = 20


class SheetInvalid(BundleInvalid):
    """A spreadsheet has bad rows; nothing was written."""

    def __init__(self, file: str, problems: list[Problem], *, truncated: bool = False) -> None:
        super().__init__(problems, truncated=truncated)
        more = " (more not shown)" if truncated else ""
        rows = len({p.line for p in problems})
        self.args = (
            f"{len(problems)} problem(s) in {rows} row(s) of {file}{more}; nothing was written "
            "(--skip-bad writes the good rows and reports the others)",
        )


@dataclass
class Preview:
    """The first records a sheet would give, and the problems in the rows read so far."""

    file: str
    columns: list[str]
    records: list[dict[str, Any]] = field(default_factory=list)
    status: list[str] = field(default_factory=list)  # "new" or "in ledger", per record
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON for scripts."""
        return {
            "file": self.file,
            "columns": self.columns,
            "records": [
                {"row": r, "status": s, "record": rec}
                for r, s, rec in zip(self.rows, self.status, self.records, strict=True)
            ],
            "problems": [_problem_json(p) for p in self.problems],
        }


@dataclass
class SheetImport:
    """What an import did: the ledger result, and the rows rejected (with --skip-bad)."""

    result: AppendResult
    rows: int
    rejected: dict[int, list[str]]
    report_path: Path | None = None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON for scripts."""
        return {
            **self.result.to_json(),
            "rows": self.rows,
            "rejected": len(self.rejected),
            "report": str(self.report_path) if self.report_path else None,
        }


def _problem_json(p: Problem) -> dict[str, Any]:
    return {"file": p.file, "row": p.line, "column": p.field, "message": p.message}


@contextmanager
def _known_types(store: Store | None) -> Iterator[Any]:
    if store is None:
        yield None
        return
    with store.read() as conn:
        yield lambda keys: queries.existing_types(conn, keys)


def check(
    store: Store | None,
    path: Path,
    mapping: SheetMapping,
    *,
    encoding: str | None = None,
    skip: frozenset[int] = frozenset(),
    on_rows: Callable[[int], None] | None = None,
    display_name: str | None = None,
) -> SheetReport:
    """Check a sheet against itself and (when given) the ledger; write nothing."""
    with _known_types(store) as known:
        return check_sheet(
            path,
            mapping,
            encoding=encoding,
            known_types=known,
            on_rows=on_rows,
            display_name=display_name,
            skip=skip,
        )


def preview(
    store: Store | None,
    path: Path,
    mapping: SheetMapping,
    limit: int = 10,
    *,
    encoding: str | None = None,
    display_name: str | None = None,
) -> Preview:
    """The first `limit` records as they would be written, and the row problems met so far."""
    name = display_name or str(path)
    out = Preview(file=name, columns=read_header(path, mapping, encoding=encoding))
    rows: Generator[SheetRow, None, None] = read_rows(
        path, mapping, encoding=encoding, display_name=name
    )
    try:
        for row in rows:
            if len(out.records) >= limit:
                break
            record, _data, errors = row_record(mapping, row)
            out.problems += [SheetProblem(name, row.row, c, m) for c, m in errors]
            if record is not None:
                out.records.append(canonical_record(record))
                out.rows.append(row.row)
    finally:
        rows.close()
    with _known_types(store) as known:
        found = known([r["key"] for r in out.records]) if known else {}
    out.status = ["in ledger" if r["key"] in found else "new" for r in out.records]
    return out


def _changed_fields(old_body: str | None, new: dict[str, object]) -> list[str]:
    old = json.loads(old_body) if old_body else {}
    return sorted(n for n in set(old) | set(new) if old.get(n) != new.get(n))


def write_report(
    path: Path,
    mapping: SheetMapping,
    report_path: Path,
    rejected: dict[int, list[str]],
    *,
    encoding: str | None = None,
) -> None:
    """Write the rejected rows, as read, with their row number and problems (CSV, UTF-8)."""
    header = read_header(path, mapping, encoding=encoding)
    tmp = report_path.with_name(report_path.name + ".partial")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["row", "problems", *header])
        for row in read_rows(path, mapping, encoding=encoding):
            if row.row in rejected:
                out.writerow([row.row, "; ".join(rejected[row.row]), *_pad(row, len(header))])
    tmp.replace(report_path)


def _pad(row: SheetRow, n: int) -> list[str]:
    return (row.cells + [""] * n)[: max(n, len(row.cells))]


def import_sheet(
    store: Store,
    path: Path,
    mapping: SheetMapping,
    *,
    skip_bad: bool = False,
    report_path: Path | None = None,
    encoding: str | None = None,
    author: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    display_name: str | None = None,
    principal: Principal,
) -> SheetImport:
    """Check every row, then write the records in one transaction.

    Raise SheetInvalid (writing nothing) on any problem, unless `skip_bad`: then the good
    rows are written and the bad ones listed in the result (and in `report_path`, a CSV).
    """
    name = display_name or str(path)
    report = check(store, path, mapping, encoding=encoding, on_rows=on_rows, display_name=name)
    rejected: dict[int, list[str]] = dict(report.rejected)
    total_rows = report.rows
    if rejected and not skip_bad:
        raise SheetInvalid(name, report.problems, truncated=report.truncated)
    passes = 0
    while report.rejected and passes < MAX_PASSES:
        # rows referring to a rejected row would now dangle: check again without them
        passes += 1
        report = check(store, path, mapping, encoding=encoding, skip=frozenset(rejected))
        for row, reasons in report.rejected.items():
            rejected.setdefault(row, []).extend(reasons)
    skip = frozenset(rejected)
    if report_path is not None and rejected:
        write_report(path, mapping, report_path, rejected, encoding=encoding)
    changes = (
        Put(rec, expect=UPDATE, origin=f"row {row.row}")
        for row, rec in iter_records(path, mapping, encoding=encoding, skip=skip)
    )
    result = import_stream(
        store,
        changes,
        principal=principal or LOCAL_OPERATOR,
        name=Path(name).name,
        author=author,
    )
    return SheetImport(
        result=result,
        rows=total_rows,
        rejected=rejected,
        report_path=report_path if rejected else None,
    )
