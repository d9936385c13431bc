"""Opening the store the commands use: an empty store is seeded from the bundled curated record."""
from __future__ import annotations

import hashlib
from pathlib import Path

from estimative.store.database import IngestReport, Store


def seed_curated(store: Store) -> IngestReport:
    """Ingest the curated incident record shipped in the package (idempotent)."""
    from estimative.knowledge import curated_events, curated_files

    digest = hashlib.sha256()
    for f in curated_files():
        digest.update(f.read_bytes())
    return store.ingest(curated_events(), source="curated", path="estimative/knowledge/incidents",
                        file_sha256=digest.hexdigest())


def open_store(path: str | Path | None = None, seed: bool = True, read_only: bool = False) -> Store:
    """The store at `path` (default `$ESTIMATIVE_DB` or the user data dir), seeded on first use."""
    store = Store(path, read_only=read_only)
    if seed and not read_only and store.is_empty():
        seed_curated(store)
    return store
