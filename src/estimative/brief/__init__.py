"""The brief: written from the assessment object alone, by templates (no language model).

`render(assessment, fmt)` returns text (md, html, json) or bytes (pdf). The assessment may be an
`Assessment` (anything with `to_dict()`) or its JSON dict; the brief never looks elsewhere, so
nothing is said that the assessment does not hold.
"""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from estimative.assess.wording import long_date
from estimative.brief.svgmap import MapPoint, TimelineItem, render_map, render_timeline
from estimative.knowledge import estimative_bands

FORMATS = ("md", "html", "pdf", "json")
__all__ = ["FORMATS", "band", "count_text", "long_date", "pct", "render"]


def _as_dict(assessment: Any) -> dict[str, Any]:
    return assessment if isinstance(assessment, dict) else assessment.to_dict()


def band(term: str | None) -> str:
    """The ICD 203 probability band of a term, e.g. 'likely' -> '55–80%'."""
    if not term:
        return ""
    for name, low, high in estimative_bands():
        if name == term:
            return f"{round(low * 100)}–{round(high * 100)}%"
    return ""


def pct(p: float | None) -> str:
    if p is None:
        return "—"
    return f"{p * 100:.0f}%" if p >= 0.01 else "<1%"


def count_text(c: dict[str, Any] | None) -> str:
    """A reported count as a reader says it: '3', 'at least 12', 'about 18', 'unknown'."""
    if not c or c.get("best") is None:
        return "unknown"
    q = c.get("qualifier")
    n = c["best"]
    if q == "at_least":
        return f"at least {n}"
    if q == "approximate":
        return f"about {n}"
    if q == "at_most":
        return f"at most {n}"
    if c.get("min") is not None and c.get("max") is not None and c["min"] != c["max"]:
        return f"{n} ({c['min']}–{c['max']})"
    return str(n)


def toll_groups(groups: list[dict[str, Any]] | None, key: str) -> list[str]:
    """The groups of a toll as a reader says them: '2 US personnel', '1 UK soldier'. A group that
    holds the others ('three coalition personnel ... two US personnel and a UK soldier') is
    said once, with its parts: '3 coalition personnel (2 US personnel, 1 UK soldier)'."""
    counted = [g for g in groups or [] if (g.get(key) or {}).get("best")]
    said = [f"{count_text(g[key])} {g.get('group') or ''}".strip() for g in counted]
    for i, g in enumerate(counted):
        rest = [h for j, h in enumerate(counted) if j != i]
        if rest and not g.get("country") and sum(h[key]["best"] for h in rest) <= g[key]["best"] \
                and all(h.get("country") for h in rest):
            return [f"{said[i]} ({', '.join(x for j, x in enumerate(said) if j != i)})"]
    return said


def md_escape(text: Any) -> str:
    """User text in Markdown: neutralise HTML and the characters that would start markup."""
    s = "" if text is None else str(text)
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        s = s.replace(a, b)
    for ch in ("\\", "`", "*", "_", "[", "]", "|", "#"):
        s = s.replace(ch, "\\" + ch)
    return s


def qualifier(j: dict[str, Any]) -> str:
    """A judgment's term, band and confidence after its statement (Markdown):
    ' (*likely*, 55–80%; low confidence)'."""
    parts = []
    if j.get("estimative_term"):
        parts.append(f"*{j['estimative_term']}*, {band(j['estimative_term'])}")
    if j.get("confidence"):
        parts.append(f"{j['confidence']} confidence")
    return f" ({'; '.join(parts)})" if parts else ""


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("estimative.brief", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(band=band, pct=pct, count=count_text, longdate=long_date, md=md_escape, qualifier=qualifier,
                       toll_groups=toll_groups)
    return env


def map_points(a: dict[str, Any]) -> list[MapPoint]:
    pts: list[MapPoint] = []
    for ev in a.get("related_events", []):
        if ev.get("lat") is not None and ev.get("lon") is not None:
            pts.append(MapPoint(ev["lat"], ev["lon"], f"{ev.get('date', '')} {ev.get('label', '')}".strip(),
                                "related" if ev.get("relation") else "series"))
    for inc in a.get("incidents", []):
        loc = inc.get("location") or {}
        if loc.get("lat") is not None and loc.get("method") != "unknown":
            pts.append(MapPoint(loc["lat"], loc["lon"], f"{inc.get('date', '')} {loc.get('name', '')}", "incident",
                                radius_km=loc.get("precision_km") if (loc.get("precision_km") or 0) > 15 else None))
    return pts


def timeline_items(a: dict[str, Any]) -> list[TimelineItem]:
    items = []
    for t in a.get("timeline", []):
        try:
            items.append(TimelineItem(date.fromisoformat(t["date"][:10]), t.get("label", ""),
                                      float(t.get("severity") or 1.0), t.get("kind", "series")))
        except (KeyError, ValueError):
            continue
    return items


def figures(a: dict[str, Any]) -> dict[str, str]:
    """The inline SVG map and timeline the HTML and PDF carry."""
    return {"map_svg": render_map(map_points(a)), "timeline_svg": render_timeline(timeline_items(a))}


def render(assessment: Any, fmt: str = "md") -> str | bytes:
    a = _as_dict(assessment)
    if fmt == "json":
        return json.dumps(a, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "md":
        return _env().get_template("brief.md.j2").render(a=a)
    if fmt in ("html", "pdf"):
        html = _env().get_template("brief.html.j2").render(a=a, **figures(a), for_pdf=fmt == "pdf")
        if fmt == "html":
            return html
        from weasyprint import HTML

        return HTML(string=html).write_pdf()
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
