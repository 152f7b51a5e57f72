"""The name keys: every word of every name of each current record, with its phonetic key,
so forgiving search finds candidates by an indexed lookup, never by reading every name.

One row is one significant word (particles such as "de la" left out) of one name of a
record, with the part of the name it is (for a person, parsed by
`habeas.domain.names.parse_name`; for other records simply a word of a name). Candidate
words are found by three B-tree indexes that both backends answer the same way: the word
itself (equal, or a prefix range), its phonetic key (`habeas.domain.phonetics`), and the
word reversed (a prefix range of it finds a word with a typo in its first letters). Each
index carries the record's type and sensitivity, so a search filters by both, and by the
reader's clearance, in SQL. Written and checked by `habeas.storage.projections.name_keys`.

`word_counts` holds, per word, part of the name, record type and sensitivity, how many
name_keys rows there are: how many names bear the word, read in one seek rather than
counted over an index range (forgiving search picks its rarest query words by it; linking
weighs an agreed name by its share of the ledger's people). Kept by
`habeas.storage.projections.word_counts` on each append, checked by verify.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from habeas.storage.tables import metadata

__all__ = ["WORD", "name_keys", "word_counts"]

WORD = String(60).with_variant(String(60, collation="C"), "postgresql")
"""A folded word: compared byte by byte on both backends, so a prefix is a range."""

name_keys = Table(
    "name_keys",
    metadata,
    Column("key", String(200), primary_key=True, comment="The current record."),
    Column(
        "name_no",
        Integer,
        primary_key=True,
        autoincrement=False,
        comment="Which of the record's names (Record.names(), in order; 0 the first).",
    ),
    Column(
        "position",
        Integer,
        primary_key=True,
        autoincrement=False,
        comment="The word's place among the significant words of that name (0 the first).",
    ),
    Column(
        "word",
        WORD,
        nullable=False,
        comment="The word folded (lower case, no accents; habeas.domain.text.fold).",
    ),
    Column(
        "sound",
        WORD,
        nullable=False,
        comment="Its phonetic key (habeas.domain.phonetics.phonetic_key); '' for a number.",
    ),
    Column("drow", WORD, nullable=False, comment="The folded word reversed."),
    Column(
        "role",
        String(8),
        nullable=False,
        comment="The part of the name: given, initial, surname or married (a person); "
        "name (any other record).",
    ),
    Column(
        "written",
        String(60),
        nullable=False,
        comment="The word as written in the name (case and accents kept), for explanations.",
    ),
    Column("record_type", String(40), nullable=False, comment="Type of the record."),
    Column(
        "sensitivity",
        String(16),
        nullable=False,
        comment="The record's sensitivity: a search returns only the levels its reader may see.",
    ),
)
Index(
    "ix_name_keys_word",
    name_keys.c.word,
    name_keys.c.record_type,
    name_keys.c.sensitivity,
    name_keys.c.key,
)
Index(
    "ix_name_keys_sound",
    name_keys.c.sound,
    name_keys.c.word,
    name_keys.c.record_type,
    name_keys.c.sensitivity,
    name_keys.c.key,
)
Index(
    "ix_name_keys_drow",
    name_keys.c.drow,
    name_keys.c.record_type,
    name_keys.c.sensitivity,
    name_keys.c.key,
)

word_counts = Table(
    "word_counts",
    metadata,
    Column("word", WORD, primary_key=True, comment="The folded word (name_keys.word)."),
    Column("record_type", String(40), primary_key=True, comment="Type of the records."),
    Column("sensitivity", String(16), primary_key=True, comment="Their sensitivity."),
    Column(
        "role",
        String(8),
        primary_key=True,
        comment="The part of the name (name_keys.role): given, initial, surname, married, name.",
    ),
    Column(
        "names",
        Integer,
        nullable=False,
        comment="How many name_keys rows bear the word so (always more than 0).",
    ),
)
