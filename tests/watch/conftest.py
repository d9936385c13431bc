"""A local HTTP server (127.0.0.1, ephemeral port) serving feeds and article pages the tests write.

The articles are our own sentences about real incidents; the sources are cited beside each one.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Site:
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (content type, body)
    requests: list[tuple[str, int]] = field(default_factory=list)  # (path, status) served
    arrivals: list[float] = field(default_factory=list)  # time.monotonic() of each GET's arrival
    slow_once: set[str] = field(default_factory=set)  # paths answered 2 s late, the first time only
    fail_posts: dict[str, int] = field(default_factory=dict)  # path -> how many POSTs to answer 500 first
    headers: list[dict[str, str]] = field(default_factory=list)  # headers of each POST accepted
    posted: list[tuple[str, bytes]] = field(default_factory=list)  # (path, body) of each POST accepted
    base: str = ""

    def put(self, path: str, ctype: str, body: str | bytes) -> None:
        self.pages[path] = (ctype, body.encode("utf-8") if isinstance(body, str) else body)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            site.arrivals.append(time.monotonic())
            if self.path in site.slow_once:
                site.slow_once.discard(self.path)
                time.sleep(2)
            page = site.pages.get(self.path)
            if page is None:
                site.requests.append((self.path, 404))
                self.send_error(404)
                return
            ctype, body = page
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                site.requests.append((self.path, 304))
                self.send_response(304)
                self.end_headers()
                return
            site.requests.append((self.path, 200))
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            try:
                self.wfile.write(body)
            except BrokenPipeError:  # the client gave up (a timeout test)
                pass

        def do_POST(self) -> None:  # noqa: N802 (http.server's name): a webhook receiver
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if site.fail_posts.get(self.path, 0) > 0:
                site.fail_posts[self.path] -= 1
                self.send_response(500)
                self.end_headers()
                return
            site.posted.append((self.path, body))
            site.headers.append(dict(self.headers))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()
