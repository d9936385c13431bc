"""The DuckDB schema and its migrations. Each migration runs once, in order, inside a transaction.

Revisions are valid-time rows: a changed source row adds a revision and stamps the previous one
`superseded_at`; nothing is overwritten, so `as_of(t)` is a plain filter
`known_from <= t AND (superseded_at IS NULL OR superseded_at > t)`.
"""
from __future__ import annotations

import hashlib

import duckdb

from estimative.store import coverage, dyads

EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR"),
    ("revision", "INTEGER"),
    ("source", "VARCHAR"),
    ("source_id", "VARCHAR"),
    ("content_hash", "VARCHAR"),
    ("known_from", "TIMESTAMP"),
    ("superseded_at", "TIMESTAMP"),
    ("run_id", "BIGINT"),
    ("date_start", "DATE"),
    ("date_end", "DATE"),
    ("date_precision", "VARCHAR"),
    ("country", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("admin2", "VARCHAR"),
    ("location", "VARCHAR"),
    ("lat", "DOUBLE"),
    ("lon", "DOUBLE"),
    ("location_precision_km", "DOUBLE"),
    ("event_type", "VARCHAR"),
    ("sub_event_type", "VARCHAR"),
    ("weapon_classes", "VARCHAR[]"),
    ("perpetrator", "VARCHAR"),
    ("perpetrator_id", "VARCHAR"),
    ("target_type", "VARCHAR"),
    ("target_affiliations", "VARCHAR[]"),
    ("fatalities", "INTEGER"),
    ("injuries", "INTEGER"),
    ("claim_status", "VARCHAR"),
    ("claimant_id", "VARCHAR"),
    ("notes", "VARCHAR"),
    ("record", "VARCHAR"),  # the full Event as JSON, for a lossless round trip
)

# The events' lookup key (migration 9): the first 60 bits of the SHA-1 of the event id, a BIGINT
# that a lookup by id filters on before it compares the id (a scan of 8-byte integers: 6.5 ms at 5 M
# events, against 66 ms for the ids themselves). It replaces the ART index on `event_id` (migration
# 1), which DuckDB holds whole in memory for any large write to the table, about 48 bytes an id:
# 21.6 M ids needed 1 GB, over the ingest's memory limit (docs/ingest.md).
ID_KEY_SQL = "('0x' || left(sha1({}), 15))::BIGINT"


def id_key(event_id: str) -> int:
    """`ID_KEY_SQL` of an event id, in Python."""
    return int(hashlib.sha1(event_id.encode()).hexdigest()[:15], 16)


# What attribution derives from a revision and the store keeps (table `derived`, migration 4).
DERIVED_COLUMNS: tuple[str, ...] = ("actor", "day", "city", "weapon_tok", "cas_tok", "text", "target_tok")
# The event columns they are derived from: where they are kept, these need not be read.
DERIVED_FROM: tuple[str, ...] = ("perpetrator", "perpetrator_id", "location", "weapon_classes", "target_type",
                                 "target_affiliations", "fatalities", "injuries", "notes")

