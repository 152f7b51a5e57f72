"""A news article or web page, read from its bytes: title, publisher, author, date, paragraphs.

HTML is read with trafilatura (the article's text without navigation, bylines and footers;
the metadata from `og:site_name`, `article:published_time`, `<meta name="author">`...). Plain
text is read as: the first non-blank line is the title; then optional header lines, each
`Name: value`, until the first blank line — `Publisher:`, `Author:` (or `By:`), `Date:` (or
`Published:`), `URL:`, `Language:`; then paragraphs separated by blank lines.

This module reads; it neither fetches nor writes. `published` given by the caller (the CLI's
`--published`) overrides the date the page states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from habeas.domain.errors import InvalidRecord
from habeas.domain.time import PartialTime

__all__ = ["HTML_TYPES", "Article", "ArticleUnreadable", "read_article"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
_HEADER = re.compile(r"^(?P<name>[A-Za-z][A-Za-z ]{0,20}):\s*(?P<value>.*\S)\s*$")
_HEADERS = {
    "publisher": "publisher",
    "source": "publisher",
    "author": "author",
    "by": "author",
    "date": "published",
    "published": "published",
    "url": "url",
    "language": "language",
}


class ArticleUnreadable(InvalidRecord):
    """An article file is empty, not text, or has no readable body."""


@dataclass(frozen=True)
class Article:
    """What an article says about itself, and its text as paragraphs."""

    title: str
    paragraphs: tuple[str, ...]
    publisher: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    media_type: str = "text/plain"
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (without the text)."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "published": self.published,
            "language": self.language,
            "url": self.url,
            "media_type": self.media_type,
            "paragraphs": len(self.paragraphs),
        }


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise ArticleUnreadable(f"{name}: the file is empty", field="file")
    if b"\x00" in raw[:4096]:
        raise ArticleUnreadable(f"{name}: not a text or HTML file", field="file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _looks_html(text: str, name: str) -> bool:
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _date(text: str | None, what: str) -> str | None:
    """A date at its stated precision: '2025-04-05T10:00:00Z' gives '2025-04-05'."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    m = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)", value)
    if not m:
        raise InvalidRecord(f"{what}: cannot read {value!r} as a date (use YYYY-MM-DD)", field=what)
    try:
        PartialTime.parse(m.group(1))
    except InvalidRecord as e:
        raise InvalidRecord(f"{what}: {e}", field=what) from e
    return m.group(1)


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _read_html(text: str, name: str) -> Article:
    import trafilatura

    found = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False
    )
    doc: dict[str, Any] = (
        found if isinstance(found, dict) else found.as_dict() if found is not None else {}
    )
    if not (doc.get("text") or "").strip():
        raise ArticleUnreadable(f"{name}: no article text found in the page", field="file")
    title = _clean(doc.get("title") or "")
    lines = [_clean(p) for p in (doc.get("text") or "").split("\n")]
    paragraphs = [p for p in lines if p]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    paragraphs = [p for p in paragraphs if not re.match(r"^By [A-Z][\w.' -]+$", p)]
    if not any(len(p.split()) >= 5 for p in paragraphs):
        raise ArticleUnreadable(f"{name}: no article text found in the page", field="file")
    if not title:
        title = paragraphs[0][:200] if paragraphs else name
    lang = doc.get("language")
    if not lang:
        m = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", text, re.IGNORECASE)
        lang = m.group(1).lower() if m else None
    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        publisher=_clean(doc["sitename"]) if doc.get("sitename") else None,
        author=_clean(doc["author"]) if doc.get("author") else None,
        published=_date(doc.get("date"), "published"),
        language=lang,
        url=doc.get("url"),
        media_type="text/html",
    )


def _read_text(text: str, name: str) -> Article:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise ArticleUnreadable(f"{name}: the file is empty", field="file")
    title = _clean(lines.pop(0))
    meta: dict[str, str] = {}
    while lines and lines[0].strip():
        m = _HEADER.match(lines[0].strip())
        if not m or m.group("name").strip().lower() not in _HEADERS:
            break
        meta[_HEADERS[m.group("name").strip().lower()]] = m.group("value").strip()
        lines.pop(0)
    body = "\n".join(lines)
    paragraphs = [_clean(" ".join(p.split("\n"))) for p in re.split(r"\n\s*\n", body)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise ArticleUnreadable(f"{name}: the article has a title but no text", field="file")
    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        publisher=meta.get("publisher"),
        author=meta.get("author"),
        published=_date(meta.get("published"), f"{name}: Date"),
        language=meta.get("language"),
        url=meta.get("url"),
        media_type="text/plain",
    )


def read_article(
    raw: bytes,
    name: str,
    *,
    url: str | None = None,
    published: str | None = None,
    media_type: str | None = None,
) -> Article:
    """Read an article from its bytes; `name` (a file name) is used in errors and to tell
    HTML from text. Raises ArticleUnreadable or InvalidRecord naming the file."""
    text = _decode(raw, name)
    is_html = (media_type or "").split(";")[0].strip() in HTML_TYPES or _looks_html(text, name)
    article = _read_html(text, name) if is_html else _read_text(text, name)
    given = _date(published, "published") if published else None
    if url is not None and not re.match(r"^https?://\S+$", url.strip()):
        raise InvalidRecord(f"url: {url!r} is not an http(s) address", field="url")
    notes = list(article.notes)
    if given and article.published and given != article.published:
        notes.append(f"the page says it was published {article.published}; {given} was given")
    return Article(
        title=article.title,
        paragraphs=article.paragraphs,
        publisher=article.publisher,
        author=article.author,
        published=given or article.published,
        language=article.language,
        url=(url.strip() if url else None) or article.url,
        media_type=article.media_type,
        notes=tuple(notes),
    )
