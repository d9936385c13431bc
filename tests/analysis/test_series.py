"""Series context: the change point of a thread's rate, and the "at least N ... since" sentence."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from estimative.analysis.series import bayesian_blocks, run_start, series_context
from estimative.analysis.threads import as_of_day, threads_for


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_change_point_finds_a_planted_rate_increase(seed):
    rng = np.random.default_rng(seed)
    counts = np.concatenate([rng.poisson(0.1, 600), rng.poisson(1.0, 100)])
    days = np.repeat(np.arange(700), counts) + 20_000
    start, blocks = run_start(days, 20_699)
    assert abs(start - 20_600) <= 10
    assert blocks[-1][2] > 5 * blocks[-2][2]


def test_no_change_point_in_a_steady_rate():
    rng = np.random.default_rng(3)
    counts = rng.poisson(0.5, 900)
    assert bayesian_blocks(counts).tolist() == [0]


def test_series_sentence_counts_the_thread_since_its_run_started(curated_store, curated):
    taji = curated["cur-2020-03-11-taji-rockets"]
    as_of = taji.date_start
    series = series_context(taji, curated_store, as_of)
    assert series, "a rocket attack on coalition forces at Taji belongs to at least one thread"
    first = series[0]
    assert first["description"] == "incidents targeting US and coalition forces in Iraq"
    assert first["count"] == len(first["event_ids"]) >= 10
    assert first["sentence"].startswith(f"at least {first['count']} incidents targeting US and coalition forces")
    # every event behind the sentence is in the thread, in the run, and known as of the date
    events = {e.id: e for e in curated_store.events(as_of)}
    since = date.fromisoformat(first["since"])
    for eid in first["event_ids"]:
        e = events[eid]
        assert since <= e.date_start <= as_of_day(as_of)
        assert e.country == "IRQ"


def test_series_reads_nothing_after_as_of(curated_store, curated):
    taji = curated["cur-2020-03-11-taji-rockets"]
    earlier = series_context(taji, curated_store, taji.date_start)
    later = series_context(taji, curated_store, taji.date_start + timedelta(days=400))
    assert later[0]["count"] != earlier[0]["count"] or later[0]["since"] != earlier[0]["since"]
    for s in earlier:
        known = {e.id for e in curated_store.events(taji.date_start)}
        assert set(s["event_ids"]) <= known


def test_threads_of_an_attack_on_a_base_hosting_us_forces(curated):
    threads = threads_for(curated["cur-2020-01-08-ain-al-asad-iran-missiles"])
    names = [t.description for t in threads]
    assert names[0] == "incidents targeting US and coalition forces in Iraq"
    assert "missile attacks targeting US and coalition forces in Iraq" in names
    assert any("by Iranian state forces" in n for n in names)
