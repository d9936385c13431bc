"""Forecast speed: a Hawkes fit and 30-day forecast on one 50,000-event thread, and the full backtests.

Figures:
* hawkes_50k: a seeded two-kernel Hawkes path of about 50,000 events (simulated outside the
  timing), then the median of 5 timed runs of `HawkesProcess().fit` + `predict_proba(30)` +
  `expected_count(30)` — what one thread costs. Goal <= 2 s.
* the 7-day P(>=1) of that fit checked against 2,000 Ogata-thinning simulations (the exact
  formula and the simulator must agree).
* backtest_<dataset>: `estimative eval forecast --dataset <dataset>` in full (ingest into a
  temporary store, every thread, every weekly origin): seconds, and the Brier and log scores of
  the model and both baselines from that same run.
"""
from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np

from estimative.analysis.hawkes import HawkesProcess, simulate_process
from estimative.eval import resolve_data_dir
from estimative.eval.forecast import DATASETS, evaluate

TARGET_EVENTS = 50_000


def hawkes_50k() -> dict[str, Any]:
    mu, alpha, beta = 2.0, [0.4, 0.3], [3.0, 0.05]
    end = TARGET_EVENTS * (1 - sum(alpha)) / mu
    times, _ = simulate_process(mu, alpha, beta, end, seed=11)
    runs = []
    model = HawkesProcess()
    for _ in range(5):
        t0 = time.perf_counter()
        model = HawkesProcess().fit(times, end)
        p30 = model.predict_proba(30)
        n30 = model.expected_count(30)
        runs.append(time.perf_counter() - t0)
    sims = model.simulate(7, n_sims=2000, seed=3)
    return {
        "events": int(times.size), "fit_forecast_seconds": round(statistics.median(runs), 3),
        "goal_seconds": 2.0, "p30": round(p30, 4), "expected_30": round(n30, 1),
        "fitted": {"mu": round(model.mu_, 3), "alpha": [round(a, 3) for a in model.alpha_],
                   "beta": [round(b, 4) for b in model.beta_]},
        "p7_exact": round(model.predict_proba(7), 4), "p7_simulated": round(float(np.mean(sims > 0)), 4),
        "expected_7_exact": round(model.expected_count(7), 2), "expected_7_simulated": round(float(sims.mean()), 2),
    }


def backtests() -> dict[str, Any]:
    data_dir = resolve_data_dir(None)
    out: dict[str, Any] = {}
    for ds in DATASETS:
        t0 = time.perf_counter()
        r = evaluate(ds, data_dir, progress=False)
        out[ds] = {
            "seconds": round(time.perf_counter() - t0, 1), "ingest_seconds": r["seconds"]["ingest"],
            "threads": r["threads"], "origins": r["origins"], "questions": r["n"],
            "brier": r["brier"], "log_score": r["log_score"], "brier_skill": r["brier_skill"],
            "baselines": r["baselines"],
        }
    return out


def run() -> dict[str, Any]:
    return {"hawkes_50k": hawkes_50k(), "backtest": backtests()}


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=1))
