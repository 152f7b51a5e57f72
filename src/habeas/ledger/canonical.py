"""Canonical JSON: the one byte form of an entry that its hash commits to.

Keys sorted, no insignificant whitespace, UTF-8 (not ASCII-escaped), and no floating-point
numbers at all (amounts are decimal strings), so the same entry always gives the same bytes
on every machine and in every language.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["canonical_bytes", "canonical_text"]


def _check(value: Any, path: str) -> None:
    if isinstance(value, float):
        raise ValueError(f"{path or 'value'}: floating-point numbers are not allowed in the log")
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValueError(f"{path}: object keys must be strings")
            _check(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check(v, f"{path}[{i}]")


_SCALARS = (str, int, bool, type(None))
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _suspect(value: Any) -> bool:
    """True if `value` holds a float or a non-string key (walked without building paths)."""
    kind = type(value)
    if kind in _SCALARS:
        return False
    if isinstance(value, dict):
        return any(type(k) is not str or _suspect(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_suspect(v) for v in value)
    return isinstance(value, float)


def canonical_text(value: Any) -> str:
    """The canonical JSON text of `value`."""
    if _suspect(value):
        _check(value, "")  # raises, naming where
    return _ENCODER.encode(value)


def canonical_bytes(value: Any) -> bytes:
    """The canonical JSON bytes (UTF-8) of `value`."""
    return canonical_text(value).encode("utf-8")
