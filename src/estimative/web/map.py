"""The workbench's map to work on (/map): Leaflet with leaflet.markercluster over Natural Earth
country outlines (world-atlas) and admin-1 borders (build/map/admin1.topo.json), all installed by
`make install` from the npm registry and served from this app (brief/mapdata.py says where they
are and where they come from): nothing is fetched from elsewhere.

Layers: stored events (GET /api/events.geojson, clustered, a time slider over their dates), watch
areas (GET /api/watch-areas.geojson) and, with `?report=ID`, that stored report's incidents.
A click on an incident opens its page.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from estimative.brief.mapdata import VENDOR_DIRS, map_data_dir, vendor_dir
from estimative.web.deps import Workbench, bench_dependency
from estimative.web.filters import FilterError, parse_query

log = logging.getLogger("estimative.web")
router = APIRouter()
Bench = Annotated[Workbench, Depends(bench_dependency)]
MAP_EVENTS = 5000  # the most recent events the map loads (a filter narrows them)
MAP_FILTERS = ("country", "since", "until", "actor", "event_type", "source")


def mount_assets(app: FastAPI) -> None:
    """Serve the installed map libraries at /vendor/NAME/ and the built borders at /map-data/;
    what is not installed is left out (the map page says to run `make install`)."""
    for name in VENDOR_DIRS:
        folder = vendor_dir(name)
        if folder.is_dir():
            app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")
        else:
            log.warning("map library %s is not installed at %s: run `make install`", name, folder)
    if map_data_dir().is_dir():
        app.mount("/map-data", StaticFiles(directory=map_data_dir()), name="map-data")


def assets_installed() -> bool:
    return all((vendor_dir(n)).is_dir() for n in VENDOR_DIRS) and (map_data_dir() / "admin1.topo.json").is_file()


@dataclass(frozen=True)
class ReportIncident:
    """One incident of the report shown on the map (the page's JSON island)."""

    id: str
    lat: float
    lon: float
    date: str
    label: str


def _report_incidents(bench: Workbench, report_id: str) -> list[ReportIncident]:
    from estimative.web.reports import stored_assessment

    report = bench.store.report(report_id)
    if report is None:
        raise HTTPException(404, f"no stored report {report_id!r}")
    out = []
    for event_id in stored_assessment(report).get("stored_event_ids", []):
        e = bench.store.get(event_id)
        if e is not None and e.lat is not None and e.lon is not None:
            what = e.sub_event_type or e.event_type or "incident"
            out.append(ReportIncident(e.id, e.lat, e.lon, e.date_start.isoformat(),
                                      f"{what}, {e.location or e.country or ''}".rstrip(", ")))
    return out


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request, bench: Bench,
             report: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    params = {k: request.query_params.get(k) or "" for k in MAP_FILTERS}
    try:
        given: dict[str, Any] = {k: v or None for k, v in params.items()}
        parse_query(**given, limit=None)
        error = None
    except FilterError as exc:
        params, error = dict.fromkeys(MAP_FILTERS, ""), str(exc)
    incidents = _report_incidents(bench, report) if report else []
    events_url = "/api/events.geojson?" + urlencode({**{k: v for k, v in params.items() if v}, "limit": MAP_EVENTS})
    return bench.page(request, "map.html", installed=assets_installed(), error=error, report_id=report,
                      report_incidents=[asdict(i) for i in incidents], limit=MAP_EVENTS, events_url=events_url,
                      filters=params)


@router.get("/api/watch-areas.geojson", summary="Watch areas as GeoJSON (name, centre, radius)", tags=["watchlists"])
def watch_areas(bench: Bench) -> Response:
    """Each watchlist's area: a Point at its centre with its name and radius in km. Webhook URLs and
    e-mail addresses are left out (they need the token: GET /api/watchlists)."""
    from estimative.web.api import json_response

    features: list[dict[str, Any]] = [
        {"type": "Feature", "id": w["watchlist_id"],
         "geometry": {"type": "Point", "coordinates": [w["lon"], w["lat"]]},
         "properties": {"watchlist_id": w["watchlist_id"], "name": w["name"], "radius_km": w["radius_km"]}}
        for w in bench.store.watchlists()]
    return json_response({"type": "FeatureCollection", "features": features})
