"""What the live watch keeps in the store (tables of schema migration 6): feed request state,
feed items seen with their provenance, and the reports each merged incident rests on; and
(migration 7) each watchlist's alert filters and each alert raised with its delivery state.

Reports themselves go to the `reports` table and their incidents to `events` (source "report"),
as every stored report does (`web/reports.py`). A watched report is written by
`write_watched_report`: its report row, its incidents' source rows and its events (new incidents
and the revisions of the incidents it joined) in one transaction, the events stored as
`Store.ingest` stores them (the same rows, revisions, supersede and coverage steps and run row).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from estimative.model import Event
from estimative.store.bulk import INSERT_REVISIONS, next_run_id, record_revisions
from estimative.store.database import Store
from estimative.store.events import IngestReport
from estimative.store.records import STAGE_COLUMNS, event_row
from estimative.store.schema import EVENT_COLUMNS, id_key


@dataclass(frozen=True)
class FeedState:
    feed_url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class ItemRecord:
    """One feed item and what became of it: status `stored`, `duplicate`,
    `skipped` (for good: a 404, a page that is not HTML) or `retry` (a timeout, a 5xx: tried again)."""

    item_key: str
    feed_url: str
    url: str | None
    outlet: str
    title: str | None
    published: datetime | None
    fetched_at: datetime
    status: str
    reason: str | None = None
    report_id: str | None = None


@dataclass(frozen=True)
class IncidentSource:
    """One report's incident counted as a source of a stored incident."""

    incident_id: str
    report_id: str
    incident_index: int
    outlet: str
    url: str | None
    published: datetime | None
    seen_at: datetime
    probability: float | None  # same-event probability; None for the report that opened the incident
    reasons: str
    fatalities: int | None
    injuries: int | None


def feed_state(store: Store, feed_url: str) -> FeedState:
    row = store.cursor().execute("SELECT etag, last_modified FROM watch_feeds WHERE feed_url = ?",
                                 [feed_url]).fetchone()
    return FeedState(feed_url, row[0], row[1]) if row else FeedState(feed_url)


def keep_feed_state(store: Store, state: FeedState, status: str) -> None:
    with store._lock:
        store.cursor().execute(
            "INSERT OR REPLACE INTO watch_feeds VALUES (?, ?, ?, ?, ?)",
            [state.feed_url, state.etag, state.last_modified, datetime.now().replace(microsecond=0), status])


def items_done(store: Store, item_keys: Sequence[str]) -> set[str]:
    """Those of `item_keys` seen before with a final outcome (stored, duplicate or a permanent
    skip), in one query for a whole feed."""
    if not item_keys:
        return set()
    rows = store.cursor().execute("SELECT item_key FROM watch_items WHERE status <> 'retry' "
                                  "AND list_contains(?, item_key)", [list(item_keys)]).fetchall()
    return {r[0] for r in rows}


def keep_item(store: Store, item: ItemRecord) -> None:
    keep_items(store, [item])


def keep_items(store: Store, records: Sequence[ItemRecord]) -> None:
    """Keep many items in one statement: DuckDB's cost is per statement (each commits), so a
    watch keeps its items by the batch (watch/runner.py) rather than one by one."""
    latest = list({r.item_key: r for r in records}.values())  # an item kept twice: its last outcome
    if not latest:
        return
    with store._lock:
        store.cursor().execute(
            "INSERT OR REPLACE INTO watch_items VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(latest)),
            [v for r in latest for v in (r.item_key, r.feed_url, r.url, r.outlet, r.title, r.published, r.fetched_at,
                                         r.status, r.reason, r.report_id)])


def items(store: Store, status: str | None = None) -> list[ItemRecord]:
    sql = "SELECT * FROM watch_items" + (" WHERE status = ?" if status else "") + " ORDER BY fetched_at, item_key"
    rows = store.cursor().execute(sql, [status] if status else []).fetchall()
    return [ItemRecord(*r) for r in rows]


def _add_incident_sources(con: duckdb.DuckDBPyConnection, sources: Sequence[IncidentSource]) -> None:
    """Add a new report's sources (keyed by report and index: none can be stored yet)."""
    if sources:
        con.execute("INSERT INTO incident_sources VALUES "
                    + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(sources)),
                    [v for s in sources for v in (s.incident_id, s.report_id, s.incident_index, s.outlet, s.url,
                                                  s.published, s.seen_at, s.probability, s.reasons,
                                                  s.fatalities, s.injuries)])


