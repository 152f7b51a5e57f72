"""The projections: tables derived from the log alone, written in the same transaction as
each append and rebuilt and compared by `habeas verify`.

    from habeas.storage.projections import project_entry, record_from_row
"""

from habeas.storage.projections.core import Projection, project_entry, record_from_row

__all__ = ["Projection", "project_entry", "record_from_row"]
