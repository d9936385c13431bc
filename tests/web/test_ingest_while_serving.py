"""Ingest while the workbench runs on the same store (#22): the CLI hands the file to the server,
which holds DuckDB's write lock, and the new events are served at once."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from estimative.cli import app as cli
from estimative.web.handoff import announce, running_server, withdraw

RAND = ("Date,City,Country,Perpetrator,Weapon,Injuries,Fatalities,Description\n"
        '2006-03-01,Baghdad,Iraq,Unknown,Explosives,2,1,"A car bomb near a market."\n'
        '2006-03-02,Mosul,Iraq,Unknown,Firearms,0,1,"A guard was shot."\n')


@pytest.fixture
def serving(fresh_db: Any, serve: Any, token: str) -> Any:
    from estimative.web.app import create_app

    db = fresh_db("handoff", curated=True)
    with serve(create_app(db, token=token)) as server:
        announce(db, server.url)
        try:
            yield db, server
        finally:
            withdraw(db)


def test_ingest_while_the_server_runs_goes_through_it(serving: Any, tmp_path: Path, token: str) -> None:
    db, server = serving
    locked = subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r})"],
                            capture_output=True, text=True)
    assert locked.returncode != 0 and "lock" in locked.stderr  # the lock the issue met: another process
    assert running_server(db) == server.url
    path = tmp_path / "rand.csv"
    path.write_text(RAND, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "estimative.cli", "ingest", str(path), "--source", "rand",
                             "--db", str(db)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "ESTIMATIVE_API_TOKEN": token})
    assert result.returncode == 0, result.stderr
    assert "ingesting through it" in result.stderr and "stored 2" in result.stderr
    listed = httpx.get(f"{server.url}/api/events", params={"source": "rand"}).json()
    assert listed["total"] == 2


def test_without_the_token_the_cli_says_what_to_do(serving: Any, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = serving
    path = tmp_path / "rand.csv"
    path.write_text(RAND, encoding="utf-8")
    monkeypatch.delenv("ESTIMATIVE_API_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["ingest", str(path), "--source", "rand", "--db", str(db)])
    assert result.exit_code != 0 and "ESTIMATIVE_API_TOKEN" in result.output and "Traceback" not in result.output


def test_a_note_left_by_a_dead_server_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Path(f"{db}.server.json").write_text('{"url": "http://127.0.0.1:9", "pid": 999999999}', encoding="utf-8")
    assert running_server(db) is None
