"""Where the CPU of a column-path ingest goes, phase by phase: the process's CPU time (every thread's,
DuckDB's included) spent in each step of `ingest_bulk`, then DuckDB's EXPLAIN ANALYZE of the
mapping's SELECT over the same staged file.

    python -m benchmarks.bench_ingest_profile [FILE.csv]

Without FILE, an ACLED-shaped file of ESTIMATIVE_BENCH_BULK_ROWS rows (default 1,000,000) is generated
as `bench_ingest_bulk` does, in a temporary folder. ESTIMATIVE_BENCH_THREADS=1 runs DuckDB on one
thread. The ingest goes into a fresh store file, as the benchmark's child does. Printed: the CPU seconds of each phase (its functions timed by
`time.process_time()`, so a phase includes the phases it calls), the CPU of the whole ingest, the
operators of the SELECT that took the most time, and with ESTIMATIVE_BENCH_CPROFILE=1 the functions
of most own time in a second ingest under cProfile.
"""
from __future__ import annotations

import cProfile
import functools
import json
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.bench_ingest_bulk import generate

ROWS = int(os.environ.get("ESTIMATIVE_BENCH_BULK_ROWS", "1000000"))
# DuckDB's threads for the run (default: DuckDB's own, one per core). On a loaded machine the CPU seconds of
# two threads vary by half from run to run (threads waiting on each other spin); one thread's do not.
THREADS = os.environ.get("ESTIMATIVE_BENCH_THREADS", "")

# (module, function, the phase it stands for): CPU seconds inside each, the functions it calls included
PHASES = (
    ("estimative.sources.csvfile", "CsvFile.__init__", "CsvFile: encoding, sha256 of the file"),
    ("estimative.sources.bulk_sql", "_space_chars", "the str.strip space literal (once per process)"),
    ("estimative.sources.bulk", "_plain_utf8", "the file's bytes checked (UTF-8, line ends, NUL)"),
    ("estimative.sources.bulk", "stage_csv", "staging: DuckDB's CSV reader, ids, row flag, written to the scratch"),
    ("estimative.sources.bulk", "_multiline", "records over several lines?"),
    ("estimative.sources.bulk", "lookup", "lookups: SELECT DISTINCT + Python once per distinct value"),
    ("estimative.sources.bulk", "_note_weapons", "weapons named in the distinct notes"),
    ("estimative.sources.bulk", "_dirty_rows", "rows left to `convert` (flag, no id, duplicates, rejected values)"),
    ("estimative.sources.bulk", "write_mapped", "the write, in one transaction"),
    ("estimative.sources.bulk_sql", "_blake12", "... content hash (Python BLAKE2b, called by DuckDB)"),
    ("estimative.store.bulk", "record_revisions", "... supersede, coverage and dyads"),
    ("estimative.store.events", "EventStore._finish_run", "... the run's row and COMMIT"),
    ("estimative.sources.bulk", "checkpoint", "checkpoint of the store"),
)


def _set_threads(store: Any) -> None:
    if THREADS:
        store.con.execute(f"SET threads = {int(THREADS)}")


@contextmanager
def _timed(seconds: dict[str, float]) -> Iterator[None]:
    """Each phase's function replaced, while the ingest runs, by one that adds its CPU time to `seconds`.
    Not cProfile: its cost per call inflates Python's loops many times over (the sha256 pass: 5.3
    CPU s under it, 0.56 without; the space literal 1.25 against 0.035)."""
    import importlib

    saved = []
    for module_name, name, label in PHASES:
        owner: Any = importlib.import_module(module_name)
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        real = getattr(owner, attr)
        if hasattr(real, "cache_clear"):
            real.cache_clear()

        @functools.wraps(real)  # the real signature: DuckDB reads it when a function is registered
        def timed(*args: Any, _real: Any = real, _label: str = label, **kw: Any) -> Any:
            started = time.process_time()
            try:
                return _real(*args, **kw)
            finally:
                seconds[_label] = seconds.get(_label, 0.0) + time.process_time() - started

        saved.append((owner, attr, real))
        setattr(owner, attr, timed)
    try:
        yield
    finally:
        for owner, attr, real in saved:
            setattr(owner, attr, real)


