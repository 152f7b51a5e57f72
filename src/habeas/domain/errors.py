"""The one exception tree of habeas.

    HabeasError                      anything habeas itself refuses or cannot do
    ├── InvalidRecord                a record breaks a rule of its type (field named)
    │   ├── InvalidTime              a date or time is unreadable, or lacks a needed zone
    │   └── RecordProblems           every problem of one record (services.write)
    │       └── MergeRefused         a merge or pair record breaks a merge rule (services.write)
    ├── BundleInvalid                a bundle file has problems; `.problems` lists them all
    │   ├── SheetInvalid             a spreadsheet has bad rows (services.sheet_import)
    │   └── DocketFileInvalid        a docket file is unreadable or fails its checks (ingest.pacer)
    ├── SheetError                   a mapping or spreadsheet is unreadable (ingest.sheet_mapping)
    ├── NotFound                     no record, person, facility or case matches
    │   ├── Ambiguous                more than one matches where one was needed
    │   └── UnknownCourt             no court has that id (domain.courts)
    ├── DeadlineError                a deadline cannot be computed or read (domain.deadlines)
    ├── Conflict                     a write was based on a version that is no longer current
    │   └── StaleVersion             If-Match names an old version (services.editing)
    ├── LedgerCorrupt                stored entries or projections do not match the log
    ├── CheckpointRefused            the log does not extend a checkpoint signed before
    ├── WitnessRefused               another log's checkpoint fails its signature or consistency
    ├── NotAuthenticated             no valid session, token or password (domain.access_errors)
    ├── Forbidden                    the principal's role may not do this (domain.access_errors)
    ├── RateLimited                  too many failed sign-ins; `.retry_after` (domain.access_errors)
    ├── CourtListenerError           CourtListener failed or refused (ingest.courtlistener_client)
    │   └── CourtListenerForbidden   it answered 401/403: the token or the account lacks access
    └── StorageError                 the database refused or failed (driver error translated)
        └── StorageSettingsError     the database is not configured as habeas requires

The CLI maps these to exit codes in one place (`habeas.cli.errors`).
"""

from __future__ import annotations

from dataclasses import dataclass


class HabeasError(Exception):
    """Anything habeas itself refuses or cannot do."""


class InvalidRecord(HabeasError):
    """A record breaks a rule of its type."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.reason = message


class InvalidTime(InvalidRecord):
    """A date or time cannot be read, or lacks a zone where it needs one."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where it is and what is wrong."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{field} {self.message}"


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A problem in a spreadsheet row, named `FILE:ROW:COLUMN: what is wrong`."""

    def __str__(self) -> str:
        column = f"{self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{column} {self.message}"


@dataclass(frozen=True)
class DocketProblem(Problem):
    """A problem in a docket file, named `FILE:LINE: where: what` (no line when unknown)."""

    def __str__(self) -> str:
        line = f"{self.line}:" if self.line else ""
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{line}{field} {self.message}"


class BundleInvalid(HabeasError):
    """A bundle file has problems; nothing was written."""

    def __init__(self, problems: list[Problem], *, truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        more = " (more not shown)" if truncated else ""
        super().__init__(f"{len(problems)} problem(s) in bundle{more}; nothing was written")


class DocketFileInvalid(BundleInvalid):
    """A docket file (PACER page, RSS feed, notice email, Supreme Court JSON) is unreadable or
    fails its checks; `.problems` names the file and the entry; nothing was written."""

    def __init__(self, problems: list[DocketProblem]) -> None:
        super().__init__(list(problems))
        first = str(problems[0]) if problems else "unreadable"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        self.args = (f"{first}{more}; nothing was written",)


class NotFound(HabeasError):
    """No record matches."""


class Ambiguous(NotFound):
    """More than one record matches where one was needed."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class Conflict(HabeasError):
    """A write was based on a version that is no longer current."""


class LedgerCorrupt(HabeasError):
    """Stored entries or projections do not match the log."""

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class CheckpointRefused(HabeasError):
    """The log no longer extends a checkpoint it signed before (a restore from an old backup,
    or a rewrite): signing a new one would contradict it, so nothing is signed."""


class WitnessRefused(HabeasError):
    """Another log's checkpoint does not verify, or is inconsistent with one seen before."""


class CourtListenerError(HabeasError):
    """CourtListener failed, refused, or answered what habeas cannot read."""


class CourtListenerForbidden(CourtListenerError):
    """CourtListener answered 401 or 403: the token is missing or wrong, or the account may
    not use that endpoint."""


class StorageError(HabeasError):
    """The database refused or failed."""


class StorageSettingsError(StorageError):
    """The database is not configured as habeas requires."""
