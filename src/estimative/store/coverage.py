"""What the store covers: events per source x country x admin-1 x month, kept as a small table.

The table `coverage` (migration 5 fills it from the events already stored) holds the count of
*current* revisions (not superseded) per (source, country, admin1, month). Ingest keeps it up to
date inside its own transaction, from the rows of that run alone (`record_run`): the run's new
revisions add to their cells, the revisions it superseded subtract from theirs. Reading it
(`summary`, `by_country_year`) never touches the events, so `estimative coverage` answers in
milliseconds on a store of millions of events.

An unknown country or admin-1 is kept as '' (a key column cannot be NULL) and read back as None.
The table is the *current* view; what was known at an earlier time (an assessment's as-of view)
is read from the events themselves (`Store.facet`), see `analysis.coverage`.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from estimative.store.counting import coverage_cells

CREATE = """
CREATE TABLE coverage (
    source VARCHAR NOT NULL, country VARCHAR NOT NULL, admin1 VARCHAR NOT NULL, month DATE NOT NULL,
    events BIGINT NOT NULL, PRIMARY KEY (source, country, admin1, month))
"""
# Migration 5 fills the table from the events stored before it existed; the cells are counted by
# the one definition the Spark engine runs too (store.counting).
FILL = "INSERT INTO coverage " + coverage_cells()
_UPSERT = ("INSERT INTO coverage SELECT source, country, admin1, month, sum(events) FROM ({cells}) GROUP BY ALL "
           "ON CONFLICT DO UPDATE SET events = events + excluded.events")


def record_run(con: duckdb.DuckDBPyConnection, run_id: int,
               superseded: Sequence[tuple[str, int, datetime]] = ()) -> None:
    """Bring the table up to date with one ingest run, inside the ingest's transaction: the run's
    rows (all current: a run writes only the latest revision of each event) are added, and the
    revisions the run superseded (event id, revision, when) are taken away from their cells.
    Reads only this run's rows (by `run_id`, which rides DuckDB's zone maps) and the superseded
    revisions (by id), never the whole table."""
    con.execute(_UPSERT.format(cells=coverage_cells(cond="run_id = ?")), [run_id])
    if superseded:
        ids, revs, _ = zip(*superseded, strict=True)
        table = pa.table({"event_id": pa.array(ids, pa.string()), "revision": pa.array(revs, pa.int32())})
        con.register("coverage_superseded", table)
        try:
            rows = "events JOIN coverage_superseded USING (event_id, revision)"
            con.execute(_UPSERT.format(cells=coverage_cells(rows, "TRUE", sign=-1)))
        finally:
            con.unregister("coverage_superseded")
        # only a revision taken away can empty a cell: a run's own rows add to their cells
        con.execute("DELETE FROM coverage WHERE events <= 0")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recount the whole table from the events (a repair; ingest keeps it current without this)."""
    con.execute("DELETE FROM coverage")
    con.execute(FILL)


def summary(con: duckdb.DuckDBPyConnection, country: str | None = None) -> dict[str, Any]:
    """What `estimative coverage --format json` prints and `stats` carries under `coverage`:

    {"events": N, "first_month": "YYYY-MM", "last_month": "YYYY-MM",
     "countries": [{"country": ISO3 | null, "events": N, "first_month", "last_month",
                    "sources": {source: N}, "admin1": {name: N},
                    "months": [{"month": "YYYY-MM", "source": source, "events": N}, ...]}, ...]}

    Countries by events, most first; `months` holds each source's count per month (its cells
    summed over admin-1). With `country`, only that country. The table is small: it is read whole
    and the country picked here, with no bound parameter (binding one makes DuckDB import pandas,
    a third of a second of the command's time)."""
    wanted = None if country is None else country.upper()
    by_month = [r for r in con.execute("SELECT country, source, month, sum(events) FROM coverage "
                                       "GROUP BY ALL ORDER BY country, month, source").fetchall()
                if wanted in (None, r[0])]
    by_admin = [r for r in con.execute("SELECT country, admin1, sum(events) FROM coverage "
                                       "GROUP BY ALL ORDER BY 3 DESC, 2").fetchall() if wanted in (None, r[0])]
    out: dict[str, dict[str, Any]] = {}
    for c, src, month, n in by_month:
        entry = out.setdefault(c, {"country": c or None, "events": 0, "first_month": None, "last_month": None,
                                   "sources": {}, "admin1": {}, "months": []})
        label = month.strftime("%Y-%m")
        entry["events"] += int(n)
        entry["sources"][src] = entry["sources"].get(src, 0) + int(n)
        entry["first_month"] = entry["first_month"] or label
        entry["last_month"] = label
        entry["months"].append({"month": label, "source": src, "events": int(n)})
    for c, a, n in by_admin:
        if a:
            out[c]["admin1"][a] = int(n)
    countries = sorted(out.values(), key=lambda e: (-e["events"], e["country"] or "~"))
    months = [e[k] for e in countries for k in ("first_month", "last_month")]
    return {"events": sum(e["events"] for e in countries), "first_month": min(months) if months else None,
            "last_month": max(months) if months else None, "countries": countries}


def by_country_year(con: duckdb.DuckDBPyConnection) -> tuple[list[int], list[dict[str, Any]]]:
    """The workbench's grid: the years the store covers, and per country its events in each of
    them ({"country", "events", "years": {year: N}, "sources": [..]}), countries by events."""
    rows = con.execute("SELECT country, year(month), source, sum(events) FROM coverage GROUP BY ALL").fetchall()
    grid: dict[str, dict[str, Any]] = {}
    years: set[int] = set()
    for c, y, src, n in rows:
        entry = grid.setdefault(c, {"country": c or None, "events": 0, "years": {}, "sources": set()})
        entry["events"] += int(n)
        entry["years"][int(y)] = entry["years"].get(int(y), 0) + int(n)
        entry["sources"].add(src)
        years.add(int(y))
    countries = sorted(grid.values(), key=lambda e: (-e["events"], e["country"] or "~"))
    for e in countries:
        e["sources"] = sorted(e["sources"])
    return (list(range(min(years), max(years) + 1)) if years else []), countries
