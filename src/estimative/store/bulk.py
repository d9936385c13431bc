"""Bulk ingest, the store's side: a whole CSV file staged in DuckDB, and its mapped rows written
in one transaction with the same guarantees as `Store.ingest`.

`stage_csv` reads the file with DuckDB's parallel CSV reader into the scratch table `bulk_stage`
(uncompressed: it is read back and removed), with the columns a mapping computes per row on the
way in. `sources.bulk` then builds the SELECT that maps the staged rows to the store's columns,
and `write_mapped`, inside one transaction, classifies every row against the latest stored
revision of its event (added, unchanged, revised) in SQL, inserts the new revisions with one
INSERT ... SELECT per query, stamps the replaced ones `superseded_at`, updates the coverage table,
quarantines the rejected rows and records the run: all or nothing, as `Store.ingest`.

Memory stays flat in the file's size: the staged rows are a table of a scratch database file,
and DuckDB works under `memory_limit` (`bulk_session`).
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from estimative.store import coverage, dyads
from estimative.store.database import IngestReport, Store
from estimative.store.events import OutOfIngestMemory
from estimative.store.records import STAGE_COLUMNS
from estimative.store.schema import EVENT_COLUMNS, ID_KEY_SQL

MEMORY_ENV = "ESTIMATIVE_INGEST_MEMORY"
DEFAULT_MEMORY_LIMIT = "300MB"  # DuckDB's share; the Python process adds its own (knowledge, lookups)
# The column path (sources.bulk) works under the same limit. Under 600 MB its staging would not spill to
# the temporary folder and cost about a quarter less CPU (docs/scale.md), but the process then peaked
# near 1.1 GB from 1 M rows on, and issue #22 holds a 1 GB file's ingest under 1 GB.


def memory_limit() -> str:
    """DuckDB's memory limit for an ingest: `ESTIMATIVE_INGEST_MEMORY` (e.g. "2GB") or 300 MB. Every
    statement of an ingest spills what does not fit to disk (the events table has no ART index,
    which DuckDB would hold whole in memory: schema.ID_KEY_SQL); if DuckDB still runs out, the
    refusal says to raise it."""
    return os.environ.get(MEMORY_ENV, "").strip() or DEFAULT_MEMORY_LIMIT



@contextmanager
def memory_refusal() -> Iterator[None]:
    """DuckDB running out of the ingest's memory limit, as `OutOfIngestMemory`: an allocation that
    failed, or a COMMIT that could not pin a block (a TransactionException). `bulk_session` wraps
    every ingest in it, so the refusal is made in this one place."""
    try:
        yield
    except (duckdb.OutOfMemoryException, duckdb.TransactionException) as exc:
        if isinstance(exc, duckdb.OutOfMemoryException) or "memory" in str(exc) or "pin block" in str(exc):
            raise OutOfIngestMemory(str(exc)) from exc
        raise


@contextmanager
def bulk_session(store: Store, limit: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store's connection for one bulk ingest: DuckDB's memory bounded (`limit`, else `memory_limit()`), and a
    scratch database file attached as `bulk_scratch` (in a temporary folder) for the staged and mapped rows, so
    they live on disk and DuckDB keeps in memory only what it works on. Unqualified names find
    the scratch tables first, then the store's. Settings are put back and the scratch removed
    afterwards (a killed process leaves only the temporary folder)."""
    con = store.con
    saved = {k: con.execute(f"SELECT current_setting('{k}')").fetchone()[0]  # type: ignore[index]
             for k in ("memory_limit", "search_path", "disabled_optimizers")}
    scratch = tempfile.TemporaryDirectory(prefix="estimative-ingest-")
    con.execute(f"ATTACH '{_sql_text(str(Path(scratch.name) / 'scratch.duckdb'))}' AS bulk_scratch (ROW_GROUP_SIZE 16384)")
    # the store's name comes from its file's name: quoted, a quote or comma in it stays a name
    con.execute("SET search_path = ?", [f"bulk_scratch.main,{_ident(store.database)}.main"])
    con.execute("SET memory_limit = ?", [limit or memory_limit()])
    # the mapping joins the file to small lookup tables: each join must build on the lookup, which
    # the optimizer, underestimating the file after a few joins, would otherwise swap
    con.execute("SET disabled_optimizers = 'join_order,build_side_probe_side'")
    try:
        with memory_refusal():
            yield con
    finally:
        con.execute("SET memory_limit = ?", [saved["memory_limit"]])
        con.execute("SET search_path = ?", [saved["search_path"]])
        con.execute("SET disabled_optimizers = ?", [saved["disabled_optimizers"]])
        con.execute("RESET preserve_insertion_order")
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'bulk_scratch'").fetchall():
            con.execute(f"DROP TABLE bulk_scratch.main.{_ident(table)}")  # nothing left to checkpoint on detach
        con.execute("DETACH bulk_scratch")
        scratch.cleanup()


