"""Extraction scored again with the gazetteer layer a user's own events make (`estimative.geo.event_places`).

A user ingests ACLED, UCDP GED and GTD rows for their region; their place names and coordinates become a
gazetteer layer. Here that layer is built from the shared datasets, time-split: only rows dated before
the first day of the part scored (ACLED notes from 2019 on: ACLED and UCDP GED rows before 2019; GTD
February-March 2021: GTD, ACLED and UCDP rows before February 2021). A tuning part that begins where the
data begin is scored on its last year with a layer of the rows before that year, so that no row's own
coordinates inform its own scoring. The same rows are scored with and without the layer in one run.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from estimative.eval.coded import CodedRow
from estimative.geo.event_places import Sighting, event_places, sightings_of_file

SCORED = ("place_25km", "country")
# the shared files a user would ingest, with the adapter that reads each
_FILES = (("acled", "acled_*/*.csv"), ("ucdp", "ucdp_ged_*/*.csv"), ("gtd", "gtd_2021_q1/*.csv"))


@dataclass(frozen=True, slots=True)
class LayerPart:
    """One part scored with the layer: the layer holds rows dated before `before`, of `datasets`; the part's
    rows scored are those dated on or after `scored_from`."""

    split: str
    before: date
    scored_from: date
    datasets: tuple[str, ...]


@lru_cache(maxsize=2)
def shared_sightings(data_dir: Path) -> tuple[Sighting, ...]:
    """Every row with a place of the shared ACLED, UCDP GED and GTD files, read by the ingest adapters;
    `Sighting.source` is the dataset."""
    from estimative.sources import IngestError
    from estimative.sources.csvfile import CsvError

    out: list[Sighting] = []
    for dataset, pattern in _FILES:
        for path in sorted(Path(data_dir).glob(pattern)):
            try:
                found = sightings_of_file(path, dataset)
            except (IngestError, CsvError):
                continue  # a layout the adapter does not read is left out of the layer
            out.extend(replace(s, source=dataset) for s in found)
    return tuple(out)


def score_parts(result: dict[str, Any], data_dir: Path, load: Callable[[str], list[CodedRow]],
                fields: tuple[str, ...], parts: tuple[LayerPart, ...], splits: tuple[str, ...],
                limit: int | None = None) -> dict[str, Any]:
    """For each part: the same rows scored without and with the layer (place and country), and the layer's size.
    A part that is a whole split already scored in `result` takes its figures without the layer from there."""
    from estimative.eval.coded import run_rows
    from estimative.geo.gazetteer import use_event_places

    seen = shared_sightings(Path(data_dir))
    out: dict[str, Any] = {}
    for part in parts:
        if part.split not in splits:
            continue
        every = load(part.split)[:limit]
        rows = [r for r in every if r.day >= part.scored_from]
        found = event_places(s for s in seen if s.day < part.before and s.source in part.datasets)
        without = result[part.split] if len(rows) == len(every) and part.split in result else \
            run_rows(rows, f"{part.split} without event places", fields)
        use_event_places(found)
        try:
            with_layer = run_rows(rows, f"{part.split} with event places", fields)
        finally:
            use_event_places(None)
        out[part.split] = {
            "rows": len(rows), "scored_from": part.scored_from.isoformat(),
            "layer": {"rows_before": part.before.isoformat(), "datasets": list(part.datasets),
                      "towns": sum(p.kind == "town" for p in found), "areas": sum(p.kind == "district" for p in found)},
            "without": {f: without["accuracy"][f] for f in SCORED},
            "with": {f: with_layer["accuracy"][f] for f in SCORED},
            "scored": {f: with_layer["scored"][f] for f in SCORED},
            "place_miss_causes_with": with_layer["place_miss_causes"]}
    return out


def markdown_lines(result: dict[str, Any]) -> list[str]:
    """The with/without table for one dataset's `event_places` result."""
    parts = result.get("event_places") or {}
    if not parts:
        return []
    lines = ["", "With the gazetteer layer of the user's own events (`geo.event_places`: the place names and "
             "coordinates of ingested ACLED, UCDP GED and GTD rows, time-split: only rows dated before the part "
             "scored):", "",
             "| part | rows | layer: rows before | towns, areas | place within 25 km without / with | "
             "country without / with |", "|---|---|---|---|---|---|"]
    for split, p in parts.items():
        def pair(f: str, p: dict[str, Any] = p) -> str:
            a, b = p["without"].get(f), p["with"].get(f)
            return f"{'n/a' if a is None else f'{a:.3f}'} / {'n/a' if b is None else f'{b:.3f}'}"
        lines.append(f"| {split} (from {p['scored_from']}) | {p['rows']:,} | {p['layer']['rows_before']} "
                     f"({', '.join(p['layer']['datasets'])}) | {p['layer']['towns']:,}, {p['layer']['areas']:,} | "
                     f"{pair('place_25km')} | {pair('country')} |")
    return lines
