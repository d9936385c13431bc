"""Ingest speed on the real datasets, and a store of 5 million events at scale.

Figures:
* per dataset (RAND, SIGACTS, UCDP Syria): rows, stored, quarantined, seconds, CPU seconds and
  rows/s of `ingest_path` into a fresh store, with the knowledge (gazetteer, actor registry,
  weapon lexicon) already loaded; and `sigacts_cli_seconds`, a cold `estimative ingest` of
  SIGACTS (a new process: imports and knowledge loading included) into an existing store.
  Goal: SIGACTS in <= 10 s.
* scale: a synthetic store of ESTIMATIVE_BENCH_EVENTS (default 5,000,000) events resampled from
  the real events of the three datasets (each a real event with a new id and its dates shifted
  by up to half a year), ingested through `Store.ingest` in one transaction, with the CPU
  seconds of the ingesting thread and of all threads (on a shared machine the wall time
  mostly measures the neighbours). Goal <= 3 min.
  Then the latency (median of 7 runs after a warm-up) of the window query
  (`counts_by_country_month` over three years; goal <= 200 ms), of the as-of count for one
  country, and of the as-of `frame` for one country.
"""
from __future__ import annotations

import dataclasses
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from estimative.eval import resolve_data_dir
from estimative.model import Event
from estimative.sources import ingest_path
from estimative.store import EventFilter, Store

DATASETS = (
    ("rand", "rand_rdwti/rand_rdwti_1968_2009.csv"),
    ("sigacts", "sigacts_iraq/sigacts_iraq_2004_2007.csv"),
    ("ucdp", "ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv"),
)
SCALE_EVENTS = int(os.environ.get("ESTIMATIVE_BENCH_EVENTS", "5000000"))
MAX_SHIFT_DAYS = 182


def _warm_knowledge() -> float:
    started = time.perf_counter()
    from estimative.geo import gazetteer
    from estimative.knowledge import registry
    from estimative.sources.base import weapons_in

    gazetteer()
    registry()
    weapons_in("a car bomb")
    return round(time.perf_counter() - started, 2)


def _latency_ms(fn: Callable[[], Any], runs: int = 7) -> tuple[float, Any]:
    result = fn()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), result


def synthetic(pool: list[Event], n: int, seed: int = 20240101) -> Iterator[Event]:
    """n events resampled from `pool`: a real event each, with a new id and dates shifted by up
    to MAX_SHIFT_DAYS. Built positionally from each template's field values (a dataclass copy
    would cost more than storing the event)."""
    names = [f.name for f in dataclasses.fields(Event)]
    i_source, i_id, i_start, i_end, i_known = (names.index(k) for k in ("source", "source_id", "date_start",
                                                                         "date_end", "known_from"))
    templates = [[getattr(e, k) for k in names] for e in pool]
    shifts = [timedelta(days=d) for d in range(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS + 1)]
    rng = random.Random(seed)
    picks = rng.choices(range(len(templates)), k=n)
    moves = rng.choices(shifts, k=n)
    for i, (t, shift) in enumerate(zip(picks, moves, strict=True)):
        v = templates[t].copy()
        v[i_source] = "synthetic"
        v[i_id] = str(i)
        v[i_end] = (v[i_end] or v[i_start]) + shift
        v[i_start] = v[i_start] + shift
        v[i_known] = None  # known from its (shifted) end date, as for any source without publication times
        yield Event(*v)


def _cli_ingest(path: Path, tmp: Path) -> float | str:
    """Seconds of a cold `estimative ingest` (a new process, everything loaded from scratch) into
    a store that exists (its first-use seeding with the curated record is not part of it), or
    the error."""
    from estimative.store.seed import open_store

    db = tmp / "cli.duckdb"
    open_store(db).close()
    return cli_seconds("ingest", str(path), "--source", "sigacts", "--db", str(db), "--format", "json")


def cli_seconds(*args: str) -> float | str:
    """Wall-clock seconds of `estimative ARGS` in a new process, or the error."""
    cli = Path(sys.executable).with_name("estimative")
    cmd = [str(cli) if cli.exists() else sys.executable, *([] if cli.exists() else ["-m", "estimative.cli"]), *args]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = round(time.perf_counter() - started, 2)
    return seconds if done.returncode == 0 else f"failed: {done.stderr.strip()[-300:]}"


def run() -> dict[str, Any]:
    data = resolve_data_dir(None)
    figures: dict[str, Any] = {"knowledge_load_seconds": _warm_knowledge()}
    pool: list[Event] = []
    with tempfile.TemporaryDirectory(prefix="estimative-bench-") as tmpdir:
        tmp = Path(tmpdir)
        for name, rel in DATASETS:
            with Store(tmp / f"{name}.duckdb") as store:
                started, cpu = time.perf_counter(), time.process_time()
                report = ingest_path(store, data / rel, name, progress=False)
                seconds = time.perf_counter() - started
                figures[name] = {"rows": report.rows_read, "stored": report.stored, "quarantined": report.quarantined,
                                 "seconds": round(seconds, 2), "cpu_seconds": round(time.process_time() - cpu, 2),
                                 "rows_per_s": round(report.rows_read / seconds)}
                pool += store.events(newest_first=False)
        figures["sigacts_cli_seconds"] = _cli_ingest(data / DATASETS[1][1], tmp)

        scale: dict[str, Any] = {"events": SCALE_EVENTS, "pool": len(pool)}
        with Store(tmp / "scale.duckdb") as store:
            started, main_cpu, all_cpu = time.perf_counter(), time.thread_time(), time.process_time()
            report = store.ingest(synthetic(pool, SCALE_EVENTS), source="synthetic")
            seconds = time.perf_counter() - started
            # CPU seconds tell what the wall time hides on a shared machine: the ingesting thread's
            # own time is the least the ingest can take; the writer thread and DuckDB run beside it.
            scale.update(ingest_seconds=round(seconds, 1), events_per_s=round(report.added / seconds),
                         ingest_cpu_seconds_ingesting_thread=round(time.thread_time() - main_cpu, 1),
                         ingest_cpu_seconds_all_threads=round(time.process_time() - all_cpu, 1),
                         stored=report.added)
            del pool
            scale["db_megabytes"] = round((tmp / "scale.duckdb").stat().st_size / 1e6)
            since, until = date(2005, 1, 1), date(2007, 12, 31)
            scale["window_query_ms"], rows = _latency_ms(lambda: store.counts_by_country_month(since, until))
            scale["window_query_groups"] = len(rows)
            as_of = date(2006, 6, 30)
            scale["as_of_count_ms"], n = _latency_ms(lambda: store.count(as_of, EventFilter(country="IRQ")))
            scale["as_of_count_events"] = n
            columns = ["event_id", "date_start", "country", "event_type", "fatalities", "lat", "lon"]
            scale["as_of_frame_ms"], frame = _latency_ms(
                lambda: store.frame(date(2018, 12, 31), EventFilter(country="SYR"), columns=columns), runs=3)
            scale["as_of_frame_rows"] = len(frame)
        figures["scale"] = scale
    return figures
