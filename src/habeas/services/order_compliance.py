"""Orders → obligations → compliance, grouped by order as the pages show them
(habeas.services.compliance)."""

from __future__ import annotations

from typing import Any

from habeas.domain.access import Principal
from habeas.services.compliance import compliance

__all__ = ["order_states"]


def order_states(
    store: Any, case_keys: list[str], *, principal: Principal, as_of: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """order key -> its obligations with their compliance state at `as_of` (JSON data) for
    every order in the matters of `case_keys` (each case with its appeals)."""
    out: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for case_key in case_keys:
        if case_key in seen:
            continue
        report = compliance(store, case_key, as_of=as_of, principal=principal)
        for item in report.items:
            ob = item.to_json()
            if ob["key"] in seen:
                continue
            seen.add(ob["key"])
            ob["zone"] = item.state.zone
            out.setdefault(ob["order"]["key"], []).append(ob)
        seen.add(case_key)
    return out
