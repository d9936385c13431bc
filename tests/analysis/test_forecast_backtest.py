"""Backtest acceptance, measured on the real datasets: the Hawkes forecasts beat both trailing-rate
baselines on Brier and log score, in the same run. SIGACTS runs on a quarter of its threads (spread
over the list) to keep the suite fast; `make eval` runs every thread."""
from __future__ import annotations

import pytest

from estimative.eval.forecast import evaluate


@pytest.mark.parametrize(("dataset", "subset"), [("ucdp", None), ("sigacts", 15)])
def test_hawkes_beats_both_baselines(data_dir, dataset, subset):
    r = evaluate(dataset, data_dir, threads_subset=subset, progress=False)
    assert r["n"] > 1000
    for name, base in r["baselines"].items():
        assert r["brier"] < base["brier"], (name, r)
        assert r["log_score"] > base["log_score"], (name, r)
    assert r["brier_skill"] > 0.05
    for h in ("7", "30"):
        assert set(r["by_horizon"][h]["baselines"]) == {"trailing_365", "trailing_28"}
