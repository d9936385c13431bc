"""What the live watch keeps in the store (tables of schema migration 6): feed request state,
feed items seen with their provenance, and the reports each merged incident rests on.

Reports themselves go to the `reports` table and their incidents to `events` (source "report"),
as every stored report does (`web/reports.py`); this module holds only the watch's own rows.
"""
from __future__ import annotations

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
    with store._lock:
        store.cursor().execute(
            "INSERT OR REPLACE INTO watch_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [item.item_key, item.feed_url, item.url, item.outlet, item.title, item.published, item.fetched_at,
             item.status, item.reason, item.report_id])


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

