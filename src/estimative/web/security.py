"""What keeps the workbench safe to run: the write token, the body cap, and security headers.

Writes need `Authorization: Bearer <token>` (API) or the token in a form field (pages), compared
in constant time. With no token configured, writes are refused: a workbench started without
`ESTIMATIVE_API_TOKEN` is read-only rather than open.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import os
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from starlette.exceptions import HTTPException

from estimative.extract.text import MAX_REPORT_CHARS

TOKEN_ENV = "ESTIMATIVE_API_TOKEN"
# The body cap follows the one report limit, so that every report within it reaches the checks
# that say what is wrong (the API's `max_length`, `extract.text.check_report_size`) rather than a
# 413: MAX_REPORT_CHARS characters at the most bytes any encoding a client may send makes of one
# (a character outside the BMP is 4 bytes of UTF-8, and 12 as JSON's `\ud83d\ude00` or a form's
# `%F0%9F%98%80`), and room for the request's other fields and its framing.
MAX_BYTES_PER_CHAR = 12
BODY_FRAMING_BYTES = 64 * 1024
MAX_BODY_BYTES = MAX_REPORT_CHARS * MAX_BYTES_PER_CHAR + BODY_FRAMING_BYTES
# Only the routes that take a report need that much; every other body (a watchlist, its filters, an
# ingest's file path) is small, and keeps the cap it had
REPORT_PATHS = frozenset({"/api/assess", "/api/reports", "/reports/preview", "/reports"})
OTHER_BODY_BYTES = 1024 * 1024
# A multipart form's field (the report pasted in the workbench's form) holds its text as UTF-8, 4
# bytes a character at the most; past this the form parser refuses the field (400) unexplained.
MAX_FORM_FIELD_BYTES = MAX_REPORT_CHARS * 4 + BODY_FRAMING_BYTES
NO_TOKEN_MESSAGE = (f"writes are disabled: the server has no token. Start it with {TOKEN_ENV} set "
                    "(e.g. `export ESTIMATIVE_API_TOKEN=$(openssl rand -hex 16)`) and send "
                    "`Authorization: Bearer <token>`")
BAD_TOKEN_MESSAGE = "a write needs the token: send `Authorization: Bearer <token>` (the server's ESTIMATIVE_API_TOKEN)"

# Pages load only their own files: no inline script, nothing from elsewhere. Inline style
# attributes are allowed because the SVG map and the attribution bars use them.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class WriteDenied(Exception):
    """A write without a valid token; status 403 (no token configured) or 401 (missing/wrong)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def configured_token(explicit: str | None = None) -> str | None:
    """The token writes must present: the one given to create_app, else the environment's."""
    token = explicit if explicit is not None else os.environ.get(TOKEN_ENV)
    return token.strip() if token and token.strip() else None


def check_token(expected: str | None, presented: str | None) -> None:
    """Raise WriteDenied unless `presented` equals the configured token (constant-time compare)."""
    if expected is None:
        raise WriteDenied(403, NO_TOKEN_MESSAGE)
    if presented is None or not hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8")):
        raise WriteDenied(401, BAD_TOKEN_MESSAGE)


ASGIApp = Callable[[dict[str, Any], Callable[[], Awaitable[dict[str, Any]]],
                    Callable[[dict[str, Any]], Awaitable[None]]], Awaitable[None]]


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes gets 413 before any route reads it.

    Checks the declared Content-Length first, then counts the bytes actually received, so a
    chunked upload cannot slip past the cap.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, other_limit: int = OTHER_BODY_BYTES) -> None:
        self.app = app
        self.report_limit = limit
        self.other_limit = other_limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.report_limit if scope.get("path", "").rstrip("/") in REPORT_PATHS else self.other_limit
        await self._limited(scope, receive, send, limit)

    async def _limited(self, scope: dict[str, Any], receive: Any, send: Any, limit: int) -> None:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > limit:
                    await self._reject(send, declared < 0, limit)
                    return
        received = 0
        sent_start = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # an HTTPException passes through FastAPI's body parsing unchanged -> our handler
                    raise HTTPException(413, self.too_large_message(limit))
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal sent_start
            if message["type"] == "http.response.start":
                sent_start = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except HTTPException as exc:  # raised while no route was there to turn it into a response
            if exc.status_code != 413 or sent_start:
                raise
            await self._reject(send, False, limit)

    @staticmethod
    def too_large_message(limit: int) -> str:
        return (f"request body larger than {limit:,} bytes: send a smaller report (one report is at most "
                f"{MAX_REPORT_CHARS:,} characters)")

    async def _reject(self, send: Any, bad_length: bool, limit: int) -> None:
        await send_json(send, 400 if bad_length else 413,
                        {"error": "invalid Content-Length" if bad_length else self.too_large_message(limit)})


