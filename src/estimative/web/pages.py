"""Server-rendered pages: dashboard, incident, new report, stored report, watchlists, API docs.

Writes from pages carry the token in a form field (no cookies, so no cross-site request can
write); after a write the page redirects (303) to what was written.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from estimative.brief import figures, render
from estimative.brief.svgmap import MapPoint, render_map
from estimative.extract.text import MAX_REPORT_CHARS
from estimative.model import ACLED_TAXONOMY, Event
from estimative.store import watch as watch_store
from estimative.web import alerts as watch
from estimative.web.charts import fill_gaps, histogram_svg, pick_unit
from estimative.web.deps import Workbench, bench_dependency
from estimative.web.filters import FilterError, parse_date, parse_query
from estimative.web.reports import (
    ReportInputError,
    assess_text,
    save_report,
    stored_assessment,
    text_from_upload,
)
from estimative.web.security import MAX_FORM_FIELD_BYTES, WriteDenied, check_token

router = APIRouter(include_in_schema=False, form_limits={"max_part_size": MAX_FORM_FIELD_BYTES})
Bench = Annotated[Workbench, Depends(bench_dependency)]
MAP_MAX = 1500
MAP_KIND = "stored"  # a stored incident: drawn as a small unlabelled marker
BRIEF_TYPES = {"pdf": "application/pdf", "md": "text/markdown; charset=utf-8",
               "json": "application/json", "html": "text/html; charset=utf-8"}


def _label(row: dict[str, Any]) -> str:
    what = row.get("sub_event_type") or row.get("event_type") or "incident"
    return f"{row['date_start']}: {what}, {row.get('location') or row.get('country') or ''}".rstrip(", ")


def incident_map(rows: list[dict[str, Any]], assets: Sequence[dict[str, Any]] = (), width: int = 960,
                 height: int = 500) -> str:
    """Stored incidents (linked to their pages) and watched assets with their radius."""
    points = [MapPoint(r["lat"], r["lon"], _label(r), MAP_KIND, href=f"/incidents/{quote(r['event_id'])}")
              for r in rows if r.get("lat") is not None and r.get("lon") is not None]
    points += [MapPoint(w["lat"], w["lon"], w["name"], "asset", radius_km=w["radius_km"],
                        href=f"/watchlists#{quote(w['watchlist_id'])}") for w in assets]
    # wide enough to show every watched radius whole
    span = max([2.6 * w["radius_km"] / 111.0 for w in assets] + [2.0])
    return render_map(points, width=width, height=height, min_span_deg=span, title="Map of the incidents")


# ------------------------------------------------------------------------------------------ dashboard
@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, bench: Bench, country: str | None = None, since: str | None = None,
              until: str | None = None, actor: str | None = None, event_type: str | None = None,
              source: str | None = None) -> Response:
    store = bench.store
    form = {"country": country or "", "since": since or "", "until": until or "", "actor": actor or "",
            "event_type": event_type or "", "source": source or ""}
    try:
        q = parse_query(country=country, since=since, until=until, actor=actor, event_type=event_type,
                        source=source, limit=None)
        error = None
    except FilterError as exc:
        q, error = parse_query(limit=None), str(exc)
    total = store.event_total(None, q.flt)
    rows = store.event_rows(None, q.flt, columns=("event_id", "date_start", "country", "location", "lat", "lon",
                                                  "event_type", "sub_event_type", "perpetrator", "fatalities",
                                                  "injuries", "source"), limit=MAP_MAX)
    first, last = store.date_range(None, q.flt)
    unit = pick_unit(first, last)
    bins = fill_gaps(store.histogram(None, q.flt, unit), unit)
    lists = store.watchlists()
    event_types = sorted({*ACLED_TAXONOMY, *(v for v, _ in store.facet("event_type", limit=40))})
    return bench.page(
        request, "dashboard.html", form=form, error=error, total=total, shown=len(rows), first=first, last=last,
        map_svg=incident_map(rows, lists), histogram_svg=histogram_svg(bins, unit), unit=unit,
        latest=rows[:15], alerts=watch.all_alerts(store, limit=10), watchlists=lists,
        countries=store.facet("country", limit=300), actors=store.facet("perpetrator", limit=60),
        sources=store.facet("source", limit=20), event_types=event_types,
        export_query=urlencode({k: v for k, v in form.items() if v}))


# ------------------------------------------------------------------------------------------ incidents
def _event_as_of(bench: Workbench, event_id: str, as_of: str | None) -> tuple[Event, date | None]:
    """The stored incident (404 if none) and the `as_of` date its page or brief is for (400 if not a date)."""
    e = bench.store.get(event_id)
    if e is None:
        raise HTTPException(404, f"no stored incident {event_id!r}")
    try:
        return e, parse_date("as_of", as_of)
    except FilterError as exc:
        raise HTTPException(400, str(exc)) from None


@router.get("/incidents/{event_id}", response_class=HTMLResponse)
def incident(request: Request, bench: Bench, event_id: Annotated[str, Path(max_length=200)],
             as_of: str | None = None) -> Response:
    e, at = _event_as_of(bench, event_id, as_of)
    analysis = bench.analyses.for_event(bench.store, e, bench.generation, at)
    pending = analysis.get("pending")
    a = analysis.get("assessment") or {}
    figs = figures(a) if a else {}
    if not figs.get("map_svg") and e.lat is not None and e.lon is not None:  # at least where it happened
        figs["map_svg"] = render_map([MapPoint(e.lat, e.lon, f"{e.date_start} {e.location or ''}".strip(), "incident",
                                               radius_km=e.location_precision_km)], min_span_deg=3.0)
    linked = [bench.store.get(i) for i in e.in_response_to]
    return bench.page(request, "incident.html", e=e, a=a, inc=analysis.get("incident"), basis=analysis.get("basis"),
                      analysis_error=analysis.get("error"), report_id=analysis.get("report_id"), pending=pending,
                      figs=figs, in_response_to=[x for x in linked if x is not None],
                      revisions=bench.store.revisions(e.id), as_of=as_of or "",
                      brief=_brief_links(f"/incidents/{quote(e.id)}/brief", at))


def _brief_links(base: str, at: date | None = None) -> dict[str, str]:
    suffix = f"?as_of={at.isoformat()}" if at else ""
    return {fmt: f"{base}.{fmt}{suffix}" for fmt in BRIEF_TYPES}


def _brief(a: dict[str, Any], fmt: str, name: str) -> Response:
    if fmt not in BRIEF_TYPES:
        raise HTTPException(404, f"no brief format {fmt!r}: use pdf, md, json or html")
    if not a:
        raise HTTPException(409, "there is no assessment to write a brief from")
    body = render(a, fmt)
    disposition = "inline" if fmt == "html" else f'attachment; filename="{name}.{fmt}"'
    return Response(body, media_type=BRIEF_TYPES[fmt], headers={"Content-Disposition": disposition})


@router.get("/incidents/{event_id}/brief.{fmt}")
def incident_brief(bench: Bench, event_id: Annotated[str, Path(max_length=200)], fmt: str,
                   as_of: str | None = None) -> Response:
    e, at = _event_as_of(bench, event_id, as_of)
    analysis = bench.analyses.for_event(bench.store, e, bench.generation, at, wait=120.0)
    if "pending" in analysis:
        raise HTTPException(503, "the analysis of this incident is still being prepared: try again in a minute",
                            headers={"Retry-After": "30"})
    return _brief(analysis["assessment"], fmt, "brief-" + e.id.replace(":", "-"))


# ------------------------------------------------------------------------------------------ reports
@router.get("/reports/new", response_class=HTMLResponse)
def new_report(request: Request, bench: Bench) -> Response:
    return bench.page(request, "report_new.html", text="", as_of="", a=None, error=None, figs={})


async def _report_input(text: str, file: UploadFile | None) -> str:
    if file is not None and file.filename:
        data = await file.read(MAX_REPORT_CHARS + 1)
        return text_from_upload(data, file.filename)
    return text


@router.post("/reports/preview", response_class=HTMLResponse)
async def preview_report(request: Request, bench: Bench, text: Annotated[str, Form()] = "",
                         as_of: Annotated[str, Form(max_length=40)] = "",
                         file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Assess without storing: the page shows the assessment and the form to save it."""
    try:
        body = await _report_input(text, file)
        parse_date("as_of", as_of)
        a = await bench.pool.run(request, assess_text, bench.store, body, as_of or None)
    except (ReportInputError, FilterError) as exc:
        return bench.page(request, "report_new.html", status=422, text=text, as_of=as_of, a=None,
                          error=str(exc), figs={})
    return bench.page(request, "report_new.html", text=body, as_of=as_of, a=a, error=None, figs=figures(a))


