"""A killed ingest changes nothing; the store commands (stats, quarantine, export) on real data."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from estimative.cli import app
from estimative.model import Event
from estimative.sources import ingest_path
from estimative.store import Store
from estimative.store import events as database

FIXTURES = Path(__file__).parent / "fixtures"


def _state(db: Path) -> dict[str, Any]:
    """Everything an ingest could change: counts and a digest of every table's content."""
    with Store(db) as store:
        q = store.con.execute
        return {
            "stats": store.stats(),
            "events": q("SELECT count(*), sum(hash(event_id, revision, content_hash, superseded_at)) FROM events"
                        ).fetchone(),
            "quarantine": q("SELECT count(*), sum(hash(source, line, reason)) FROM quarantine").fetchone(),
            "runs": q("SELECT count(*), max(run_id) FROM ingest_runs").fetchone(),
        }


def test_killed_ingest_leaves_the_store_as_it_was(data_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "kill.duckdb"
    with Store(db) as store:  # a store with something in every table
        ingest_path(store, FIXTURES / "acled_current.csv", "acled", progress=False)
    before = _state(db)
    assert before["events"][0] == 4 and before["quarantine"][0] == 1 and before["runs"][0] == 1
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "estimative.cli", "ingest", str(data_dir / "sigacts_iraq/sigacts_iraq_2004_2007.csv"),
         "--source", "sigacts", "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    seen: list[str] = []
    deadline = time.monotonic() + 120
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the progress lines: kill once 60% of the file has been read, when
            seen.append(line.rstrip())  # batches of rows have been written inside the open transaction
            if line.rstrip().endswith("% read") and int(line.rsplit(":", 1)[1].split("%")[0]) >= 60:
                break
            assert time.monotonic() < deadline, seen
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, seen  # killed, not finished
    assert any(line.endswith("% read") for line in seen), seen
    assert _state(db) == before
    with Store(db) as store:  # and the store still takes an ingest
        report = ingest_path(store, FIXTURES / "acled_pre2023.csv", "acled", progress=False)
        assert (report.run_id, report.added) == (2, 4)


def test_an_error_mid_file_rolls_the_whole_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches already written inside the transaction are discarded with it."""
    monkeypatch.setattr(database, "BATCH_ROWS", 1000)
    db = tmp_path / "error.duckdb"
    with Store(db) as store:
        ingest_path(store, FIXTURES / "acled_current.csv", "acled", progress=False)
    before = _state(db)

    def events() -> Iterator[Event]:
        for i in range(5_500):  # five write batches, and half of one
            yield Event(source="acled", source_id=f"X{i}", date_start=date(2020, 1, 1) + timedelta(days=i % 900))
        raise OSError("the disk is full")

    with Store(db) as store, pytest.raises(OSError, match="disk is full"):
        store.ingest(events(), source="acled")
    assert _state(db) == before


def test_stats_json_has_the_documented_shape(ingested: Any) -> None:
    result = CliRunner().invoke(app, ["stats", "--db", str(ingested.db), "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert set(stats) == {"events", "quarantined", "by_source", "reports", "incidents", "coverage"}
    assert stats["coverage"]["events"] == stats["events"] and stats["reports"] == stats["incidents"] == 0
    assert set(stats["by_source"]) >= {"rand", "sigacts", "ucdp"}
    for name, counts in stats["by_source"].items():
        assert set(counts) == {"events", "quarantined"}
        if name in ingested.first:
            assert counts == {"events": ingested.first[name].stored, "quarantined": ingested.first[name].quarantined}
    assert stats["events"] == sum(v["events"] for v in stats["by_source"].values())
    assert stats["quarantined"] == sum(v["quarantined"] for v in stats["by_source"].values())


def test_quarantine_lists_rejected_rows_with_file_line_and_reason(ingested: Any) -> None:
    result = CliRunner().invoke(app, ["quarantine", "--db", str(ingested.db), "--source", "sigacts", "--limit", "5"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    source, where, reason, raw = lines[0].split("\t")
    assert source == "sigacts" and where.split(":")[-1].isdigit() and "page header" in reason and "Attack Type" in raw
    as_json = CliRunner().invoke(app, ["quarantine", "--db", str(ingested.db), "--format", "json", "--limit", "3"])
    assert [set(r) for r in json.loads(as_json.stdout)] == [{"run_id", "source", "file", "line", "reason", "raw"}] * 3


def test_export_writes_every_event_as_parquet_csv_and_geojson(ingested: Any, tmp_path: Path) -> None:
    with ingested.store() as store:
        total = store.count()
        placed = store.con.execute("SELECT count(*) FROM events WHERE superseded_at IS NULL AND lat IS NOT NULL "
                                   "AND lon IS NOT NULL").fetchone()[0]
    for fmt, out in (("parquet", tmp_path / "events_parquet"), ("csv", tmp_path / "events.csv"),
                     ("geojson", tmp_path / "events.geojson")):
        result = CliRunner().invoke(app, ["export", str(out), "--format", fmt, "--db", str(ingested.db)])
        assert result.exit_code == 0, result.output
    parquet = duckdb.sql(f"SELECT source, count(*) FROM read_parquet('{tmp_path}/events_parquet/**/*.parquet', "
                         "hive_partitioning = true) GROUP BY 1").fetchall()
    assert sum(n for _, n in parquet) == total and {s for s, _ in parquet} >= {"rand", "sigacts", "ucdp"}
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as f:
        assert sum(1 for _ in csv.reader(f)) - 1 == total
    features = json.loads((tmp_path / "events.geojson").read_text(encoding="utf-8"))["features"]
    assert len(features) == placed
    lon, lat = features[0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_cli_refuses_a_bad_file_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    with Store(db) as store:  # a store that is not empty, so the command does not seed it first
        ingest_path(store, FIXTURES / "acled_current.csv", "acled", progress=False)
    binary = tmp_path / "events.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    done = subprocess.run([sys.executable, "-m", "estimative.cli", "ingest", str(binary), "--source", "acled",
                           "--db", str(db)], capture_output=True, text=True, timeout=120)
    message = " ".join(done.stderr.split())  # the console wraps long lines
    assert done.returncode == 1
    assert "Traceback" not in message
    assert "ZIP archive" in message and "export or unpack it as CSV" in message
