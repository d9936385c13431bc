"""GTD ingest, the column path against the line-by-line path: CPU seconds on the same file.

The file is the shared GTD file (../shared/data/gtd_2021_q1) written ESTIMATIVE_BENCH_GTD_TIMES
times over (default 10) with new `eventid`s, in a temporary directory, never kept. Each path
ingests it with `ingest_path` into a fresh in-memory store after a warm-up ingest of the shared
file (the registry, gazetteer and DuckDB loaded). Reported: rows, stored, quarantined and the CPU
seconds of each path (`time.process_time()`: every thread of the process, DuckDB's included), and
the 1-minute load average (on a shared machine wall time measures the neighbours).

    ESTIMATIVE_BENCH_GTD_TIMES=50 .venv/bin/python -m benchmarks.bench_ingest_gtd
"""
from __future__ import annotations

import csv
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from estimative import sources
from estimative.eval import resolve_data_dir
from estimative.sources import ingest_path
from estimative.store import Store

TIMES = int(os.environ.get("ESTIMATIVE_BENCH_GTD_TIMES", "10"))
SOURCE = "gtd_2021_q1/gtd_2021_jan_mar.csv"


def generate(out: Path, times: int) -> int:
    """The shared GTD file `times` over, each copy's eventids moved by a multiple of 10^14; returns rows."""
    with (resolve_data_dir(None) / SOURCE).open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for k in range(times):
            w.writerows([str(int(r[0]) + k * 10**14), *r[1:]] for r in rows)
    return len(rows) * times


@contextmanager
def _column_path_used() -> Iterator[list[bool]]:
    """Records, for each ingest, whether the column path stored it (True) or handed it to the line reader: a
    column-path ingest that runs out of memory falls back quietly, and its CPU would then be the line path's.
    The real `ingest_bulk` is back afterwards, for the benchmarks `benchmarks.run` runs next in this process."""
    used: list[bool] = []
    real = sources.ingest_bulk

    def spy(*args: Any) -> Any:
        report = real(*args)
        used.append(report is not None)
        return report

    sources.ingest_bulk = spy  # type: ignore[assignment]
    try:
        yield used
    finally:
        sources.ingest_bulk = real


def run() -> dict[str, Any]:
    with _column_path_used() as used:
        return _measure(used)


def _measure(used: list[bool]) -> dict[str, Any]:
    shared = resolve_data_dir(None) / SOURCE
    out: dict[str, Any] = {"load_average_1m_before": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="estimative-bench-gtd-") as tmp:
        path = Path(tmp) / "gtd_repeated.csv"
        out["rows"] = generate(path, TIMES)
        for name, bulk in (("line", False), ("column", True)):
            with Store(":memory:") as store:
                ingest_path(store, shared, "gtd", progress=False, bulk=bulk)
            with Store(":memory:") as store:
                started = time.process_time()
                report = ingest_path(store, path, "gtd", progress=False, bulk=bulk)
                out[f"{name}_cpu_seconds"] = round(time.process_time() - started, 2)
                out[f"{name}_stored"], out[f"{name}_quarantined"] = report.stored, report.quarantined
                if bulk:
                    out["column_path_used"] = bool(used) and used[-1]
    out["load_average_1m_after"] = round(os.getloadavg()[0], 2)
    return out


if __name__ == "__main__":
    print(run())