@router.post("/reports", response_class=HTMLResponse)
async def save_report_page(request: Request, bench: Bench, text: Annotated[str, Form()] = "",
                           as_of: Annotated[str, Form(max_length=40)] = "",
                           token: Annotated[str, Form(max_length=500)] = "",
                           file: Annotated[UploadFile | None, File()] = None) -> Response:
    try:
        check_token(bench.token, token.strip() or None)
        body = await _report_input(text, file)
        parse_date("as_of", as_of)
        report, _ = await bench.pool.run(request, save_report, bench, body, as_of or None)
    except WriteDenied as exc:
        return bench.page(request, "report_new.html", status=exc.status, text=text, as_of=as_of, a=None,
                          error=exc.message, figs={})
    except (ReportInputError, FilterError) as exc:
        return bench.page(request, "report_new.html", status=422, text=text, as_of=as_of, a=None,
                          error=str(exc), figs={})
    return RedirectResponse(f"/reports/{report['report_id']}", status_code=303)


def _report_or_404(bench: Workbench, report_id: str) -> dict[str, Any]:
    report = bench.store.report(report_id)
    if report is None:
        raise HTTPException(404, f"no stored report {report_id!r}")
    return report


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, bench: Bench, report_id: Annotated[str, Path(max_length=100)]) -> Response:
    report = _report_or_404(bench, report_id)
    a = stored_assessment(report)
    return bench.page(request, "report.html", report=report, a=a, figs=figures(a),
                      event_ids=a.get("stored_event_ids", []))