def incident_sources(store: Store, incident_id: str) -> list[IncidentSource]:
    rows = store.cursor().execute(
        "SELECT * FROM incident_sources WHERE incident_id = ? ORDER BY seen_at, report_id, incident_index",
        [incident_id]).fetchall()
    return [IncidentSource(*r) for r in rows]


@dataclass(frozen=True)
class ReportRow:
    """A report as the `reports` table keeps it."""

    report_id: str
    received_at: datetime
    title: str | None
    published: str | None
    text: str
    assessment_json: str


def report_view_time(store: Store, now: datetime) -> datetime:
    """The as-of time at which every stored report revision is seen: `now`, or later when a
    revision written within the last seconds is dated ahead of it (a revision is dated at least
    a second after the one it replaces, so several in one second run ahead of the clock)."""
    row = store.one("SELECT max(known_from) FROM events WHERE source = 'report' AND known_from > ?", [now])
    return row[0] if row and row[0] else now


def report_stored(store: Store, report_id: str) -> bool:
    return store.cursor().execute("SELECT 1 FROM reports WHERE report_id = ?", [report_id]).fetchone() is not None


def write_watched_report(store: Store, report: ReportRow, events: Sequence[Event],
                         sources: Sequence[IncidentSource]) -> IngestReport | None:
    """Store a watched report, its incidents' source rows and `events` (the incidents it opened,
    and the new revisions of those it joined) in one transaction: all of it or, on any error,
    none. None (and nothing written) when the report is stored already (its id is the key of
    `reports`), so a re-run adds nothing.

    The events are stored as `Store.ingest` stores them (source "report", one run row, which is also
    what tells the listing copy it is stale): a new event id is added, one with the content of
    its current revision is left alone, a changed one becomes the next revision and supersedes
    the current one, by the rule every ingest applies (`store.bulk.INSERT_REVISIONS`). This is
    `Store.ingest` without its machinery for files (staging the rows in batches in a
    scratch database, and classifying them against every current revision of the source): a
    report has one or two events, looked up by their ids."""
    con = store.con  # one connection for the whole transaction (a cursor would be another one)
    with store._lock:
        run_id = next_run_id(con)
        run = IngestReport(run_id=run_id, source="report", path=f"report:{report.report_id}")
        started = datetime.now()
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?)",
                        [report.report_id, report.received_at, report.title, report.published, report.text,
                         report.assessment_json])
            rows = list({r[0]: r for r in map(event_row, events)}.values())  # one row per event id: its last
            written = _insert_revisions(con, rows, run_id, started.replace(microsecond=0))
            superseded = [(eid, revision - 1, known_from) for eid, revision, known_from in written if revision > 1]
            record_revisions(store, con, run_id, superseded)
            _add_incident_sources(con, sources)
            run.rows_read = len(events)
            run.added, run.revised = len(written) - len(superseded), len(superseded)
            run.unchanged = len(events) - len(written)
            store._finish_run(run, None, started)  # the run row, and COMMIT
        except duckdb.ConstraintException:
            con.execute("ROLLBACK")
            if report_stored(store, report.report_id):
                return None
            raise
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return run


# a report's one or two events go in as rows of parameters: registering an Arrow batch, as
# Store.ingest's staging does, costs twice the CPU for one (measured: 15 against 8 ms a report)
_ROW_VALUES = "(" + ", ".join(f"?::{dict(EVENT_COLUMNS)[c]}" for c in STAGE_COLUMNS) + ")"


def _insert_revisions(con: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]], run_id: int,
                      now: datetime) -> list[tuple[str, int, datetime]]:
    """Insert the `event_row`s (one per event id) that are new or changed, by the store's one
    rule of revisions (`store.bulk.INSERT_REVISIONS`: a new id is added, one with the content of
    its current revision left alone, a changed one becomes the next revision), against the
    current revisions looked up by id; the (event id, revision, known from) of each row written."""
    if not rows:
        return []
    ids = [r[0] for r in rows]
    values = f"SELECT * FROM (VALUES {', '.join([_ROW_VALUES] * len(rows))}) v({', '.join(STAGE_COLUMNS)})"
    marks = ", ".join("?" * len(ids))
    sql = INSERT_REVISIONS.format(mapped=values, current=f"id_key IN ({marks}) AND event_id IN ({marks})")
    return [(eid, int(rev), known) for eid, rev, known in con.execute(
        sql + " RETURNING event_id, revision, known_from",
        [now, run_id, *(v for r in rows for v in r), *map(id_key, ids), *ids]).fetchall()]


