"""Thread forecasts from the store as of a date, in the schema's `forecast` shape."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from estimative.analysis.forecast import ThreadForecaster, forecast_thread, spread_times
from estimative.analysis.threads import threads_for

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "specs" / "assessment.schema.json"


@pytest.fixture(scope="module")
def forecast_schema() -> dict:
    if not SCHEMA.is_file():
        pytest.skip(f"schema not found at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text())
    return {"$defs": schema["$defs"], **schema["$defs"]["forecast"]}


def test_forecasts_follow_the_schema_and_are_probabilities(curated_store, curated, forecast_schema):
    taji = curated["cur-2020-03-11-taji-rockets"]
    thread = threads_for(taji)[0]
    out = forecast_thread(curated_store, taji.date_start, thread)
    assert [f["horizon_days"] for f in out] == [7, 30]
    for f in out:
        jsonschema.validate(f, forecast_schema)
        assert 0.0 <= f["probability"] <= 1.0 and f["expected_count"] >= 0.0
    assert out[0]["probability"] <= out[1]["probability"]
    assert out[1]["question"].startswith("At least one more incident targeting US and coalition forces in Iraq")


def test_a_forecast_uses_only_what_was_known_as_of_its_date(curated_store, curated):
    taji = curated["cur-2020-03-11-taji-rockets"]
    thread = threads_for(taji)[0]
    fc = ThreadForecaster().forecast(curated_store, taji.date_start, [thread])[thread.key]
    known = [e for e in curated_store.events(taji.date_start)
             if e.country == "IRQ" and e.date_start > taji.date_start - timedelta(days=365)
             and any("USA" in t.affiliations for t in e.targets)]
    assert fc.n_events <= len(known) + 1
    assert fc.n_events == fc.model.times_.size
    assert fc.model.times_.max() <= fc.window_days


def test_same_day_events_are_spread_inside_their_day():
    t = spread_times(__import__("numpy").array([10, 10, 10, 12]), 10)
    assert t.tolist() == pytest.approx([1 / 6, 0.5, 5 / 6, 2.5])


def test_dyad_of_attacks_and_responses_excite_each_other(curated_store):
    from datetime import date

    import numpy as np

    from estimative.analysis.forecast import dyad_forecast
    from estimative.analysis.threads import Thread

    attacks = Thread.make("attacks on US and coalition forces", target_family=["US and coalition forces"])
    strikes = Thread.make("strikes by US and coalition forces", perpetrator_family=["US and coalition forces"])
    d = dyad_forecast(curated_store, date(2024, 2, 1), attacks, strikes, n_sims=3000)
    assert d.counts[0] > 10 and d.counts[1] > 5
    assert np.all(d.model.alpha_ >= 0) and d.responses_per_event[0] > 0
    sims = d.model.simulate(30, n_sims=3000, seed=1)
    for k in (0, 1):
        assert 0.0 <= d.probability[30][k] <= 1.0
        assert d.expected_count[30][k] == pytest.approx(sims[:, k].mean(), rel=0.15, abs=0.1)


def test_akaike_average_leans_on_the_hawkes_process_only_where_the_window_clusters():
    """A year of events scattered at random: the excitation buys less likelihood than its four
    parameters cost, so the forecast is mostly the constant rate. A year of bursts: the Hawkes
    process carries it, and the answer after a burst is far above the constant rate's."""
    import numpy as np

    from estimative.analysis.forecast import AkaikeAverage
    from estimative.analysis.hawkes import HawkesProcess, simulate_process

    flat = np.sort(np.random.default_rng(3).uniform(0.0, 365.0, 40))
    calm = AkaikeAverage.of(HawkesProcess().fit(flat, 365.0))
    assert calm.weight < 0.5
    assert calm.rate == pytest.approx(40 / 365)
    constant = -np.expm1(-calm.rate * 7)
    assert abs(calm.probability_within(7) - constant) < abs(calm.hawkes.probability_within(7) - constant) + 1e-12

    times, _ = simulate_process(0.03, [0.8, 0.0], [1.0, 0.01], 365.0, seed=2)
    burst = np.concatenate([times[times < 360.0], [362.0, 362.5, 363.0, 364.0, 364.5]])
    hot = AkaikeAverage.of(HawkesProcess().fit(burst, 365.0))
    assert times.size > 20 and hot.weight > 0.95
    assert hot.probability_within(7) > -np.expm1(-hot.rate * 7) + 0.1
    assert hot.expected_count(30) == pytest.approx(
        hot.weight * hot.hawkes.expected_count(30) + (1 - hot.weight) * hot.rate * 30)


def test_too_few_events_to_weigh_keep_the_poisson_fit():
    import numpy as np

    from estimative.analysis.forecast import AkaikeAverage
    from estimative.analysis.hawkes import HawkesProcess

    few = AkaikeAverage.of(HawkesProcess().fit(np.array([10.0, 200.0]), 365.0))
    assert few.weight == 1.0
    assert few.probability_within(30) == pytest.approx(-np.expm1(-2 / 365 * 30))
