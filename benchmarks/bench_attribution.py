"""Attribution: fit time on RAND, and the time to attribute one incident against a 1 M-event store.

The 1 M-event store is synthesised by resampling RAND events (`bench_ingest.synthetic`: each a
real event with a new id and its dates shifted by up to half a year) into a DuckDB file. The
model fitted on RAND before 2006 reads that store as of 2009-12-31 once (`with_record` builds
the per-actor indexes), then attributes 200 real RAND 2006-2009 incidents one at a time through
`explain` (the distribution and its evidence), the call an assessment makes. Goal: <= 100 ms per incident.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.bench_ingest import synthetic
from estimative.analysis.attribution_features import FRAME_COLUMNS
from estimative.eval import resolve_data_dir
from estimative.eval.attribution import CUT, TEST_END, fit_split, rand_store
from estimative.store import EventFilter, Store

STORE_EVENTS = 1_000_000
INCIDENTS = 200


def run(n_events: int = STORE_EVENTS, n_incidents: int = INCIDENTS) -> dict[str, Any]:
    with rand_store(resolve_data_dir(None)) as rand:
        frame = rand.frame(None, EventFilter(source="rand"), columns=FRAME_COLUMNS)
        pool = rand.events(newest_first=False)
        test = frame.loc[pd.to_datetime(frame["date_start"]).between(pd.Timestamp(CUT), pd.Timestamp(TEST_END))
                         & frame["perpetrator"].notna()]
        incidents = rand.events(flt=EventFilter(ids=test.sample(n_incidents, random_state=0)["event_id"].tolist()))
    started = time.perf_counter()
    model = fit_split(frame, CUT)
    fit_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="estimative-bench-") as tmp, Store(Path(tmp) / "big.duckdb") as store:
        started = time.perf_counter()
        store.ingest(synthetic(pool, n_events), source="synthetic")
        ingest_s = time.perf_counter() - started
        del pool
        started = time.perf_counter()
        big = model.with_record(store, as_of=date(2009, 12, 31))
        index_s = time.perf_counter() - started
        stored = store.count()
    big.explain(incidents[0])  # first call loads the lazy caches
    times = []
    for incident in incidents:
        started = time.perf_counter()
        big.explain(incident)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "fit_rand_seconds": round(fit_s, 1),
        "fit_rand_events_before_2006": int((frame["date_start"] < pd.Timestamp(CUT)).sum()),
        "store_events": stored,
        "store_ingest_seconds": round(ingest_s, 1),
        "index_store_seconds": round(index_s, 1),
        "attribute_one_ms": {"median": round(statistics.median(times), 1),
                             "p95": round(times[int(0.95 * (len(times) - 1))], 1),
                             "max": round(times[-1], 1), "incidents": len(times)},
    }


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
