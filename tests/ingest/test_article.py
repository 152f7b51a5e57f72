"""Reading an article: HTML through trafilatura, plain text with optional header lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from habeas.domain.errors import InvalidRecord
from habeas.ingest.article import ArticleUnreadable, read_article

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def read(name: str, **kw: str) -> object:
    path = ARTICLES / name
    return read_article(path.read_bytes(), name, **kw)


def test_html_gives_the_story_and_its_metadata_without_the_page_around_it() -> None:
    a = read_article((ARTICLES / "01-order-to-return.html").read_bytes(), "01.html")
    assert a.title == "Judge orders return of Maryland man deported to El Salvador prison"
    assert (a.publisher, a.author, a.published, a.language) == (
        "Wire Service Example",
        "Sam Example",
        "2025-04-05",
        "en",
    )
    assert a.media_type == "text/html"
    assert a.paragraphs[0].startswith("GREENBELT, Md. (WSE) — A federal judge")
    text = a.text
    for chrome in ("Subscribe", "Related coverage", "All rights reserved", "By Sam Example"):
        assert chrome not in text
    assert len(a.paragraphs) == 5


def test_plain_text_reads_title_header_lines_and_paragraphs() -> None:
    a = read_article((ARTICLES / "06-march-flights.txt").read_bytes(), "06-march-flights.txt")
    assert a.title == "Three flights carry 261 deportees to El Salvador mega-prison"
    assert (a.publisher, a.author, a.published, a.language) == (
        "Wire Service Example",
        "Jordan Example",
        "2025-03-17",
        "en",
    )
    assert a.media_type == "text/plain"
    assert len(a.paragraphs) == 4
    assert a.paragraphs[2].startswith('"The flights were carried out lawfully,"')


def test_text_without_headers_is_title_then_paragraphs() -> None:
    raw = b"A title\n\nFirst paragraph,\nwrapped.\n\nSecond."
    a = read_article(raw, "t.txt")
    assert (a.title, a.paragraphs, a.published, a.publisher) == (
        "A title",
        ("First paragraph, wrapped.", "Second."),
        None,
        None,
    )


def test_published_and_url_given_by_the_caller_win_and_a_disagreement_is_noted() -> None:
    a = read_article(
        (ARTICLES / "01-order-to-return.html").read_bytes(),
        "01.html",
        url="https://example.org/news/1",
        published="2025-04-06",
    )
    assert (a.published, a.url) == ("2025-04-06", "https://example.org/news/1")
    assert a.notes == ("the page says it was published 2025-04-05; 2025-04-06 was given",)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty.txt: the file is empty"),
        (b"   \n\n ", "empty.txt: the file is empty"),
        (b"\x00\x01\x02binary", "empty.txt: not a text or HTML file"),
        (b"Only a title\n", "empty.txt: the article has a title but no text"),
    ],
)
def test_unreadable_files_are_refused_naming_the_file(raw: bytes, message: str) -> None:
    with pytest.raises(ArticleUnreadable, match=message):
        read_article(raw, "empty.txt")


def test_html_without_article_text_is_refused() -> None:
    with pytest.raises(ArticleUnreadable, match=r"page\.html: no article text"):
        read_article(b"<html><body><nav>Home</nav></body></html>", "page.html")


def test_bad_dates_and_urls_name_the_field() -> None:
    with pytest.raises(InvalidRecord, match="published: cannot read 'April 5'"):
        read_article(b"T\n\nText.", "t.txt", published="April 5")
    with pytest.raises(InvalidRecord, match=r"t\.txt: Date: .*not a real date"):
        read_article(b"T\nDate: 2025-02-30\n\nText.", "t.txt")
    with pytest.raises(InvalidRecord, match=r"url: 'example\.org' is not an http"):
        read_article(b"T\n\nText.", "t.txt", url="example.org")
