"""A news article or web page in: its copy and Source recorded, its facts queued as drafts.

`import_article` reads the file (`habeas.ingest.article`), finds its facts
(`habeas.ingest.article_facts`), matches them against the ledger and proposes drafts
(`habeas.services.article_extract`), then in ONE write transaction keeps the bytes
(content-addressed), records the Source (a `news_article`, so drafts can cite it) and queues
the drafts. No fact is written: each waits for an editor (`habeas review`), and accepting one
cites the article with the draft's exact excerpt. The same file again adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from habeas.domain.access import LOCAL_OPERATOR, Principal, require
from habeas.domain.errors import InvalidRecord
from habeas.domain.sources import Source
from habeas.domain.time import PartialTime
from habeas.ingest.article import Article, read_article
from habeas.ingest.article_facts import find_facts
from habeas.ledger.entry import format_recorded_at
from habeas.services.article_extract import Match, propose
from habeas.services.audit import author_for
from habeas.services.copies import sha256_of
from habeas.services.drafts import NewDraft, queue_drafts
from habeas.services.write import writing
from habeas.storage import copies as stored
from habeas.storage.store import Store

__all__ = ["ArticleImport", "import_article", "source_key_for"]


@dataclass
class ArticleImport:
    """What `import_article` did."""

    source: str
    sha256: str
    source_created: bool
    article: Article
    drafts: list[NewDraft] = field(default_factory=list)
    queued: list[int] = field(default_factory=list)
    numbers: list[int | None] = field(default_factory=list)  # each draft's number, if new
    matches: list[Match] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "source_created": self.source_created,
            "article": self.article.to_json(),
            "proposed": len(self.drafts),
            "queued": self.queued,
            "drafts": [
                {
                    "number": n,
                    "kind": d.kind,
                    "summary": d.summary,
                    "excerpt": d.excerpt,
                    "record": d.record,
                    "notes": list(d.notes),
                }
                for d, n in zip(self.drafts, self.numbers, strict=True)
            ],
            "matches": [m.to_json() for m in self.matches],
            "places": self.places,
            "dates": self.dates,
            "notes": list(self.article.notes),
        }


def source_key_for(sha256: str) -> str:
    """`source/article-<first 12 hex digits of the SHA-256>`."""
    return f"source/article-{sha256[:12]}"


def _published(article: Article, name: str) -> date:
    if not article.published:
        raise InvalidRecord(
            f"{name}: the article states no publication date; give one (--published YYYY-MM-DD)",
            field="published",
        )
    when = PartialTime.parse(article.published)
    if when.day is None:
        raise InvalidRecord(
            f"{name}: the publication date {article.published} has no day; relative dates "
            "need one (--published YYYY-MM-DD)",
            field="published",
        )
    return when.local_date()


def import_article(
    store: Store,
    data: bytes | Path,
    name: str | None = None,
    *,
    url: str | None = None,
    published: str | None = None,
    media_type: str | None = None,
    method: str = "upload",
    principal: Principal,
) -> ArticleImport:
    """Keep the article, record its Source, queue its drafts (see the module docstring).

    Raises InvalidRecord (an unreadable file, no publication date) before anything is
    written."""
    if principal is not None:
        require(principal.role, "import")
    if isinstance(data, Path):
        name = name or data.name
        try:
            raw = data.read_bytes()
        except OSError as e:
            raise InvalidRecord(f"{data}: cannot read the file ({e.strerror})", field="file") from e
    else:
        raw = data
    name = name or "article"
    article = read_article(raw, name, url=url, published=published, media_type=media_type)
    day = _published(article, name)
    facts = find_facts(article, day)
    digest = sha256_of(raw)
    key = source_key_for(digest)
    now = datetime.now(UTC)
    source = Source.model_validate(
        {
            "key": key,
            "kind": "news_article",
            "title": article.title[:500],
            "publisher": article.publisher,
            "author": article.author,
            "url": article.url,
            "published": article.published,
            "retrieved": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sha256": digest,
            "language": article.language,
        }
    )
    author = author_for(principal)
    with writing(
        store, principal=principal or LOCAL_OPERATOR, action="import", kind="import"
    ) as session:
        tx = session.tx
        stored.put_copy(
            tx.conn,
            {
                "sha256": digest,
                "media_type": article.media_type,
                "size": len(raw),
                "bytes": raw,
                "stored_at": format_recorded_at(now),
                "retrieved_from": article.url or name,
                "retrieval_method": method[:40],
            },
        )
        known = session.current(key)
        created = known is None or known.status != "active"
        if created:  # new, or restored after a retraction
            session.update(source, reason=f"article imported from {name}")
        proposal = propose(tx.conn, facts, article.paragraphs, key, digest)
        numbers: list[int | None] = []
        for draft in proposal.drafts:
            got = queue_drafts(tx.conn, [draft], created_by=author)
            numbers.append(got[0] if got else None)
    return ArticleImport(
        key,
        digest,
        created,
        article,
        proposal.drafts,
        [n for n in numbers if n is not None],
        numbers,
        proposal.matches,
        proposal.places,
        proposal.dates,
    )
