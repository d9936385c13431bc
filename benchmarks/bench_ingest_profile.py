"""Where the CPU of a column-path ingest goes, phase by phase: cProfile (timer: the process's CPU
time, every thread's, DuckDB's included) around `ingest_bulk`, then DuckDB's EXPLAIN ANALYZE of the
mapping's SELECT over the same staged file.

    python -m benchmarks.bench_ingest_profile [FILE.csv]

Without FILE, an ACLED-shaped file of ESTIMATIVE_BENCH_BULK_ROWS rows (default 1,000,000) is generated
as `bench_ingest_bulk` does, in a temporary folder. ESTIMATIVE_BENCH_THREADS=1 runs DuckDB on one thread. The ingest goes into a fresh store file, as the
benchmark's child does. Printed: the CPU seconds of each phase (cumulative, so a phase includes the
phases it calls), the CPU of the whole ingest, and the operators of the SELECT that took the most time.
"""
from __future__ import annotations

import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_ingest_bulk import generate

ROWS = int(os.environ.get("ESTIMATIVE_BENCH_BULK_ROWS", "1000000"))
# DuckDB's threads for the run (default: DuckDB's own, one per core). On a loaded machine the CPU seconds of
# two threads vary by half from run to run (threads waiting on each other spin); one thread's do not.
THREADS = os.environ.get("ESTIMATIVE_BENCH_THREADS", "")

# (function name as cProfile reports it, the phase it stands for); cumulative CPU seconds
PHASES = (
    ("__init__", "CsvFile: encoding, sha256 of the file"),
    ("_plain_utf8", "the file's bytes checked (UTF-8, line ends, NUL)"),
    ("stage_csv", "staging: DuckDB's CSV reader, ids, row flag, written to the scratch"),
    ("_multiline", "records over several lines?"),
    ("lookup", "lookups: SELECT DISTINCT + Python once per distinct value"),
    ("_note_weapons", "weapons named in the distinct notes"),
    ("_dirty_rows", "rows left to `convert` (flag, no id, duplicates, rejected values)"),
    ("write_mapped", "the write, in one transaction"),
    ("_blake12", "... content hash (Python BLAKE2b, called by DuckDB)"),
    ("record_revisions", "... supersede, coverage and dyads"),
    ("_finish_run", "... the run's row and COMMIT"),
    ("checkpoint", "checkpoint of the store"),
)


def _set_threads(store: Any) -> None:
    if THREADS:
        store.con.execute(f"SET threads = {int(THREADS)}")


def _phase_seconds(stats: pstats.Stats) -> dict[str, float]:
    out: dict[str, float] = {}
    for (_, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        out[name] = out.get(name, 0.0) + cumulative
    return out


def profile_ingest(path: Path, db: Path) -> dict[str, Any]:
    from estimative.sources import AcledAdapter, CsvFile, ingest_bulk
    from estimative.store import Store

    profiler = cProfile.Profile(time.process_time)
    started = time.process_time()
    profiler.enable()
    csv_file = CsvFile(path, max_bytes=4 * 1024**3)
    next(csv_file.rows())
    adapter = AcledAdapter()
    adapter.check_header(csv_file.header, csv_file.path)
    with Store(db) as store:
        _set_threads(store)
        report = ingest_bulk(store, csv_file, adapter)
    profiler.disable()
    total = time.process_time() - started
    assert report is not None, "the file did not take the column path"
    seconds = _phase_seconds(pstats.Stats(profiler))
    return {"rows": report.rows_read, "stored": report.stored, "quarantined": report.quarantined,
            "cpu_seconds": round(total, 2),
            "phases": {label: round(seconds.get(name, 0.0), 2) for name, label in PHASES},
            "top": _top(profiler)}


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
