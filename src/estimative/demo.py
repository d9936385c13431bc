"""`estimative demo`: seed the store from the bundled knowledge, assess the bundled example
report, and say where the brief is. What a newcomer sees first, so it explains itself."""
from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

EXAMPLE = "taji_2020-03-12.txt"


def example_report() -> str:
    return resources.files("estimative.examples").joinpath(EXAMPLE).read_text(encoding="utf-8")


def run_demo(db: Path | None, out: Path) -> dict[str, Path]:
    from estimative.assess import assess
    from estimative.brief import render
    from estimative.store.seed import open_store

    console = Console()
    started = time.perf_counter()
    store = open_store(db)
    try:
        s = store.stats()
        t = Table("source", "events", "quarantined", title=f"Store {store.path}")
        for src, v in s["by_source"].items():
            t.add_row(src, f"{v['events']:,}", f"{v['quarantined']:,}")
        console.print(t)
        console.print(f"Assessing the example report [b]{EXAMPLE}[/] (the 11 March 2020 rocket attack on Camp Taji)…")
        assessment = assess(example_report(), store=store)
    finally:
        store.close()
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt in ("md", "html", "pdf", "json"):
        body = render(assessment, fmt)
        path = out / f"brief.{fmt}"
        (path.write_bytes(body) if isinstance(body, bytes) else path.write_text(body, encoding="utf-8"))
        paths[fmt] = path.resolve()
    a = assessment.to_dict()
    console.print(f"\n[b]{a.get('headline', '')}[/]")
    for j in a["judgments"][:4]:
        console.print(f"  • {j['statement']}")
    console.print("\nThe brief is written in four formats:")
    for fmt, path in paths.items():
        console.print(f"  {fmt:5} {path}")
    console.print(f"\n(done in {time.perf_counter() - started:.1f} s; try `.venv/bin/estimative serve` for the workbench)")
    return paths
