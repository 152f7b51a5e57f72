"""`habeas import docket FILE`: what was recorded, drafts to review, --json for scripts; a bad
file is named, exit 1, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habeas.cli.main import cli
from tests.conftest import SHARED

PACER = SHARED / "testdata" / "pacer"
pytestmark = pytest.mark.skipif(not PACER.is_dir(), reason=f"fixtures not found at {PACER}")

DISTRICT = PACER / "pacer__dockets__district__njd_365922.html"
SCOTUS = PACER / "scotus__dockets__json__24A1.compare.json"
RSS = PACER / "pacer__rss_feeds__ca4_1.xml"


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def size(db: Path) -> int:
    return int(json.loads(run(db, "proof", "checkpoint").output)["size"])


def test_a_district_docket_is_recorded_and_its_orders_queued(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    result = run(db, "import", "docket", str(DISTRICT))
    assert result.exit_code == 0, result.output
    assert "district docket file, court njd, 1 case(s)" in result.output
    assert "new case case/njd-2-18-cv-01510: 3 entries, 3 new" in result.output
    assert "draft orders queued: #1, #2" in result.output
    assert "habeas review list" in result.output
    listed = run(db, "review", "list", "--json")
    assert [d["origin"] for d in json.loads(listed.output)] == [
        "docket_entry/njd-2-18-cv-01510-2",
        "docket_entry/njd-2-18-cv-01510-3",
    ]
    again = run(db, "import", "docket", str(DISTRICT))
    assert "3 entries, 0 new; draft orders queued: none" in again.output


def test_json_names_the_case_its_origin_and_the_drafts(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    result = run(db, "import", "docket", str(SCOTUS), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["kind"], out["court"], out["new_entries"], out["drafts"]) == (
        "scotus",
        "scotus",
        2,
        [1],
    )
    (docket,) = out["dockets"]
    assert docket["case"] == "case/scotus-24a1" and docket["case_created"] is True
    assert docket["origin_case"] == "case/ca5-23-40273"
    assert docket["entries"] == 2 and len(docket["new_entries"]) == 2
    assert docket["ledger"]["asserted"] > 0


def test_kind_and_court_may_be_given(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    result = run(db, "import", "docket", str(RSS), "--kind", "rss", "--court", "ca4", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["dockets"]) == 17
    wrong = run(db, "import", "docket", str(DISTRICT), "--court", "ca4")
    assert wrong.exit_code == 1
    assert "'ca4' is a court of appeals" in wrong.output
    unknown = run(db, "import", "docket", str(DISTRICT), "--kind", "pdf")
    assert unknown.exit_code == 2


def test_a_bad_file_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    run(db, "init")
    bad = tmp_path / "njd.html"
    bad.write_bytes(
        DISTRICT.read_bytes().replace(b'nowrap="">02/02/2018</td>', b'nowrap=""></td>', 1)
    )
    result = run(db, "import", "docket", str(bad))
    assert result.exit_code == 1
    assert "njd.html:" in result.output and "the entry has no date filed" in result.output
    assert "nothing was written" in result.output
    out = json.loads(run(db, "import", "docket", str(bad), "--json").output)
    assert out["error"] == "DocketFileInvalid"
    assert out["problems"][0]["file"] == "njd.html" and out["problems"][0]["line"] > 0
    assert size(db) == 0
    missing = run(db, "import", "docket", str(tmp_path / "nowhere.html"))
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_every_json_field_is_documented_in_cli_md(tmp_path: Path) -> None:
    from tests.test_docs import CLI_MD, json_keys, section

    db = tmp_path / "h.db"
    keys = json_keys(json.loads(run(db, "import", "docket", str(SCOTUS), "--json").output))
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"<html><body>CIVIL DOCKET FOR CASE #</body></html>")
    keys |= json_keys(json.loads(run(db, "import", "docket", str(bad), "--json").output))
    sec = section(CLI_MD.read_text(encoding="utf-8"), "habeas import docket")
    assert sec is not None
    assert sorted(k for k in keys if f"`{k}`" not in sec.text) == []
