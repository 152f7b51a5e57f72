"""The text output keeps its square-bracket markers: `[synthetic]`, `[reported]` are data, not
rich markup (rich would swallow them as unknown styles)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run


def test_a_reported_event_is_marked_reported_in_the_chain(demo_db: Path) -> None:
    out = run(demo_db, "whereabouts", "Abrego Garcia", "--as-of", "2025-03-14").output
    assert "[reported]" in out


def test_a_synthetic_person_is_marked_synthetic(demo_db: Path) -> None:
    out = run(demo_db, "whereabouts", "person/synthetic-ve-001").output
    assert "[synthetic]" in out.splitlines()[0]


def test_the_timeline_keeps_the_markers(demo_db: Path) -> None:
    out = run(demo_db, "timeline", "Abrego Garcia").output
    assert "[reported]" in out


def test_search_keeps_the_synthetic_marker(demo_db: Path) -> None:
    found = run(demo_db, "whereabouts", "person/synthetic-ve-001", "--json").output
    name = json.loads(found)["person"]["name"]
    out = run(demo_db, "search", name).output
    assert "[synthetic]" in out


def test_text_in_square_brackets_in_the_data_is_printed_as_written(demo_db: Path) -> None:
    # Titles, names and places are data: a "[bold]" in them is shown, never applied.
    out = run(demo_db, "whereabouts", "Abrego Garcia", "--as-of", "2025-04-14").output
    assert "Kilmar Armando Abrego Garcia" in out
    assert "[/" not in out.replace("[/bold]", "")
