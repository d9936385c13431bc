"""Fixtures for the analysis tests: a store holding the curated record, built once per session."""
from __future__ import annotations

import pytest

from estimative.knowledge import curated_events
from estimative.store import Store


@pytest.fixture(scope="session")
def curated_store():
    """The curated incident record ingested as source "curated" (as `open_store` seeds it)."""
    store = Store(":memory:")
    store.ingest(curated_events(), source="curated", path="estimative/knowledge/incidents")
    yield store
    store.close()


@pytest.fixture(scope="session")
def curated(curated_store) -> dict:
    """Curated events by their curated id (cur-YYYY-MM-DD-slug)."""
    return {e.source_id: e for e in curated_store.events(None)}
