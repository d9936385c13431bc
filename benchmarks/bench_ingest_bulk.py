"""Bulk ingest of a large ACLED-shaped file: rows/s and peak memory.

The file (ESTIMATIVE_BENCH_BULK_ROWS rows, default 5,000,000; about 2 GB) is generated in a temporary
directory from the real ACLED rows of ../shared/data that share the Kenya export's columns: each a
real row with a new `event_id_cnty` and its date shifted by up to half a year. It is never kept.
The ingest runs in a child process (what `ingest_path` does for an ACLED file, into a fresh store
file, with the file-size limit raised from 2 to 4 GB) so its peak RSS is its own. Reported: wall
seconds and rows/s, the child's CPU seconds (user + system, every thread, DuckDB's included) and
rows per CPU second, peak RSS, and the 1-minute load average before and after (on a shared
machine the wall time mostly measures the neighbours; the CPU seconds do not).

    ESTIMATIVE_BENCH_BULK_ROWS=500000 .venv/bin/python -m benchmarks.run ingest_bulk
"""
from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from estimative.eval import resolve_data_dir

ROWS = int(os.environ.get("ESTIMATIVE_BENCH_BULK_ROWS", "5000000"))
TEMPLATE = "acled_kenya_1997_2020/acled_kenya_1997-01-15_2020-01-17.csv"
MAX_SHIFT_DAYS = 182


def generate(out: Path, rows: int, seed: int = 20240101) -> int:
    """Write `rows` ACLED rows resampled from the real files with the template's columns; returns bytes."""
    data = resolve_data_dir(None)
    with (data / TEMPLATE).open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    pool: list[list[str]] = []
    for path in sorted(data.glob("acled_*/*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            if next(reader) != header:
                continue
            pool += [r for r in reader if len(r) == len(header) and not r[header.index("event_date")].startswith("#")]
    key, day = header.index("event_id_cnty"), header.index("event_date")
    rng = random.Random(seed)
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i in range(rows):
            row = list(rng.choice(pool))
            row[key] = f"GEN{i}"
            iso = row[day][:4].isdigit()
            fmt = "%Y-%m-%d" if iso else "%d %B %Y"
            when = datetime.strptime(row[day], fmt) + timedelta(days=rng.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS))
            row[day] = when.strftime(fmt)
            w.writerow(row)
    return out.stat().st_size


_CHILD = """
import sys, time, resource
from estimative.sources import AcledAdapter, CsvFile, ingest_bulk
from estimative.store import Store
started = time.perf_counter()
csv_file = CsvFile(sys.argv[1], max_bytes=4 * 1024**3)  # ingest_path takes up to 2 GB; 5 M rows are about 2.1
next(csv_file.rows())  # the header
adapter = AcledAdapter()
adapter.check_header(csv_file.header, csv_file.path)
with Store(sys.argv[2]) as store:
    report = ingest_bulk(store, csv_file, adapter)
assert report is not None, "the file did not take the bulk path"
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of the process: DuckDB's too
print(report.rows_read, report.stored, report.quarantined, round(seconds, 2), usage.ru_maxrss,
      round(usage.ru_utime + usage.ru_stime, 2))
"""


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="estimative-bench-") as tmp:
        path = Path(tmp) / "acled_generated.csv"
        size = generate(path, ROWS)
        load = os.getloadavg()[0]
        done = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(Path(tmp) / "bench.duckdb")],
                              capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"the ingest failed: {done.stderr[-2000:]}")
        rows, stored, quarantined, seconds, rss_kb, cpu = done.stdout.strip().splitlines()[-1].split()
    return {"rows": int(rows), "file_mb": round(size / 1e6, 1), "stored": int(stored),
            "quarantined": int(quarantined), "seconds": float(seconds),
            "rows_per_second": round(int(rows) / float(seconds)), "cpu_seconds": float(cpu),
            "rows_per_cpu_second": round(int(rows) / float(cpu)), "peak_rss_mb": round(int(rss_kb) / 1024),
            "load_average_1m_before": round(load, 2), "load_average_1m_after": round(os.getloadavg()[0], 2),
            "goal_rows_per_second": 250_000, "peak_rss_goal_mb_per_gb_file": 1024}


if __name__ == "__main__":
    print(run())
