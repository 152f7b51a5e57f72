"""Charts made on the server as SVG: no JavaScript, printable, readable by screen readers.

`custody_timeline` draws a person's chain of custody: one lane per country, one bar per
stay, a marker per event, border crossings and transfers marked. `occupancy_chart` draws a
facility's population over time against its capacity. Both take the pages' JSON data and a
translator, return an SVG string (every text escaped), and carry a <title> and <desc>; the
pages show the same facts as a table beside them.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any

from habeas.web.i18n import Translator

__all__ = ["COUNTRY_COLOURS", "custody_timeline", "occupancy_chart"]

COUNTRY_COLOURS = ["#1f5f8b", "#b5442c", "#3f7d3a", "#7a4d9a", "#a07400", "#2b7a78"]
_FONT = "font-family='system-ui, sans-serif'"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _country(t: Translator, code: str | None) -> str:
    if not code:
        return t("country.unknown")
    key = f"country.{code}"
    return t(key) if t.has(key) else code


def custody_timeline(
    chain: list[dict[str, Any]], t: Translator, *, zones: dict[str, str] | None = None
) -> str:
    """The chain of custody (whereabouts JSON `chain`) as an SVG timeline.

    Events are spaced evenly (not to scale, so that days of transfers stay readable); each
    bar runs from one event to the next in the lane of the country the person was in.
    """
    zones = zones or {}
    if not chain:
        return ""
    lanes: list[str | None] = []
    countries: list[str | None] = []
    current: str | None = None
    for ev in chain:
        current = ev.get("country") or current
        countries.append(current)
        if current not in lanes:
            lanes.append(current)
    n = len(chain)
    left, right, top, lane_h = 150, 40, 22, 74
    step = max(96, min(150, 820 // max(n, 1)))
    width = left + step * n + right
    height = top + lane_h * len(lanes) + 112
    colour = {c: COUNTRY_COLOURS[i % len(COUNTRY_COLOURS)] for i, c in enumerate(lanes)}
    lane_y = {c: top + i * lane_h + lane_h // 2 for i, c in enumerate(lanes)}
    title = t("svg.timeline.title")
    desc = t("svg.timeline.desc", n=n)
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart timeline' role='img' "
        f"viewBox='0 0 {width} {height}' width='{width}' height='{height}' "
        f"aria-labelledby='tl-title tl-desc' {_FONT} font-size='12'>",
        f"<title id='tl-title'>{_e(title)}</title><desc id='tl-desc'>{_e(desc)}</desc>",
    ]
    for c in lanes:
        y = lane_y[c]
        out.append(
            f"<rect x='0' y='{y - lane_h // 2 + 2}' width='{width}' height='{lane_h - 4}' "
            f"fill='{colour[c]}' fill-opacity='0.06'/>"
        )
        out.append(
            f"<text x='8' y='{y + 4}' font-weight='600' fill='{colour[c]}'>"
            f"{_e(_short(_country(t, c), 18))}</text>"
        )
    crossings = 0
    for i, ev in enumerate(chain):
        x = left + i * step
        c = countries[i]
        y = lane_y[c]
        x2 = left + (i + 1) * step
        held = ev.get("kind") not in ("released", "died", "escaped", "whereabouts_unknown")
        where = ev.get("facility_name") or ev.get("place") or ""
        dash = "" if ev.get("certainty", "confirmed") == "confirmed" else " stroke-dasharray='6 4'"
        if held:
            out.append(
                f"<rect x='{x}' y='{y - 7}' width='{x2 - x}' height='14' rx='3' "
                f"fill='{colour[c]}' fill-opacity='0.85'{dash}><title>{_e(where)}</title></rect>"
            )
        else:
            out.append(
                f"<line x1='{x}' y1='{y}' x2='{x2}' y2='{y}' stroke='{colour[c]}' "
                f"stroke-width='2' stroke-dasharray='3 4'/>"
            )
        if where:
            out.append(
                f"<text x='{x + 4}' y='{y - 13}' fill='#222'>{_e(_short(where, step // 7))}</text>"
            )
        if i > 0 and countries[i - 1] != c:
            crossings += 1
            y0 = lane_y[countries[i - 1]]
            label = f"{countries[i - 1] or '?'} → {c or '?'}"
            out.append(
                f"<line x1='{x}' y1='{y0}' x2='{x}' y2='{y}' stroke='#111' stroke-width='2' "
                f"stroke-dasharray='5 3' class='crossing'><title>{_e(t('svg.crossing'))}: "
                f"{_e(label)}</title></line>"
            )
            mid = (y0 + y) // 2
            out.append(
                f"<rect x='{x + 4}' y='{mid - 10}' width='{12 + 8 * len(label)}' height='18' "
                f"rx='3' fill='#fff' stroke='#111'/><text x='{x + 8}' y='{mid + 3}' "
                f"font-weight='600' class='crossing-label'>{_e(label)}</text>"
            )
        moved = bool(ev.get("transfer")) or ev.get("kind") in ("transferred", "removed")
        kind = t.term("custody", ev.get("kind"))
        when = t.when(ev.get("at"), zones.get(ev.get("facility") or ""))
        tip = f"{kind} — {when}" + (f" — {where}" if where else "")
        if ev.get("transfer_name"):
            tip += f" — {ev['transfer_name']}"
        if moved:
            out.append(
                f"<path d='M{x} {y - 9} L{x + 9} {y} L{x} {y + 9} L{x - 9} {y} Z' fill='#fff' "
                f"stroke='#111' stroke-width='2' class='transfer'><title>{_e(tip)}</title></path>"
            )
        else:
            out.append(
                f"<circle cx='{x}' cy='{y}' r='7' fill='#fff' stroke='#111' stroke-width='2'>"
                f"<title>{_e(tip)}</title></circle>"
            )
        out.append(
            f"<text x='{x - 4}' y='{y + 24}' fill='#333'>{_e(_short(kind, step // 7))}</text>"
        )
        base = top + lane_h * len(lanes) + 14
        out.append(
            f"<text x='{x}' y='{base}' transform='rotate(30 {x} {base})' fill='#333'>"
            f"{_e(t.short(ev.get('at')))}</text>"
        )
    legend_y = height - 10
    out.append(
        f"<g class='legend'><path d='M{left} {legend_y - 12} l8 8 l-8 8 l-8 -8 Z' fill='#fff' "
        f"stroke='#111' stroke-width='2'/><text x='{left + 14}' y='{legend_y}'>"
        f"{_e(t('svg.legend.transfer'))}</text>"
        f"<line x1='{left + 200}' y1='{legend_y - 12}' x2='{left + 200}' y2='{legend_y + 4}' "
        f"stroke='#111' stroke-width='2' stroke-dasharray='5 3'/>"
        f"<text x='{left + 208}' y='{legend_y}'>{_e(t('svg.legend.crossing'))}</text>"
        f"<text x='{left + 400}' y='{legend_y}' fill='#555'>{_e(t('svg.legend.spacing'))}</text>"
        "</g>"
    )
    out.append("</svg>")
    return "".join(out)


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for m in (1, 2, 2.5, 5, 10):
        top = int(m * magnitude)
        if top >= value:
            return top
    return value


def occupancy_chart(
    points: list[dict[str, Any]],
    capacity: int | None,
    t: Translator,
    *,
    name: str = "",
) -> str:
    """Held people over time (a step line) against the facility's capacity."""
    if not points:
        return ""
    days = [date.fromisoformat(p["on"]) for p in points]
    held = [int(p["held"]) for p in points]
    first, last = days[0], days[-1]
    if last <= first:
        last = first + timedelta(days=1)
    peak = max(held)
    scale_max = _nice_max(max(peak, 1) * 11 // 10 + 1)
    capacity_on_scale = capacity is not None and capacity <= scale_max * 1.6
    if capacity_on_scale and capacity is not None:
        scale_max = _nice_max(max(scale_max, capacity))
    left, right, top, bottom = 70, 30, 24, 50
    width, height = 860, 300
    plot_w, plot_h = width - left - right, height - top - bottom
    span = (last - first).days

    def x(d: date) -> float:
        return left + plot_w * (d - first).days / span

    def y(v: float) -> float:
        return top + plot_h * (1 - v / scale_max)

    title = t("svg.occupancy.title", name=name)
    desc = t("svg.occupancy.desc", peak=peak, capacity=capacity if capacity is not None else "—")
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart occupancy' role='img' "
        f"viewBox='0 0 {width} {height}' width='{width}' height='{height}' "
        f"aria-labelledby='oc-title oc-desc' {_FONT} font-size='12'>",
        f"<title id='oc-title'>{_e(title)}</title><desc id='oc-desc'>{_e(desc)}</desc>",
    ]
    for i in range(5):
        v = scale_max * i / 4
        yy = y(v)
        out.append(
            f"<line x1='{left}' y1='{yy:.1f}' x2='{width - right}' y2='{yy:.1f}' stroke='#ddd'/>"
            f"<text x='{left - 8}' y='{yy + 4:.1f}' text-anchor='end' fill='#333'>"
            f"{int(v):,}</text>"
        )
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    every = max(1, -(-months // 8))
    month = date(first.year, first.month, 1)
    index = 0
    while month <= last:
        index += 1
        if month >= first and (index - 1) % every == 0:
            xx = x(month)
            out.append(
                f"<line x1='{xx:.1f}' y1='{top}' x2='{xx:.1f}' y2='{top + plot_h}' stroke='#eee'/>"
                f"<text x='{xx:.1f}' y='{top + plot_h + 18}' text-anchor='middle' fill='#333'>"
                f"{_e(t.month(month.month))} {month.year}</text>"
            )
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    path = [f"M{x(days[0]):.1f} {y(held[0]):.1f}"]
    for i in range(1, len(days)):
        path.append(f"H{x(days[i]):.1f} V{y(held[i]):.1f}")
    path.append(f"H{x(last):.1f}")
    line = " ".join(path)
    out.append(
        f"<path d='{line} V{y(0):.1f} H{x(days[0]):.1f} Z' fill='#1f5f8b' fill-opacity='0.15'/>"
        f"<path d='{line}' fill='none' stroke='#1f5f8b' stroke-width='2.5'/>"
    )
    for d, v in zip(days, held, strict=True):
        out.append(
            f"<circle cx='{x(d):.1f}' cy='{y(v):.1f}' r='3' fill='#1f5f8b'>"
            f"<title>{_e(t.day(d))}: {v:,}</title></circle>"
        )
    if capacity is not None and capacity_on_scale:
        yy = y(capacity)
        out.append(
            f"<line x1='{left}' y1='{yy:.1f}' x2='{width - right}' y2='{yy:.1f}' "
            f"stroke='#b5442c' stroke-width='2' stroke-dasharray='8 4' class='capacity'/>"
            f"<text x='{width - right}' y='{yy - 6:.1f}' text-anchor='end' fill='#b5442c'>"
            f"{_e(t('svg.capacity', capacity=f'{capacity:,}'))}</text>"
        )
    elif capacity is not None:
        out.append(
            f"<text x='{width - right}' y='{top + 12}' text-anchor='end' fill='#b5442c' "
            f"class='capacity'>{_e(t('svg.capacity_off_scale', capacity=f'{capacity:,}'))}"
            "</text>"
        )
    out.append(
        f"<line x1='{left}' y1='{top + plot_h}' x2='{width - right}' y2='{top + plot_h}' "
        f"stroke='#333'/><text x='{left}' y='{height - 8}' fill='#555'>"
        f"{_e(t('svg.occupancy.axis'))}</text></svg>"
    )
    return "".join(out)
