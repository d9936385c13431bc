"""Issue #22's ceiling as a command: the peak memory of ingesting a 1 GB file, against 1 GB (an ingest that fails is reported with its last message).

Two generated files, each in a temporary folder that is removed afterwards (the file, the store
and DuckDB's scratch with it):
* SIGACTS-shaped, ESTIMATIVE_BENCH_BIG_MB megabytes (default 1000; about 21.6 M rows): the real
  SIGACTS Iraq rows of ../shared/data, each with its report time shifted by whole days
  (`bench_ingest.generate_sigacts`). It takes the line-by-line path.
* ACLED-shaped, ESTIMATIVE_BENCH_BIG_ACLED_ROWS rows (default 2,400,000; about 1.03 GB): real
  ACLED rows with new ids and shifted dates (`bench_ingest_bulk.generate`). It takes the bulk path.
ESTIMATIVE_BENCH_BIG_SHAPES picks them ("sigacts,acled" by default). Each is ingested by
`ingest_path` into a fresh store in a child process of its own, so the peak RSS is the ingest's;
with ESTIMATIVE_BENCH_BIG_REINGEST=1 a second child ingests the same file into the same store
again (it must add nothing). Reported per ingest: rows read, stored, quarantined, added, wall
seconds, the child's CPU seconds (user + system, every thread: DuckDB's too; on a shared machine
the wall time mostly measures the neighbours) and its peak RSS, against the goal of 1 GB.

    ESTIMATIVE_BENCH_BIG_SHAPES=sigacts .venv/bin/python -m benchmarks.run big_ingest
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.bench_ingest import generate_sigacts
from benchmarks.bench_ingest_bulk import generate as generate_acled

MEGABYTES = int(os.environ.get("ESTIMATIVE_BENCH_BIG_MB", "1000"))
ACLED_ROWS = int(os.environ.get("ESTIMATIVE_BENCH_BIG_ACLED_ROWS", "2400000"))
SHAPES = [s.strip() for s in os.environ.get("ESTIMATIVE_BENCH_BIG_SHAPES", "sigacts,acled").split(",") if s.strip()]
REINGEST = os.environ.get("ESTIMATIVE_BENCH_BIG_REINGEST", "") == "1"
GOAL_PEAK_MB = 1024

_CHILD = """
import json, resource, sys, time
from estimative.sources import ingest_path
from estimative.store import Store
started = time.perf_counter()
with Store(sys.argv[3]) as store:
    report = ingest_path(store, sys.argv[1], sys.argv[2], progress=False)
usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of the process: DuckDB's too
print(json.dumps({"rows": report.rows_read, "stored": report.stored, "quarantined": report.quarantined,
                  "added": report.added, "seconds": round(time.perf_counter() - started, 1),
                  "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                  "peak_rss_mb": round(usage.ru_maxrss / 1024)}))
"""


def ingest(path: Path, source: str, db: Path) -> dict[str, Any]:
    """`ingest_path` of `path` into the store `db` in a child process: its figures."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), source, str(db)], capture_output=True, text=True)
    if done.returncode:  # a figure of its own (the 1 GB SIGACTS file is refused today), not the end of `make bench`
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"failed": last[-500:], "under_goal": False}
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["under_goal"] = figures["peak_rss_mb"] < GOAL_PEAK_MB
    return figures


def run() -> dict[str, Any]:
    makers = {"sigacts": lambda p: generate_sigacts(p, MEGABYTES), "acled": lambda p: generate_acled(p, ACLED_ROWS)}
    unknown = [s for s in SHAPES if s not in makers]
    if unknown:
        raise ValueError(f"unknown shape(s) {unknown}: choose from {sorted(makers)}")
    figures: dict[str, Any] = {"goal_peak_rss_mb": GOAL_PEAK_MB}
    for shape in SHAPES:
        with tempfile.TemporaryDirectory(prefix="estimative-bench-big-") as tmpdir:
            path, db = Path(tmpdir) / f"{shape}_generated.csv", Path(tmpdir) / "big.duckdb"
            makers[shape](path)
            entry: dict[str, Any] = {"file_mb": round(path.stat().st_size / 1e6, 1), "first": ingest(path, shape, db)}
            if REINGEST:
                entry["again"] = ingest(path, shape, db)
            entry["store_mb"] = round(db.stat().st_size / 1e6) if db.exists() else 0
            figures[shape] = entry
    return figures


if __name__ == "__main__":
    print(run())
