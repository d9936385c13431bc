"""Bulk ingest, the store's side: a whole CSV file staged in DuckDB, and its mapped rows written
in one transaction with the same guarantees as `Store.ingest`.

`sources.bulk` maps the staged rows to the store's columns in SQL (table `bulk_mapped`: the
columns of `records.STAGE_COLUMNS` plus `_n`, the row's number in the file) and hands over the
rows it quarantined. `write_mapped` then, inside one transaction, classifies every row against
the latest stored revision of its event (added, unchanged, revised) in SQL, inserts the new
revisions, stamps the replaced ones `superseded_at`, updates the coverage table, quarantines the
rejected rows and duplicate ids, and records the run: all or nothing, as `Store.ingest`.

Memory stays flat in the file's size: the staged and mapped rows are tables of a scratch database
file, and DuckDB works under `memory_limit` (`bulk_session`).
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from estimative.store import coverage, dyads
from estimative.store.database import IngestReport, Store
from estimative.store.records import STAGE_COLUMNS
from estimative.store.schema import EVENT_COLUMNS

MEMORY_LIMIT = "300MB"  # DuckDB's share; the Python process adds its own (knowledge, lookups)


@contextmanager
def bulk_session(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store's connection for one bulk ingest: DuckDB's memory bounded, and a scratch database
    file attached as `bulk_scratch` (in a temporary folder) for the staged and mapped rows, so
    they live on disk and DuckDB keeps in memory only what it works on. Unqualified names find
    the scratch tables first, then the store's. Settings are put back and the scratch removed
    afterwards (a killed process leaves only the temporary folder)."""
    con = store.con
    saved = {k: con.execute(f"SELECT current_setting('{k}')").fetchone()[0]  # type: ignore[index]
             for k in ("memory_limit", "search_path", "disabled_optimizers")}
    store_db = con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
    scratch = tempfile.TemporaryDirectory(prefix="estimative-ingest-")
    con.execute(f"ATTACH '{_sql_text(str(Path(scratch.name) / 'scratch.duckdb'))}' AS bulk_scratch (ROW_GROUP_SIZE 16384)")
    con.execute(f"SET search_path = 'bulk_scratch.main,{store_db}.main'")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    # the mapping joins the file to small lookup tables: each join must build on the lookup, which
    # the optimizer, underestimating the file after a few joins, would otherwise swap
    con.execute("SET disabled_optimizers = 'join_order,build_side_probe_side'")
    try:
        yield con
    finally:
        con.execute("SET memory_limit = ?", [saved["memory_limit"]])
        con.execute("SET search_path = ?", [saved["search_path"]])
        con.execute("SET disabled_optimizers = ?", [saved["disabled_optimizers"]])
        con.execute("RESET preserve_insertion_order")
        con.execute("DETACH bulk_scratch")
        scratch.cleanup()


def stage_csv(con: duckdb.DuckDBPyConnection, path: Path, header: list[str], delimiter: str) -> int | None:
    """Read the file into the scratch table `bulk_stage`: every column VARCHAR ('' for empty),
    named as the Python reader names it, and `_n` the row's number in the file (1 = first data
    row). Strict CSV: None when DuckDB cannot read every line (the caller then reads the file
    line by line, which quarantines exactly what cannot be read)."""
    columns = "{" + ", ".join(f"'{_sql_text(k)}': 'VARCHAR'" for k in header) + "}"
    source = (f"read_csv('{_sql_text(str(path))}', header = true, columns = {columns}, delim = '{_sql_text(delimiter)}', "
              "quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, null_padding = false, "
              "store_rejects = true, rejects_table = 'bulk_rejects', rejects_scan = 'bulk_reject_scans')")
    cells = ", ".join(f"coalesce({_ident(k)}, '') AS {_ident(k)}" for k in header)
    try:
        con.execute("SET preserve_insertion_order = true")  # rowid is the row's place in the file
        con.execute(f"CREATE OR REPLACE TABLE bulk_scratch.bulk_stage AS SELECT {cells} FROM {source}")
        con.execute("SET preserve_insertion_order = false")  # from here on `_n` keeps the order, in less memory
        rejected = con.execute("SELECT count(*) FROM bulk_rejects").fetchone()[0]  # type: ignore[index]
    except duckdb.Error:
        return None
    finally:
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
_INSERT = (f"INSERT INTO events ({', '.join(_EVENT_NAMES)}) SELECT {', '.join(_MAPPED_VALUES[c] for c in _EVENT_NAMES)} "
           "FROM bulk_mapped m LEFT JOIN (SELECT event_id, revision, content_hash, known_from FROM events "
           "WHERE source = ? AND superseded_at IS NULL) p USING (event_id) "
           "WHERE (p.event_id IS NULL OR p.content_hash <> m.content_hash) "
           "AND m._n NOT IN (SELECT _n FROM bulk_dups) ORDER BY m._n")  # stored in file order, as Store.ingest


