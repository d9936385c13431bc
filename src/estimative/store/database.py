"""The embedded event store: one DuckDB file, and the only place that holds SQL.

`Store` is one connection (store/connection.py) with each job of the store on it:
- store/events.py: ingest (one transaction per file; re-ingesting adds nothing; a changed row is a
  new revision) and the as-of reads every analysis uses;
- store/workbench.py: the workbench's listings, facets, reports and watchlists;
- store/learned.py: what models keep (learned state, derived values).
"""
from __future__ import annotations

from estimative.store.connection import Connection, default_db_path
from estimative.store.events import _STAGE_SCHEMA, BATCH_ROWS, EventFilter, EventStore, IngestReport, Rejected
from estimative.store.learned import LearnedStore
from estimative.store.workbench import WorkbenchStore

__all__ = ["_STAGE_SCHEMA", "BATCH_ROWS", "Connection", "EventFilter", "EventStore", "IngestReport", "LearnedStore", "Rejected",
           "Store", "WorkbenchStore", "default_db_path"]


class Store(WorkbenchStore, LearnedStore):
    """One DuckDB file (or `:memory:`): events, the workbench's queries and the models' kept state.
    Use as a context manager or call `close()`."""
