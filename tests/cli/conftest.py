"""Fixtures for the command line: the demo ledger, loaded once per test module."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from habeas.cli.main import cli


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger with `habeas demo` loaded (both demo stories)."""
    db = tmp_path_factory.mktemp("cli") / "habeas.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db
