"""The JSON API under /api (OpenAPI at /openapi.json, read at /docs).

Reads are open; writes (reports, watchlists) need the bearer token. Listing endpoints share one
set of filters (filters.py), so the API and the dashboard accept exactly the same query.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from estimative.extract.text import MAX_REPORT_CHARS
from estimative.sources import IngestError, ingest_path
from estimative.web import alerts as watch
from estimative.web.deps import Workbench, bench_dependency, workbench
from estimative.web.filters import (
    FILTERS,
    MAX_OFFSET,
    MAX_PAGE,
    EventQuery,
    parse_date,
    parse_int,
    query_from,
)
from estimative.web.reports import (
    ReportInputError,
    assess_text,
    save_report,
    stored_assessment,
)
from estimative.web.security import check_token

router = APIRouter(prefix="/api")
Bench = Annotated[Workbench, Depends(bench_dependency)]
EXPORT_PAGE = 10_000


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    raise TypeError(f"not JSON: {type(v).__name__}")


def json_response(obj: Any, status: int = 200) -> Response:
    """Serialise once with the standard library: faster than FastAPI's generic encoder on event lists."""
    return Response(json.dumps(obj, ensure_ascii=False, default=_jsonable, separators=(",", ":")),
                    status_code=status, media_type="application/json")


_bearer = HTTPBearer(auto_error=False, description="the server's ESTIMATIVE_API_TOKEN")


async def require_token(request: Request,
                        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None) -> None:
    """Dependency of every write: `Authorization: Bearer <token>`, compared in constant time."""
    check_token(workbench(request).token, credentials.credentials if credentials else None)


Write = Depends(require_token)


