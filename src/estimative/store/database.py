"""The embedded event store: one DuckDB file. This module owns every connection and every SQL string.

Ingest is one transaction per file: a process killed mid-file leaves the store as it was before
that file. Re-ingesting a file adds nothing: rows are keyed by (source, source id) and compared
by content hash; a changed row becomes a new revision (the old one is stamped `superseded_at`).
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from estimative.model import Event
from estimative.store.records import STAGE_COLUMNS, event_from_record, event_row, record_json
from estimative.store.schema import EVENT_COLUMNS, migrate

BATCH_ROWS = 50_000
_COL_TYPES = dict(EVENT_COLUMNS)
_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
}
_STAGE_SCHEMA = pa.schema([(c, _ARROW_TYPES[_COL_TYPES[c]]) for c in STAGE_COLUMNS])


def default_db_path() -> Path:
    """`$ESTIMATIVE_DB`, else a file in the user's data directory."""
    env = os.environ.get("ESTIMATIVE_DB")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "estimative" / "estimative.duckdb"


@dataclass(slots=True)
class Rejected:
    """A raw row an adapter could not turn into an Event: quarantined, never dropped."""

    line: int
    reason: str
    raw: str


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

    @property
    def stored(self) -> int:
        return self.added + self.revised + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "source": self.source, "path": self.path, "rows_read": self.rows_read,
                "stored": self.stored, "added": self.added, "revised": self.revised,
                "unchanged": self.unchanged, "quarantined": self.quarantined, "encoding": self.encoding}


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
            sql.append("list_contains(?, event_id)")
            params.append(list(self.ids))
        return sql, params


def _as_timestamp(t: date | datetime | str | None) -> datetime | None:
    if t is None:
        return None
    if isinstance(t, str):
        t = datetime.fromisoformat(t)
    if isinstance(t, datetime):
        return t.replace(tzinfo=None) if t.tzinfo else t
    return datetime(t.year, t.month, t.day, 23, 59, 59)


