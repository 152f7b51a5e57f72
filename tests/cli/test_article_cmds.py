"""`habeas import article`: what it prints, its --json shape, and its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from habeas.cli.main import cli
from habeas.services.database import load_demo
from habeas.storage.store import Store

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
ORDER = str(ARTICLES / "01-order-to-return.html")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store(f"sqlite:///{path}")
    load_demo(store)
    store.close()
    return path


@pytest.fixture
def db(demo: Path, tmp_path: Path) -> str:
    """A fresh copy of the reference story."""
    copy = tmp_path / "habeas.db"
    copy.write_bytes(demo.read_bytes())
    return f"sqlite:///{copy}"


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)


def test_import_article_lists_the_drafts_queued_and_points_to_review(db: str) -> None:
    r = run(db, "import", "article", ORDER, "--url", "https://example.org/news/1")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert out.startswith("Judge orders return of Maryland man deported to El Salvador prison\n")
    assert "Wire Service Example · 2025-04-05 · source/article-" in out
    assert "Paula Xinis → actor/paula-xinis" in out
    assert "3 draft(s) queued for review:" in out
    assert "#1 order: Order of 2025-04-04 (mdd), deadline 2025-04-07T23:59[America/New_York]" in out
    assert "> U.S. District Judge Paula Xinis ordered on April 4th" in out
    assert "review them with: habeas review list --source source/article-" in out
    again = run(db, "import", "article", ORDER)
    assert "3 draft(s) proposed, none new" in again.stdout
    listed = run(db, "review", "list", "--kind", "statement")
    assert "Paula Xinis" in listed.stdout


def test_import_article_json_keeps_its_documented_shape(db: str) -> None:
    r = run(db, "import", "article", str(ARTICLES / "03-supreme-court-facilitate.txt"), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert set(data) == {
        "source",
        "sha256",
        "source_created",
        "article",
        "proposed",
        "queued",
        "drafts",
        "matches",
        "places",
        "dates",
        "notes",
    }
    assert set(data["article"]) == {
        "title",
        "publisher",
        "author",
        "published",
        "language",
        "url",
        "media_type",
        "paragraphs",
    }
    assert set(data["drafts"][0]) == {"number", "kind", "summary", "excerpt", "record", "notes"}
    assert set(data["matches"][0]) == {"kind", "name", "key", "label", "note"}
    assert set(data["dates"][0]) == {"words", "value", "anchor", "notes", "excerpt"}
    assert data["proposed"] == len(data["drafts"]) == len(data["queued"])
    assert {"words": "Thursday", "value": "2025-04-10"}.items() <= data["dates"][0].items()


def test_published_overrides_the_date_and_resolves_relative_dates_from_it(db: str) -> None:
    path = ARTICLES / "06-march-flights.txt"
    r = run(db, "import", "article", str(path), "--published", "2025-03-18", "--json")
    data = json.loads(r.stdout)
    assert data["article"]["published"] == "2025-03-18"
    assert data["notes"] == ["the page says it was published 2025-03-17; 2025-03-18 was given"]
    (event,) = [d for d in data["drafts"] if d["kind"] == "event"]
    assert event["record"]["at"] == "2025-03-15"


@pytest.mark.parametrize(
    ("content", "args", "code", "message"),
    [
        (b"", (), 1, "error: file: empty.txt: the file is empty"),
        (b"Title\n\nWords and more words here.", (), 1, "states no publication date"),
        (b"Title\n\nWords and more words here.", ("--published", "soon"), 1, "published: "),
    ],
)
def test_bad_input_exits_1_and_writes_nothing(
    db: str, tmp_path: Path, content: bytes, args: tuple[str, ...], code: int, message: str
) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    r = run(db, "import", "article", str(path), *args)
    assert r.exit_code == code
    assert message in r.output
    assert json.loads(run(db, "review", "list", "--json").stdout) == []
    assert "source/article-" not in run(db, "search", "Title", "--json").stdout


def test_a_missing_file_is_a_clear_error(db: str, tmp_path: Path) -> None:
    r = run(db, "import", "article", str(tmp_path / "nope.html"))
    assert r.exit_code == 1
    assert "nope.html: cannot read the file" in r.output
