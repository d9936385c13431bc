"""Events in the store: ingest and the as-of reads every analysis uses.

Ingest is one transaction per file: a process killed mid-file leaves the store as it was before
that file. Re-ingesting a file adds nothing: rows are keyed by (source, source id) and compared
by content hash; a changed row becomes a new revision (the old one is stamped `superseded_at`).
Every read goes through the as-of view: what was known at a time, latest revision first.
"""
from __future__ import annotations

import gc
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import duckdb
import pyarrow as pa

from estimative.model import Event
from estimative.store import coverage
from estimative.store.connection import Connection
from estimative.store.records import STAGE_COLUMNS, event_from_record, event_row, stamp_superseded
from estimative.store.schema import DERIVED_COLUMNS, DERIVED_FROM, EVENT_COLUMNS, id_key

if TYPE_CHECKING:
    from estimative.store.database import Store

BATCH_ROWS = 10_000  # rows staged at a time: a few batches in flight are all the ingest holds of its input
IN_LIST_IDS = 500  # up to this many ids, a filter by id is an IN list, else a list_contains
POINT_IDS = 8  # up to this many ids, each is looked up by its key (`schema.id_key`) instead of scanning the ids
_COL_TYPES = dict(EVENT_COLUMNS)
_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
}
_STAGE_SCHEMA = pa.schema([(c, _ARROW_TYPES[_COL_TYPES[c]]) for c in STAGE_COLUMNS])
_STAGED_SCHEMA = _STAGE_SCHEMA.append(pa.field("_n", pa.int64()))
STAGED_EVENTS = "bulk_scratch.bulk_mapped"  # the scratch tables of an ingest (see `stage_items`)
STAGED_REJECTS = "bulk_scratch.staged_rejects"
STAGED_REPEATS = "bulk_scratch.staged_repeats"


class OutOfIngestMemory(Exception):
    """An ingest ran out of DuckDB's memory limit (`store.bulk.memory_limit`); its transaction was
    rolled back and nothing was stored."""


@dataclass(slots=True)
class Rejected:
    """A raw row an adapter could not turn into an Event: quarantined, never dropped."""

    line: int
    reason: str
    raw: str
    # the natural key the row was numbered under before it was rejected (`sources.base.NaturalKeys`
    # in deferred mode): the row keeps its number, so the rows after it keep theirs
    key: str | None = None


@dataclass(slots=True)
class IngestReport:
    run_id: int
    source: str
    path: str
    rows_read: int = 0
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    quarantined: int = 0
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)  # what the reader saw, for the summary (a stray quote)

    @property
    def stored(self) -> int:
        return self.added + self.revised + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "source": self.source, "path": self.path, "rows_read": self.rows_read,
                "stored": self.stored, "added": self.added, "revised": self.revised,
                "unchanged": self.unchanged, "quarantined": self.quarantined, "encoding": self.encoding,
                "notes": self.notes}


