"""Shared fixtures: tests run against the real datasets in ../shared/data; a live server on a
loopback port and Debian's chromium for the tests in a real browser (tests/web, tests/watch)."""
from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared data folder beside the repository, or $ESTIMATIVE_DATA_DIR."""
    override = os.environ.get("ESTIMATIVE_DATA_DIR")
    path = Path(override) if override else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"shared data folder not found: {path} (set ESTIMATIVE_DATA_DIR)")
    return path


class LiveServer:
    """uvicorn serving an app on a free loopback port, in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="session")
def serve() -> type[LiveServer]:
    """`with serve(app) as server:` runs the app on a loopback port (server.url)."""
    return LiveServer


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]


@pytest.fixture(scope="module")  # a module's own: a test may start Playwright itself after it
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (scripts/system-deps.sh installs it)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():  # a failure, not a skip: these tests must run in CI
        pytest.fail(f"Debian's chromium is not at {CHROMIUM}: run `make system-deps` (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextmanager
def _guarded_page(browser: Any, base_url: str, **context: Any) -> Iterator[Any]:
    """A page that may fetch from `base_url` only and whose console must stay free of errors."""
    ctx = browser.new_context(**context)
    pg = ctx.new_page()
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()
    outside = [u for u in requested if not u.startswith(base_url) and not u.startswith("data:")]
    assert not outside, f"the page fetched from elsewhere: {outside[:3]}"
    assert not errors, f"errors in the browser console: {errors[:3]}"


@pytest.fixture(scope="module")
def guarded_page(browser: Any) -> Callable[..., AbstractContextManager[Any]]:
    """`with guarded_page(base_url, **context_options) as page:` a page in its own context that
    may fetch from `base_url` only and whose console must stay free of errors."""
    return partial(_guarded_page, browser)
