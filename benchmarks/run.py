"""Run the benchmarks and keep their figures in benchmarks/results.json.

`python -m benchmarks.run` runs every `benchmarks/bench_*.py`; `python -m benchmarks.run ingest`
runs only `bench_ingest.py`. Each module exposes `run() -> dict` of figures. Figures of modules
not run this time are kept from the previous results, so one benchmark can be re-run alone.
The machine (core count, load average while it ran) is recorded beside each result, because a
timing means little without it.
"""
from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def machine() -> dict[str, Any]:
    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None}


def flatten(figures: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for k, v in figures.items():
        if isinstance(v, dict):
            out += flatten(v, f"{prefix}{k}.")
        else:
            out.append((f"{prefix}{k}", v))
    return out


def load() -> dict[str, Any]:
    try:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = {}
    results.setdefault("benchmarks", {})
    return results


def save(name: str, entry: dict[str, Any]) -> None:
    """Write one benchmark's entry: the file is re-read just before and replaced whole, so runs of
    other benchmarks finishing meanwhile keep their figures."""
    results = load()
    results["benchmarks"][name] = entry
    tmp = RESULTS.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, RESULTS)


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
    known = available()
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}: choose from {', '.join(known)}", file=sys.stderr)
        return 2
    for name in names or known:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"running bench_{name} ...", file=sys.stderr, flush=True)
        before = machine()
        started = time.perf_counter()
        figures = module.run()
        save(name, {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 1),
            "machine": {**machine(), "load_average_1m_at_start": before["load_average_1m"]},
            "figures": figures,
        })
    results = load()
    from rich.console import Console
    from rich.table import Table

    table = Table("benchmark", "figure", "value", title=f"benchmarks ({RESULTS.relative_to(HERE.parent)})")
    for name in names or known:
        entry = results["benchmarks"][name]
        table.add_row(name, "machine", f"{entry['machine']['cores']} cores, load {entry['machine']['load_average_1m']}")
        for key, value in flatten(entry["figures"]):
            table.add_row(name, key, f"{value:,}" if isinstance(value, int) else str(value))
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
