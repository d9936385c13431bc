"""Who struck and who was struck, per stored revision: a narrow table the response model reads.

The likely-response forecast (analysis/response.py) needs every stored event that may be a strike
between two sides: one by an actor of either side, or one on a target of the struck side. Found in
the events table, that is a scan of every row's perpetrator, claimant and target affiliations,
hundreds of milliseconds on a million events, paid by the first forecast of a dyad and again by
the first after any ingest. The table `event_actors` (migration 8 fills it from the events already
stored) holds one row per (revision, actor, role): role 'by' for the perpetrator and claimant
ids, 'on' for each target affiliation. It keeps each revision's validity (`known_from`,
`superseded_at`), so the as-of view is the same filter as on the events, and the event's start
date. Ingest keeps it current inside its own transaction from the rows of that run alone
(`record_run`, called beside `coverage.record_run`); `candidates` reads it by actor through its
index, never touching the events.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import duckdb

from estimative.store.records import stamp_superseded

# One row per revision and actor named in a role. No primary key or index (an index on the
# actor would hold every row of a busy side, and cost every ingest): revisions stay append-only as
# in the events table, and the date order of each run is what a read relies on.
CREATE = """
CREATE TABLE IF NOT EXISTS event_actors (
    actor VARCHAR NOT NULL, role VARCHAR NOT NULL, event_id VARCHAR NOT NULL, revision INTEGER NOT NULL,
    known_from TIMESTAMP, superseded_at TIMESTAMP, date_start DATE)
"""


def _rows(cond: str) -> str:
    """The SELECT of the table's rows for the events matching `cond` (a SQL condition on events).
    Each revision's (actor, role) pairs are made distinct within its own row (a claimant who is
    also the perpetrator, an affiliation named twice), not by a DISTINCT over every row: under an
    ingest's memory limit, that DISTINCT over the 6.7 M revisions of a 300 MB file ran out of 100 MB."""
    cols = "event_id, revision, known_from, superseded_at, date_start"
    return (f"SELECT actor, role, {cols} FROM ("
            f"SELECT perpetrator_id AS actor, 'by' AS role, {cols} FROM events WHERE {cond} "
            f"UNION ALL SELECT claimant_id, 'by', {cols} FROM events WHERE {cond} "
            "AND claimant_id IS DISTINCT FROM perpetrator_id "
            f"UNION ALL SELECT unnest(list_distinct(target_affiliations)), 'on', {cols} FROM events WHERE {cond}"
            ") WHERE actor IS NOT NULL AND actor <> '' ORDER BY date_start")


FILL = "INSERT INTO event_actors " + _rows("TRUE")
# Filled whole from the events, so a store whose version was set back (or that kept the table)
# migrates cleanly, as the coverage table does.
MIGRATION = f"DROP TABLE IF EXISTS event_actors; {CREATE}; {FILL}"


def record_run(con: duckdb.DuckDBPyConnection, run_id: int,
               superseded: Sequence[tuple[str, int, datetime]] = ()) -> None:
    """Bring the table up to date with one ingest run, inside the ingest's transaction: the run's
    revisions are added, and those it superseded (event id, revision, when) stamped as in events.
    Reads only this run's rows (by `run_id`) and the superseded revisions (by id)."""
    con.execute("INSERT INTO event_actors " + _rows("run_id = ?"), [run_id, run_id, run_id])
    stamp_superseded(con, "event_actors", superseded)


def candidates(con: duckdb.DuckDBPyConnection, by: Sequence[str], on: Sequence[str], since: date, until: date,
               as_of_clause: str, as_of_params: Sequence[Any]) -> list[tuple[str, Any, date]]:
    """(event id, known_from, date_start) of the revisions current under `as_of_clause` (the
    store's as-of condition, without alias) of every event from `since` to `until` whose
    perpetrator or claimant is among `by` or whose target affiliations hold one of `on`, by date
    then id. The date window comes first, so the zone maps skip the row groups outside it."""
    if not by and not on:
        return []
    by_marks, on_marks = ", ".join("?" * len(by)) or "NULL", ", ".join("?" * len(on)) or "NULL"
    sql = (f"SELECT DISTINCT event_id, known_from, date_start FROM event_actors WHERE date_start BETWEEN ? AND ? "
           f"AND {as_of_clause} AND ((role = 'by' AND actor IN ({by_marks})) OR (role = 'on' AND actor IN ({on_marks}))) "
           "ORDER BY date_start, event_id")
    rows = con.execute(sql, [since, until, *as_of_params, *by, *on]).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]
