"""Ingest while the workbench runs: the CLI hands the file to the running server.

DuckDB lets one process write a store file, and `estimative serve` keeps its store open for the
requests it answers. So while it runs, `estimative ingest` on the same store cannot open it;
instead it finds the server in a note the server leaves beside the store (`<store>.server.json`:
its URL and process id) and sends `POST /api/ingest` with the path, the source and the token
($ESTIMATIVE_API_TOKEN). The server ingests the file itself, on its own connection, and answers
with the same report the CLI prints. Only a loopback URL is ever contacted.
"""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

_LOOPBACK = ("http://127.0.0.1:", "http://localhost:", "http://[::1]:")


class HandoffError(Exception):
    """The running server could not take the ingest; the message says why and what to do."""


def note_path(db: str | Path) -> Path:
    return Path(f"{db}.server.json")


def announce(db: str | Path, url: str) -> None:
    """Leave the note that says a server runs on this store (removed by `withdraw`)."""
    if str(db) == ":memory:":
        return
    note_path(db).write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")


def withdraw(db: str | Path) -> None:
    try:
        note = note_path(db)
        if json.loads(note.read_text(encoding="utf-8")).get("pid") == os.getpid():
            note.unlink()
    except (OSError, ValueError):
        pass


def running_server(db: str | Path) -> str | None:
    """The URL of the server running on this store, or None (no note, or its process is gone)."""
    try:
        note = json.loads(note_path(db).read_text(encoding="utf-8"))
        pid, url = int(note["pid"]), str(note["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return url if url.startswith(_LOOPBACK) else None


def ingest_via_server(url: str, token: str | None, path: Path, source: str, mapping: Path | None,
                      timeout: float = 3600.0) -> dict[str, Any]:
    """The ingest report from the running server; HandoffError with the server's reason otherwise."""
    if not token:
        raise HandoffError(f"the workbench at {url} holds the store; to ingest through it, set "
                           "ESTIMATIVE_API_TOKEN to the server's token (or stop the server)")
    body = json.dumps({"path": str(path.resolve()), "source": source,
                       "mapping": str(mapping.resolve()) if mapping else None}).encode()
    request = urllib.request.Request(f"{url}/api/ingest", data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
    try:
        with opener.open(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        try:
            reason = json.loads(exc.read()).get("error", exc.reason)
        except ValueError:
            reason = exc.reason
        raise HandoffError(f"the workbench at {url} refused the ingest ({exc.code}): {reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise HandoffError(f"the workbench at {url} holds the store but did not answer ({exc}); "
                           "stop it or wait for it") from None
