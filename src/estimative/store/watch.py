"""What the live watch keeps in the store (tables of schema migration 6): feed request state,
feed items seen with their provenance, and the reports each merged incident rests on; and
(migration 7) each watchlist's alert filters and each alert raised with its delivery state.

Reports themselves go to the `reports` table and their incidents to `events` (source "report"),
as every stored report does (`web/reports.py`); this module holds only the watch's own rows.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from estimative.store.database import Store


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


def item_done(store: Store, item_key: str) -> bool:
    """Seen before with a final outcome (stored, duplicate or a permanent skip)."""
    row = store.cursor().execute("SELECT status FROM watch_items WHERE item_key = ?", [item_key]).fetchone()
    return row is not None and row[0] != "retry"


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


def keep_incident_source(store: Store, src: IncidentSource) -> None:
    with store._lock:
        store.cursor().execute(
            "INSERT OR REPLACE INTO incident_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [src.incident_id, src.report_id, src.incident_index, src.outlet, src.url, src.published,
             src.seen_at, src.probability, src.reasons, src.fatalities, src.injuries])


def incident_sources(store: Store, incident_id: str) -> list[IncidentSource]:
    rows = store.cursor().execute(
        "SELECT * FROM incident_sources WHERE incident_id = ? ORDER BY seen_at, report_id, incident_index",
        [incident_id]).fetchall()
    return [IncidentSource(*r) for r in rows]


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
