"""Reading an evidence bundle's zip as hostile input: refused whole, or read into memory.

A bundle comes from someone else's hands. Before one byte of a member is used, the zip's
directory is checked: every member name must be one the bundle layout allows (so no `../`,
no absolute path, no backslash, no drive letter), given once, a regular file (not a symlink,
not encrypted), within the size limits, and not compressed so well that it is a zip bomb.
Members are then read into memory, counting the bytes actually inflated (a zip's declared
sizes can lie). Nothing is ever written to disk, so nothing can land outside a folder.

Standard library only.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LAYOUT", "BundleRefused", "Limits", "allowed_name", "read_members"]

LAYOUT = re.compile(
    r"^(manifest\.json|README\.txt|records\.json|report\.html|report\.pdf"
    r"|checkpoint|checkpoint\.json"
    r"|keys/[A-Za-z0-9._-]{1,100}\.vkey"
    r"|entries/(0|[1-9][0-9]{0,17})\.(entry|disclosures\.json)"
    r"|proofs/(0|[1-9][0-9]{0,17})\.(json|tlog-proof)"
    r"|sources/[0-9a-f]{64})$"
)
"""Every member name a bundle may hold (anything else is refused)."""

_READ_CHUNK = 1 << 16


class BundleRefused(ValueError):
    """The zip is not a bundle this verifier will read; `member` names the culprit, if one."""

    def __init__(self, message: str, *, member: str | None = None) -> None:
        super().__init__(message)
        self.member = member


@dataclass(frozen=True)
class Limits:
    """How much a bundle may hold before it is refused unread."""

    max_members: int = 50_000
    max_member_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200
    """Largest uncompressed/compressed ratio, for members over `ratio_floor` bytes."""
    ratio_floor: int = 1024 * 1024


def allowed_name(name: str) -> bool:
    """True if `name` is a member name of the bundle layout."""
    return LAYOUT.match(name) is not None


def _check_info(info: zipfile.ZipInfo, limits: Limits) -> None:
    name = info.filename
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise BundleRefused(f"member {name!r} has an absolute path", member=name)
    if ".." in name.replace("\\", "/").split("/") or "\\" in name:
        raise BundleRefused(f"member {name!r} would escape the bundle's folder", member=name)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise BundleRefused(f"member {name!r} is a symbolic link", member=name)
    if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        raise BundleRefused(f"member {name!r} is not a regular file", member=name)
    if not allowed_name(name):
        raise BundleRefused(f"member {name!r} is not part of an evidence bundle", member=name)
    if info.flag_bits & 0x1:
        raise BundleRefused(f"member {name!r} is encrypted", member=name)
    if info.file_size > limits.max_member_bytes:
        raise BundleRefused(
            f"member {name!r} is {info.file_size} bytes, over the limit of "
            f"{limits.max_member_bytes}",
            member=name,
        )
    if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        raise BundleRefused(
            f"member {name!r} inflates {info.file_size // max(info.compress_size, 1)} times "
            f"(over {limits.max_ratio}): a zip bomb",
            member=name,
        )


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, limits: Limits) -> bytes:
    name = info.filename
    cap = min(limits.max_member_bytes, budget)
    parts: list[bytes] = []
    got = 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(_READ_CHUNK):
                got += len(chunk)
                if got > cap or got > info.file_size:
                    raise BundleRefused(
                        f"member {name!r} inflates past its declared size or the limits",
                        member=name,
                    )
                parts.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as e:
        raise BundleRefused(f"member {name!r} cannot be read: {e}", member=name) from e
    return b"".join(parts)


def read_members(path: str | Path, limits: Limits | None = None) -> dict[str, bytes]:
    """Every member of the bundle at `path`, by name; BundleRefused when the zip is hostile
    or unreadable (naming the member)."""
    limits = limits or Limits()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise BundleRefused(f"{path} is not a readable zip file: {e}") from e
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise BundleRefused(f"the zip holds {len(infos)} members, over {limits.max_members}")
        seen: set[str] = set()
        for info in infos:
            if info.filename in seen:
                raise BundleRefused(f"member {info.filename!r} appears twice", member=info.filename)
            seen.add(info.filename)
            _check_info(info, limits)
        declared = sum(i.file_size for i in infos)
        if declared > limits.max_total_bytes:
            raise BundleRefused(
                f"the members add up to {declared} bytes, over {limits.max_total_bytes}"
            )
        out: dict[str, bytes] = {}
        budget = limits.max_total_bytes
        for info in infos:
            data = _read(zf, info, budget, limits)
            budget -= len(data)
            out[info.filename] = data
    return out