class SameOriginWrites:
    """ASGI middleware: a state-changing or expensive request (any method but GET, HEAD, OPTIONS)
    sent by a browser from another site is refused with 403 before any work. Browsers send
    `Origin` on every cross-origin POST, forms included, and `Sec-Fetch-Site`; a client that is
    not a browser (curl, scripts) sends neither and is judged by the token alone. The workbench
    sets no cookies, so there is no session a cross-site request could ride on."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method", "GET") not in self.SAFE:
            headers = dict(scope.get("headers", []))
            origin = headers.get(b"origin")
            host = headers.get(b"host", b"")
            site = headers.get(b"sec-fetch-site")
            cross = site == b"cross-site" or (origin is not None and (origin == b"null" or _host_of(origin) != host))
            if cross:
                await send_json(send, 403, {"error": "cross-site request refused: send it from the workbench's own pages, "
                                                     "or without a browser Origin"})
                return
        await self.app(scope, receive, send)


def _host_of(origin: bytes) -> bytes:
    """`host[:port]` of an Origin header value (`http://127.0.0.1:8000` -> `127.0.0.1:8000`)."""
    return origin.partition(b"://")[2].rstrip(b"/")


async def send_json(send: Any, status: int, body_obj: dict[str, Any],
                    extra: list[tuple[bytes, bytes]] | None = None) -> None:
    """A whole JSON answer sent from middleware (the security headers are added outside)."""
    body = json.dumps(body_obj).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff",
                    "x-frame-options": "DENY", "referrer-policy": "same-origin"}


class SecurityHeaders:
    """ASGI middleware adding CSP and the usual hardening headers to every response. It is the
    outermost middleware, so 413s of BodyLimit get them too; the 500 handler adds them itself
    (Starlette answers a crash outside every middleware)."""

    HEADERS = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


class Busy(Exception):
    """The analysis pool is full (or the analysis ran out of its budget): 503 with Retry-After."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class AnalysisPool:
    """Where the routes that assess a report run it: `workers` threads and at most `queue`
    analyses waiting. A request beyond that is answered 503 with Retry-After at once. An
    analysis whose client has gone away is cancelled while it waits, and no longer waited for
    once it runs; one past its `budget` seconds is answered 503 (its thread cannot be stopped,
    but it keeps its place in the count until it ends, so the work stays bounded)."""

    def __init__(self, workers: int = 2, queue: int = 8, budget: float = 120.0) -> None:
        self.workers, self.queue, self.budget = workers, queue, budget
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="estimative-assess")
        self._lock = threading.Lock()
        self.active = 0  # running or waiting

    def _admit(self) -> None:
        with self._lock:
            if self.active >= self.workers + self.queue:
                raise Busy(f"the server is busy: {self.active} analyses are running or waiting; try again shortly",
                           retry_after=max(1, int(self.budget // 4)))
            self.active += 1

    def _finished(self, _future: Future[Any]) -> None:
        with self._lock:
            self.active -= 1

    async def run(self, request: Any, fn: Callable[..., Any], *args: Any) -> Any:
        self._admit()
        try:
            work = self._executor.submit(fn, *args)
        except BaseException:
            self._finished(Future())
            raise
        work.add_done_callback(self._finished)
        waiting = asyncio.wrap_future(work)
        deadline = asyncio.get_running_loop().time() + self.budget
        while True:
            done, _ = await asyncio.wait({waiting}, timeout=0.25)
            if done:
                return waiting.result()
            if await request.is_disconnected():
                waiting.cancel()  # cancels the work too when it has not started
                raise ClientGone()
            if asyncio.get_running_loop().time() > deadline:
                waiting.cancel()
                raise Busy(f"the analysis ran past its time budget of {self.budget:.0f} seconds",
                           retry_after=int(self.budget))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class ClientGone(Exception):
    """The client closed the connection while its analysis waited: nobody to answer."""
