"""`create_app(db)`: the FastAPI app behind `estimative serve` — wiring only.

The store is opened once per app (DuckDB allows one writing process per file); each request
reads through its own cursor. Pages live in pages.py, the API in api.py, what both depend on
(the Workbench) in deps.py, the token, body cap and headers in security.py, watchlist alerts in
alerts.py.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from estimative.knowledge import registry
from estimative.store import Store
from estimative.store.seed import open_store
from estimative.web import api, pages
from estimative.web import map as work_map
from estimative.web.alerts import WebhookSender
from estimative.web.deps import Workbench, bench_dependency, code_ticks, templates, workbench
from estimative.web.filters import FilterError
from estimative.web.security import (
    SECURITY_HEADERS,
    BodyLimit,
    Busy,
    ClientGone,
    SameOriginWrites,
    SecurityHeaders,
    WriteDenied,
    configured_token,
)

log = logging.getLogger("estimative.web")
STATIC_DIR = Path(__file__).parent / "static"
# Workbench and the rest live in web/deps.py; their old names here stay until every router imports from there
__all__ = ["STATIC_DIR", "Workbench", "bench_dependency", "code_ticks", "create_app", "templates", "workbench"]


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path == "/openapi.json")


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The one error shape: JSON {"error"} for the API, a short page for people. Never a trace."""
    if _wants_html(request) and hasattr(request.app.state, "workbench"):
        resp = workbench(request).page(request, "error.html", status=status, status_code=status, message=message)
        if headers:
            resp.headers.update(headers)
        return resp
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors()[:5]:
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path"))
            problems.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
        return _error(request, 422, "invalid request: " + "; ".join(problems))

    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, exc: FilterError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(WriteDenied)
    async def denied(request: Request, exc: WriteDenied) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _error(request, exc.status, exc.message, headers)

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        return _error(request, 503, exc.message, {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(ClientGone)
    async def gone(request: Request, exc: ClientGone) -> Response:
        return Response(status_code=499)  # nginx's "client closed request": nobody reads it

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        message = "internal error: the server log has the details"
        try:  # Starlette sends this answer outside every middleware: the headers are added here
            return _error(request, 500, message, SECURITY_HEADERS)
        except Exception:  # the error page itself failed: plain JSON, still no trace
            return JSONResponse({"error": message}, status_code=500, headers=SECURITY_HEADERS)


def create_app(db: Path | None = None, *, token: str | None = None, store: Store | None = None) -> FastAPI:
    """The workbench over the store at `db` (default: $ESTIMATIVE_DB or the user data dir).

    `token` overrides $ESTIMATIVE_API_TOKEN (tests); `store` lets a caller pass an open store.
    """
    opened = store is None
    st = store if store is not None else open_store(db)
    st.set_threads(1)  # many small concurrent queries: see Store.set_threads
    st.refresh_listing()  # builds the listing copy now rather than on the first request
    registry()  # the actor filter resolves names with it: loaded now, not by a request on the event loop
    bench = Workbench(store=st, token=configured_token(token), templates=templates(), webhooks=WebhookSender())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        bench.webhooks.close()
        bench.pool.close()
        if opened:
            st.close()

    app = FastAPI(title="estimative", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Incident reports in, sourced and calibrated assessments out. Reads are open; "
                              "writes need `Authorization: Bearer $ESTIMATIVE_API_TOKEN`.")
    app.state.workbench = bench
    _install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(work_map.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    work_map.mount_assets(app)  # the map's npm libraries and Natural Earth borders
    app.add_middleware(SameOriginWrites)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: on every answer, 413 included
    return app
