"""Write `docs/bundle.schema.json`: the JSON Schema of one bundle line.

Run after changing a record type, review the diff, commit the output:

    .venv/bin/python scripts/build_bundle_schema.py

The schema is built by `habeas.ingest.schema.bundle_schema()` from the record models
themselves; `tests/test_docs.py` fails while the committed file differs from it.
"""

from __future__ import annotations

from pathlib import Path

from habeas.ingest.schema import bundle_schema_text

OUT = Path(__file__).resolve().parents[1] / "docs" / "bundle.schema.json"


def main() -> None:
    """Write the schema file."""
    OUT.write_text(bundle_schema_text(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
