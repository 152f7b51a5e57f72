"""Every column of the text tables is labelled: a reader of `status` and `occupancy` is never
left to guess what a column of flags means."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.test_cli import run

HEADER = re.compile(r"^┃(.*)┃$")


def _headers(output: str) -> list[list[str]]:
    """The header cells of each table in rich's box drawing."""
    return [
        [cell.strip() for cell in m.group(1).split("┃")]
        for line in output.splitlines()
        if (m := HEADER.match(line.strip()))
    ]


def test_the_occupancy_table_labels_its_flag_column(demo_db: Path) -> None:
    out = run(demo_db, "occupancy", "CECOT", "--on", "2025-04-14").output
    headers = _headers(out)
    assert headers == [["person", "since", "flag"]]
    assert "synthetic" in out


def test_no_column_of_the_status_report_is_unlabelled(demo_db: Path) -> None:
    headers = _headers(run(demo_db, "status").output)
    assert headers, "the status report prints tables"
    assert ["facility", "held", "capacity", "over capacity"] in headers
    for cells in headers:
        assert all(cells), f"an unlabelled column: {cells}"


def test_the_search_table_labels_its_flags_column(demo_db: Path) -> None:
    headers = _headers(run(demo_db, "search", "Abrejo Garcia").output)
    assert headers == [["type", "name", "key", "matched", "flags"]]