@router.get("/reports/{report_id}/brief.{fmt}")
def report_brief(bench: Bench, report_id: Annotated[str, Path(max_length=100)], fmt: str) -> Response:
    return _brief(stored_assessment(_report_or_404(bench, report_id)), fmt, f"brief-{report_id}")


# ------------------------------------------------------------------------------------------ watchlists
_FILTER_FIELDS = ("countries", "actors", "event_types", "min_severity", "email_to")


def _watchlists_page(request: Request, bench: Workbench, status: int = 200, error: str | None = None,
                     form: dict[str, str] | None = None) -> Response:
    store = bench.store
    lists = watch.watchlists(store)
    alerts = {w["watchlist_id"]: watch.alerts_for(store, w, limit=25) for w in lists}
    shown = [a for rows in alerts.values() for a in rows]
    blank = {"name": "", "lat": "", "lon": "", "radius_km": "25", "webhook_url": ""} | dict.fromkeys(_FILTER_FIELDS, "")
    return bench.page(request, "watchlists.html", status=status, watchlists=lists, alerts=alerts, error=error,
                      form=form or blank, live_after=max(0, watch_store.last_alert_seq(store) - 20),
                      map_svg=incident_map(shown, lists, width=640, height=460) if lists else "",
                      deliveries=list(bench.webhooks.recent)[:10], host=watch.webhook_host)


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists(request: Request, bench: Bench) -> Response:
    return _watchlists_page(request, bench)


FilterField = Annotated[str, Form(max_length=2000)]


