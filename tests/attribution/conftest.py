"""Session fixtures: RAND ingested once through the adapter, and the model fitted once on it."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from estimative.analysis.attribution import AttributionModel
from estimative.analysis.attribution_features import FRAME_COLUMNS
from estimative.eval.attribution import CUT, TEST_END, fit_split, rand_store, score_split, scored_incidents
from estimative.store import EventFilter, Store


@pytest.fixture(scope="session")
def rand_db(data_dir: Path) -> Iterator[Store]:
    """A temporary store holding RAND, ingested through the RAND adapter."""
    with rand_store(data_dir) as store:
        yield store


@pytest.fixture(scope="session")
def rand(rand_db: Store) -> pd.DataFrame:
    """Every RAND event as the store's frame, 'Al Qaeda' in Iraq read with the decision of issue
    #17 (as the RAND adapter stores it and `eval attribution --dataset rand` reads it)."""
    return rand_db.frame(None, EventFilter(source="rand"), columns=FRAME_COLUMNS)


@pytest.fixture(scope="session")
def rand_model(rand: pd.DataFrame) -> AttributionModel:
    """The model fitted on what the store knew on 2005-12-31."""
    return fit_split(rand, CUT)


@pytest.fixture(scope="session")
def rand_test(rand: pd.DataFrame) -> pd.DataFrame:
    """The 2006-2009 incidents with a known perpetrator, masked as the model sees them."""
    return scored_incidents(rand, CUT, TEST_END)


@pytest.fixture(scope="session")
def rand_result(rand_model: AttributionModel, rand: pd.DataFrame) -> dict:
    """The 2006-2009 scores and baselines, measured once (no ablation)."""
    return score_split(rand_model, rand, CUT, TEST_END, ablation=False)
