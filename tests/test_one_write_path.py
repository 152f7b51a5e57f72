"""One write path (docs/architecture.md): every face and importer appends to the log through
the write service (`habeas.services.write`); nothing else makes a `LedgerWriter` or calls
the writer's shortcuts. The audit module (audit entries of reads and account changes) and
the writer itself are the only other modules that may."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "habeas"
DOCS = Path(__file__).resolve().parents[1] / "docs"

WRITER_NAMES = {"LedgerWriter", "write_changes", "ledger_writer"}
"""What appends to the log without the write service's checks."""

ALLOWED = {
    "services/writer.py",  # the writer itself
    "services/write.py",  # the write service, the one door
    "services/audit.py",  # audit entries (reads, accounts): no record is written
}


def _modules() -> list[Path]:
    found = sorted(PACKAGE.rglob("*.py"))
    assert len(found) > 50  # the walk sees the package, not an empty folder
    return found


def _uses(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in WRITER_NAMES:
            used.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in WRITER_NAMES:
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            used.update(a.name for a in node.names if a.name in WRITER_NAMES)
    return used


def test_only_the_write_service_makes_a_ledger_writer() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(names)
        for path in _modules()
        if str(path.relative_to(PACKAGE)) not in ALLOWED and (names := _uses(path))
    }
    assert offenders == {}, (
        "these modules append to the log around the write service "
        f"(use habeas.services.write): {offenders}"
    )


def test_the_check_sees_a_writer_where_there_is_one() -> None:
    """The check cannot pass by seeing nothing: the modules allowed do use the writer."""
    for name in ALLOWED:
        assert _uses(PACKAGE / name), name


def test_the_architecture_page_draws_the_one_write_path() -> None:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    for name in ("services/write.py", "LedgerWriter", "WriteTx", "import_stream", "Visibility"):
        assert name in text, name
    for face in ("recording", "editing", "drafts", "importing", "sheet_import", "docket_import"):
        assert face in text, face
