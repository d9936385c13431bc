"""The politeness delay is per host: pages of one host come one at a time, `delay` apart, while
another host's pages are fetched meanwhile (the watch fetches on several threads)."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from estimative.watch.fetch import PoliteClient


def _host() -> Iterator[tuple[str, list[float]]]:
    """A local server on its own port (another `host:port`); yields its base URL and the
    time.monotonic() of each request's arrival."""
    arrivals: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            arrivals.append(time.monotonic())
            body = b"<html><body><p>a page</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", arrivals
    server.shutdown()
    server.server_close()


@pytest.fixture
def host_a() -> Iterator[tuple[str, list[float]]]:
    yield from _host()


@pytest.fixture
def host_b() -> Iterator[tuple[str, list[float]]]:
    yield from _host()


def test_the_delay_holds_per_host_and_hosts_go_side_by_side(host_a, host_b):
    client = PoliteClient(delay=1.0)
    urls = [f"{base}/{page}.html" for base, _ in (host_a, host_b) for page in ("a", "b")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda u: client.get(u).status_code, urls))
    client.close()
    assert statuses == [200] * 4
    for _, arrivals in (host_a, host_b):
        assert len(arrivals) == 2 and arrivals[1] - arrivals[0] >= 0.98, arrivals
    # one request at a time across hosts would put one host's first request a second or more
    # after the other's
    assert abs(host_a[1][0] - host_b[1][0]) < 0.9
