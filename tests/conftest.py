"""Shared fixtures: tests run against the real datasets in ../shared/data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared data folder beside the repository, or $ESTIMATIVE_DATA_DIR."""
    override = os.environ.get("ESTIMATIVE_DATA_DIR")
    path = Path(override) if override else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"shared data folder not found: {path} (set ESTIMATIVE_DATA_DIR)")
    return path
