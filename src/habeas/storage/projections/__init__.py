"""The projections: tables derived from the log alone, written in the same transaction as
each append and rebuilt and compared by `habeas verify`.

This module is the one place where projections are registered, in the order they run (one
that reads another's table comes after it). To add a derived table: write a module in this
package that builds a `Projection` (usually a `KeyedProjection`), and add one `register`
line below. See docs/storage.md.

    from habeas.storage.projections import project_entry, record_from_row
"""

from habeas.storage.projections.core import (
    RECORD_REFS,
    RECORD_VERSIONS,
    RECORDS,
    SEARCH_TERMS,
    EntryRows,
    project_entry,
    record_from_row,
)
from habeas.storage.projections.custody_spans import CUSTODY_SPANS
from habeas.storage.projections.hashes import ENTRY_HASHES
from habeas.storage.projections.indexes import CASE_INDEX, NAME_INDEX, OBLIGATION_INDEX
from habeas.storage.projections.match_keys import MATCH_KEYS
from habeas.storage.projections.merges import PAIR_QUEUE, PERSON_MERGES
from habeas.storage.projections.name_keys import NAME_KEYS
from habeas.storage.projections.registry import (
    Batch,
    EntryProjection,
    KeyedProjection,
    KeyState,
    LogState,
    Projected,
    Projection,
    Verifier,
    project_batch,
    register,
    registered,
    unregister,
)
from habeas.storage.projections.whereabouts_spans import WHEREABOUTS_SPANS
from habeas.storage.projections.word_counts import WORD_COUNTS

__all__ = [
    "Batch",
    "EntryProjection",
    "EntryRows",
    "KeyState",
    "KeyedProjection",
    "LogState",
    "Projected",
    "Projection",
    "Verifier",
    "project_batch",
    "project_entry",
    "record_from_row",
    "register",
    "registered",
    "unregister",
]

# -- the registered projections, in the order they run ------------------------------------
register(RECORDS)
register(RECORD_VERSIONS)
register(RECORD_REFS)
register(SEARCH_TERMS)
register(PERSON_MERGES)  # the spans read it: before them
register(CUSTODY_SPANS)  # reads records and person_merges: after them
register(WHEREABOUTS_SPANS)  # reads records: after it
register(NAME_INDEX)
register(CASE_INDEX)
register(OBLIGATION_INDEX)
register(ENTRY_HASHES)
register(MATCH_KEYS)
register(PAIR_QUEUE)
register(WORD_COUNTS)  # reads the name keys a batch replaces: before them
register(NAME_KEYS)
