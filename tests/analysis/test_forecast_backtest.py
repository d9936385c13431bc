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


@pytest.mark.parametrize(("dataset", "subset"), [("ucdp_iraq", 20), ("ucdp_nigeria", 20), ("acled_kenya", 25)])
def test_hawkes_beats_both_baselines_beyond_iraq_and_syria(data_dir, dataset, subset):
    """Issue #17: the same forecaster, untuned on these datasets, on a spread of their threads."""
    r = evaluate(dataset, data_dir, threads_subset=subset, progress=False)
    assert r["n"] > 5000 and r["held_out"]["n"] == r["n"]  # nothing tuned on them: every origin held out
    for name, base in r["baselines"].items():
        assert r["brier"] < base["brier"], (name, r)
        assert r["log_score"] > base["log_score"], (name, r)


def test_hawkes_beats_both_baselines_in_the_sahel(data_dir):
    """Issue #17: ACLED Sahel (2015-2020, all 64 threads), untuned. Its threads of 3-47 events a year
    are where fitted excitation over-reacts; the Akaike average with the constant rate
    (forecast.AkaikeAverage, chosen on SIGACTS and UCDP Syria tuning origins) answers them mostly by
    the rate, and the forecast beats the trailing year on Brier (it lost 0.0950 to 0.0946 before)."""
    r = evaluate("acled_sahel", data_dir, progress=False)
    assert r["threads"] == 64 and r["held_out"]["n"] == r["n"] > 30000
    for name, base in r["baselines"].items():
        assert r["brier"] < base["brier"], (name, r)
        assert r["log_score"] > base["log_score"], (name, r)
