"""The workbench's queries: event listings and their totals (from an in-memory listing copy when
it is current), facets and histograms, and the reports and watchlists it keeps, each write a
named method. web/ reads the store only through these and `EventStore`'s as-of reads.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import duckdb

from estimative.store.events import EventFilter, EventStore
from estimative.store.schema import EVENT_COLUMNS

_COL_TYPES = dict(EVENT_COLUMNS)


class WorkbenchStore(EventStore):
    """Listings, facets, reports and watchlists over the store's one connection."""

    # ---------------------------------------------------------------- reports and watchlists
    def add_report(self, report_id: str, received_at: datetime, title: str | None, published: str | None,
                   text: str, assessment_json: str) -> None:
        """Store a report: its text and its assessment (JSON)."""
        with self._lock:
            self.cursor().execute("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?)",
                                  [report_id, received_at, title, published, text, assessment_json])

    def add_watchlist(self, watchlist_id: str, name: str, lat: float, lon: float, radius_km: float,
                      webhook_url: str | None, created_at: datetime) -> None:
        with self._lock:
            self.cursor().execute("INSERT INTO watchlists VALUES (?, ?, ?, ?, ?, ?, ?)",
                                  [watchlist_id, name, lat, lon, radius_km, webhook_url, created_at])

    def delete_watchlist(self, watchlist_id: str) -> None:
        with self._lock:
            self.cursor().execute("DELETE FROM watchlists WHERE watchlist_id = ?", [watchlist_id])

    def watchlists(self) -> list[dict[str, Any]]:
        cur = self.cursor().execute("SELECT * FROM watchlists ORDER BY created_at")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def reports(self, limit: int = 50) -> list[dict[str, Any]]:
        cur = self.cursor().execute("SELECT * FROM reports ORDER BY received_at DESC LIMIT ?", [limit])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    # ---------------------------------------------------------------- workbench reads (web/)
    _FACET_COLUMNS = ("country", "admin1", "event_type", "sub_event_type", "perpetrator", "perpetrator_id",
                      "source", "target_type", "claim_status")
    _HISTOGRAM_UNITS = ("day", "week", "month", "year")

    def event_rows(self, as_of: Any = None, flt: EventFilter | None = None, *,
                   columns: Sequence[str] | None = None, limit: int | None = 100, offset: int = 0,
                   newest_first: bool = True) -> list[dict[str, Any]]:
        """Flat columns of the matching events as dicts, newest first: what listing pages and the
        API show, without decoding every full record."""
        cols = self._row_columns(columns)
        sql, params = self._rows_sql(cols, as_of, flt, limit, offset, newest_first)
        return [dict(zip(cols, r, strict=True)) for r in self.cursor().execute(sql, params).fetchall()]

    def event_page_json(self, as_of: Any = None, flt: EventFilter | None = None, *, limit: int = 100,
                        offset: int = 0) -> tuple[bytes, int, int]:
        """One page of `event_rows`' default columns as (a JSON array in UTF-8, rows on the page,
        total matching), written by DuckDB. The API's hot path: the current view reads each
        event's JSON ready-made beside the listing copy, so a page is one short scan for row
        numbers and no Python object per field; the total is remembered until the next ingest."""
        docs = self._listing_page(flt, limit, offset) if as_of is None else None
        if docs is not None:
            total = len(docs) + offset if (len(docs) < limit and (docs or not offset)) else self._listing_count(flt)
        else:
            sql, params = self._select(self._doc_expr(), as_of, flt, "ORDER BY date_start DESC, event_id LIMIT ? OFFSET ?",
                                       [limit, offset])
            docs = [r[0].encode() for r in self.cursor().execute(sql, params).fetchall()]
            total = len(docs) + offset if (len(docs) < limit and (docs or not offset)) else self.count(as_of, flt)
        return b"[" + b",".join(docs) + b"]", len(docs), total

    def _listing_page(self, flt: EventFilter | None, limit: int, offset: int) -> list[bytes] | None:
        """The JSON of one page of the current view from the listing copy, or None when the copy
        is not ready. One query finds the page's row numbers and, in the same snapshot, the
        store's version: a page is served only from a copy built at that version, so an ingest
        is seen by the next request without a second query on every page."""
        where, params = flt.where() if flt is not None else ([], [])
        sql = (f"(SELECT rowid FROM {self._LISTING} WHERE {' AND '.join(where or ['date_start IS NOT NULL'])} "
               "LIMIT ? OFFSET ?) UNION ALL SELECT -1 - coalesce(max(run_id), 0) FROM ingest_runs")
        # at least 51 rows: at 50 or fewer DuckDB (late_materialization_max_rows) rewrites the
        # query into a join of the whole copy on rowid, three times slower
        params = params + [max(limit, 51), offset]
        for _ in range(2):
            built = self._listing_docs
            if built is not None and self._listing_state == "attached":
                found = sorted(r[0] for r in self.cursor().execute(sql, params).fetchall())
                if -1 - found[0] == built[0]:  # row numbers follow the listing order (newest first)
                    docs = built[1]
                    return [docs[i] for i in found[1:limit + 1]]
            if not self._listing_ready():
                return None
        return None

    _ROW_COLUMNS = tuple(c for c, _ in EVENT_COLUMNS if c not in ("record", "content_hash", "run_id", "superseded_at"))

    @classmethod
    def _doc_expr(cls) -> str:
        """One event's default columns as a JSON object (timestamps in ISO 8601, like the rest)."""
        fields = [f"{c} := strftime({c}, '%Y-%m-%dT%H:%M:%S')" if _COL_TYPES[c] == "TIMESTAMP" else f"{c} := {c}"
                  for c in cls._ROW_COLUMNS]
        return f"to_json(struct_pack({', '.join(fields)}))::VARCHAR"

    def event_total(self, as_of: Any = None, flt: EventFilter | None = None) -> int:
        """`count`, answered from the listing copy when it can be (the current view)."""
        if as_of is None and self._listing_ready():
            return self._listing_count(flt)
        return self.count(as_of, flt)

    def _count_query(self, flt: EventFilter | None) -> tuple[str, list[Any], tuple[Any, ...]]:
        """The listing count's SQL, its parameters, and the key its answer is remembered under."""
        where, params = flt.where() if flt is not None else ([], [])
        sql = f"SELECT count(*) FROM {self._LISTING}" + (f" WHERE {' AND '.join(where)}" if where else "")
        return sql, params, (self._listing_version, sql, repr(params))

    def listing_total_known(self, flt: EventFilter | None) -> bool:
        """Whether the current view's total for this filter is remembered: a page of it is then
        one short scan, with no count to make."""
        return self._count_query(flt)[2] in self._listing_counts

    def _listing_count(self, flt: EventFilter | None) -> int:
        """Counts over the listing copy, remembered until the next ingest: every page of a filter
        asks for the same total."""
        sql, params, key = self._count_query(flt)
        counts = self._listing_counts
        if key not in counts:
            if len(counts) > 4096:
                counts.clear()
            counts[key] = self.one(sql, params)[0]
        return counts[key]

    def _row_columns(self, columns: Sequence[str] | None) -> list[str]:
        cols = list(columns) if columns else list(self._ROW_COLUMNS)
        bad = [c for c in cols if c not in _COL_TYPES or c in ("record", "content_hash", "run_id")]
        if bad:
            raise ValueError(f"unknown event columns: {bad}")
        return cols

    def _rows_sql(self, cols: list[str], as_of: Any, flt: EventFilter | None, limit: int | None, offset: int,
                  newest_first: bool) -> tuple[str, list[Any]]:
        page = [limit, offset] if limit is not None else []
        if as_of is None and newest_first and self._listing_ready():
            where, params = flt.where() if flt is not None else ([], [])
            # a real predicate keeps DuckDB on the streaming scan; unfiltered, its late-materialisation
            # rewrite joins the whole table back on rowid (5x slower)
            sql = (f"SELECT {', '.join(cols)} FROM {self._LISTING} "
                   f"WHERE {' AND '.join(where or ['date_start IS NOT NULL'])}"
                   + (" LIMIT ? OFFSET ?" if limit is not None else ""))
            return sql, params + page
        order = "ORDER BY date_start DESC, event_id" if newest_first else "ORDER BY date_start, event_id"
        tail = order + (" LIMIT ? OFFSET ?" if limit is not None else "")
        return self._select(", ".join(cols), as_of, flt, tail, page)

    # The current events, newest first, copied into an in-memory database beside the file, each
    # with its JSON ready-made (`doc`): a page of the newest events that pass a filter is then a
    # short ordered scan (~0.3 ms at 200,000 events) instead of a top-N sort over every row
    # (~10 ms). Rebuilt when an ingest has run since (checked by run id; ~1.5 s at 200,000
    # events); unavailable on a read-only store, where the plain queries answer.
    _LISTING = "estimative_listing.events"
    _listing_version: int | None = None
    _listing_state = "detached"  # detached | attached | unavailable
    _listing_counts: dict[tuple[Any, ...], int] = {}
    _listing_docs: tuple[int, list[bytes]] | None = None  # (version, each row's JSON by row number)

    def refresh_listing(self) -> bool:
        """Bring the listing copy up to date now (a writer calls it right after a write, so that
        readers find it fresh); waits for an ingest under way."""
        return self._listing_ready(wait=True)

    def _listing_ready(self, wait: bool = False) -> bool:
        """Whether the listing copy holds the current view, rebuilding it when stale. Without
        `wait`, a reader never waits for an ingest or a rebuild under way in another thread: it is
        told no, and the plain queries answer meanwhile."""
        if self._listing_state == "unavailable":
            return False
        version = self.one("SELECT coalesce(max(run_id), 0) FROM ingest_runs")[0]
        if self._listing_version == version:
            return True
        if not self._lock.acquire(blocking=wait):
            return False
        try:
            if self._listing_version == version:
                return True
            if self._listing_state == "detached":
                self.con.execute("ATTACH ':memory:' AS estimative_listing")
                self._listing_state = "attached"
            self._listing_docs = None
            self.con.execute(f"CREATE OR REPLACE TABLE {self._LISTING} AS SELECT {', '.join(self._ROW_COLUMNS)} "
                             "FROM events WHERE superseded_at IS NULL ORDER BY date_start DESC, event_id")
            # each row's JSON in UTF-8, indexed by row number (a fresh table numbers its rows
            # 0..n-1 in insertion order): a page joins bytes it already holds, where reading them
            # back from DuckDB on every page cost more than finding the rows
            docs = [r[0] for r in self.con.execute(f"SELECT encode({self._doc_expr()}) FROM {self._LISTING} "
                                                   "ORDER BY rowid").fetchall()]
            self._listing_counts = {}
            self._listing_version = version
            self._listing_docs = (version, docs)
        except duckdb.Error:  # e.g. a read-only store cannot hold the copy
            self._listing_state = "unavailable"
            return False
        finally:
            self._lock.release()
        return True

    def facet(self, column: str, as_of: Any = None, flt: EventFilter | None = None,
              limit: int = 100) -> list[tuple[Any, int]]:
        """The most frequent values of one column among the matching events (for filter menus)."""
        if column not in self._FACET_COLUMNS:
            raise ValueError(f"cannot facet on {column!r}: use one of {', '.join(self._FACET_COLUMNS)}")
        sql, params = self._select(f"{column}, count(*) AS n", as_of, flt,
                                   f"AND {column} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?", [limit])
        return [(v, n) for v, n in self.cursor().execute(sql, params).fetchall()]

    def histogram(self, as_of: Any = None, flt: EventFilter | None = None,
                  unit: str = "month") -> list[tuple[date, int, int]]:
        """(period start, events, fatalities) per day/week/month/year: the dashboard's timeline."""
        if unit not in self._HISTOGRAM_UNITS:
            raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(self._HISTOGRAM_UNITS)}")
        sql, params = self._select(f"date_trunc('{unit}', date_start)::DATE AS period, count(*), "
                                   "coalesce(sum(fatalities), 0)", as_of, flt, "GROUP BY 1 ORDER BY 1")
        return [(p, int(n), int(f)) for p, n, f in self.cursor().execute(sql, params).fetchall()]

    def date_range(self, as_of: Any = None, flt: EventFilter | None = None) -> tuple[date | None, date | None]:
        sql, params = self._select("min(date_start), max(date_start)", as_of, flt)
        lo, hi = self.one(sql, params)
        return lo, hi

    def report(self, report_id: str) -> dict[str, Any] | None:
        cur = self.cursor().execute("SELECT * FROM reports WHERE report_id = ?", [report_id])
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
        return dict(zip(names, row, strict=True)) if row else None

    def watchlist(self, watchlist_id: str) -> dict[str, Any] | None:
        cur = self.cursor().execute("SELECT * FROM watchlists WHERE watchlist_id = ?", [watchlist_id])
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
        return dict(zip(names, row, strict=True)) if row else None
