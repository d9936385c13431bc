"""Rows that share a natural key, numbered in SQL once an ingest has staged them.

A source without an id column (SIGACTS, RAND, a CSV mapping without `id`) keys each row by a
natural key and numbers the rows that share one in file order: `key/1`, `key/2`
(`base.NaturalKeys`). Counting the keys in Python would hold every key of the file in memory, so
an ingest defers the numbering: each staged event has its bare key as its source id, and each row
rejected after it was keyed carries its key (`Rejected.key`; it keeps its number, as it did when
the count was kept in Python). Once the whole file is staged, `number_staged` numbers them all
with one window over (key, place in the input), which DuckDB sorts within the ingest's memory
limit, spilling to disk, and rewrites each staged event's source id, event id, record and
content hash to what the adapter makes with the number (`model.event_id`,
`records.record_json`, `records.event_row`).
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb

from estimative.sources.bulk_sql import event_id_sql, literal, register_hash
from estimative.store.events import STAGED_EVENTS, STAGED_REJECTS
from estimative.store.records import json_text

STAGED_NUMBERS = "bulk_scratch.staged_numbers"
_NUMBERED = "bulk_scratch.staged_numbered"


def key_numbering(source: str) -> Callable[[duckdb.DuckDBPyConnection], None]:
    """The step `Store.ingest` runs on the staged rows of `source` (its `prepare`)."""
    return lambda con: number_staged(con, source)


def number_staged(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Give every staged event (source id: its natural key) its number among the staged rows
    with that key, in input order, and make its columns those of the numbered event."""
    register_hash(con)
    con.execute(f"""
        CREATE TABLE {STAGED_NUMBERS} AS
        SELECT _n, row_number() OVER (PARTITION BY key ORDER BY _n) AS k, is_event FROM (
            SELECT source_id AS key, _n, true AS is_event FROM {STAGED_EVENTS}
            UNION ALL SELECT key, _n, false FROM {STAGED_REJECTS} WHERE key IS NOT NULL)""")
    # record_json writes [source, source_id, ...]: the record goes on after the key's closing quote
    head = literal(json_text([source, ""])[:-2])  # '["sigacts","'
    numbered_id = "s.source_id || '/' || n.k"
    record = (f"CASE WHEN s._n = n._n AND starts_with(s.record, {head} || s.source_id || '\",') "
              f"THEN {head} || {numbered_id} || substr(s.record, length({head}) + length(s.source_id) + 1) "
              "ELSE error('the staged rows and their numbers disagree at row ' || s._n) END")
    # POSITIONAL JOIN: both sides in input order (the events were staged in it), no hash table
    con.execute(f"""
        CREATE TABLE {_NUMBERED} AS
        SELECT * REPLACE ({event_id_sql(source, "source_id")} AS event_id, estimative_hash(record) AS content_hash)
        FROM (SELECT s.* REPLACE ({numbered_id} AS source_id, {record} AS record)
              FROM {STAGED_EVENTS} s
              POSITIONAL JOIN (SELECT _n, k FROM {STAGED_NUMBERS} WHERE is_event ORDER BY _n) n)""")
    con.execute(f"DROP TABLE {STAGED_EVENTS}")
    con.execute(f"ALTER TABLE {_NUMBERED} RENAME TO {STAGED_EVENTS.split('.')[1]}")