class Store:
    """One DuckDB file (or `:memory:`). Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = str(path) if path is not None else str(default_db_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            migrate(self.con)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one thread (DuckDB connections are not shared across threads)."""
        return self.con.cursor()

    # ---------------------------------------------------------------- ingest
    def ingest(self, items: Iterable[Event | Rejected], *, source: str, path: str = "",
               file_sha256: str | None = None, encoding: str | None = None) -> IngestReport:
        """Store every Event and quarantine every Rejected row, all in one transaction."""
        con = self.con
        with self._lock:
            run_id = (con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs").fetchone() or [1])[0]
            report = IngestReport(run_id=run_id, source=source, path=path, encoding=encoding)
            started = datetime.now()
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("CREATE OR REPLACE TEMP TABLE stage AS SELECT "
                            + ", ".join(STAGE_COLUMNS) + " FROM events WHERE false")
                con.execute("CREATE OR REPLACE TEMP TABLE qstage (line BIGINT, reason VARCHAR, raw VARCHAR)")
                seen: dict[str, int] = {}
                rows: list[tuple[Any, ...]] = []
                rejects: list[tuple[int, str, str]] = []
                for n, item in enumerate(items, start=1):
                    report.rows_read += 1
                    if isinstance(item, Rejected):
                        rejects.append((item.line, item.reason, item.raw))
                    else:
                        row = event_row(item)
                        first = seen.setdefault(row[0], n)
                        if first != n:
                            rejects.append((n, f"duplicate source id {item.source_id!r} (first at row {first})",
                                            record_json(item)))
                        else:
                            rows.append(row)
                    if len(rows) >= BATCH_ROWS:
                        self._stage(rows)
                        rows = []
                    if len(rejects) >= BATCH_ROWS:
                        con.executemany("INSERT INTO qstage VALUES (?, ?, ?)", rejects)
                        rejects = []
                self._stage(rows)
                if rejects:
                    con.executemany("INSERT INTO qstage VALUES (?, ?, ?)", rejects)
                self._merge_stage(report, file_sha256 or "", path)
                con.execute(
                    "INSERT INTO ingest_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok')",
                    [run_id, source, path, file_sha256, started, datetime.now(), report.rows_read,
                     report.added, report.revised, report.unchanged, report.quarantined])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                con.execute("DROP TABLE IF EXISTS stage")
                con.execute("DROP TABLE IF EXISTS qstage")
        return report

    def _stage(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        columns = list(zip(*rows, strict=True))
        batch = pa.Table.from_arrays([pa.array(list(c), type=_STAGE_SCHEMA.field(i).type)
                                      for i, c in enumerate(columns)], schema=_STAGE_SCHEMA)
        self.con.register("stage_batch", batch)
        self.con.execute("INSERT INTO stage SELECT * FROM stage_batch")
        self.con.unregister("stage_batch")

    def _merge_stage(self, report: IngestReport, file_sha256: str, path: str) -> None:
        con = self.con
        now = datetime.now().replace(microsecond=0)
        con.execute("""
            CREATE OR REPLACE TEMP TABLE classified AS
            SELECT s.*, l.revision AS prev_revision,
                   CASE WHEN l.event_id IS NULL THEN 'added'
                        WHEN l.content_hash = s.content_hash THEN 'unchanged' ELSE 'revised' END AS status,
                   CASE WHEN l.event_id IS NULL THEN s.known_from
                        ELSE greatest(s.known_from, ?::TIMESTAMP, l.known_from + INTERVAL 1 SECOND) END AS new_known_from
            FROM stage s LEFT JOIN (
                SELECT event_id, revision, content_hash, known_from FROM events
                WHERE superseded_at IS NULL AND event_id IN (SELECT event_id FROM stage)) l USING (event_id)
        """, [now])
        counts = dict(con.execute("SELECT status, count(*) FROM classified GROUP BY status").fetchall())
        report.added, report.revised, report.unchanged = (counts.get(k, 0) for k in ("added", "revised", "unchanged"))
        if report.revised:
            con.execute("""
                UPDATE events SET superseded_at = c.new_known_from FROM classified c
                WHERE events.event_id = c.event_id AND events.superseded_at IS NULL AND c.status = 'revised'
            """)
        cols = [c for c, _ in EVENT_COLUMNS]
        select = {c: f"c.{c}" for c in cols}
        select.update(revision="coalesce(c.prev_revision, 0) + 1", known_from="c.new_known_from",
                      superseded_at="NULL::TIMESTAMP", run_id="?")
        con.execute(f"INSERT INTO events SELECT {', '.join(select[c] for c in cols)} "
                    "FROM classified c WHERE c.status <> 'unchanged'", [report.run_id])
        con.execute("""
            INSERT INTO quarantine
            SELECT ?, ?, ?, ?, q.line, q.reason, q.raw FROM qstage q
            WHERE NOT EXISTS (SELECT 1 FROM quarantine x WHERE x.source = ? AND x.file_sha256 = ?
                              AND x.line = q.line AND x.file_sha256 <> '')
        """, [report.run_id, report.source, path, file_sha256, report.source, file_sha256])
        report.quarantined = (con.execute("SELECT count(*) FROM qstage").fetchone() or [0])[0]
        con.execute("DROP TABLE classified")

    # ---------------------------------------------------------------- reads
    def _as_of_clause(self, as_of: date | datetime | str | None, alias: str = "") -> tuple[str, list[Any]]:
        p = f"{alias}." if alias else ""
        t = _as_timestamp(as_of)
        if t is None:
            return f"{p}superseded_at IS NULL", []
        return f"{p}known_from <= ? AND ({p}superseded_at IS NULL OR {p}superseded_at > ?)", [t, t]

    def _select(self, columns: str, as_of: Any, flt: EventFilter | None, tail: str = "",
                tail_params: Sequence[Any] = ()) -> tuple[str, list[Any]]:
        clause, params = self._as_of_clause(as_of)
        where = [clause]
        if flt is not None:
            w, p = flt.where()
            where += w
            params += p
        return f"SELECT {columns} FROM events WHERE {' AND '.join(where)} {tail}", params + list(tail_params)

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
        return self.cursor().execute(sql, params).fetchone()[0]

    def get(self, event_id: str, as_of: Any = None) -> Event | None:
        found = self.events(as_of, EventFilter(ids=[event_id]), limit=1)
        return found[0] if found else None

    def revisions(self, event_id: str) -> list[tuple[int, datetime, datetime | None]]:
        return self.cursor().execute(
            "SELECT revision, known_from, superseded_at FROM events WHERE event_id = ? ORDER BY revision",
            [event_id]).fetchall()

    def frame(self, as_of: Any = None, flt: EventFilter | None = None, columns: Sequence[str] | None = None):
        """The flat columns as a pandas DataFrame, for analysis over many events."""
        cols = list(columns) if columns else [c for c, _ in EVENT_COLUMNS if c != "record"]
        bad = [c for c in cols if c not in _COL_TYPES]
        if bad:
            raise ValueError(f"unknown event columns: {bad}")
        sql, params = self._select(", ".join(cols), as_of, flt, "ORDER BY date_start, event_id")
        return self.cursor().execute(sql, params).df()

    def counts_by_country_month(self, since: date, until: date, as_of: Any = None) -> list[tuple[str, date, int]]:
        """The typical window query: events per country and month between two dates."""
        sql, params = self._select("country, date_trunc('month', date_start) AS month, count(*) AS n", as_of,
                                   EventFilter(since=since, until=until), "GROUP BY 1, 2 ORDER BY 1, 2")
        return self.cursor().execute(sql, params).fetchall()

    def is_empty(self) -> bool:
        return (self.cursor().execute("SELECT count(*) FROM events").fetchone() or [0])[0] == 0

    def stats(self) -> dict[str, Any]:
        cur = self.cursor()
        by_source: dict[str, dict[str, int]] = {}
        for src, n in cur.execute("SELECT source, count(*) FROM events WHERE superseded_at IS NULL GROUP BY 1").fetchall():
            by_source.setdefault(src, {"events": 0, "quarantined": 0})["events"] = n
        for src, n in cur.execute("SELECT source, count(*) FROM quarantine GROUP BY 1").fetchall():
            by_source.setdefault(src, {"events": 0, "quarantined": 0})["quarantined"] = n
        return {"events": sum(v["events"] for v in by_source.values()),
                "quarantined": sum(v["quarantined"] for v in by_source.values()),
                "by_source": dict(sorted(by_source.items()))}

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

    # ---------------------------------------------------------------- reports and watchlists
    def execute_write(self, sql_key: str, params: Sequence[Any]) -> None:
        """Writes the workbench makes, by name: SQL stays here, parameters come from callers."""
        statements = {
            "report.insert": "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?)",
            "watchlist.insert": "INSERT INTO watchlists VALUES (?, ?, ?, ?, ?, ?, ?)",
            "watchlist.delete": "DELETE FROM watchlists WHERE watchlist_id = ?",
        }
        with self._lock:
            self.cursor().execute(statements[sql_key], list(params))

    def watchlists(self) -> list[dict[str, Any]]:
        cur = self.cursor().execute("SELECT * FROM watchlists ORDER BY created_at")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def reports(self, limit: int = 50) -> list[dict[str, Any]]:
        cur = self.cursor().execute("SELECT * FROM reports ORDER BY received_at DESC LIMIT ?", [limit])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
