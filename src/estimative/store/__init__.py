"""The embedded event store (DuckDB): schema, ingest transactions, as-of reads, export."""
from estimative.store.database import EventFilter, IngestReport, Rejected, Store, default_db_path

__all__ = ["EventFilter", "IngestReport", "Rejected", "Store", "default_db_path"]