def stage_csv(con: duckdb.DuckDBPyConnection, path: Path, header: list[str], delimiter: str,
              computed: Mapping[str, str] | None = None) -> int | None:
    """Read the file into the scratch table `bulk_stage`: every column VARCHAR ('' for empty),
    named as the Python reader names it, in file order (`rowid` + 1 is the row's number, 1 = first
    data row), and the `computed` columns (name -> SQL over those columns), worked out while the
    file is read, on every core. Strict CSV: None when DuckDB cannot read every line (the caller
    then reads the file line by line, which quarantines exactly what cannot be read).

    The scratch is written uncompressed: it is read back twice and removed, and compressing it
    cost as much as reading the file."""
    columns = "{" + ", ".join(f"'{_sql_text(k)}': 'VARCHAR'" for k in header) + "}"
    source = (f"read_csv('{_sql_text(str(path))}', header = true, columns = {columns}, delim = '{_sql_text(delimiter)}', "
              "quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, null_padding = false, "
              "store_rejects = true, rejects_table = 'bulk_rejects', rejects_scan = 'bulk_reject_scans')")
    cells = ", ".join(f"coalesce({_ident(k)}, '') AS {_ident(k)}" for k in header)
    extra = "".join(f", {sql} AS {_ident(name)}" for name, sql in (computed or {}).items())
    try:
        con.execute("SET preserve_insertion_order = true")  # rowid is the row's place in the file
        con.execute("SET force_compression = 'uncompressed'")
        con.execute(f"CREATE OR REPLACE TABLE bulk_scratch.bulk_stage AS SELECT *{extra} FROM (SELECT {cells} FROM {source}) s")
        rejected = con.execute("SELECT count(*) FROM bulk_rejects").fetchone()[0]  # type: ignore[index]
    except duckdb.Error:
        return None
    finally:
        con.execute("RESET force_compression")
        for table in ("bulk_rejects", "bulk_reject_scans"):
            con.execute(f"DROP TABLE IF EXISTS temp.main.{table}")
    if rejected:
        return None
    return con.execute("SELECT count(*) FROM bulk_stage").fetchone()[0]  # type: ignore[index]


def _sql_text(s: str) -> str:
    return s.replace("'", "''")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_EVENT_NAMES = [c for c, _ in EVENT_COLUMNS]
_MAPPED_VALUES = {c: f"m.{c}" for c in STAGE_COLUMNS} | {
    "revision": "CASE WHEN p.event_id IS NULL THEN 1 ELSE p.revision + 1 END",
    "known_from": "CASE WHEN p.event_id IS NULL THEN m.known_from "
                  "ELSE greatest(m.known_from, ?::TIMESTAMP, p.known_from + INTERVAL 1 SECOND) END",
    "superseded_at": "NULL::TIMESTAMP", "run_id": "?::BIGINT"}
# The one rule of revisions, for every write of events: the rows of `{mapped}` that are new or
# changed against the current revisions of the stored events `{current}` picks (parameters: the
# run's time and id, then those of `{mapped}` and `{current}`). store.watch picks by event id.
INSERT_REVISIONS = (
    f"INSERT INTO events ({', '.join(_EVENT_NAMES)}, id_key) SELECT {', '.join(_MAPPED_VALUES[c] for c in _EVENT_NAMES)}, "
    f"{ID_KEY_SQL.format('m.event_id')} AS id_key "
    "FROM ({mapped}) m LEFT JOIN (SELECT event_id, revision, content_hash, known_from FROM events "
    "WHERE {current} AND superseded_at IS NULL) p USING (event_id) "
    "WHERE p.event_id IS NULL OR p.content_hash <> m.content_hash")


def next_run_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id of the next ingest run."""
    return int(con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs").fetchone()[0])  # type: ignore[index]


def record_revisions(store: Store, con: duckdb.DuckDBPyConnection, run_id: int,
                     superseded: list[tuple[str, int, datetime]]) -> None:
    """What every write of events does once its revisions are in, inside its transaction: the
    replaced revisions stamped, and the coverage and who-struck-whom tables kept current."""
    store._supersede(superseded)  # noqa: SLF001 - Store.ingest's own helper, shared
    coverage.record_run(con, run_id, superseded)
    dyads.record_run(con, run_id, superseded)


def write_mapped(store: Store, mapped: Sequence[str], rows: int, rejects: list[tuple[int, str, str]], *,
                 source: str, path: str, file_sha256: str, encoding: str | None) -> IngestReport:
    """Store the rows of the `mapped` queries (each gives the columns of `records.STAGE_COLUMNS`,
    `rows` rows in all, no event id twice) and quarantine `rejects` (line, reason, raw), all in
    one transaction, with the classification, revisions, coverage and quarantine of `Store.ingest`:
    a row is added, unchanged (same content hash as the latest stored revision: nothing written)
    or revised (a new revision; the replaced one is stamped `superseded_at`)."""
    con = store.con
    with store._lock:  # noqa: SLF001 - the store's own write lock
        run_id = next_run_id(con)
        report = IngestReport(run_id=run_id, source=source, path=path, encoding=encoding)
        started = datetime.now()
        now = started.replace(microsecond=0)
        report.rows_read = rows + len(rejects)  # one row per record, as Store.ingest counts them
        con.execute("BEGIN TRANSACTION")
        try:
            written = 0
            for sql in mapped:
                insert = INSERT_REVISIONS.format(mapped=sql, current="source = ?")
                written += int(con.execute(insert, [now, run_id, source]).fetchone()[0])  # type: ignore[index]
            superseded = [(eid, rev, t) for eid, rev, t in con.execute(
                "SELECT event_id, revision - 1, known_from FROM events WHERE run_id = ? AND revision > 1",
                [run_id]).fetchall()]
            record_revisions(store, con, run_id, superseded)
            store._quarantine(report, rejects, file_sha256, path)  # noqa: SLF001
            report.unchanged, report.revised = rows - written, len(superseded)
            report.added = written - len(superseded)
            store._finish_run(report, file_sha256, started)  # noqa: SLF001
        except BaseException:  # out of memory too: `bulk_session` refuses the ingest once rolled back
            _rollback(con)
            raise
    return report


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll the ingest's transaction back; a COMMIT that failed has ended it already."""
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass
