"""Write `docs/log-vectors.json`: test vectors of the log's byte forms (docs/log.md).

Run after changing the entry format, review the diff, commit the output:

    .venv/bin/python scripts/build_log_vectors.py

The vectors are built by `habeas.ledger.vectors.log_vectors()` from fixed inputs;
`tests/ledger/test_vectors.py` fails while the committed file differs from it.
"""

from __future__ import annotations

from pathlib import Path

from habeas.ledger.vectors import log_vectors_text

OUT = Path(__file__).resolve().parents[1] / "docs" / "log-vectors.json"


def main() -> None:
    """Write the vectors file."""
    OUT.write_text(log_vectors_text(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