def merged_incident_ids(store: Store) -> list[str]:
    rows = store.cursor().execute("SELECT DISTINCT incident_id FROM incident_sources ORDER BY 1").fetchall()
    return [r[0] for r in rows]



# ------------------------------------------------------------------ alert filters and alerts raised
@dataclass(frozen=True)
class WatchlistFilters:
    """What a watchlist alerts on besides its area; an empty tuple or None filters nothing."""

    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-3 codes
    actors: tuple[str, ...] = ()  # actor registry ids or families, matched case-insensitively
    event_types: tuple[str, ...] = ()  # event or sub-event types, matched case-insensitively
    min_severity: float | None = None  # analysis.severity score
    email_to: str | None = None  # recipient of e-mail alerts


@dataclass(frozen=True)
class AlertRecord:
    """One alert raised (a watchlist x an incident's revision), its order and its deliveries."""

    alert_id: str
    seq: int
    watchlist_id: str
    event_id: str
    created_at: datetime
    payload: str  # the JSON body a webhook receives
    webhook_status: str | None
    webhook_attempts: int | None
    email_status: str | None
    email_attempts: int | None


def watchlist_filters(store: Store, watchlist_id: str) -> WatchlistFilters:
    row = store.cursor().execute(
        "SELECT countries, actors, event_types, min_severity, email_to FROM watchlist_filters "
        "WHERE watchlist_id = ?", [watchlist_id]).fetchone()
    if row is None:
        return WatchlistFilters()
    return WatchlistFilters(*(tuple(json.loads(v or "[]")) for v in row[:3]), row[3], row[4])


def keep_watchlist_filters(store: Store, watchlist_id: str, f: WatchlistFilters) -> None:
    with store._lock:
        store.cursor().execute(
            "INSERT OR REPLACE INTO watchlist_filters VALUES (?, ?, ?, ?, ?, ?)",
            [watchlist_id, json.dumps(list(f.countries)), json.dumps(list(f.actors)),
             json.dumps(list(f.event_types)), f.min_severity, f.email_to])


def drop_watchlist_filters(store: Store, watchlist_id: str) -> None:
    with store._lock:
        store.cursor().execute("DELETE FROM watchlist_filters WHERE watchlist_id = ?", [watchlist_id])


def claim_alert(store: Store, alert_id: str, watchlist_id: str, event_id: str, payload: str,
                channels: tuple[str, ...]) -> int | None:
    """Record an alert the first time it is raised and return its sequence number; None when it
    was raised before (by this process or an earlier one). Each channel in `channels`
    (`webhook`, `email`) starts `queued`."""
    with store._lock:
        cur = store.cursor()
        if cur.execute("SELECT 1 FROM alerts_sent WHERE alert_id = ?", [alert_id]).fetchone():
            return None
        seq = cur.execute("SELECT coalesce(max(seq), 0) + 1 FROM alerts_sent").fetchone()[0]
        cur.execute("INSERT INTO alerts_sent VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 0)",
                    [alert_id, seq, watchlist_id, event_id, datetime.now().replace(microsecond=0), payload,
                     "queued" if "webhook" in channels else None, "queued" if "email" in channels else None])
        return int(seq)


def mark_alert(store: Store, alert_id: str, channel: str, status: str, attempts: int) -> None:
    """Set one channel's delivery state: `delivered` or `dead` (no retry delivered it)."""
    column = {"webhook": "webhook", "email": "email"}[channel]
    with store._lock:
        store.cursor().execute(
            f"UPDATE alerts_sent SET {column}_status = ?, {column}_attempts = ? WHERE alert_id = ?",
            [status, attempts, alert_id])


def alerts_after(store: Store, after_seq: int = 0, limit: int = 100) -> list[AlertRecord]:
    """Alerts raised after `after_seq`, oldest first (what a live feed has not shown yet)."""
    rows = store.cursor().execute("SELECT * FROM alerts_sent WHERE seq > ? ORDER BY seq LIMIT ?",
                                  [after_seq, limit]).fetchall()
    return [AlertRecord(*r) for r in rows]


def last_alert_seq(store: Store) -> int:
    return int(store.cursor().execute("SELECT coalesce(max(seq), 0) FROM alerts_sent").fetchone()[0])
