"""The dashboard's activity chart: incidents per period as an inline SVG bar chart.

(The brief's `render_timeline` draws single events of one series; the dashboard needs counts
over many thousands of events, so it bins them in the store and draws the bins here.)
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

UNIT_LABEL = {"day": "day", "week": "week", "month": "month", "year": "year"}


def pick_unit(first: date | None, last: date | None) -> str:
    """Bins fine enough to show a trend, coarse enough to stay under ~150 bars."""
    if first is None or last is None:
        return "month"
    days = (last - first).days
    if days <= 120:
        return "day"
    if days <= 3 * 365:
        return "week"
    if days <= 12 * 365:
        return "month"
    return "year"


def _next(d: date, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=1)
    if unit == "week":
        return d + timedelta(days=7)
    if unit == "month":
        return date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return date(d.year + 1, 1, 1)


def fill_gaps(bins: Sequence[tuple[date, int, int]], unit: str) -> list[tuple[date, int, int]]:
    """The store returns only periods with events; a chart needs the empty ones too."""
    if not bins:
        return []
    have = {b[0]: b for b in bins}
    out: list[tuple[date, int, int]] = []
    d, last = bins[0][0], bins[-1][0]
    while d <= last and len(out) < 5000:
        out.append(have.get(d, (d, 0, 0)))
        d = _next(d, unit)
    return out


def _ticks(bins: Sequence[tuple[date, int, int]], most: int = 8) -> list[tuple[int, str]]:
    years = sorted({b[0].year for b in bins})
    if len(years) > 1:
        step = max(1, -(-len(years) // most))
        firsts: dict[int, int] = {}
        for i, b in enumerate(bins):
            firsts.setdefault(b[0].year, i)
        return [(firsts[y], str(y)) for y in years[::step]]
    step = max(1, -(-len(bins) // most))
    return [(i, f"{bins[i][0]:%d %b}") for i in range(0, len(bins), step)]


def histogram_svg(bins: Sequence[tuple[date, int, int]], unit: str, width: int = 960, height: int = 170) -> str:
    """Bars of incidents per bin, with the fatalities of each bin in its tooltip."""
    if not bins:
        return ""
    left, right, top, bottom = 44, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(n for _, n, _ in bins) or 1
    bar_w = plot_w / len(bins)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Incidents per {UNIT_LABEL[unit]}" class="est-histogram">',
             f'<title>Incidents per {UNIT_LABEL[unit]}</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9aa5b1"/>',
             f'<text x="{left - 6}" y="{top + 8}" font-size="10" text-anchor="end" fill="#4a5561">{peak:,}</text>',
             f'<text x="{left - 6}" y="{top + plot_h}" font-size="10" text-anchor="end" fill="#4a5561">0</text>']
    for i, (start, n, killed) in enumerate(bins):
        h = max(1.0, n / peak * plot_h) if n else 0
        x = left + i * bar_w
        tip = escape(f"{start.isoformat()} ({UNIT_LABEL[unit]}): {n:,} incidents, {killed:,} killed")
        parts.append(f'<rect class="bin" x="{x + 0.5:.1f}" y="{top + plot_h - h:.1f}" width="{max(bar_w - 1, 1):.1f}" '
                     f'height="{h:.1f}" fill="#8e1b12" fill-opacity="0.8"><title>{tip}</title></rect>')
    for i, label in _ticks(bins):
        x = left + i * bar_w
        parts.append(f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" y2="{top + plot_h + 4}" stroke="#9aa5b1"/>'
                     f'<text x="{x:.1f}" y="{top + plot_h + 16}" font-size="10" fill="#4a5561">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
