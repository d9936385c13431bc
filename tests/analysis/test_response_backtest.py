"""Response backtest acceptance (issue #19), measured on the real datasets read from ../shared/data:
the calibrated dyad process beats both baselines on Brier and log score at 7 and 30 days, with
ECE <= 0.05; its admin-1 top-3 is at least the base rate's, and its expected count of strikes errs
less than the uncalibrated process's and the dyad's trailing mean."""
from __future__ import annotations

import pytest

from estimative.eval import response as E


@pytest.mark.parametrize(("dataset", "part"), [("ucdp", "nigeria"), ("acled", "kenya")])
def test_response_beats_both_baselines(data_dir, dataset, part):
    spec = E.PARTS[dataset][part]
    r = E._score(E._part_questions(spec, data_dir), spec[2])
    for h, s in r["horizons"].items():
        assert s["n"] > 300, h
        assert s["ece"] <= 0.05, (h, s["ece"])
        for name, base in s["baselines"].items():
            assert s["brier"] < base["brier"], (h, name, s["brier"], base["brier"])
            assert s["log_score"] > base["log_score"], (h, name, s["log_score"], base["log_score"])
    where = r["where_admin1"]
    assert where["n"] > 0 and where["top3_model"] >= where["top3_base_rate"], where
    count = r["count_30"]  # the expected number beats the uncalibrated process's and the trailing mean
    for name, base in count["baselines"].items():
        assert count["rmse"] < base["rmse"], (name, count["rmse"], base["rmse"])
    assert 0.6 <= count["interval_coverage"] <= 1, count
