"""Extraction on Spark: reports per second on `local[1]` against `local[2]` (the scaling ratio), and
the peak memory of each.

Each master runs in its own process (its own JVM and Python workers): the session starts, a
warm-up job gives every worker one partition so each loads the extractor (`warmup_seconds`), then
`extract_spark` runs over REPORTS RAND descriptions spread over the whole file and writes Parquet
(`seconds`, `reports_per_second`). `peak_rss_mb` is the largest sum of resident memory of that
process and everything it started (the JVM, the Python workers), sampled every 0.2 s from /proc.
Goal: local[2] at least 1.5 times local[1]. Also `ingest --engine spark` of the SIGACTS file on
local[2] (`ingest_sigacts`): rows/s, split into the driver's reading and the executors' mapping. The ratio is only meaningful on an otherwise idle
machine: the load average is recorded beside it (benchmarks.run), and a loaded machine lowers it.
"""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from estimative.eval import resolve_data_dir

REPORTS = 4000
MASTERS = ("local[1]", "local[2]")
GOAL_RATIO = 1.5


def _write_reports(path: Path, n: int = REPORTS) -> int:
    rows = []
    with open(resolve_data_dir(None) / "rand_rdwti" / "rand_rdwti_1968_2009.csv", encoding="utf-8",
              errors="replace", newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if re.search(r"[A-Za-z]", r["Description"] or ""):
                rows.append({"id": f"rand-{i}", "text": r["Description"], "published": r["Date"][:10]})
    chosen = rows[::max(1, len(rows) // n)][:n]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    return len(chosen)


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for child, parent in parents.items():
            if parent == p and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except OSError:
            continue
    return total


def _measure(*args: str) -> dict[str, Any]:
    """Run one measurement (`_child` or `_ingest`) in a process of its own, sampling its memory."""
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.bench_spark", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}"}
    return {**json.loads(stdout.strip().splitlines()[-1]), "peak_rss_mb": round(peak[0] / 1024, 1)}


def _child(master: str, reports: Path, out: Path) -> dict[str, Any]:
    """One master, in this process: session, warm-up, then the timed extraction."""
    from estimative.spark.extract import extract_spark
    from estimative.spark.session import spark_session

    t0 = time.perf_counter()
    spark = spark_session(master, "estimative-bench")
    cores = spark.sparkContext.defaultParallelism
    started = time.perf_counter() - t0
    warm = reports.with_name(f"warm-{cores}.jsonl")
    warm.write_text("".join(reports.read_text(encoding="utf-8").splitlines(keepends=True)[:cores * 4]),
                    encoding="utf-8")
    t1 = time.perf_counter()
    extract_spark(spark, warm, out.with_name(f"warm-{cores}.parquet"), partitions=cores)
    warmup = time.perf_counter() - t1
    t2 = time.perf_counter()
    n = extract_spark(spark, reports, out, partitions=cores * 4)
    seconds = time.perf_counter() - t2
    figures = {"master": master, "reports": n, "session_seconds": round(started, 1),
               "warmup_seconds": round(warmup, 1), "seconds": round(seconds, 1),
               "reports_per_second": round(n / seconds, 1)}
    spark.stop()
    return figures


def _ingest(master: str, out: Path) -> dict[str, Any]:
    """`ingest --engine spark` of the SIGACTS file (162,852 rows): rows/s in all (after the session
    started), and of its two stages (the driver reading and staging the raw rows; the executors
    mapping and writing)."""
    from estimative.spark import ingest
    from estimative.spark.session import spark_session

    spark = spark_session(master, "estimative-bench")

    path = resolve_data_dir(None) / "sigacts_iraq" / "sigacts_iraq_2004_2007.csv"
    stage, times = ingest._stage, {}

    def timed_stage(*args: Any) -> Any:
        t = time.perf_counter()
        result = stage(*args)
        times["stage"] = time.perf_counter() - t
        return result

    ingest._stage = timed_stage
    t0 = time.perf_counter()
    report = ingest.ingest_spark(spark, path, "sigacts", out)
    total = time.perf_counter() - t0
    ingest._stage = stage
    spark.stop()
    mapped = total - times["stage"]
    return {"master": master, "rows": report.rows_read, "seconds": round(total, 1), "rows_per_second": round(report.rows_read / total),
            "stage_seconds": round(times["stage"], 1), "map_seconds": round(mapped, 1),
            "map_rows_per_second": round(report.rows_read / mapped)}


def run() -> dict[str, Any]:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return {"skipped": "pyspark is not installed: pip install 'estimative[spark]'"}
    with tempfile.TemporaryDirectory(prefix="estimative-bench-spark-") as tmp:
        reports = Path(tmp) / "reports.jsonl"
        _write_reports(reports)
        results = {m: _measure(m, str(reports), str(Path(tmp) / f"out-{i}.parquet")) for i, m in enumerate(MASTERS)}
        ingested = _measure("ingest", MASTERS[-1], str(Path(tmp) / "ingest"))
    one, two = (results[m].get("reports_per_second") for m in MASTERS)
    ratio = round(two / one, 2) if one and two else None
    return {**{m.replace("[", "_").replace("]", ""): r for m, r in results.items()}, "ingest_sigacts": ingested,
            "scaling_ratio": ratio, "goal_ratio": GOAL_RATIO, "meets_goal": bool(ratio and ratio >= GOAL_RATIO),
            "load_average_1m_after": round(os.getloadavg()[0], 2)}


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) == 4 and sys.argv[1] == "ingest":
        print(json.dumps(_ingest(sys.argv[2], Path(sys.argv[3]))))
    elif len(sys.argv) == 4:
        print(json.dumps(_child(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        print(json.dumps(run(), indent=2))
