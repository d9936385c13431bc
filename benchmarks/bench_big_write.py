"""Which statement of an ingest's write phase runs out of DuckDB's memory, found cheaply (#22).

The failure of a 1 GB SIGACTS-shaped file under the default 300 MB is proportional, so it shows on a
smaller file under a smaller limit. Staging and numbering a file cost most of an ingest's CPU and do
not change between tries, so they run once: a SIGACTS-shaped file of ESTIMATIVE_BENCH_WRITE_MB
megabytes (default 300, about 6.7 M rows; `bench_ingest.generate_sigacts`) is ingested up to the
write (`Store.ingest` with `write_mapped` stopped), and the scratch database it staged is kept. Then
the write phase runs on a copy of it, into a fresh store, statement by statement as `write_mapped`
runs them, under ESTIMATIVE_BENCH_WRITE_LIMIT (default 100MB), reporting each statement's CPU
seconds (every thread), DuckDB's peak memory (`duckdb_memory()`, polled) and the process's peak RSS.
ESTIMATIVE_BENCH_WRITE_INDEX=1 puts back the ART index on events.event_id (migration 1, dropped
by migration 9) to show the COMMIT that builds it running out.

    /usr/bin/time -v .venv/bin/python -m benchmarks.bench_big_write
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.bench_ingest import generate_sigacts
from estimative.sources import ingest_path
from estimative.store import Store, coverage, dyads
from estimative.store import bulk as store_bulk
from estimative.store.counting import coverage_cells
from estimative.store.events import STAGED_EVENTS, STAGED_REJECTS, STAGED_REPEATS
from estimative.store.records import STAGE_COLUMNS

MEGABYTES = int(os.environ.get("ESTIMATIVE_BENCH_WRITE_MB", "300"))
LIMIT = os.environ.get("ESTIMATIVE_BENCH_WRITE_LIMIT", "100MB")
INDEX = os.environ.get("ESTIMATIVE_BENCH_WRITE_INDEX", "") == "1"


class _Staged(Exception):
    """Raised in place of the write once the scratch is saved."""


def stage(csv: Path, keep: Path) -> None:
    """Ingest `csv` up to the write and copy the scratch database it staged to `keep`."""
    real = store_bulk.write_mapped

    def save(store: Store, *_: Any, **__: Any) -> None:
        store.con.execute("CHECKPOINT bulk_scratch")
        path = store.con.execute("SELECT path FROM duckdb_databases() WHERE database_name = 'bulk_scratch'").fetchone()
        shutil.copy(path[0], keep)  # type: ignore[index]
        raise _Staged

    store_bulk.write_mapped = save  # type: ignore[assignment]
    try:
        with Store(keep.with_name("staging.duckdb")) as store:
            ingest_path(store, csv, "sigacts", progress=False)
    except _Staged:
        pass
    finally:
        store_bulk.write_mapped = real


class _Peaks:
    """DuckDB's memory and the RSS, polled from a thread while a statement runs."""

    def __init__(self, store: Store) -> None:
        self.cur, self.duck, self.rss, self.stop = store.cursor(), 0, 0, False
        threading.Thread(target=self._poll, daemon=True).start()

    def _poll(self) -> None:
        while not self.stop:
            used = self.cur.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
            self.duck = max(self.duck, int(used[0]) // 1_000_000) if used else self.duck  # type: ignore[index]
            with open("/proc/self/status") as f:
                self.rss = max(self.rss, next(int(x.split()[1]) // 1024 for x in f if x.startswith("VmRSS")))
            time.sleep(0.1)


def replay(scratch: Path, db: Path) -> dict[str, Any]:
    """The write phase on a copy of `scratch`, statement by statement, under LIMIT."""
    figures: dict[str, Any] = {}
    with Store(db) as store:
        if INDEX:
            store.con.execute("CREATE INDEX events_id_idx ON events (event_id)")
        with store_bulk.bulk_session(store, LIMIT) as con:
            path = con.execute("SELECT current_setting('search_path')").fetchone()[0]  # type: ignore[index]
            con.execute(f"SET search_path = '{store.database}.main'")
            con.execute("DETACH bulk_scratch")
            con.execute(f"ATTACH '{scratch}' AS bulk_scratch")
            con.execute(f"SET search_path = '{path}'")
            peaks = _Peaks(store)
            first = f"SELECT {', '.join(STAGE_COLUMNS)} FROM {STAGED_EVENTS} WHERE _n NOT IN (SELECT _n FROM {STAGED_REPEATS})"
            steps = [
                ("events", store_bulk.INSERT_REVISIONS.format(mapped=first, current="source = ?"),
                 [datetime.now().replace(microsecond=0), 1, "sigacts"]),
                ("coverage", coverage._UPSERT.format(cells=coverage_cells(cond="run_id = ?")), [1]),  # noqa: SLF001
                ("event_actors", "INSERT INTO event_actors " + dyads._rows("run_id = ?"), [1, 1, 1]),  # noqa: SLF001
                ("quarantine", f"INSERT INTO quarantine SELECT 1, 'sigacts', '', '', line, reason, raw FROM {STAGED_REJECTS}", []),
                ("commit", "COMMIT", []),
                ("checkpoint", f'CHECKPOINT "{store.database}"', []),
            ]
            con.execute("BEGIN TRANSACTION")
            try:
                for name, sql, params in steps:
                    peaks.duck = peaks.rss = 0
                    cpu = time.process_time()
                    try:
                        con.execute(sql, params)
                    except Exception as exc:  # the figure sought: which statement ran out, and how
                        figures[name] = {"failed": str(exc).splitlines()[0][:160], "cpu_seconds": round(time.process_time() - cpu, 1),
                                         "duckdb_peak_mb": peaks.duck}
                        break
                    time.sleep(0.3)  # one more poll after the statement
                    figures[name] = {"cpu_seconds": round(time.process_time() - cpu, 1), "duckdb_peak_mb": peaks.duck,
                                     "rss_peak_mb": peaks.rss}
            finally:
                peaks.stop = True
                store_bulk._rollback(con)  # noqa: SLF001 - after a failure; after the commit it does nothing
    return figures


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="estimative-bench-write-") as tmpdir:
        tmp = Path(tmpdir)
        csv, scratch = tmp / "sigacts.csv", tmp / "scratch.duckdb"
        rows = generate_sigacts(csv, MEGABYTES)
        cpu = time.process_time()
        stage(csv, scratch)
        figures: dict[str, Any] = {"file_mb": MEGABYTES, "rows": rows, "limit": LIMIT, "art_index": INDEX,
                                   "staging_cpu_seconds": round(time.process_time() - cpu, 1)}
        figures["write"] = replay(scratch, tmp / "store.duckdb")
    return figures


if __name__ == "__main__":
    print(run())
