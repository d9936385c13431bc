"""Fixtures for the workbench: real stores, the app in a TestClient, a live uvicorn server on a
loopback port, and a loopback webhook receiver. Stores are built once per session and copied per
use: `seeded_db` holds the curated record plus UCDP GED Syria (16,000+ events, ingested through
its adapter) for the read paths; `curated_db` holds the curated record alone for the tests that
assess reports, since the first assessment of a day fits the attribution model on the store."""
from __future__ import annotations

import json
import queue
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

TOKEN = "test-token-6f1c"


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store file with the curated record and the UCDP Syria events, built once."""
    from estimative.sources import ingest_path
    from estimative.store.seed import open_store

    path = tmp_path_factory.mktemp("web-store") / "seeded.duckdb"
    store = open_store(path)
    try:
        ingest_path(store, data_dir / "ucdp_ged_syria" / "ucdp_ged191_syria_2016_2019.csv", "ucdp", progress=False)
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def curated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file with the curated record alone (172 sourced incidents)."""
    from estimative.store.seed import open_store

    path = tmp_path_factory.mktemp("web-curated") / "curated.duckdb"
    open_store(path).close()
    return path


def copy_db(seeded: Path, tmp: Path, name: str) -> Path:
    target = tmp / f"{name}.duckdb"
    shutil.copy(seeded, target)
    return target


@pytest.fixture(scope="module")
def client(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app with a write token, in-process, over a copy of the seeded store of its own per
    test module (so one module's writes never change another's expectations)."""
    from fastapi.testclient import TestClient

    from estimative.web.app import create_app

    db = copy_db(seeded_db, tmp_path_factory.mktemp("web-app"), "app")
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def assess_client(curated_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app over a copy of the curated store, for tests that assess and save reports."""
    from fastapi.testclient import TestClient

    from estimative.web.app import create_app

    db = copy_db(curated_db, tmp_path_factory.mktemp("web-assess"), "assess")
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def store(client: Any) -> Any:
    """The store the `client` app serves (read it to compute expected answers independently)."""
    return client.app.state.workbench.store


@pytest.fixture(scope="session")
def all_events(seeded_db: Path) -> list[Any]:
    """Every event the seeded stores start with, as full records: the truth the workbench's
    answers are checked against, read without the workbench's queries."""
    from estimative.store import Store

    with Store(seeded_db, read_only=True) as s:
        return s.events()


@pytest.fixture(scope="session")
def curated_events(curated_db: Path) -> list[Any]:
    from estimative.store import Store

    with Store(curated_db, read_only=True) as s:
        return s.events()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def auth() -> dict[str, str]:
    """The header every write needs."""
    return dict(AUTH)


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def fresh_db(seeded_db: Path, curated_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`fresh_db(name, curated=False)`: a new copy of a store, for an app whose writes must not leak."""
    def make(name: str, curated: bool = False) -> Path:
        return copy_db(curated_db if curated else seeded_db, tmp_path_factory.mktemp(f"web-{name}"), name)

    return make


class WebhookReceiver:
    """A loopback HTTP server that records every POST body (JSON) it receives."""

    def __init__(self) -> None:
        self.received: queue.Queue[dict[str, Any]] = queue.Queue()
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.put({"path": self.path, "json": json.loads(body or b"null"),
                              "content_type": self.headers.get("Content-Type")})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def wait(self, timeout: float = 15.0) -> dict[str, Any]:
        return self.received.get(timeout=timeout)


@pytest.fixture()
def webhook_receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as r:
        yield r