def _query_doc(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


# The filters are read from the query string by `filters.query_from` rather than declared one by
# one: FastAPI's per-parameter validation cost more CPU than serving the page. The OpenAPI
# document still lists them, from the same table.
FILTER_DOCS = {"parameters": [_query_doc(n, d) for n, d in FILTERS.items()]}
PAGE_DOCS = {"parameters": [
    _query_doc("limit", "page size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 100}),
    _query_doc("offset", "events to skip", {"type": "integer", "minimum": 0, "default": 0}),
    *FILTER_DOCS["parameters"]]}


async def event_query(request: Request) -> EventQuery:
    """The listing filters of a request; async, so FastAPI runs it on the event loop."""
    return query_from(request.query_params)


Filters = Annotated[EventQuery, Depends(event_query)]


@router.get("/events", summary="List stored events (newest first)", tags=["events"], openapi_extra=PAGE_DOCS)
async def list_events(request: Request) -> Response:
    """The events known at `as_of` (default: now) that pass every filter, as flat columns, with the
    total count and the offset of the next page."""
    params = request.query_params
    limit, offset = parse_int("limit", params.get("limit"), 100), parse_int("offset", params.get("offset"), 0)
    q = query_from(params, limit=limit, offset=offset)  # checks the page too
    bench = workbench(request)
    if q.as_of is None and bench.store.listing_total_known(q.flt):
        # a page of the current view whose total is known is a short scan of the store's listing
        # copy (well under a millisecond): cheaper answered here than handed to a thread and back
        return _events_page(bench, q, limit, offset)
    # counting (or reading as of a date) scans the store: in a thread, so that scans overlap
    # on two cores and the event loop keeps answering
    return await run_in_threadpool(_events_page, bench, q, limit, offset)


def _events_page(bench: Workbench, q: EventQuery, limit: int, offset: int) -> Response:
    rows, _n, total = bench.store.event_page_json(q.as_of, q.flt, limit=limit, offset=offset)
    nxt = offset + limit if offset + limit < total else None
    head = json.dumps({"total": total, "limit": limit, "offset": offset, "next_offset": nxt}, separators=(",", ":"))
    return Response(head[:-1].encode() + b',"events":' + rows + b"}", media_type="application/json")


@router.get("/events.geojson", summary="Stored events as GeoJSON", tags=["events"], openapi_extra=FILTER_DOCS)
def events_geojson(bench: Bench, q: Filters,
                   limit: Annotated[int | None, Query(ge=1, le=MAX_OFFSET, description="at most this many (default: all)")] = None,
                   ) -> StreamingResponse:
    """A FeatureCollection of the matching events that have coordinates, streamed."""
    def chunks() -> Iterator[str]:
        yield '{"type":"FeatureCollection","features":['
        first, sent = True, 0
        offset = 0
        while limit is None or sent < limit:
            page = min(EXPORT_PAGE, limit - sent) if limit is not None else EXPORT_PAGE
            feats = list(bench.store.iter_features(q.as_of, q.flt, limit=page, offset=offset))
            for f in feats:
                yield ("" if first else ",") + json.dumps(f, ensure_ascii=False, default=_jsonable)
                first = False
            sent += len(feats)
            offset += page
            if len(feats) < page:
                break
        yield "]}"

    return StreamingResponse(chunks(), media_type="application/geo+json")


CSV_COLUMNS = ("event_id", "source", "source_id", "date_start", "date_end", "date_precision", "country", "admin1",
               "admin2", "location", "lat", "lon", "location_precision_km", "event_type", "sub_event_type",
               "weapon_classes", "perpetrator", "perpetrator_id", "target_type", "target_affiliations",
               "fatalities", "injuries", "claim_status", "claimant_id", "notes")


def _csv_cell(v: Any) -> Any:
    if isinstance(v, list):
        return ";".join(map(str, v))
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v  # a spreadsheet must not run a cell as a formula
    return v


@router.get("/events.csv", summary="Stored events as CSV", tags=["events"], openapi_extra=FILTER_DOCS)
def events_csv(bench: Bench, q: Filters,
               limit: Annotated[int | None, Query(ge=1, le=MAX_OFFSET, description="at most this many (default: all)")] = None,
               ) -> StreamingResponse:
    def chunks() -> Iterator[str]:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(CSV_COLUMNS)
        sent, offset = 0, 0
        while limit is None or sent < limit:
            page = min(EXPORT_PAGE, limit - sent) if limit is not None else EXPORT_PAGE
            rows = bench.store.event_rows(q.as_of, q.flt, columns=CSV_COLUMNS, limit=page, offset=offset)
            for r in rows:
                w.writerow([_csv_cell(r[c]) for c in CSV_COLUMNS])
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
            sent += len(rows)
            offset += page
            if len(rows) < page:
                break
        tail = buf.getvalue()
        if tail:
            yield tail

    return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="events.csv"'})


@router.get("/events/{event_id}", summary="One stored event, in full", tags=["events"])
def get_event(bench: Bench, event_id: Annotated[str, Path(max_length=200)],
              as_of: Annotated[str | None, Query(description="the version known at this date")] = None) -> Response:
    """The canonical Event record with its revision history."""
    at = parse_date("as_of", as_of)
    e = bench.store.get(event_id, at)
    if e is None:
        raise HTTPException(404, f"no stored event {event_id!r}" + (f" known at {at}" if at else ""))
    d = e.to_dict()
    d["revisions"] = [{"revision": r, "known_from": k, "superseded_at": s}
                      for r, k, s in bench.store.revisions(event_id)]
    return json_response(d)


@router.get("/coverage", summary="What the store holds, per source x country x month", tags=["events"])
def coverage(bench: Bench, country: Annotated[str | None, Query(max_length=3, pattern="^[A-Za-z]{3}$",
                                                                description="ISO 3166-1 alpha-3")] = None) -> Response:
    """The same JSON as `estimative coverage --format json` (docs/store.md, "Coverage")."""
    return json_response(bench.store.coverage(country.upper() if country else None))


class ReportIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_REPORT_CHARS, description="the report: plain text or HTML")
    as_of: str | None = Field(None, max_length=40, description="assess as of this date (default: the report's)")
    title: str | None = Field(None, max_length=500)


@router.post("/assess", summary="Assess a report (stores nothing)", tags=["reports"])
async def assess_report(request: Request, bench: Bench, body: ReportIn) -> Response:
    """The assessment JSON (../shared/specs/assessment.schema.json plus the brief's extras).
    Runs in the analysis pool: 503 with Retry-After when it is full."""
    try:
        return json_response(await bench.pool.run(request, assess_text, bench.store, body.text, body.as_of))
    except ReportInputError as exc:
        raise HTTPException(422, str(exc)) from None


@router.post("/reports", summary="Assess and store a report and its incidents", tags=["reports"],
             dependencies=[Write], status_code=201)
async def post_report(request: Request, bench: Bench, body: ReportIn) -> Response:
    """Stores the report and its incidents as events (source `report`); the same text is stored once."""
    try:
        report, created = await bench.pool.run(request, save_report, bench, body.text, body.as_of, body.title)
    except ReportInputError as exc:
        raise HTTPException(422, str(exc)) from None
    a = stored_assessment(report)
    return json_response({"report_id": report["report_id"], "created": created,
                          "event_ids": a.get("stored_event_ids", []),
                          "url": f"/reports/{report['report_id']}", "assessment": a},
                         status=201 if created else 200)


class IngestIn(BaseModel):
    path: str = Field(min_length=1, max_length=4096, description="a dataset file on the server's machine")
    source: str = Field(max_length=20, description="the dataset format, as for `estimative ingest --source`")
    mapping: str | None = Field(None, max_length=4096, description="YAML column mapping (for source csv)")


@router.post("/ingest", summary="Ingest a dataset file into the served store", tags=["events"],
             dependencies=[Write])
async def ingest_file(bench: Bench, body: IngestIn) -> Response:
    """What `estimative ingest` sends while the workbench runs on the same store (DuckDB lets one
    process write it): the server ingests the file on its own connection. Same report as the CLI."""
    def run() -> dict[str, Any]:
        report = ingest_path(bench.store, body.path, body.source, mapping=body.mapping, progress=False)
        bench.store.refresh_listing()
        bench.wrote()
        return report.to_dict()

    try:
        return json_response(await run_in_threadpool(run))
    except IngestError as exc:
        raise HTTPException(422, str(exc)) from None


class WatchlistFiltersBody(BaseModel):
    countries: list[str] = Field(default_factory=list, max_length=50, description="ISO3 codes; empty: any")
    actors: list[str] = Field(default_factory=list, max_length=50, description="actor registry ids or families")
    event_types: list[str] = Field(default_factory=list, max_length=50, description="event or sub-event types")
    min_severity: float | None = Field(None, ge=0, description="minimum severity score (analysis.severity)")
    email_to: str | None = Field(None, max_length=254, description="e-mailed each alert (SMTP from the environment)")

    def checked(self) -> watch.WatchlistFilters:
        try:
            return watch.validate_filters(self.countries, self.actors, self.event_types, self.min_severity,
                                          self.email_to)
        except watch.WatchlistError as exc:
            raise HTTPException(422, str(exc)) from None


class WatchlistBody(WatchlistFiltersBody):
    name: str = Field(min_length=1, max_length=120)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(gt=0, le=watch.MAX_RADIUS_KM)
    webhook_url: str | None = Field(None, max_length=500, description="POSTed a JSON alert for each new incident")


@router.get("/watchlists", summary="List watchlists", tags=["watchlists"], dependencies=[Write])
def list_watchlists(bench: Bench) -> Response:
    """Needs the token: webhook URLs and e-mail addresses can be private."""
    return json_response({"watchlists": watch.watchlists(bench.store)})


@router.post("/watchlists", summary="Create a watchlist", tags=["watchlists"], dependencies=[Write],
             status_code=201)
def create_watchlist(bench: Bench, body: WatchlistBody) -> Response:
    filters = body.checked()
    try:
        w = watch.validate(body.name, body.lat, body.lon, body.radius_km, body.webhook_url, filters)
    except watch.WatchlistError as exc:
        raise HTTPException(422, str(exc)) from None
    created = watch.create(bench.store, w)
    bench.wrote()
    return json_response(created, status=201)


@router.put("/watchlists/{watchlist_id}/filters", summary="Replace a watchlist's alert filters",
            tags=["watchlists"], dependencies=[Write])
def put_watchlist_filters(bench: Bench, watchlist_id: Annotated[str, Path(max_length=100)],
                          body: WatchlistFiltersBody) -> Response:
    updated = watch.update_filters(bench.store, watchlist_id, body.checked())
    if updated is None:
        raise HTTPException(404, f"no watchlist {watchlist_id!r}")
    bench.wrote()
    return json_response(updated)


@router.delete("/watchlists/{watchlist_id}", summary="Delete a watchlist", tags=["watchlists"],
               dependencies=[Write], status_code=204)
def delete_watchlist(bench: Bench, watchlist_id: Annotated[str, Path(max_length=100)]) -> Response:
    if bench.store.watchlist(watchlist_id) is None:
        raise HTTPException(404, f"no watchlist {watchlist_id!r}")
    watch.delete(bench.store, watchlist_id)
    bench.wrote()
    return Response(status_code=204)


@router.get("/alerts/live", summary="Alerts raised after a sequence number (the live feed polls this)",
            tags=["watchlists"])
def live_alerts(bench: Bench, after: Annotated[int, Query(ge=0, description="last sequence number seen")] = 0,
                limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    return json_response(watch.live_alerts(bench.store, after, limit))


@router.get("/alerts", summary="Stored incidents inside watchlist radii (newest first)", tags=["watchlists"])
def list_alerts(bench: Bench,
                watchlist: Annotated[str | None, Query(max_length=100, description="one watchlist id")] = None,
                since: Annotated[str | None, Query(description="only incidents on or after (YYYY-MM-DD)")] = None,
                limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> Response:
    alerts = watch.all_alerts(bench.store, since=parse_date("since", since), watchlist_id=watchlist, limit=limit)
    return json_response({"alerts": alerts})
