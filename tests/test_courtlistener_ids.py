"""The CourtListener docket id habeas names for Abrego Garcia v. Noem is the one public sources
give (69777799), wherever it is named: CLI help, the web helper, docs and test fixtures."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ABREGO_GARCIA_V_NOEM = "69777799"
NAMED = re.compile(r"courtlistener\.com/docket/(\d+)/abrego-garcia-v-noem")


def _texts() -> list[Path]:
    out = []
    for base in ("src", "docs", "tests", "README.md"):
        root = ROOT / base
        paths = [root] if root.is_file() else root.rglob("*")
        out += [p for p in paths if p.suffix in {".py", ".md", ".json", ".html"}]
    return out


def test_every_link_to_the_docket_page_names_the_public_id() -> None:
    found = {
        (str(p.relative_to(ROOT)), m.group(1))
        for p in _texts()
        for m in NAMED.finditer(p.read_text(encoding="utf-8", errors="replace"))
    }
    assert found, "the docket page is named somewhere"
    assert {docket for _, docket in found} == {ABREGO_GARCIA_V_NOEM}, found


def test_the_cli_and_web_helper_examples_name_it() -> None:
    cli = (ROOT / "src/habeas/cli/courtlistener_cmds.py").read_text(encoding="utf-8")
    assert f"habeas track docket {ABREGO_GARCIA_V_NOEM}" in cli
    for lang in ("en", "es"):
        hints = json.loads(
            (ROOT / f"src/habeas/web/locales/courtlistener.{lang}.json").read_text("utf-8")
        )
        assert ABREGO_GARCIA_V_NOEM in hints["courtlistener.docket.hint"]


def test_the_recorded_docket_is_the_case_it_claims_to_be() -> None:
    fixture = ROOT / f"tests/fixtures/courtlistener/docket-{ABREGO_GARCIA_V_NOEM}.json"
    docket = json.loads(fixture.read_text(encoding="utf-8"))
    assert docket["id"] == int(ABREGO_GARCIA_V_NOEM)
    assert docket["court_id"] == "mdd"
    assert docket["docket_number"].startswith("8:25-cv-00951")
    assert docket["absolute_url"] == f"/docket/{ABREGO_GARCIA_V_NOEM}/abrego-garcia-v-noem/"
