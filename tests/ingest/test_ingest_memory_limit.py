"""An ingest that runs out of DuckDB's memory limit (#22: a 1 GB SIGACTS file, 21.6 M rows, failed
at its commit under 300 MB with a traceback) is refused with a message that says what to do, and
stores nothing; `ESTIMATIVE_INGEST_MEMORY` raises the limit."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from estimative.sources import IngestError, ingest_path
from estimative.store import Store
from estimative.store.bulk import MEMORY_ENV

ROWS = 30_000  # data rows of the real SIGACTS file: more than 20 MB of DuckDB's work to stage and write


def _slice(data_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "sigacts_head.csv"
    with (data_dir / "sigacts_iraq" / "sigacts_iraq_2004_2007.csv").open(encoding="utf-8", newline="") as f:
        path.write_text("".join(itertools.islice(f, ROWS + 1)), encoding="utf-8")
    return path


def _sigacts_state(store: Store) -> tuple[int, int, int]:
    events = store.one("SELECT count(*) FROM events WHERE source = 'sigacts'")[0]
    runs = store.one("SELECT count(*) FROM ingest_runs WHERE source = 'sigacts'")[0]
    quarantined = store.one("SELECT count(*) FROM quarantine")[0]
    return int(events), int(runs), int(quarantined)


def test_an_ingest_out_of_memory_is_refused_clearly_and_stores_nothing(data_dir, tmp_path, monkeypatch) -> None:
    path = _slice(data_dir, tmp_path)
    monkeypatch.setenv(MEMORY_ENV, "20MB")
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(IngestError, match=rf"ran out of its ingest memory \(20MB\).*nothing was stored.*{MEMORY_ENV}"):
            ingest_path(store, path, "sigacts", progress=False)
        assert _sigacts_state(store) == (0, 0, 0)
        monkeypatch.delenv(MEMORY_ENV)  # the default limit holds this file: the same store takes it whole
        report = ingest_path(store, path, "sigacts", progress=False)
        assert report.rows_read == ROWS and report.stored + report.quarantined == ROWS
        events, runs, quarantined = _sigacts_state(store)
        assert (events, runs, quarantined) == (report.stored, 1, report.quarantined)
