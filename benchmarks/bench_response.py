"""One likely-response forecast (`analysis.response.assess_incident`) on a store of a million events.

The store holds the curated record (as `open_store` seeds it) and ESTIMATIVE_BENCH_RESPONSE_EVENTS
(default 1,000,000) events resampled from the real events of RAND, SIGACTS and UCDP Syria
(`bench_ingest.synthetic`). The forecast is that of the Camp Taji rockets of 11 March 2020, as of
12 March 2020 (US and coalition forces against Kata'ib Hizballah's side), in a warm process: the
knowledge files, scipy and a first forecast of another incident are loaded before any timing.
Figures (milliseconds, median of several runs unless said):
* `dyad_query_ms`: the one parameterised query of the dyad's candidate events over all dates
  (`response.dyad_rows`, read from the store's table of who struck whom, `store.dyads`, its kept
  rows dropped before each run): what the first forecast of a dyad, or any after an ingest, pays;
* `fingerprint_ms`: the store fingerprint every forecast reads (`response.store_fingerprint`);
* `cold_after_ingest_ms`: the first forecast after an ingest of AFTER_INGEST_EVENTS new events
  (each run another ingest, under a source of its own): the store fingerprint has changed, so the
  dyad's rows are read again. Goal: 50 ms. `cold_after_ingest_cpu_ms`: the CPU time of those
  forecasts (every thread of the process), the work itself on a machine other jobs share
  (`load_average_1m` says how shared it was);
* `first_in_process_ms`: the first forecast of the dyad with nothing of it kept (every cache of
  analysis/response.py emptied: rows, records, fitted process, red-line tests), once;
* `fresh_fit_ms`: a forecast whose dyad model is not yet kept (each run on another day, so the
  process and its calibration are refitted: what a new incident of a known dyad costs);
* `forecast_ms` (warm): the forecast again on the unchanged store (the dyad's rows, records and
  fitted model are kept per store fingerprint; the fingerprint is still read). Goal: 50 ms;
* `candidate_rows`, `dyad_strikes`: what the query read and what the dyad kept of it.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_ingest import DATASETS, _latency_ms, synthetic
from estimative.analysis import response as R
from estimative.eval import resolve_data_dir
from estimative.knowledge import curated_events
from estimative.model import Event
from estimative.sources import ingest_path
from estimative.store import Store
from estimative.store.seed import open_store

EVENTS = int(os.environ.get("ESTIMATIVE_BENCH_RESPONSE_EVENTS", "1000000"))
INCIDENT = "cur-2020-03-11-taji-rockets"
WARM_UP = "cur-2019-12-27-k1-rockets"
PERPETRATOR = "kataib_hizballah"
AFTER_INGEST_EVENTS = 100


def _cold_after_ingest_ms(store: Store, pool: list[Event], event: Event, as_of: datetime, runs: int = 5
                          ) -> tuple[float, float]:
    """The first forecast after each of `runs` small ingests (new events resampled from `pool`):
    median wall time, and median CPU time of the process (all its threads; on a machine shared
    with other work the wall time also holds the waits for a core)."""
    walls, cpus = [], []
    for k in range(runs):
        store.ingest(synthetic(pool, AFTER_INGEST_EVENTS, seed=k, source=f"after-{k}"), source=f"after-{k}")
        started, cpu = time.perf_counter(), time.process_time()
        _forecast(store, event, as_of)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return round(statistics.median(walls), 1), round(statistics.median(cpus), 1)


def _first_in_process_ms(store: Store, event: Event, as_of: datetime) -> float:
    """The forecast with every cache of analysis/response.py emptied first."""
    for kept in (R._CANDIDATES, R._READS, R._EVENTS, R._STRIKES, R._FITS, R._CROSSED):
        kept.clear()
    started = time.perf_counter()
    _forecast(store, event, as_of)
    return round((time.perf_counter() - started) * 1000, 1)


def _forecast(store: Store, event: Event, as_of: datetime) -> R.ResponseForecast | None:
    fc, _, _ = R.assess_incident(event, PERPETRATOR, store, as_of, event.id)
    return fc


def _fresh_fit_ms(store: Store, event: Event, runs: int = 5) -> float:
    """A forecast whose dyad model is not kept: the incident moved one day later each run."""
    times = []
    for k in range(1, runs + 1):
        moved = Event(**{**{f: getattr(event, f) for f in event.__dataclass_fields__},
                         "date_start": event.date_start + timedelta(days=k)})
        started = time.perf_counter()
        _forecast(store, moved, datetime.combine(moved.date_start, datetime.min.time()) + timedelta(hours=23))
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def run() -> dict[str, Any]:
    data = resolve_data_dir(None)
    figures: dict[str, Any] = {"events": EVENTS}
    curated = {e.source_id: e for e in curated_events()}
    with tempfile.TemporaryDirectory(prefix="estimative-bench-response-") as tmpdir:
        tmp = Path(tmpdir)
        with Store(tmp / "real.duckdb") as real:  # the real events the million are resampled from
            for name, rel in DATASETS:
                ingest_path(real, data / rel, name, progress=False)
            pool = real.events(newest_first=False)
        after_pool = pool[::max(1, len(pool) // 5000)]  # what the small ingests after the first forecast resample
        store = open_store(tmp / "million.duckdb")  # seeded with the curated record
        try:
            started = time.perf_counter()
            store.ingest(synthetic(pool, EVENTS), source="synthetic")
            figures["ingest_seconds"] = round(time.perf_counter() - started, 1)
            del pool
            event, as_of = curated[INCIDENT], datetime(2020, 3, 12, 23, 0)
            _forecast(store, curated[WARM_UP], datetime(2019, 12, 28, 23, 0))  # the warm process
            sides = R.Sides.of(R.responder_of(event) or "", PERPETRATOR)
            since = event.date_start - timedelta(days=R.WINDOW_DAYS)
            def query() -> list[tuple[str, Any]]:
                R._CANDIDATES.clear()
                return R.dyad_rows(store, sides, since, event.date_start, as_of)

            figures["dyad_query_ms"], rows = _latency_ms(query, runs=5)
            figures["fingerprint_ms"], _ = _latency_ms(lambda: R.store_fingerprint(store))
            figures["candidate_rows"] = len(rows)
            figures["fresh_fit_ms"] = _fresh_fit_ms(store, event)
            figures["first_in_process_ms"] = _first_in_process_ms(store, event, as_of)
            _forecast(store, event, as_of)
            figures["cold_after_ingest_ms"], figures["cold_after_ingest_cpu_ms"] = _cold_after_ingest_ms(
                store, after_pool, event, as_of)
            figures["load_average_1m"] = round(os.getloadavg()[0], 1)
            figures["forecast_ms"], fc = _latency_ms(lambda: _forecast(store, event, as_of), runs=11)
            figures["dyad_strikes"] = fc.dyad_events if fc else 0
            figures["probability_30d"] = round(fc.probability[30], 3) if fc else None
            figures["as_of"] = date(2020, 3, 12).isoformat()
        finally:
            store.close()
    return figures