def _ingest(path: Path, db: Path) -> Any:
    from estimative.sources import AcledAdapter, CsvFile, ingest_bulk
    from estimative.store import Store

    csv_file = CsvFile(path, max_bytes=4 * 1024**3)
    next(csv_file.rows())
    adapter = AcledAdapter()
    adapter.check_header(csv_file.header, csv_file.path)
    with Store(db) as store:
        _set_threads(store)
        report = ingest_bulk(store, csv_file, adapter)
    assert report is not None, "the file did not take the column path"
    return report


def profile_ingest(path: Path, db: Path) -> dict[str, Any]:
    """The ingest's CPU seconds, in all and by phase; with ESTIMATIVE_BENCH_CPROFILE=1, a second ingest
    under cProfile (timer: CPU time) gives the functions of most own time."""
    seconds: dict[str, float] = {}
    started = time.process_time()
    with _timed(seconds):
        report = _ingest(path, db)
    out = {"rows": report.rows_read, "stored": report.stored, "quarantined": report.quarantined,
           "cpu_seconds": round(time.process_time() - started, 2),
           "phases": {label: round(seconds.get(label, 0.0), 2) for _, _, label in PHASES}}
    if os.environ.get("ESTIMATIVE_BENCH_CPROFILE"):
        db.unlink()
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        _ingest(path, db)
        profiler.disable()
        out["top"] = _top(profiler)
    return out


def _top(profiler: cProfile.Profile, n: int = 15) -> list[tuple[str, float, float]]:
    """The functions of most own CPU time: (name, own seconds, cumulative seconds)."""
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = [(f"{Path(f).name}:{line} {name}", tt, ct) for (f, line, name), (_, _, tt, ct, _) in stats.items()]
    return [(name, round(tt, 2), round(ct, 2)) for name, tt, ct in sorted(rows, key=lambda r: -r[1])[:n]]


def explain_select(path: Path, db: Path) -> list[tuple[str, float]]:
    """EXPLAIN ANALYZE of the mapping's SELECT over the staged file, written to a scratch table (as
    the INSERT would, without the revision join): DuckDB's operators, their time summed over
    threads, largest first."""
    from estimative.sources import AcledAdapter, CsvFile
    from estimative.sources.bulk import BULK_MAPPINGS, event_id_sql, ident, row_flag
    from estimative.store import Store
    from estimative.store.bulk import bulk_session, stage_csv

    csv_file = CsvFile(path, max_bytes=4 * 1024**3)
    next(csv_file.rows())
    adapter = AcledAdapter()
    header = list(csv_file.header)
    mapping = BULK_MAPPINGS["acled"]
    sid = mapping.source_id(set(header))
    computed = {"_sid": sid, "_eid": event_id_sql(adapter.source, sid),
                "_flag": row_flag([f"s.{ident(k)}" for k in header])}
    with Store(db) as store, bulk_session(store) as con:
        _set_threads(store)
        stage_csv(con, csv_file.path, header, csv_file.delimiter, computed)
        mapped = mapping.map(con, header)
        con.execute("PRAGMA enable_profiling = 'json'")
        con.execute("SET profiling_mode = 'detailed'")
        plan = con.execute("EXPLAIN ANALYZE CREATE TABLE bulk_scratch.bulk_profiled AS "
                           + mapped.select.replace("{dirty}", "")).fetchall()
        con.execute("PRAGMA disable_profiling")
    tree = json.loads(plan[0][1])
    found: list[tuple[str, float]] = []

    def walk(node: dict[str, Any]) -> None:
        name = node.get("operator_name") or node.get("operator_type") or "?"
        found.append((str(name).strip(), float(node.get("operator_timing", 0.0))))
        for child in node.get("children", []):
            walk(child)

    walk(tree)
    return sorted(found, key=lambda r: -r[1])[:12]


def run(path: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="estimative-profile-") as tmp:
        if path is None:
            path = Path(tmp) / "acled_generated.csv"
            generate(path, ROWS)
        load = os.getloadavg()[0]
        out = profile_ingest(path, Path(tmp) / "profile.duckdb")
        out["select_operators"] = explain_select(path, Path(tmp) / "explain.duckdb")
        out["duckdb_threads"] = THREADS or "default"
        out["load_average_1m_before"], out["load_average_1m_after"] = round(load, 2), round(os.getloadavg()[0], 2)
    return out


if __name__ == "__main__":
    result = run(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(json.dumps(result, indent=1))