@router.post("/watchlists", response_class=HTMLResponse)
def create_watchlist(request: Request, bench: Bench, name: Annotated[str, Form(max_length=200)] = "",
                     lat: Annotated[str, Form(max_length=40)] = "", lon: Annotated[str, Form(max_length=40)] = "",
                     radius_km: Annotated[str, Form(max_length=40)] = "",
                     webhook_url: Annotated[str, Form(max_length=600)] = "",
                     countries: FilterField = "", actors: FilterField = "", event_types: FilterField = "",
                     min_severity: FilterField = "", email_to: FilterField = "",
                     token: Annotated[str, Form(max_length=500)] = "") -> Response:
    form = {"name": name, "lat": lat, "lon": lon, "radius_km": radius_km, "webhook_url": webhook_url,
            "countries": countries, "actors": actors, "event_types": event_types, "min_severity": min_severity,
            "email_to": email_to}
    try:
        check_token(bench.token, token.strip() or None)
        filters = watch.validate_filters(countries, actors, event_types, min_severity, email_to)
        w = watch.validate(name, lat, lon, radius_km, webhook_url, filters)
    except WriteDenied as exc:
        return _watchlists_page(request, bench, exc.status, exc.message, form)
    except watch.WatchlistError as exc:
        return _watchlists_page(request, bench, 422, str(exc), form)
    created = watch.create(bench.store, w)
    bench.wrote()
    return RedirectResponse(f"/watchlists#{created.get('watchlist_id', '')}", status_code=303)


@router.post("/watchlists/{watchlist_id}/filters", response_class=HTMLResponse)
def edit_watchlist_filters(request: Request, bench: Bench, watchlist_id: Annotated[str, Path(max_length=100)],
                           countries: FilterField = "", actors: FilterField = "", event_types: FilterField = "",
                           min_severity: FilterField = "", email_to: FilterField = "",
                           token: Annotated[str, Form(max_length=500)] = "") -> Response:
    try:
        check_token(bench.token, token.strip() or None)
        filters = watch.validate_filters(countries, actors, event_types, min_severity, email_to)
    except WriteDenied as exc:
        return _watchlists_page(request, bench, exc.status, exc.message)
    except watch.WatchlistError as exc:
        return _watchlists_page(request, bench, 422, str(exc))
    if watch.update_filters(bench.store, watchlist_id, filters) is None:
        raise HTTPException(404, f"no watchlist {watchlist_id!r}")
    bench.wrote()
    return RedirectResponse(f"/watchlists#{quote(watchlist_id)}", status_code=303)


@router.post("/watchlists/{watchlist_id}/delete", response_class=HTMLResponse)
def delete_watchlist(request: Request, bench: Bench, watchlist_id: Annotated[str, Path(max_length=100)],
                     token: Annotated[str, Form(max_length=500)] = "") -> Response:
    try:
        check_token(bench.token, token.strip() or None)
    except WriteDenied as exc:
        return _watchlists_page(request, bench, exc.status, exc.message)
    if bench.store.watchlist(watchlist_id) is None:
        raise HTTPException(404, f"no watchlist {watchlist_id!r}")
    watch.delete(bench.store, watchlist_id)
    bench.wrote()
    return RedirectResponse("/watchlists", status_code=303)


# ------------------------------------------------------------------------------------------ coverage
@router.get("/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, bench: Bench, country: Annotated[str | None, Query(max_length=3)] = None) -> Response:
    """What the store holds: a country x year grid; with `country`, that country's months by source."""
    years, grid = bench.store.coverage_grid()
    detail = None
    if country:
        if not country.isalpha():
            raise HTTPException(400, "country must be an ISO 3166-1 alpha-3 code, e.g. SOM")
        detail = coverage_detail(bench.store.coverage(country.upper()))
    return bench.page(request, "coverage.html", years=years, grid=grid, country=(country or "").upper(),
                      detail=detail, peak=max([n for c in grid for n in c["years"].values()] + [1]))


def coverage_detail(summary: dict[str, Any]) -> dict[str, Any] | None:
    """One country's coverage as a table: months (rows) by source (columns)."""
    if not summary["countries"]:
        return None
    entry = summary["countries"][0]
    sources = sorted(entry["sources"])
    months: dict[str, dict[str, int]] = {}
    for m in entry["months"]:
        months.setdefault(m["month"], {})[m["source"]] = m["events"]
    return {**entry, "source_names": sources, "rows": sorted(months.items(), reverse=True)}


# ------------------------------------------------------------------------------------------ API docs
@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request, bench: Bench) -> Response:
    """The OpenAPI document rendered on the server: offline, unlike the CDN-hosted Swagger UI."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ops.append({"method": method.upper(), "path": path, **op})
    return bench.page(request, "docs.html", spec=spec, ops=ops, today=date.today().isoformat(),
                      schemas=spec.get("components", {}).get("schemas", {}))
