"""C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text of a log's head.

    <origin>
    <tree size, decimal>
    <root hash, base64>
    [extension lines]

The origin names the log (habeas uses its signing key's name); the size and root are those
of the RFC 6962 tree (`habeas.ledger.merkle`). A checkpoint is published as a signed note
(`habeas.ledger.note`), signed by the log and cosigned by witnesses. Standard library only.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from habeas.ledger.merkle import HASH_SIZE
from habeas.ledger.note import NoteError, b64decode

__all__ = ["Checkpoint", "parse_checkpoint"]


@dataclass(frozen=True)
class Checkpoint:
    """A log's origin, tree size and root hash, with optional extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise NoteError("a checkpoint's origin must be one non-empty line")
        if self.size < 0:
            raise NoteError(f"a tree size cannot be negative, got {self.size}")
        if len(self.root) != HASH_SIZE:
            raise NoteError(f"a root hash is {HASH_SIZE} bytes, got {len(self.root)}")
        for line in self.extensions:
            if not line or "\n" in line:
                raise NoteError("a checkpoint's extension lines must be non-empty single lines")

    def text(self) -> str:
        """The note text: origin, size, base64 root, extension lines, each ending in \\n."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii")]
        return "".join(line + "\n" for line in (*lines, *self.extensions))


def parse_checkpoint(text: str) -> Checkpoint:
    """Read a checkpoint's note text; `NoteError` saying which line is wrong."""
    if not text.endswith("\n"):
        raise NoteError("a checkpoint's text must end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise NoteError("a checkpoint has at least three lines: origin, size, root hash")
    origin, size, root, *extensions = lines
    if not size.isascii() or not size.isdigit() or (size != "0" and size.startswith("0")):
        raise NoteError(f"checkpoint line 2 {size!r} is not a tree size (decimal, no leading 0)")
    return Checkpoint(
        origin, int(size), b64decode(root, "checkpoint line 3 (root hash)"), tuple(extensions)
    )