@dataclass(slots=True)
class EventFilter:
    """Filters every event query accepts; each becomes a bound parameter, never SQL text."""

    country: str | Sequence[str] | None = None
    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    actor: str | None = None  # registry id or raw name of perpetrator or claimant
    event_type: str | None = None
    sub_event_type: str | None = None
    source: str | None = None
    weapon_class: str | None = None
    target_affiliation: str | None = None
    ids: Sequence[str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def where(self) -> tuple[list[str], list[Any]]:
        sql: list[str] = []
        params: list[Any] = []
        if self.country:
            countries = [self.country] if isinstance(self.country, str) else list(self.country)
            sql.append(f"country IN ({', '.join('?' * len(countries))})")
            params += countries
        if self.since:
            sql.append("date_start >= ?")
            params.append(self.since)
        if self.until:
            sql.append("date_start <= ?")
            params.append(self.until)
        if self.bbox:
            sql.append("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?")
            params += [self.bbox[0], self.bbox[2], self.bbox[1], self.bbox[3]]
        if self.actor:
            sql.append("(perpetrator_id = ? OR claimant_id = ? OR lower(perpetrator) = lower(?))")
            params += [self.actor, self.actor, self.actor]
        for col in ("event_type", "sub_event_type", "source"):
            if getattr(self, col):
                sql.append(f"{col} = ?")
                params.append(getattr(self, col))
        if self.weapon_class:
            sql.append("list_contains(weapon_classes, ?)")
            params.append(self.weapon_class)
        if self.target_affiliation:
            sql.append("list_contains(target_affiliations, ?)")
            params.append(self.target_affiliation)
        if self.ids is not None:
            ids = list(self.ids)
            # an IN list of placeholders (a scan of the ids: events have no index on them since migration 9;
            # for up to POINT_IDS ids, `_select` looks each up by its key first and this narrows those rows)
            if 0 < len(ids) <= IN_LIST_IDS:
                sql.append(f"event_id IN ({', '.join('?' * len(ids))})")
                params += ids
            else:
                sql.append("list_contains(?, event_id)")
                params.append(ids)
        return sql, params


def _as_timestamp(t: date | datetime | str | None) -> datetime | None:
    if t is None:
        return None
    if isinstance(t, str):
        t = datetime.fromisoformat(t)
    if isinstance(t, datetime):
        return t.replace(tzinfo=None) if t.tzinfo else t
    return datetime(t.year, t.month, t.day, 23, 59, 59)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Bulk ingest makes millions of short-lived objects; the default collector thresholds make
    it re-scan every long-lived one (the gazetteer, the registry) many times over, a fifth of
    the ingest time. Collect rarely while ingesting, then restore the thresholds."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _ScratchWriter:
    """Appends the full batches of an ingest to its scratch tables on a second thread, in order.
    DuckDB releases the GIL while it works, so turning events into rows (Python) and writing them
    (DuckDB) overlap on two cores. At most two batches wait in the queue, so the ingesting thread
    never holds more than a few batches. The thread starts with the first full batch (an input of
    one batch is written from the ingesting thread, in `close`); the ingesting thread touches the
    connection only in `close`."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.jobs: queue.Queue[tuple[str, pa.Table] | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None

    def _write(self, table: str, batch: pa.Table) -> None:
        self.con.register("ingest_batch", batch)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM ingest_batch")
        finally:
            self.con.unregister("ingest_batch")

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.error is None:
                    self._write(*job)
            except BaseException as exc:  # handed to the ingesting thread
                self.error = exc
            finally:
                self.jobs.task_done()

    def events(self, rows: list[tuple[Any, ...]], numbers: list[int]) -> None:
        """Stage a batch of event rows (`records.event_row`) with their places in the input."""
        self._put(STAGED_EVENTS, _events_table(rows, numbers))

    def rejects(self, rejects: list[tuple[int, str, str, int, str | None]]) -> None:
        """Stage a batch of rejected rows (line, reason, raw, place in the input, natural key)."""
        self._put(STAGED_REJECTS, _rejects_table(rejects))

    def _put(self, table: str, batch: pa.Table) -> None:
        if self.error is not None:
            raise self.error
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="estimative-ingest-writer", daemon=True)
            self.thread.start()
        self.jobs.put((table, batch))

    def close(self, rows: list[tuple[Any, ...]], numbers: list[int],
              rejects: list[tuple[int, str, str, int, str | None]]) -> None:
        """Once every batch handed over is written, write the last (partial) ones from this thread."""
        if self.thread is not None:
            self.jobs.join()
            self._stop()
        if self.error is not None:
            raise self.error
        if rows:
            self._write(STAGED_EVENTS, _events_table(rows, numbers))
        if rejects:
            self._write(STAGED_REJECTS, _rejects_table(rejects))

    def abort(self) -> None:
        self.error = self.error or RuntimeError("ingest aborted")
        self._stop()

    def _stop(self) -> None:
        if self.thread is not None:
            self.jobs.put(None)
            self.thread.join()
            self.thread = None


def _events_table(rows: list[tuple[Any, ...]], numbers: list[int]) -> pa.Table:
    arrays = [pa.array(c, type=_STAGE_SCHEMA.field(i).type) for i, c in enumerate(zip(*rows, strict=True))]
    arrays.append(pa.array(numbers, pa.int64()))
    return pa.Table.from_arrays(arrays, schema=_STAGED_SCHEMA)


def _rejects_table(rejects: list[tuple[int, str, str, int, str | None]]) -> pa.Table:
    lines, reasons, raws, numbers, keys = zip(*rejects, strict=True) if rejects else ((), (), (), (), ())
    return pa.table({"line": pa.array(lines, pa.int64()), "reason": pa.array(reasons, pa.string()),
                     "raw": pa.array(raws, pa.string()), "_n": pa.array(numbers, pa.int64()),
                     "key": pa.array(keys, pa.string())})


def stage_items(con: duckdb.DuckDBPyConnection, items: Iterable[Event | Rejected], source: str,
                batch_rows: int | None = None) -> int:
    """Stream `items` into the scratch tables of a bulk session in batches of `batch_rows`: each
    Event as its row (`records.event_row`) in STAGED_EVENTS (`bulk_mapped`, what
    `store.bulk.write_mapped` reads, `_n` its place in the input), each Rejected row in
    STAGED_REJECTS with its place and natural key (`batch_rows` defaults to BATCH_ROWS). Nothing
    of the input is kept beyond the batch being filled and the batches waiting for the writer.
    Returns how many items were read."""
    types = ", ".join(f"{c} {_COL_TYPES[c]}" for c in STAGE_COLUMNS)
    con.execute(f"CREATE TABLE {STAGED_EVENTS} ({types}, _n BIGINT)")
    con.execute(f"CREATE TABLE {STAGED_REJECTS} (line BIGINT, reason VARCHAR, raw VARCHAR, _n BIGINT, key VARCHAR)")
    batch_rows = batch_rows or BATCH_ROWS
    writer = _ScratchWriter(con)
    n = 0
    try:
        rows: list[tuple[Any, ...]] = []
        numbers: list[int] = []
        rejects: list[tuple[int, str, str, int, str | None]] = []
        for n, item in enumerate(items, start=1):
            if isinstance(item, Rejected):
                rejects.append((item.line, item.reason, item.raw, n, item.key))
                if len(rejects) >= batch_rows:
                    writer.rejects(rejects)
                    rejects = []
                continue
            if item.source != source:
                raise ValueError(f"an ingest of source {source!r} was given an event of source {item.source!r} "
                                 f"({item.source_id!r}): ingest each source on its own")
            rows.append(event_row(item))
            numbers.append(n)
            if len(rows) >= batch_rows:
                writer.events(rows, numbers)
                rows, numbers = [], []
        writer.close(rows, numbers, rejects)
    except BaseException:
        writer.abort()
        raise
    return n


def staged_repeats(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """Staged events whose event id an earlier item already has (kept in STAGED_REPEATS),
    quarantined as a repeated row is: at its place in the input, with the reason and its record."""
    con.execute(f"""
        CREATE TABLE {STAGED_REPEATS} AS
        SELECT m._n, m.source_id, m.record, f.first FROM {STAGED_EVENTS} m
        JOIN (SELECT event_id, min(_n) AS first FROM {STAGED_EVENTS} GROUP BY event_id HAVING count(*) > 1) f
        USING (event_id) WHERE m._n <> f.first""")
    return [(n, f"duplicate source id {sid!r} (first at row {first})", record)
            for n, sid, record, first in con.execute(f"SELECT _n, source_id, record, first FROM {STAGED_REPEATS} "
                                                     "ORDER BY _n").fetchall()]


def checkpoint(con: duckdb.DuckDBPyConnection, database: str) -> None:
    """Checkpoint a committed ingest now, within the session's memory limit, rather than when the
    store closes (another cursor's open transaction makes DuckDB checkpoint later instead).
    `database` is the store's: inside a bulk session a plain CHECKPOINT would take the scratch
    database, which comes first on the search path."""
    try:
        con.execute(f'CHECKPOINT "{database.replace(chr(34), chr(34) * 2)}"')
    except duckdb.Error:
        pass


class EventStore(Connection):
    """Ingest and as-of reads over the store's one connection."""

    # ---------------------------------------------------------------- ingest
    def ingest(self, items: Iterable[Event | Rejected], *, source: str, path: str = "",
               file_sha256: str | None = None, encoding: str | None = None,
               prepare: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> IngestReport:
        """Store every Event and quarantine every Rejected row, all in one transaction.

        The items stream in batches into the scratch tables of a bulk session (`store.bulk`: a
        scratch database file, DuckDB under its memory limit), so memory stays flat in the size
        of the input. Then the bulk path's `write_mapped` classifies every staged row against
        the latest stored revision of its event, in SQL: new (added), same content hash
        (unchanged: nothing is written) or changed (revised: a new revision, and the old one is
        stamped `superseded_at`); a repeated id is quarantined; and it commits, all or nothing.
        `prepare`, when given, runs on the scratch tables once every item is staged, before that
        (`sources.numbering` numbers the rows that share a natural key there).
        """
        from estimative.store.bulk import bulk_session, write_mapped  # store.bulk imports this module

        with self._lock, _fewer_collections(), bulk_session(cast("Store", self)) as con:  # out of memory: refused
            n = stage_items(con, items, source)
            if prepare is not None:
                prepare(con)
            repeated = staged_repeats(con)
            rows = int(con.execute(f"SELECT count(*) FROM {STAGED_EVENTS}").fetchone()[0]) - len(repeated)  # type: ignore[index]
            first_of_each = (f"SELECT {', '.join(STAGE_COLUMNS)} FROM {STAGED_EVENTS} "
                             f"WHERE _n NOT IN (SELECT _n FROM {STAGED_REPEATS})")
            report = write_mapped(cast("Store", self), [first_of_each], rows, repeated, source=source, path=path,
                                  file_sha256=file_sha256 or "", encoding=encoding)
            if n >= BATCH_ROWS:  # a small ingest leaves the checkpoint to DuckDB (its log is small)
                checkpoint(con, self.database)
        return report

    def dataset_version(self) -> tuple[int, str]:
        """The latest ingest run of a dataset (any source but assessed reports) and when it began:
        it changes exactly when the dataset events do (every write of events is an ingest run), and
        the start time tells apart two stores of one path. One read of the small runs table."""
        run, started = self.one("SELECT coalesce(max(run_id), 0), max(started_at) FROM ingest_runs "
                                "WHERE source <> 'report'")
        return int(run), started.isoformat() if started else ""

    def _finish_run(self, report: IngestReport, file_sha256: str | None, started: datetime) -> None:
        """Record the run and commit the ingest's transaction."""
        self.con.execute(
            "INSERT INTO ingest_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok')",
            [report.run_id, report.source, report.path, file_sha256, started, datetime.now(), report.rows_read,
             report.added, report.revised, report.unchanged, report.quarantined])
        self.con.execute("COMMIT")

    def _supersede(self, superseded: list[tuple[str, int, datetime]]) -> None:
        """Stamp the revisions that a changed row replaced (never overwrite them)."""
        stamp_superseded(self.con, "events", superseded)

    def _quarantine(self, report: IngestReport, rejects: list[tuple[int, str, str]], file_sha256: str,
                    path: str) -> None:
        """Keep every rejected row with its reason; a re-ingest of the same file adds no copies.

        The rows are `rejects` (line, reason, raw) and, when `stage_items` staged an input, the
        rows of STAGED_REJECTS, which were read too: they count in `report.rows_read`."""
        staged = self._staged_rejects()
        report.quarantined = len(rejects) + staged
        report.rows_read += staged
        if not report.quarantined:
            return
        lines, reasons, raws = zip(*rejects, strict=True) if rejects else ((), (), ())
        table = pa.table({"line": pa.array(lines, pa.int64()), "reason": pa.array(reasons, pa.string()),
                          "raw": pa.array(raws, pa.string())})
        rows = "SELECT line, reason, raw FROM ingest_rejects" + (
            f" UNION ALL SELECT line, reason, raw FROM {STAGED_REJECTS}" if staged else "")
        self.con.register("ingest_rejects", table)
        try:
            self.con.execute(f"""
                INSERT INTO quarantine
                SELECT ?, ?, ?, ?, q.line, q.reason, q.raw FROM ({rows}) q
                WHERE NOT EXISTS (SELECT 1 FROM quarantine x WHERE x.source = ? AND x.file_sha256 = ?
                                  AND x.line = q.line AND x.file_sha256 <> '')
            """, [report.run_id, report.source, path, file_sha256, report.source, file_sha256])
        finally:
            self.con.unregister("ingest_rejects")

    def _staged_rejects(self) -> int:
        """How many rows `stage_items` put in STAGED_REJECTS (0 when no input was staged)."""
        database, table = STAGED_REJECTS.split(".")
        exists = self.con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?",
                                  [database, table]).fetchone()
        if not exists or not exists[0]:
            return 0
        return int(self.con.execute(f"SELECT count(*) FROM {STAGED_REJECTS}").fetchone()[0])  # type: ignore[index]

    # ---------------------------------------------------------------- reads
    def as_of_clause(self, as_of: date | datetime | str | None, alias: str = "") -> tuple[str, list[Any]]:
        p = f"{alias}." if alias else ""
        t = _as_timestamp(as_of)
        if t is None:
            return f"{p}superseded_at IS NULL", []
        return f"{p}known_from <= ? AND ({p}superseded_at IS NULL OR {p}superseded_at > ?)", [t, t]

    def _select(self, columns: str, as_of: Any, flt: EventFilter | None, tail: str = "",
                tail_params: Sequence[Any] = ()) -> tuple[str, list[Any]]:
        clause, as_of_params = self.as_of_clause(as_of)
        where, params = flt.where() if flt is not None else ([], [])
        where, params = [*where, clause], [*params, *as_of_params]
        source = "events"
        if flt is not None and flt.ids is not None and 0 < len(flt.ids) <= POINT_IDS:
            # A few ids: each is looked up by its key (`schema.id_key`) on its own, a scan of one
            # BIGINT column (6.5 ms at 5 M events; a list of keys is not faster than the ids' own
            # IN list, 90 ms); the rest applies to those rows.
            ids = list(dict.fromkeys(flt.ids))
            source = "(" + " UNION ALL ".join(["SELECT * FROM events WHERE id_key = ? AND event_id = ?"] * len(ids)) + \
                     ") AS events"
            params = [*(v for i in ids for v in (id_key(i), i)), *params]
        return f"SELECT {columns} FROM {source} WHERE {' AND '.join(where)} {tail}", params + list(tail_params)

    def events(self, as_of: Any = None, flt: EventFilter | None = None, *, limit: int | None = None,
               offset: int = 0, newest_first: bool = True) -> list[Event]:
        """The events known at `as_of` (latest revision of each) that pass the filter."""
        order = "ORDER BY date_start DESC, event_id" if newest_first else "ORDER BY date_start, event_id"
        tail = order + (" LIMIT ? OFFSET ?" if limit is not None else "")
        sql, params = self._select("record, known_from", as_of, flt, tail,
                                   [limit, offset] if limit is not None else [])
        return [event_from_record(r, k) for r, k in self.cursor().execute(sql, params).fetchall()]

    def count(self, as_of: Any = None, flt: EventFilter | None = None) -> int:
        sql, params = self._select("count(*)", as_of, flt)
        return int(self.one(sql, params)[0])

    def get(self, event_id: str, as_of: Any = None) -> Event | None:
        found = self.events(as_of, EventFilter(ids=[event_id]))  # at most one revision is current
        return found[0] if found else None

    def revisions(self, event_id: str) -> list[tuple[int, datetime, datetime | None]]:
        return self.cursor().execute(
            "SELECT revision, known_from, superseded_at FROM events WHERE id_key = ? AND event_id = ? ORDER BY revision",
            [id_key(event_id), event_id]).fetchall()

    def frame(self, as_of: Any = None, flt: EventFilter | None = None, columns: Sequence[str] | None = None,
              derived: str | None = None):
        """The flat columns as a pandas DataFrame, for analysis over many events.

        With `derived` (a version, see `keep_derived`), the `d_` + DERIVED_COLUMNS hold what was
        kept for each revision under that version (`d_day` is null where nothing was), and the
        DERIVED_FROM columns are read only where nothing was kept (they are null elsewhere)."""
        cols = list(columns) if columns else [c for c, _ in EVENT_COLUMNS if c != "record"]
        bad = [c for c in cols if c not in _COL_TYPES]
        if bad:
            raise ValueError(f"unknown event columns: {bad}")
        if derived is None or not self._has_table("derived"):
            sql, params = self._select(", ".join(cols), as_of, flt, "ORDER BY date_start, event_id")
            frame = self.cursor().execute(sql, params).df()
            if derived is not None:
                for c in DERIVED_COLUMNS:
                    frame[f"d_{c}"] = None
            return frame
        inner, params = self._select(", ".join(dict.fromkeys([*cols, "event_id", "known_from"])), as_of, flt)
        picked = [f"CASE WHEN d.day IS NULL THEN q.{c} END AS {c}" if c in DERIVED_FROM else f"q.{c}" for c in cols]
        sql = (f"SELECT {', '.join(picked)}, {', '.join(f'd.{c} AS d_{c}' for c in DERIVED_COLUMNS)} "
               f"FROM ({inner}) q LEFT JOIN derived d "
               "ON d.event_id = q.event_id AND d.known_from = q.known_from AND d.version = ? "
               "ORDER BY q.date_start, q.event_id")
        return self.cursor().execute(sql, [*params, derived]).df()

    def fingerprint(self, as_of: Any = None, flt: EventFilter | None = None) -> tuple[int, str]:
        """(how many events, the latest `known_from` among them) known at `as_of` that pass the
        filter: it changes whenever what a model would read from them could have changed."""
        sql, params = self._select("count(*), max(known_from)", as_of, flt)
        n, latest = self.one(sql, params)
        return int(n), latest.isoformat() if latest else ""

    def counts_by_country_month(self, since: date, until: date, as_of: Any = None) -> list[tuple[str, date, int]]:
        """The typical window query: events per country and month between two dates.

        Months are grouped as integers (year * 100 + month) and made dates only for the result:
        `date_trunc` on every row costs twice as much on millions of events."""
        inner, params = self._select("country, year(date_start) * 100 + month(date_start) AS ym, count(*) AS n",
                                     as_of, EventFilter(since=since, until=until), "GROUP BY 1, 2")
        sql = f"SELECT country, make_date(ym // 100, ym % 100, 1) AS month, n FROM ({inner}) ORDER BY 1, 2"
        return self.cursor().execute(sql, params).fetchall()

    def coverage(self, country: str | None = None) -> dict[str, Any]:
        """What the store holds per source x country x admin-1 x month (`store.coverage.summary`)."""
        return coverage.summary(self._coverage_cursor(), country)

    def coverage_grid(self) -> tuple[list[int], list[dict[str, Any]]]:
        """Events per country and year, for the workbench (`store.coverage.by_country_year`)."""
        return coverage.by_country_year(self._coverage_cursor())

    def _coverage_cursor(self) -> duckdb.DuckDBPyConnection:
        if "coverage" not in self._table_names():
            raise RuntimeError(f"the store {self.path} predates the coverage table: open it once without "
                               "read-only to migrate it")
        return self.cursor()

    def is_empty(self) -> bool:
        return (self.cursor().execute("SELECT count(*) FROM events").fetchone() or [0])[0] == 0

    def stats(self) -> dict[str, Any]:
        cur = self.cursor()
        tables = self._table_names()
        by_source: dict[str, dict[str, int]] = {}
        for src, n in cur.execute("SELECT source, count(*) FROM events WHERE superseded_at IS NULL GROUP BY 1").fetchall():
            by_source.setdefault(src, {"events": 0, "quarantined": 0})["events"] = n
        for src, n in cur.execute("SELECT source, count(*) FROM quarantine GROUP BY 1").fetchall():
            by_source.setdefault(src, {"events": 0, "quarantined": 0})["quarantined"] = n
        return {"events": sum(v["events"] for v in by_source.values()),
                "quarantined": sum(v["quarantined"] for v in by_source.values()),
                "by_source": dict(sorted(by_source.items())),
                "reports": self.one("SELECT count(*) FROM reports")[0] if "reports" in tables else 0,
                "incidents": by_source.get("report", {}).get("events", 0),
                "coverage": self.coverage() if "coverage" in tables else None}

    def quarantine(self, source: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        sql = "SELECT run_id, source, file, line, reason, raw FROM quarantine"
        params: list[Any] = []
        if source:
            sql += " WHERE source = ?"
            params.append(source)
        sql += " ORDER BY run_id, line LIMIT ?"
        params.append(limit)
        keys = ("run_id", "source", "file", "line", "reason", "raw")
        return [dict(zip(keys, r, strict=True)) for r in self.cursor().execute(sql, params).fetchall()]

    def runs(self) -> list[dict[str, Any]]:
        cur = self.cursor().execute("SELECT * FROM ingest_runs ORDER BY run_id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def export(self, out: str | Path, fmt: str, as_of: Any = None, flt: EventFilter | None = None) -> int:
        """Write the events known at `as_of` as Parquet (partitioned by source), CSV or GeoJSON."""
        out = Path(out)
        cols = ", ".join(c for c, _ in EVENT_COLUMNS if c not in ("record",))
        sql, params = self._select(cols, as_of, flt, "ORDER BY date_start, event_id")
        cur = self.cursor()
        if fmt == "parquet":
            cur.execute(f"COPY ({sql}) TO ? (FORMAT parquet, PARTITION_BY (source), OVERWRITE_OR_IGNORE true)",
                        params + [str(out)])
        elif fmt == "csv":
            cur.execute(f"COPY ({sql}) TO ? (FORMAT csv, HEADER true)", params + [str(out)])
        elif fmt == "geojson":
            with out.open("w", encoding="utf-8") as fh:
                n = self._write_geojson(fh, self.iter_features(as_of, flt))
            return n
        else:
            raise ValueError(f"unknown export format {fmt!r}: use parquet, csv or geojson")
        return self.count(as_of, flt)

    def iter_features(self, as_of: Any = None, flt: EventFilter | None = None,
                      limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        cols = ("event_id", "source", "date_start", "country", "location", "event_type", "sub_event_type",
                "perpetrator", "perpetrator_id", "fatalities", "injuries", "lat", "lon")
        tail = "ORDER BY date_start DESC, event_id" + (" LIMIT ? OFFSET ?" if limit is not None else "")
        base = flt or EventFilter()
        sql, params = self._select(", ".join(cols), as_of, base,
                                   tail, [limit, offset] if limit is not None else [])
        sql = sql.replace("WHERE ", "WHERE lat IS NOT NULL AND lon IS NOT NULL AND ", 1)
        for row in self.cursor().execute(sql, params).fetchall():
            props = dict(zip(cols, row, strict=True))
            lat, lon = props.pop("lat"), props.pop("lon")
            props["date_start"] = props["date_start"].isoformat()
            yield {"type": "Feature", "id": props["event_id"], "properties": props,
                   "geometry": {"type": "Point", "coordinates": [lon, lat]}}

    @staticmethod
    def _write_geojson(fh: Any, features: Iterable[dict[str, Any]]) -> int:
        fh.write('{"type":"FeatureCollection","features":[')
        n = 0
        for f in features:
            fh.write(("," if n else "") + json.dumps(f, ensure_ascii=False))
            n += 1
        fh.write("]}")
        return n

