"""Entity resolution: which person records are one person.

Pure, like `habeas.domain`: no I/O, no database. `features` reads a person record body into
what the matcher compares and the blocking keys it is found by; `compare` puts each field of
a pair into a comparison level; `model` is the Fellegi–Sunter model that weighs the levels
(m and u per level, estimated by EM) and explains every score as `Evidence`; `dedupe` scores
every blocked pair of a batch. The services (`habeas.services.linking`, `.dedupe`) read the
ledger, call these, and hand the pairs to the review queue. See docs/matching.md.
"""

from habeas.match.compare import FIELDS, LEVELS, compare
from habeas.match.features import MatchRecord, blocking_keys, match_record
from habeas.match.model import DEFAULT, Model

# The batch (`habeas.match.dedupe`, over NumPy) is not imported here: linking one record on
# import, which every write and the server's start reach, never loads NumPy.

__all__ = [
    "DEFAULT",
    "FIELDS",
    "LEVELS",
    "MatchRecord",
    "Model",
    "blocking_keys",
    "compare",
    "match_record",
]