def write_mapped(store: Store, rejects: list[tuple[int, str, str]], *, source: str, path: str,
                 file_sha256: str, encoding: str | None) -> IngestReport:
    """Store the rows of `bulk_mapped` and quarantine `rejects` (line, reason, raw), all in one
    transaction: the same classification, revisions, coverage and quarantine as `Store.ingest`."""
    con = store.con
    with store._lock:  # noqa: SLF001 - the store's own write lock
        run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs").fetchone()[0]  # type: ignore[index]
        report = IngestReport(run_id=run_id, source=source, path=path, encoding=encoding)
        started = datetime.now()
        now = started.replace(microsecond=0)
        mapped = _count(con, "bulk_mapped")
        report.rows_read = mapped + len(rejects)  # one row per record, as Store.ingest counts them
        rejects = rejects + _duplicates(con)  # a scratch table: written before the store's transaction
        con.execute("BEGIN TRANSACTION")
        try:
            unchanged = con.execute(
                "SELECT count(*) FROM bulk_mapped m JOIN events e ON e.event_id = m.event_id AND e.source = ? "
                "AND e.superseded_at IS NULL AND e.content_hash = m.content_hash "
                "WHERE m._n NOT IN (SELECT _n FROM bulk_dups)", [source]).fetchone()[0]  # type: ignore[index]
            con.execute(_INSERT, [now, run_id, source])
            superseded = [(eid, rev, t) for eid, rev, t in con.execute(
                "SELECT event_id, revision - 1, known_from FROM events WHERE run_id = ? AND revision > 1",
                [run_id]).fetchall()]
            store._supersede(superseded)  # noqa: SLF001 - Store.ingest's own helpers, shared
            coverage.record_run(con, run_id, superseded)
            dyads.record_run(con, run_id, superseded)
            store._quarantine(report, rejects, file_sha256, path)  # noqa: SLF001
            report.unchanged, report.revised = unchanged, len(superseded)
            report.added = _count(con, f"events WHERE run_id = {int(run_id)} AND revision = 1")
            store._finish_run(report, file_sha256, started)  # noqa: SLF001
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return report


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]


def _duplicates(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """Rows whose event id an earlier row of the file already has (table `bulk_dups`), quarantined
    as `Store.ingest` does: at their row number, with the reason and the row's record."""
    con.execute("""
        CREATE OR REPLACE TABLE bulk_scratch.bulk_dups AS
        SELECT m._n, m.source_id, m.record, f.first FROM bulk_mapped m
        JOIN (SELECT event_id, min(_n) AS first FROM bulk_mapped GROUP BY event_id HAVING count(*) > 1) f
        USING (event_id) WHERE m._n <> f.first""")
    return [(n, f"duplicate source id {sid!r} (first at row {first})", record)
            for n, sid, record, first in con.execute("SELECT _n, source_id, record, first FROM bulk_dups "
                                                     "ORDER BY _n").fetchall()]