MIGRATIONS: tuple[str, ...] = (
    # 1: the initial schema
    f"""
    CREATE TABLE ingest_runs (
        run_id BIGINT PRIMARY KEY, source VARCHAR, path VARCHAR, file_sha256 VARCHAR,
        started_at TIMESTAMP, finished_at TIMESTAMP, rows_read BIGINT, added BIGINT,
        revised BIGINT, unchanged BIGINT, quarantined BIGINT, status VARCHAR);
    CREATE TABLE events ({", ".join(f"{n} {t}" for n, t in EVENT_COLUMNS)});
    CREATE TABLE quarantine (
        run_id BIGINT, source VARCHAR, file VARCHAR, file_sha256 VARCHAR, line BIGINT,
        reason VARCHAR, raw VARCHAR);
    CREATE INDEX events_id_idx ON events (event_id);
    """,
    # 2: reports and watchlists written by the web workbench
    """
    CREATE TABLE reports (
        report_id VARCHAR PRIMARY KEY, received_at TIMESTAMP, title VARCHAR, published VARCHAR,
        text VARCHAR, assessment VARCHAR);
    CREATE TABLE watchlists (
        watchlist_id VARCHAR PRIMARY KEY, name VARCHAR, lat DOUBLE, lon DOUBLE, radius_km DOUBLE,
        webhook_url VARCHAR, created_at TIMESTAMP);
    """,
    # 3: what models learned from the store (JSON), so a new process need not learn it again
    """
    CREATE TABLE learned (
        learned_key VARCHAR PRIMARY KEY, created_at TIMESTAMP, state VARCHAR);
    """,
    # 4: what attribution reads from each stored revision (masked text, tokens joined by \x1f),
    # derived once, so a new process reads it instead of masking every text of the record again
    """
    CREATE TABLE derived (
        event_id VARCHAR, known_from TIMESTAMP, version VARCHAR, actor VARCHAR, day INTEGER, city VARCHAR,
        weapon_tok VARCHAR, cas_tok VARCHAR, text VARCHAR, target_tok VARCHAR,
        PRIMARY KEY (event_id, known_from, version));
    """,
    # 5: what the store covers, events per source x country x admin-1 x month (store/coverage.py),
    # filled from the events already stored; ingest keeps it current from then on. It is recounted
    # whole, so a store whose version was set back (or that kept the table) migrates cleanly
    f"DROP TABLE IF EXISTS coverage; {coverage.CREATE}; {coverage.FILL};",
    # 6: live watch (estimative.watch): each feed's conditional-request state, each feed item seen
    # with its provenance and outcome, and which stored report incidents a merged incident rests on
    """
    CREATE TABLE IF NOT EXISTS watch_feeds (
        feed_url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, checked_at TIMESTAMP,
        status VARCHAR);
    CREATE TABLE IF NOT EXISTS watch_items (
        item_key VARCHAR PRIMARY KEY, feed_url VARCHAR, url VARCHAR, outlet VARCHAR, title VARCHAR,
        published TIMESTAMP, fetched_at TIMESTAMP, status VARCHAR, reason VARCHAR, report_id VARCHAR);
    CREATE TABLE IF NOT EXISTS incident_sources (
        incident_id VARCHAR, report_id VARCHAR, incident_index INTEGER, outlet VARCHAR, url VARCHAR,
        published TIMESTAMP, seen_at TIMESTAMP, probability DOUBLE, reasons VARCHAR,
        fatalities INTEGER, injuries INTEGER, PRIMARY KEY (report_id, incident_index));
    """,
    # 7: alerts (web/alerts.py): each watchlist's filters (countries, actors, event types as JSON
    # lists, a minimum severity, an e-mail recipient) and each alert raised, with its delivery
    # state per channel, so a restarted server never raises or sends the same alert again
    """
    CREATE TABLE IF NOT EXISTS watchlist_filters (
        watchlist_id VARCHAR PRIMARY KEY, countries VARCHAR, actors VARCHAR, event_types VARCHAR,
        min_severity DOUBLE, email_to VARCHAR);
    CREATE TABLE IF NOT EXISTS alerts_sent (
        alert_id VARCHAR PRIMARY KEY, seq BIGINT, watchlist_id VARCHAR, event_id VARCHAR,
        created_at TIMESTAMP, payload VARCHAR, webhook_status VARCHAR, webhook_attempts INTEGER,
        email_status VARCHAR, email_attempts INTEGER);
    """,
    # 8: who struck and who was struck per revision (store/dyads.py), filled from the events
    # already stored; ingest keeps it current. The response forecast reads a dyad's events from it
    dyads.MIGRATION,
    # 9: the events found by `id_key` (ID_KEY_SQL) instead of the ART index on event_id, which held
    # about 48 bytes an id in memory for any large write. Runs again cleanly on a store set back
    f"""
    DROP INDEX IF EXISTS events_id_idx;
    ALTER TABLE events ADD COLUMN IF NOT EXISTS id_key BIGINT;
    UPDATE events SET id_key = {ID_KEY_SQL.format("event_id")} WHERE id_key IS NULL;
    """,
)


def behind(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store lacks a migration (read without writing: a read-only connection may ask)."""
    try:
        applied = {v for (v,) in con.execute("SELECT version FROM schema_version").fetchall()}
    except duckdb.CatalogException:  # a store made before the schema had versions, or an empty file
        return True
    return not applied.issuperset(range(1, len(MIGRATIONS) + 1))


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema to the latest version; returns that version."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
    # every migration not yet recorded runs, in order: a store whose record lacks one (made before
    # it, or set back) gets it even when a later one is recorded
    applied = {v for (v,) in con.execute("SELECT version FROM schema_version").fetchall()}
    for version, ddl in enumerate(MIGRATIONS, start=1):
        if version in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in filter(str.strip, ddl.split(";")):
                con.execute(stmt)
            con.execute("INSERT INTO schema_version VALUES (?)", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)
