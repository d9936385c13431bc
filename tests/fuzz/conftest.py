"""Fixtures of the fuzz suite (the settings are in fuzzing.py)."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def curated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file with the curated record alone."""
    from estimative.store.seed import open_store

    path = tmp_path_factory.mktemp("fuzz-curated") / "curated.duckdb"
    open_store(path).close()
    return path
