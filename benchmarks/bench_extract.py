"""Extraction speed: reports per second on one process over all RAND descriptions.

Figures: `reports`, `seconds` and `reports_per_second` of `extract(description, published=date)`
over every RAND RDWTI row with a description (40,000 reports, 1968-2009), after a warm-up that
loads the gazetteer, the actor registry and the matchers (`warmup_seconds`, what a cold
process pays once). Goal (issue #15): >= 400 reports/s on one process. Also the median and 99th
percentile per report, and reports per CPU-second (`reports_per_cpu_second`), which a busy machine
does not distort: `meets_goal_per_cpu_second` says whether that rate reaches the goal, what an idle
machine shows as reports per second.
"""
from __future__ import annotations

import csv
import re
import statistics
import time
from datetime import date
from typing import Any

from estimative.eval import resolve_data_dir

GOAL_REPORTS_PER_SECOND = 400.0


def _reports() -> list[tuple[str, date]]:
    path = resolve_data_dir(None) / "rand_rdwti" / "rand_rdwti_1968_2009.csv"
    out = []
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.DictReader(f):
            text = row.get("Description") or ""
            if not re.search(r"[A-Za-z]", text):
                continue
            try:
                published = date.fromisoformat(row["Date"][:10])
            except (KeyError, ValueError):
                continue
            out.append((text, published))
    return out


def run() -> dict[str, Any]:
    reports = _reports()
    t0 = time.perf_counter()
    from estimative.extract import extract

    extract(reports[0][0], published=reports[0][1])
    warmup = time.perf_counter() - t0
    times = []
    started = time.perf_counter()
    cpu_started = time.process_time()
    for text, published in reports:
        t = time.perf_counter()
        extract(text, published=published)
        times.append(time.perf_counter() - t)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    times.sort()
    rate = len(reports) / seconds
    cpu_rate = len(reports) / cpu_seconds if cpu_seconds else None
    return {
        "reports": len(reports), "seconds": round(seconds, 2), "reports_per_second": round(rate, 1),
        "reports_per_cpu_second": round(cpu_rate, 1) if cpu_rate else None,
        "goal_reports_per_second": GOAL_REPORTS_PER_SECOND, "meets_goal": rate >= GOAL_REPORTS_PER_SECOND,
        "meets_goal_per_cpu_second": cpu_rate is not None and cpu_rate >= GOAL_REPORTS_PER_SECOND,
        "median_ms": round(statistics.median(times) * 1000, 2), "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 2),
        "warmup_seconds": round(warmup, 2),
    }


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
