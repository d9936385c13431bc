"""What keeps the workbench safe to run: the write token, the body cap, and security headers.

Writes need `Authorization: Bearer <token>` (API) or the token in a form field (pages), compared
in constant time. With no token configured, writes are refused: a workbench started without
`ESTIMATIVE_API_TOKEN` is read-only rather than open.
"""
from __future__ import annotations

import hmac
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException

TOKEN_ENV = "ESTIMATIVE_API_TOKEN"
MAX_BODY_BYTES = 1_000_000
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

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.limit:
                    await self._reject(send, declared < 0)
                    return
        received = 0
        sent_start = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # an HTTPException passes through FastAPI's body parsing unchanged -> our handler
                    raise HTTPException(413, self.too_large_message)
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
            await self._reject(send, False)

    @property
    def too_large_message(self) -> str:
        return f"request body larger than {self.limit // 1_000_000} MB: send a smaller report"

    async def _reject(self, send: Any, bad_length: bool) -> None:
        body = json.dumps({"error": "invalid Content-Length" if bad_length else self.too_large_message}).encode()
        await send({"type": "http.response.start", "status": 400 if bad_length else 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware adding CSP and the usual hardening headers to every response."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin")]

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
