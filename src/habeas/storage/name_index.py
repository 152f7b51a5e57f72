"""The word index over `name_index`, one per backend, and the search query over it.

Semantics (both backends): a record matches when one of its names holds every word of the
query as the prefix of one of its words ("abr gar" finds "Kilmar Abrego García"). Results
are ranked, best first: a name equal to the query; a name that starts with it; then by the
backend's relevance (FTS5 `bm25` on SQLite; on PostgreSQL the shorter name, the closer
match, which needs no function of the extension at query time); then key.
Record types and sensitivity levels are filtered, and the limit applied, in SQL.

- SQLite: `name_index_fts`, an FTS5 table over `name_index.term` (external content,
  `content_rowid='id'`, tokenizer `unicode61 remove_diacritics 2`, prefix indexes of 2 and
  3 characters), kept in step by three triggers. A query word w becomes the FTS5 prefix
  query `"w"*`; the words are ANDed.
- PostgreSQL: a trigram GIN index on `name_index.term` (`pg_trgm`); a query word w becomes
  `term LIKE '% w%'`, which the index answers.

Typo tolerance and phonetic keys live beside it, in the name keys
(`habeas.storage.name_key_tables`), behind forgiving search; this index answers lookups
that want every word as a word prefix.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    case,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from habeas.domain.errors import LedgerCorrupt
from habeas.storage.index_tables import name_index

__all__ = [
    "BACKEND_OBJECTS",
    "SQLITE_DDL",
    "check_word_index",
    "find_names",
    "install_postgres",
    "rebuild_word_index",
    "search_statement",
]

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE name_index_fts USING fts5(term, content='name_index', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER name_index_ai AFTER INSERT ON name_index BEGIN "
    "INSERT INTO name_index_fts(rowid, term) VALUES (new.id, new.term); END",
    "CREATE TRIGGER name_index_ad AFTER DELETE ON name_index BEGIN "
    "INSERT INTO name_index_fts(name_index_fts, rowid, term) "
    "VALUES ('delete', old.id, old.term); END",
    "CREATE TRIGGER name_index_au AFTER UPDATE ON name_index BEGIN "
    "INSERT INTO name_index_fts(name_index_fts, rowid, term) "
    "VALUES ('delete', old.id, old.term); "
    "INSERT INTO name_index_fts(rowid, term) VALUES (new.id, new.term); END",
)
"""The SQLite word index (created by migration 0008)."""


def install_postgres(conn: Connection) -> None:
    """Create the PostgreSQL word index (migration 0008): the `pg_trgm` extension, where it
    already is or else in `public` (never in habeas's own schema, whose removal would take
    the extension from every other schema's index), and the GIN index over `term` with the
    extension's operator class named by its schema."""
    where = conn.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    ).scalar()
    if where is None:
        has_public = conn.exec_driver_sql(
            "SELECT 1 FROM pg_namespace WHERE nspname = 'public'"
        ).scalar()
        where = "public" if has_public else None
        schema = " SCHEMA public" if has_public else ""
        conn.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS pg_trgm{schema}")
        if where is None:
            where = conn.exec_driver_sql("SELECT current_schema()").scalar()
    conn.exec_driver_sql(
        "CREATE INDEX ix_name_index_term_trgm ON name_index "
        f'USING gin (term "{where}".gin_trgm_ops)'
    )


BACKEND_OBJECTS = frozenset(
    {
        "name_index_fts",
        "name_index_fts_data",
        "name_index_fts_idx",
        "name_index_fts_docsize",
        "name_index_fts_config",
        "ix_name_index_term_trgm",
    }
)
"""Tables and indexes of the word index that the table definitions do not describe."""

_FTS = table("name_index_fts", column("rowid"))


def _hits(backend: str, words: Sequence[str]) -> Select[Any]:
    """One row per matching name: its key, rank class and relevance (lower is better)."""
    n = name_index
    phrase = " ".join(words)
    rank = case((n.c.term == f" {phrase} ", 0), (n.c.term.like(f" {phrase}%"), 1), else_=2)
    if backend == "sqlite":
        query = " AND ".join(f'"{w}"*' for w in words)
        return (
            select(
                n.c.key,
                n.c.record_type,
                n.c.sensitivity,
                rank.label("rank"),
                literal_column("bm25(name_index_fts)").label("score"),
            )
            .select_from(n.join(_FTS, _FTS.c.rowid == n.c.id))
            .where(text("name_index_fts MATCH :fts_query").bindparams(fts_query=query))
        )
    return select(
        n.c.key,
        n.c.record_type,
        n.c.sensitivity,
        rank.label("rank"),
        func.length(n.c.term).label("score"),
    ).where(*[n.c.term.like(f"% {w}%") for w in words])


def search_statement(
    backend: str,
    words: Sequence[str],
    types: Collection[str] | None = None,
    levels: Collection[str] | None = None,
    limit: int = 50,
) -> Select[Any]:
    """The query `find_names` runs on `backend` (folded words, as it checks them)."""
    # The names are matched (and scored) by the word index in a materialised CTE (bm25()
    # may not be used under an aggregate, and the word index must drive the query, not an
    # index on type), then filtered by type and level, grouped by record and limited.
    found = _hits(backend, [w.lower() for w in words]).cte("hits")
    if backend == "sqlite":
        found = found.prefix_with("MATERIALIZED")
    stmt = select(found.c.key, func.min(found.c.rank).label("best"), func.min(found.c.score))
    if types:
        stmt = stmt.where(found.c.record_type.in_(list(types)))
    if levels is not None:
        stmt = stmt.where(found.c.sensitivity.in_(list(levels)))
    return (
        stmt.group_by(found.c.key)
        .order_by(func.min(found.c.rank), func.min(found.c.score), found.c.key)
        .limit(limit)
    )


def find_names(
    conn: Connection,
    words: Sequence[str],
    types: Collection[str] | None = None,
    levels: Collection[str] | None = None,
    limit: int = 50,
) -> list[str]:
    """Keys of the records with a name holding every folded word of `words` as a word
    prefix, best first (see the module); of `types` and of sensitivity `levels` (None:
    all), at most `limit`."""
    if not words or not all(w.isascii() and w.isalnum() for w in words):
        return []  # folded words are [a-z0-9]+; anything else matches no name
    stmt = search_statement(conn.dialect.name, words, types, levels, limit)
    return [str(r.key) for r in conn.execute(stmt)]


def check_word_index(conn: Connection) -> None:
    """Raise LedgerCorrupt unless the backend's word index agrees with `name_index`
    (SQLite: FTS5's integrity check against its content table; PostgreSQL keeps its GIN
    index itself)."""
    if conn.dialect.name != "sqlite":
        return
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(
                "INSERT INTO name_index_fts(name_index_fts, rank) VALUES ('integrity-check', 1)"
            )
    except Exception as e:  # the driver's error for a corrupt index: translated here
        raise LedgerCorrupt(
            "the search word index (name_index_fts) does not match name_index "
            "(an edited or forged index row)"
        ) from e


def rebuild_word_index(conn: Connection) -> None:
    """Rebuild the backend's word index from `name_index` (SQLite: FTS5 'rebuild')."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("INSERT INTO name_index_fts(name_index_fts) VALUES ('rebuild')")
