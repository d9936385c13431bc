"""Hawkes processes: the likelihood, its gradient, maximum-likelihood recovery and exact forecasts."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import approx_fprime

from estimative.analysis.hawkes import (
    HawkesError,
    HawkesProcess,
    MultivariateHawkes,
    decay_sums,
    simulate_process,
)


def brute_sums(t: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray]:
    a = np.array([np.sum(np.exp(-beta * (t[i] - t[:i]))) for i in range(t.size)])
    b = np.array([np.sum((t[i] - t[:i]) * np.exp(-beta * (t[i] - t[:i]))) for i in range(t.size)])
    return a, b


@pytest.mark.parametrize("beta", [0.02, 1.5, 40.0])
def test_blockwise_recursion_equals_direct_sums(beta):
    t, _ = simulate_process(0.5, [0.6], [2.0], 1500, seed=1)
    a, b = decay_sums(t, beta)
    a2, b2 = brute_sums(t, beta)
    assert np.allclose(a, a2, rtol=1e-9, atol=1e-10)
    assert np.allclose(b, b2, rtol=1e-8, atol=1e-9)


def test_analytic_gradient_matches_finite_differences():
    t, _ = simulate_process(0.5, [0.4, 0.3], [3.0, 0.05], 800, seed=2)
    x = np.array([0.4, 0.5, 0.2, 1.5, 0.1])

    def f(v):
        return HawkesProcess.loglik(v[0], v[1:3], v[3:], t, 800.0)

    _, g = HawkesProcess.loglik(x[0], x[1:3], x[3:], t, 800.0, grad=True)
    assert np.allclose(g, approx_fprime(x, f, 1e-7), rtol=1e-4, atol=1e-3)


def test_mle_recovers_known_parameters_single_kernel():
    mu, alpha, beta = 0.5, 0.6, 2.0
    t, _ = simulate_process(mu, [alpha], [beta], 8000, seed=3)
    m = HawkesProcess(kernels=((0.01, 50.0),)).fit(t, 8000)
    assert m.converged_
    assert m.mu_ == pytest.approx(mu, rel=0.15)
    assert m.alpha_[0] == pytest.approx(alpha, abs=0.06)
    assert m.beta_[0] == pytest.approx(beta, rel=0.2)


def test_mle_recovers_a_fast_and_a_slow_kernel():
    t, _ = simulate_process(0.5, [0.4, 0.3], [3.0, 0.05], 8000, seed=4)
    m = HawkesProcess().fit(t, 8000)
    assert m.alpha_ == pytest.approx([0.4, 0.3], abs=0.08)
    assert m.beta_[0] == pytest.approx(3.0, rel=0.3)
    assert m.beta_[1] == pytest.approx(0.05, rel=0.5)


def test_multivariate_mle_recovers_the_excitation_matrix():
    mu, alpha = [0.3, 0.2], [[0.3, 0.1], [0.5, 0.2]]
    t, marks = simulate_process(mu, alpha, 1.5, 8000, seed=5)
    m = MultivariateHawkes(2).fit(t, marks, 8000)
    assert m.alpha_ == pytest.approx(np.array(alpha), abs=0.07)
    assert m.mu_ == pytest.approx(mu, rel=0.2)
    assert m.beta_ == pytest.approx(1.5, rel=0.2)


def test_forecasts_are_probabilities_and_agree_with_simulation():
    t, _ = simulate_process(0.05, [0.5, 0.3], [2.0, 0.05], 2000, seed=6)
    m = HawkesProcess().fit(t, 2000)
    sims = m.simulate(7, n_sims=4000, seed=1)
    for h in (1, 7, 30):
        p = m.predict_proba(h)
        assert 0.0 <= p <= 1.0
        assert m.expected_count(h) >= 0.0
    assert m.predict_proba(7) == pytest.approx(np.mean(sims > 0), abs=0.03)
    assert m.expected_count(7) == pytest.approx(sims.mean(), rel=0.1, abs=0.05)
    assert m.predict_proba(7) <= m.predict_proba(30)


def test_multivariate_forecasts_exact_for_all_dimensions_and_simulated_for_one():
    t, marks = simulate_process([0.3, 0.2], [[0.3, 0.1], [0.5, 0.2]], 1.5, 3000, seed=7)
    m = MultivariateHawkes(2).fit(t, marks, 3000)
    sims = m.simulate(7, n_sims=3000, seed=2)
    assert m.predict_proba(7) == pytest.approx(np.mean(sims.sum(axis=1) > 0), abs=0.02)
    assert m.expected_count(7) == pytest.approx(sims.mean(axis=0), rel=0.1)
    assert 0.0 <= m.predict_proba(7, dims=[0], n_sims=500) <= m.predict_proba(7)


def test_bad_input_is_a_clear_error():
    with pytest.raises(HawkesError, match="before the last event"):
        HawkesProcess().fit([1.0, 2.0, 5.0], end=3.0)
    with pytest.raises(HawkesError, match=">= 0"):
        HawkesProcess().fit([-1.0, 2.0], end=3.0)
    with pytest.raises(HawkesError, match="marks"):
        MultivariateHawkes(2).fit([1.0, 2.0], [0, 2], end=3.0)
