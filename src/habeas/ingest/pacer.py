"""Docket files a user downloaded from PACER or the Supreme Court → checked `ParsedDocket`s.

Five kinds of file, each read with juriscraper (one module each):

=============  ========================================================  ===========================
kind           what it is                                                read by
=============  ========================================================  ===========================
``district``   a district court's docket page (CM/ECF ``DktRpt.pl``)     `ingest.pacer_district`
``appellate``  a court of appeals' docket page (CM/ECF appellate)        `ingest.pacer_appellate`
``scotus``     the Supreme Court's docket JSON (supremecourt.gov)        `ingest.scotus`
``rss``        a court's PACER RSS feed of recent entries                `ingest.pacer_notices`
``email``      a Notice of Electronic Filing / of Docket Activity email  `ingest.pacer_notices`
=============  ========================================================  ===========================

`read_docket_file(raw, name, kind=None, court=None)` tells the kind from the contents (or takes
it), the court from the PACER site the file links to (or takes it: a courts-db id such as
``njd``, ``ca4``), parses, and checks the result before anything becomes a record: every case
has a number, every entry a readable date and some text. Any problem raises
`DocketFileInvalid` naming the file and the entry (and the line of the file, when found).
Fetching is not done here: the file is what the user saved.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from habeas.domain.courts import get_court
from habeas.domain.errors import DocketFileInvalid, DocketProblem, InvalidRecord
from habeas.domain.time import PartialTime
from habeas.ingest.docket_model import ParsedDocket, ParsedEntry
from habeas.ingest.pacer_appellate import parse_appellate
from habeas.ingest.pacer_common import court_from_text, fail
from habeas.ingest.pacer_district import parse_district
from habeas.ingest.pacer_notices import parse_email, parse_rss
from habeas.ingest.scotus import parse_scotus

__all__ = ["KINDS", "DocketFile", "check_dockets", "decode", "detect_kind", "read_docket_file"]

KINDS = ("district", "appellate", "scotus", "rss", "email")

_MEDIA_TYPES = {
    "district": "text/html",
    "appellate": "text/html",
    "scotus": "application/json",
    "rss": "application/rss+xml",
}
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9_.-]+)["']""")
_MIME_HEADER = re.compile(r"\A(?:[A-Za-z][A-Za-z0-9-]*:[^\n]*\n)+")


@dataclass(frozen=True)
class DocketFile:
    """What a docket file held: its kind, court, media type and the dockets it names."""

    kind: str
    court_id: str
    media_type: str
    dockets: tuple[ParsedDocket, ...]


def decode(raw: bytes, name: str) -> str:
    """The file's text: in the encoding an XML declaration names, else UTF-8, else
    Windows-1252 (what PACER pages use when they are not UTF-8)."""
    m = _XML_ENCODING.match(raw)
    encodings = [m.group(1).decode("ascii")] if m else []
    for encoding in [*encodings, "utf-8-sig", "cp1252"]:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("latin-1")


def detect_kind(text: str, name: str) -> str:
    """Which of `KINDS` the file's text is (DocketFileInvalid when none fits)."""
    head = text[:20000].lower()
    if "<rss" in head:
        return "rss"
    if text.lstrip().startswith("{"):
        if '"proceedingsandorder"' in head or '"casenumber"' in head:
            return "scotus"
        raise fail(name, "a JSON file, but not a Supreme Court docket (no ProceedingsandOrder)")
    if "notice of electronic filing" in head or "notice of docket activity" in head:
        return "email"
    if re.search(r"docket\s+for\s+case\s+#", head):
        return "district"
    if "court of appeals docket" in head or "general docket" in head:
        return "appellate"
    raise fail(
        name,
        f"cannot tell what kind of docket file this is; give the kind ({', '.join(KINDS)})",
    )


def _court_for(kind: str, court: str | None, text: str, name: str) -> str:
    if kind == "scotus":
        if court and get_court(court).id != "scotus":
            raise fail(name, f"a Supreme Court docket cannot be of court {court!r}", field="court")
        return "scotus"
    found = get_court(court).id if court else court_from_text(text)
    if found is None:
        raise fail(name, "no court found in the file (no uscourts.gov link); give the court id")
    circuit = get_court(found).kind == "circuit"
    if kind == "appellate" and not circuit:
        raise fail(name, f"an appellate docket, but {found!r} is not a court of appeals")
    if kind == "district" and circuit:
        raise fail(name, f"a district docket, but {found!r} is a court of appeals")
    return found


def _entry_problems(name: str, index: int, entry: ParsedEntry) -> list[DocketProblem]:
    label = f"entry {index}" + (f" (No. {entry.number})" if entry.number is not None else "")
    line = entry.line or 0
    out = []
    if not entry.filed.strip():
        out.append(DocketProblem(name, line, f"{label}.date_filed", "the entry has no date filed"))
    else:
        try:
            PartialTime.parse(entry.filed)
        except InvalidRecord as e:
            out.append(DocketProblem(name, line, f"{label}.date_filed", f"unreadable date: {e}"))
    if not entry.text.strip():
        out.append(DocketProblem(name, line, f"{label}.description", "the entry has no text"))
    return out


def check_dockets(dockets: list[ParsedDocket], name: str) -> None:
    """Raise DocketFileInvalid listing every problem of `dockets`, read from the file `name`."""
    problems: list[DocketProblem] = []
    for docket in dockets:
        where = f"case {docket.docket_number}" if len(dockets) > 1 else ""
        prefix = f"{where}: " if where else ""
        if not docket.docket_number.strip():
            problems.append(DocketProblem(name, 0, "docket_number", "the docket has no number"))
        if docket.filed:
            try:
                PartialTime.parse(docket.filed)
            except InvalidRecord as e:
                problems.append(
                    DocketProblem(name, 0, f"{prefix}date_filed", f"unreadable date: {e}")
                )
        for index, entry in enumerate(docket.entries, start=1):
            for p in _entry_problems(name, index, entry):
                problems.append(DocketProblem(p.file, p.line, f"{prefix}{p.field}", p.message))
    if problems:
        raise DocketFileInvalid(problems)


def read_docket_file(
    raw: bytes, name: str, *, kind: str | None = None, court: str | None = None
) -> DocketFile:
    """Read and check the docket file `raw` (named `name` in messages); see the module doc."""
    if kind is not None and kind not in KINDS:
        raise fail(name, f"unknown kind {kind!r}; one of {', '.join(KINDS)}", field="kind")
    if not raw.strip():
        raise fail(name, "the file is empty")
    text = decode(raw, name)
    kind = kind or detect_kind(text, name)
    court_id = _court_for(kind, court, text, name)
    if kind == "district":
        dockets = [parse_district(text, court_id, name)]
    elif kind == "appellate":
        dockets = [parse_appellate(text, court_id, name)]
    elif kind == "scotus":
        if not text.lstrip().startswith("{"):
            raise fail(name, "a Supreme Court docket must be its JSON")
        try:
            json.loads(text)
        except ValueError as e:
            raise fail(name, f"not valid JSON: {e}", line=getattr(e, "lineno", 0)) from e
        dockets = [parse_scotus(text, name)]
    elif kind == "rss":
        dockets = parse_rss(text, court_id, name)
    else:
        dockets = parse_email(text, court_id, name)
    check_dockets(dockets, name)
    media_type = _MEDIA_TYPES.get(kind) or (
        "message/rfc822" if _MIME_HEADER.match(text) else "text/html"
    )
    return DocketFile(kind, court_id, media_type, tuple(dockets))
