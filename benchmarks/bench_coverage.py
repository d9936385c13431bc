"""`estimative coverage` on a store of a million events, and what keeping the table costs an ingest.

A store of ESTIMATIVE_BENCH_COVERAGE_EVENTS (default 1,000,000) events resampled from the real
events of RAND, SIGACTS and UCDP Syria (`bench_ingest.synthetic`: each a real event with a new id
and its dates shifted by up to half a year), ingested in one transaction. Figures:
* `cells`: rows of the coverage table (source x country x admin-1 x month);
* `summary_ms`, `country_ms`, `grid_ms`: median latency of `Store.coverage()`, of
  `Store.coverage("IRQ")` and of the workbench grid (`Store.coverage_grid()`);
* `cli_seconds`: wall clock of `estimative coverage --db STORE --format json` in a new process
  (imports included), and `cli_table_seconds` for the rich table, each with its CPU seconds
  (`*_cpu_seconds`: on a shared machine the wall clock mostly measures the neighbours). Goal:
  under 1 s;
* `small_ingest_seconds`: ingesting 1,000 more events into the million; `record_run_seconds`,
  the table's share of it (its incremental update for that run, timed alone); and
  `full_recount_seconds`, what recounting the table from every event would cost instead.
"""
from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_ingest import DATASETS, _latency_ms, cli_seconds, synthetic
from estimative.eval import resolve_data_dir
from estimative.model import Event
from estimative.sources import ingest_path
from estimative.store import Store
from estimative.store import coverage as table

EVENTS = int(os.environ.get("ESTIMATIVE_BENCH_COVERAGE_EVENTS", "1000000"))


def run() -> dict[str, Any]:
    data = resolve_data_dir(None)
    figures: dict[str, Any] = {"events": EVENTS}
    with tempfile.TemporaryDirectory(prefix="estimative-bench-coverage-") as tmpdir:
        tmp = Path(tmpdir)
        pool: list[Event] = []
        for name, rel in DATASETS:
            with Store(tmp / f"{name}.duckdb") as store:
                ingest_path(store, data / rel, name, progress=False)
                pool += store.events(newest_first=False)
        db = tmp / "million.duckdb"
        with Store(db) as store:
            started = time.perf_counter()
            store.ingest(synthetic(pool, EVENTS), source="synthetic")
            figures["ingest_seconds"] = round(time.perf_counter() - started, 1)
            figures["cells"] = store.con.execute("SELECT count(*) FROM coverage").fetchone()[0]
            figures["summary_ms"], summary = _latency_ms(store.coverage)
            figures["countries"] = len(summary["countries"])
            figures["country_ms"], _ = _latency_ms(lambda: store.coverage("IRQ"))
            figures["grid_ms"], _ = _latency_ms(store.coverage_grid)
            more = list(synthetic(pool[:5000], 1000, seed=7))
            for i, e in enumerate(more):
                e.source_id = f"more-{i}"
            started = time.perf_counter()
            run = store.ingest(more, source="synthetic-more").run_id
            figures["small_ingest_seconds"] = round(time.perf_counter() - started, 3)
            store.con.execute("BEGIN TRANSACTION")  # the table's share of that ingest, timed alone
            started = time.perf_counter()
            table.record_run(store.con, run)
            figures["record_run_seconds"] = round(time.perf_counter() - started, 3)
            store.con.execute("ROLLBACK")
            started = time.perf_counter()
            store.con.execute("BEGIN TRANSACTION")
            table.rebuild(store.con)
            store.con.execute("ROLLBACK")
            figures["full_recount_seconds"] = round(time.perf_counter() - started, 3)
        del pool
        for key, args in (("cli", ("--format", "json")), ("cli_table", ())):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            figures[f"{key}_seconds"] = cli_seconds("coverage", "--db", str(db), *args)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            # the command's own CPU time: what the wall clock comes to on an idle machine
            figures[f"{key}_cpu_seconds"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)
    return figures
