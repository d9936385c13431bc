"""The response model (analysis/response.py): the bivariate process measures the response, pairs
and shares name the strikes they rest on, red lines move the estimate on the responder's record,
and a thin dyad gives no forecast."""
from __future__ import annotations

from datetime import date

import numpy as np

from estimative.analysis import response as R
from estimative.analysis.hawkes import simulate_process
from estimative.assess import wording as J
from estimative.knowledge import curated_events


def _strikes(times: np.ndarray, marks: np.ndarray) -> list[R.Strike]:
    return [R.Strike(f"e{i}", float(t), int(m), "IRQ", "Anbar" if m == R.RESPONDER else "Baghdad")
            for i, (t, m) in enumerate(zip(times, marks, strict=True))]


def test_the_cross_excitation_is_the_measured_response() -> None:
    """A simulated dyad where the responder answers the other side (alpha[0, 1] = 0.6) and the other
    side never answers the responder: the fit finds the one and not the other."""
    mu = [0.01, 0.05]
    alpha = np.array([[0.0, 0.6], [0.0, 0.0]])
    times, marks = simulate_process(mu, alpha, 0.3, 3000.0, seed=3)
    strikes = _strikes(times, marks)
    model = R.MultivariateHawkes(n_dims=2, beta_bounds=(0.01, 5.0)).fit(times, marks, end=3000.0)
    assert 0.35 < model.alpha_[0, 1] < 0.85
    assert model.alpha_[1, 0] < 0.15
    # right after a strike by the other side the responder is more likely to strike than after a lull
    fresh = R.fit_dyad(strikes + [R.Strike("now", 3000.0, R.OTHER)], 3000.0)
    quiet = R.fit_dyad(strikes, 3000.0 + 200.0)
    assert R.strike_probability(fresh, R.RESPONDER, 7) > R.strike_probability(quiet, R.RESPONDER, 7)


def test_pairs_follow_the_record_links_then_time() -> None:
    s = [R.Strike("a", 0, R.OTHER), R.Strike("b", 5, R.OTHER), R.Strike("r1", 8, R.RESPONDER, answers=("a",)),
         R.Strike("r2", 9, R.RESPONDER), R.Strike("r3", 80, R.RESPONDER)]
    pairs = R.response_pairs(s)
    assert [(p.trigger, p.response) for p in pairs] == [("a", "r1"), ("b", "r2")]  # r3: nothing within 30 days


def test_curated_sides_resolve_through_the_registry() -> None:
    strikes = R.dyad_strikes(curated_events(), "us_forces", "kataib_hizballah")
    by_id = {e.id: e for e in curated_events()}
    us = [s for s in strikes if s.by == R.RESPONDER]
    assert us and all(by_id[s.id].perpetrators[0].id in ("us_forces", "coalition_forces") for s in us)
    assert {s.country for s in strikes} <= {"IRQ", "SYR", "JOR"}


def test_forecast_names_its_pairs_and_the_red_line_moves_it() -> None:
    strikes = R.dyad_strikes(curated_events(), "us_forces", "kataib_hizballah")
    today = R.day_of(date(2020, 3, 12))
    sides = R.Sides.of("us_forces", "kataib_hizballah")
    plain = R.forecast(strikes, sides, today, [])
    assert plain.pairs and set(plain.evidence) == {x for p in plain.pairs for x in (p.trigger, p.response)}
    assert all(s.day <= today for s in strikes if s.id in plain.evidence)
    assert 0 < plain.probability[7] < plain.probability[30] < 1
    answered = R.RedLineRecord("x", "A national is killed.", [plain.pairs[0].trigger], [plain.pairs[0]], "significant")
    ignored = R.RedLineRecord("x", "A national is killed.", ["t1", "t2", "t3"], [], "significant")
    assert R.forecast(strikes, sides, today, [answered]).probability[30] > plain.probability[30]
    assert R.forecast(strikes, sides, today, [ignored]).probability[30] < plain.probability[30]
    j = J.response("inc", R.forecast(strikes, sides, today, [ignored]), "US and coalition forces", "militias", [])
    assert "lowered the estimate" in j["statement"] and j["kind"] == "other"


def test_kindred_red_lines_are_one_threshold_of_loss_of_life() -> None:
    from estimative.analysis.escalation import red_lines

    lines = {line["id"]: line for line in red_lines()}
    assert R.kindred(lines["us_service_member_killed"], lines["us_citizen_killed"])
    assert not R.kindred(lines["us_service_member_killed"], lines["us_personnel_wounded"])


def test_a_thin_dyad_abstains(curated_store) -> None:
    """A dyad with fewer strikes than MIN_DYAD_EVENTS on record gives no forecast, and the judgment
    gives no probability and says why."""
    event = next(e for e in curated_events() if e.source_id == "cur-2019-10-11-kobani-turkish-artillery")
    fc, sides, n = R.assess_incident(event, "turkish_forces", curated_store, event.date_start, event.id)
    assert fc is None and sides is not None and n < R.MIN_DYAD_EVENTS
    j = J.response("inc", None, "US and coalition forces", "Turkish forces", [], abstain_reason=f"only {n} strikes")
    assert j["probability"] is None and j["estimative_term"] is None and j["response"]["abstained"]


def test_calibration_falls_back_to_the_baselines_blend_until_it_has_answers() -> None:
    x = R.features([0.1, 0.2], [0.4, 0.5], [0.3, 0.3])
    cal = R.Calibration.fit(x, np.array([0.0, 1.0]))
    assert cal.coef is None and np.allclose(cal.apply(x), 1 / (1 + np.exp(-(x[:, 1] + x[:, 2]) / 2)))


def test_the_count_is_a_mixture_of_none_and_the_earlier_answers() -> None:
    """P(any) = 0.5 and earlier answers of 1, 1, 2 and 4 strikes: 1.0 expected; the 80% interval runs
    from none (half the outcomes) to the largest answer. With no earlier answer, the Poisson count
    of that probability."""
    c = R.count_forecast(0.5, np.array([1, 1, 2, 4]))
    assert np.isclose(c.expected, 1.0) and (c.low, c.high, c.answered) == (0, 4, 4)
    sure = R.count_forecast(0.999, np.array([3, 3, 3]))
    assert sure.low == sure.high == 3
    poisson = R.count_forecast(1 - np.exp(-2.0), np.array([], dtype=int))
    assert np.isclose(poisson.expected, 2.0) and poisson.low <= 2 <= poisson.high and poisson.answered == 0
    days, counts = np.array([0.0, 10.0, 50.0, 900.0]), np.array([2, 0, 5, 7])
    assert list(R.earlier_counts(days, counts, 100.0)) == [2, 5]  # answered, 30 days passed, in the window
