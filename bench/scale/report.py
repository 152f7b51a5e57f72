"""The suite's table (target, measured, limit, ratio, met or not) and the change of every
figure since the previous result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["compare", "met", "previous", "table"]


def _describe(r: dict[str, Any]) -> tuple[str, str, str]:
    """The figure's target, what was measured, and its limit, in words."""
    name = r["figure"]
    if name == "import":
        return (
            f"≥ {r['target_ratio']:.0%} of the limit, RSS < {r['target_rss_mib']} MiB",
            f"{r['records_per_s']:,} records/s, peak RSS {r['max_rss_mib']} MiB",
            f"{r['limit']}: {r['limit_records_per_s']:,} records/s",
        )
    if name.startswith("verify"):
        return (
            f"≥ {r['target_ratio']:.0%} of the hashing rate",
            f"{r['entries_per_s']:,} entries/s",
            f"{r['limit']}: {r['limit_entries_per_s']:,} entries/s",
        )
    if name == "HTTP whereabouts":
        return (
            f"≥ {r['target_ratio']:.0%} of the bare throughput, p99 ≤ {r['target_p99_ms']} ms",
            f"{r['requests_per_s']:,} req/s, p99 {r['p99_ms']} ms",
            f"{r['limit']}: {r['limit_requests_per_s']:,} req/s, p99 {r['limit_p99_ms']} ms",
        )
    stat = r["target_stat"]
    word = stat.split("_")[0]
    target = f"{word} ≤ {r['target_ms']} ms"
    if name == "inclusion proof":
        target += f" at 10M (extrapolated {r['p99_ms_at_10m_extrapolated']} ms)"
    return (
        target,
        f"{word} {r[stat]} ms (p50 {r['p50_ms']})",
        f"{r['limit']}: {word} {r['limit_' + stat]} ms",
    )


def met(r: dict[str, Any]) -> bool:
    """Whether the figure meets its target."""
    if r["figure"] == "import":
        return bool(r["ratio"] >= r["target_ratio"] and r["max_rss_mib"] < r["target_rss_mib"])
    if r["figure"].startswith("verify"):
        return bool(r["ratio"] >= r["target_ratio"])
    if r["figure"] == "HTTP whereabouts":
        return bool(r["ratio"] >= r["target_ratio"] and r["p99_ms"] <= r["target_p99_ms"])
    if r["figure"] == "inclusion proof":
        return bool(r["p99_ms_at_10m_extrapolated"] <= r["target_ms"])
    return bool(r[r["target_stat"]] <= r["target_ms"])


def table(results: list[dict[str, Any]]) -> str:
    """The markdown table of `results`."""
    lines = [
        "| figure | backend | target | measured | limit (same run) | ratio | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = "" if r.get("ratio") is None else f"{r['ratio']:.2%}"
        target, measured, limit = _describe(r)
        lines.append(
            f"| {r['figure']} | {r['backend']} | {target} | {measured} | {limit} "
            f"| {ratio} | {'met' if met(r) else 'NOT met'} |"
        )
    return "\n".join(lines)


def _headline(r: dict[str, Any]) -> tuple[str, float] | None:
    for name in ("records_per_s", "entries_per_s", "requests_per_s"):
        if name in r:
            return name, float(r[name])
    stat = r.get("target_stat")
    return (stat, float(r[stat])) if stat else None


def previous(folder: Path, scale: float, exclude: Path | None = None) -> Path | None:
    """The latest earlier result at the same scale in `folder`."""
    found = []
    for path in sorted(folder.glob("scale-*.json")):
        if path == exclude:
            continue
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if data.get("scale") == scale:
            found.append(path)
    return found[-1] if found else None


def compare(old: dict[str, Any], new: list[dict[str, Any]]) -> str:
    """Each figure's headline number now against the previous result, as a change."""
    before = {(r["figure"], r["backend"]): r for r in old.get("results", [])}
    lines = [f"change since {old.get('date', '?')}:"]
    for r in new:
        was = before.get((r["figure"], r["backend"]))
        now, then = _headline(r), _headline(was) if was else None
        if now is None or then is None or now[0] != then[0] or not then[1]:
            lines.append(f"  {r['figure']} ({r['backend']}): no earlier figure")
            continue
        change = (now[1] - then[1]) / then[1]
        lines.append(
            f"  {r['figure']} ({r['backend']}): {now[0]} {then[1]:g} -> {now[1]:g} ({change:+.1%})"
        )
    return "\n".join(lines)
