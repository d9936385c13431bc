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
* line_memory: peak RSS of the line-by-line ingest (`ingest_path`, what every format but a clean
  ACLED file takes) of generated files of ESTIMATIVE_BENCH_LINE_MB megabytes each (default
  "100"; comma-separated), one SIGACTS-shaped and one generic CSV with a column mapping, each in
  a child process of its own so its peak RSS is the ingest's. Goal: flat in the file's size, and
  under 1 GB for a 1 GB file. The files are generated in a temporary folder from the real rows
  of ../shared/data (`generate_sigacts`, `generate_csv`) and never kept. Alone:
      ESTIMATIVE_BENCH_LINE_MB=100,250 .venv/bin/python -m benchmarks.bench_ingest
  Then the latency (median of 7 runs after a warm-up) of the window query
  (`counts_by_country_month` over three years; goal <= 200 ms), of the as-of count for one
  country, and of the as-of `frame` for one country.
"""
from __future__ import annotations

import csv
import dataclasses
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
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
LINE_MB = [int(x) for x in os.environ.get("ESTIMATIVE_BENCH_LINE_MB", "100").split(",") if x.strip()]
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


def synthetic(pool: list[Event], n: int, seed: int = 20240101, source: str = "synthetic") -> Iterator[Event]:
    """n events of `source` resampled from `pool`: a real event each, with a new id and dates shifted by up
    to MAX_SHIFT_DAYS. Built from each template's field values by name (a dataclass copy
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
        v[i_source] = source
        v[i_id] = str(i)
        v[i_end] = (v[i_end] or v[i_start]) + shift
        v[i_start] = v[i_start] + shift
        v[i_known] = None  # known from its (shifted) end date, as for any source without publication times
        yield Event(**dict(zip(names, v, strict=True)))


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


def _write_rows(out: Path, header: list[str], rows: Iterator[list[str]], megabytes: int) -> int:
    """Write the header and rows until the file holds `megabytes` MB; returns the data rows written."""
    n = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(row)
            n += 1
            if n % 1000 == 0 and f.tell() >= megabytes * 1_000_000:
                break
    return n


def generate_sigacts(out: Path, megabytes: int, seed: int = 20240101) -> int:
    """A SIGACTS-shaped file: the real rows (the quarantined ones too), each with its report time
    shifted by whole days (up to MAX_SHIFT_DAYS), which is its natural key."""
    with (resolve_data_dir(None) / DATASETS[1][1]).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        pool = list(reader)
    rng = random.Random(seed)

    def rows() -> Iterator[list[str]]:
        while True:
            row = list(rng.choice(pool))
            try:
                when = datetime.fromisoformat(row[0])
            except ValueError:
                yield row
                continue
            row[0] = (when + timedelta(days=rng.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS))).isoformat(" ")
            yield row

    return _write_rows(out, header, rows(), megabytes)


CSV_MAPPING = """source: bench_csv
id: ref
date: day
location: city
country: country
perpetrator: perpetrator
weapon: weapon
fatalities: fatalities
injuries: injuries
notes: description
"""


def generate_csv(out: Path, megabytes: int, seed: int = 20240101) -> int:
    """A generic CSV with its column mapping (`out` with suffix .yaml): the real RAND rows, each with
    a new id and its date shifted by up to MAX_SHIFT_DAYS."""
    with (resolve_data_dir(None) / DATASETS[0][1]).open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)  # Date, City, Country, Perpetrator, Weapon, Injuries, Fatalities, Description
        pool = [r for r in reader if len(r) == 8 and r[0][:4].isdigit()]
    rng = random.Random(seed)
    out.with_suffix(".yaml").write_text(CSV_MAPPING, encoding="utf-8")

    def rows() -> Iterator[list[str]]:
        for i in itertools.count():
            day, *rest = rng.choice(pool)
            shifted = date.fromisoformat(day[:10]) + timedelta(days=rng.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS))
            yield [f"GEN{i}", shifted.isoformat(), *rest]

    header = ["ref", "day", "city", "country", "perpetrator", "weapon", "injuries", "fatalities", "description"]
    return _write_rows(out, header, rows(), megabytes)


_LINE_CHILD = """
import resource, sys, time
from pathlib import Path
from estimative.sources import ingest_path
from estimative.store import Store
path, source, db = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
mapping = path.with_suffix(".yaml") if source == "csv" else None
started = time.perf_counter()
with Store(db) as store:
    report = ingest_path(store, path, source, mapping=mapping, progress=False)
print(report.rows_read, report.stored, report.quarantined, round(time.perf_counter() - started, 1),
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def line_memory(sizes: list[int] = LINE_MB) -> dict[str, Any]:
    """Peak RSS of the line-by-line ingest of a SIGACTS-shaped and a generic CSV file of each size."""
    figures: dict[str, Any] = {}
    for megabytes in sizes:
        for source, make in (("sigacts", generate_sigacts), ("csv", generate_csv)):
            with tempfile.TemporaryDirectory(prefix="estimative-bench-") as tmpdir:
                path = Path(tmpdir) / f"{source}_{megabytes}mb.csv"
                make(path, megabytes)
                done = subprocess.run([sys.executable, "-c", _LINE_CHILD, str(path), source,
                                       str(Path(tmpdir) / "bench.duckdb")], capture_output=True, text=True)
                if done.returncode:
                    raise RuntimeError(f"the ingest of {path.name} failed: {done.stderr[-2000:]}")
                rows, stored, quarantined, seconds, rss_kb = done.stdout.strip().splitlines()[-1].split()
                figures[f"{source}_{megabytes}mb"] = {
                    "file_mb": round(path.stat().st_size / 1e6, 1), "rows": int(rows), "stored": int(stored),
                    "quarantined": int(quarantined), "seconds": float(seconds),
                    "peak_rss_mb": round(int(rss_kb) / 1024)}
    return figures


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
    figures["line_memory"] = line_memory()
    return figures


if __name__ == "__main__":
    print(line_memory())
