"""Self-exciting point processes (Hawkes, exponential kernel) fitted by maximum likelihood.

Why Hawkes: attacks cluster — one attack raises the chance of the next for a while — and the
exponential kernel keeps the likelihood O(n) through the recursion
A_i = sum_{j<i} exp(-beta (t_i - t_j)), so a 50,000-event thread fits in well under a second.

The recursion is evaluated block-wise in numpy rather than in a Python loop: inside a block
spanning at most `_BLOCK` units of beta*t the sums are plain cumulative sums anchored at the
block start, and a carry holds everything earlier. The gradient is analytic (it needs the
companion sum B_i = sum_{j<i} (t_i - t_j) exp(-beta (t_i - t_j))), and L-BFGS-B keeps the
parameters inside bounds.

Parameterisation: baseline `mu` (events per time unit), branching ratio `alpha` (expected
number of direct offspring of one event; < 1 for a stationary process) and decay `beta`
(per time unit), kernel phi(t) = alpha * beta * exp(-beta t). Times are floats in any unit
(the forecast module uses days).

Estimators are scikit-learn estimators (`BaseEstimator`): `__init__` only stores the
hyper-parameters, `fit(times, end=...)` validates them and learns; `get_params`, `set_params` and
`clone` work as for any estimator; fitted attributes end in `_`. The horizon question has a name of
its own, `probability_within(horizon)` (P(at least one event within the horizon)); `predict_proba`
is kept as its earlier name.
"""
from __future__ import annotations

import contextlib
import copy
import functools
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from scipy.linalg import expm
from scipy.optimize import minimize
from sklearn.base import BaseEstimator

MIN_EVENTS = 3  # fewer events than this: a Poisson process (too few to tell excitation from chance)
_BLOCK = 600.0  # max span of beta*t inside one block: exp(600) is far from float overflow (exp(709))


@functools.lru_cache(maxsize=1)
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController  # installed with scikit-learn
    except ImportError:  # pragma: no cover
        return None
    return ThreadpoolController()


def single_threaded_blas() -> contextlib.AbstractContextManager:
    """L-BFGS-B calls BLAS on tiny matrices; a multi-threaded BLAS makes each call ~20x slower on
    a busy machine (measured), so fits run with one BLAS thread."""
    ctl = _blas_controller()
    return ctl.limit(limits=1, user_api="blas") if ctl is not None else contextlib.nullcontext()


class HawkesError(ValueError):
    """Bad input to a Hawkes model (unsorted or negative times, unknown dimension)."""


def decay_sums(times: np.ndarray, beta: float, weights: np.ndarray | None = None,
               with_b: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """For each event i: A_i = sum_{j<i} w_j exp(-beta (t_i - t_j)) and
    B_i = sum_{j<i} w_j (t_i - t_j) exp(-beta (t_i - t_j)) (B only when `with_b`).

    `times` sorted ascending. Strictly earlier in index order, so ties count as earlier/later
    by position (callers spread tied, date-only events inside their day).
    """
    n = times.size
    a = np.zeros(n)
    b = np.zeros(n) if with_b else None
    if n == 0:
        return a, b
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    u = beta * times
    # block boundaries: a new block whenever beta*t has moved _BLOCK past the block's anchor
    starts = [0]
    anchor = u[0]
    pos = 0
    while True:
        nxt = int(np.searchsorted(u, anchor + _BLOCK, side="left", sorter=None))
        if nxt <= pos:
            nxt = pos + 1
        if nxt >= n:
            break
        starts.append(nxt)
        pos = nxt
        anchor = u[nxt]
    starts.append(n)
    carry_c = 0.0  # sum over earlier blocks of w_j exp(-(s - u_j))
    carry_g = 0.0  # sum over earlier blocks of w_j (s - u_j) exp(-(s - u_j))
    for k in range(len(starts) - 1):
        lo, hi = starts[k], starts[k + 1]
        s = u[lo]
        du = u[lo:hi] - s
        e = w[lo:hi] * np.exp(du)
        cs = np.cumsum(e)
        excl = cs - e  # exclusive cumulative sum (see module docstring on precision)
        excl[0] = 0.0
        decay = np.exp(-du)
        a[lo:hi] = decay * (carry_c + excl)
        if b is not None:
            r = np.cumsum(du * e) - du * e
            r[0] = 0.0
            b[lo:hi] = decay * (du * excl - r + du * carry_c + carry_g) / beta
        if hi < n:
            s2 = u[hi]
            delta = s2 - s
            ed = np.exp(-delta)
            back = np.exp(u[lo:hi] - s2) * w[lo:hi]
            carry_g = ed * (delta * carry_c + carry_g) + float(np.sum((s2 - u[lo:hi]) * back))
            carry_c = ed * carry_c + float(np.sum(back))
    return a, b


def _validated_times(times: Sequence[float] | np.ndarray, end: float | None) -> tuple[np.ndarray, float]:
    t = np.asarray(times, dtype=float).ravel()
    if t.size and not np.all(np.isfinite(t)):
        raise HawkesError("event times must be finite numbers")
    if t.size > 1 and np.any(np.diff(t) < 0):
        t = np.sort(t)
    if t.size and t[0] < 0:
        raise HawkesError("event times must be >= 0 (time 0 is the start of the observation window)")
    end_t = float(end) if end is not None else (float(t[-1]) if t.size else 0.0)
    if t.size and end_t < t[-1]:
        raise HawkesError(f"observation end {end_t} is before the last event {t[-1]}")
    if end_t <= 0:
        raise HawkesError("the observation window must have positive length")
    return t, end_t


def integrate_linear(mat: np.ndarray, x0: np.ndarray, drive: np.ndarray, horizon: float) -> np.ndarray:
    """integral_0^h x(t) dt for x' = mat @ x + drive, x(0) = x0 — one matrix exponential of a
    block matrix (Van Loan), robust even when `mat` is singular (a critical process)."""
    k = mat.shape[0]
    big = np.zeros((3 * k, 3 * k))
    big[:k, :k] = mat
    big[:k, k:2 * k] = np.eye(k)
    big[k:2 * k, 2 * k:] = np.eye(k)
    e = expm(big * horizon)
    return e[:k, k:2 * k] @ x0 + e[:k, 2 * k:] @ drive


class HawkesProcess(BaseEstimator):
    """Univariate Hawkes process whose kernel is a sum of exponentials, fitted by maximum likelihood:
    lambda(t) = mu + sum_c alpha_c * beta_c * sum_{t_j < t} exp(-beta_c (t - t_j)).

    Parameters
    ----------
    kernels: one (low, high) bound on the decay rate per exponential (per time unit). The default
        pairs a fast kernel (hours to days: an attack begets attacks) with a slow one (weeks to
        months: campaigns rise and fade), which together follow both bursts and level shifts;
        chosen on the early backtest origins only (docs/evaluation.md). Pass one pair for the
        classic single-exponential model.
    max_alpha: upper bound of each branching ratio alpha_c. Their sum may exceed 1 inside a finite
        window: a campaign that is growing is non-stationary, and the forecasts stay finite.
    init: starting parameters (the `params_` of an earlier fit) — a warm start for rolling refits.
    """

    def __init__(self, kernels: Sequence[tuple[float, float]] = ((0.3, 50.0), (0.003, 0.3)),
                 max_alpha: float = 0.98, init: np.ndarray | None = None, maxiter: int = 200) -> None:
        self.kernels = kernels
        self.max_alpha = max_alpha
        self.init = init
        self.maxiter = maxiter

    def _validate_params(self) -> None:
        """The hyper-parameters, checked when `fit` starts (`set_params` may have changed them)."""
        if not len(self.kernels) or any(len(k) != 2 or not 0 < k[0] <= k[1] for k in self.kernels):
            raise HawkesError("kernels must be one or more (low, high) decay bounds with 0 < low <= high")
        if not self.max_alpha > 0:
            raise HawkesError("max_alpha must be positive")
        if int(self.maxiter) < 1:
            raise HawkesError("maxiter must be at least 1")

    # ------------------------------------------------------------------ likelihood
    @staticmethod
    def loglik(mu: float, alpha: np.ndarray, beta: np.ndarray, times: np.ndarray, end: float,
               grad: bool = False) -> float | tuple[float, np.ndarray]:
        """Log-likelihood of (mu, alpha, beta) for sorted `times` on [0, end]; with `grad`, also the
        gradient in the order (mu, alpha_1..C, beta_1..C)."""
        alpha = np.atleast_1d(alpha)
        beta = np.atleast_1d(beta)
        n_k = alpha.size
        sums = [decay_sums(times, float(beta[c]), with_b=grad) for c in range(n_k)]
        lam = np.full(times.size, float(mu))
        for c in range(n_k):
            lam += alpha[c] * beta[c] * sums[c][0]
        rest = end - times
        eds = [np.exp(-beta[c] * rest) for c in range(n_k)]
        comp = np.array([np.sum(1.0 - ed) for ed in eds])
        ll = float(np.sum(np.log(lam)) - mu * end - alpha @ comp)
        if not grad:
            return ll
        inv = 1.0 / lam
        g = np.empty(1 + 2 * n_k)
        g[0] = np.sum(inv) - end
        for c in range(n_k):
            a, b = sums[c]
            g[1 + c] = beta[c] * np.sum(a * inv) - comp[c]
            g[1 + n_k + c] = alpha[c] * (np.sum((a - beta[c] * b) * inv) - np.sum(rest * eds[c]))
        return ll, g

    def fit(self, times: Sequence[float] | np.ndarray, end: float | None = None) -> HawkesProcess:
        """Maximum-likelihood fit on events observed over [0, end] (end defaults to the last event)."""
        self._validate_params()
        t, end_t = _validated_times(times, end)
        self.times_, self.end_ = t, end_t
        n_k = len(self.kernels)
        n = t.size
        mid = np.array([np.sqrt(lo * hi) for lo, hi in self.kernels])
        if n < MIN_EVENTS:  # too few events to tell excitation from chance: a Poisson process
            self.mu_, self.alpha_, self.beta_ = max(n, 0.5) / end_t, np.zeros(n_k), mid
            self.params_ = None
            self.converged_ = True
            return self
        rate = n / end_t
        if self.init is not None and len(self.init) == 1 + 2 * n_k:
            x0 = np.array(self.init, dtype=float)
        else:
            x0 = np.concatenate([[np.log(0.3 * rate)], np.full(n_k, 0.6 / n_k), np.log(mid)])
        bounds = ([(np.log(1e-6 * rate), np.log(10.0 * rate))] + [(0.0, self.max_alpha)] * n_k
                  + [(np.log(lo), np.log(hi)) for lo, hi in self.kernels])
        x0 = np.clip(x0, [lo for lo, _ in bounds], [hi for _, hi in bounds])

        def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
            mu, alpha, beta = np.exp(x[0]), x[1:1 + n_k], np.exp(x[1 + n_k:])
            ll, g = cast(tuple[float, np.ndarray], self.loglik(mu, alpha, beta, t, end_t, grad=True))
            g = g * np.concatenate([[mu], np.ones(n_k), beta])  # chain rule for the log-scaled mu, beta
            return -ll / n, -g / n  # per event: a well-scaled problem whatever the thread's size

        with single_threaded_blas():
            res = minimize(objective, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                           options={"maxiter": self.maxiter})
        self.params_ = res.x
        self.mu_ = float(np.exp(res.x[0]))
        self.alpha_ = res.x[1:1 + n_k].copy()
        self.beta_ = np.exp(res.x[1 + n_k:])
        self.loglik_ = -float(res.fun) * n
        self.converged_ = bool(res.success)
        return self

    def window_loglik(self) -> float:
        """Log-likelihood of the fitted parameters on the history they now read (`times_` on
        [0, `end_`]: the fitted window, or the newer one `update` gave)."""
        return cast(float, self.loglik(self.mu_, self.alpha_, self.beta_, self.times_, self.end_))

    def update(self, times: Sequence[float] | np.ndarray, end: float) -> HawkesProcess:
        """A copy with the fitted parameters and a new history (between refits of a rolling forecast)."""
        other = copy.copy(self)
        other.times_, other.end_ = _validated_times(times, end)
        return other

    # ------------------------------------------------------------------ prediction
    def _excitation(self) -> np.ndarray:
        """A_c(T) = sum_j exp(-beta_c (T - t_j)) at the window end, per kernel."""
        rest = self.end_ - self.times_
        return np.array([np.sum(np.exp(-b * rest)) for b in self.beta_])

    def intensity(self) -> float:
        """Conditional intensity just after the end of the observed window."""
        return float(self.mu_ + np.sum(self.alpha_ * self.beta_ * self._excitation()))

    def mean_rate(self) -> float:
        """Average rate over the observed window: the baseline the current intensity is set against."""
        return float(self.times_.size / self.end_)

    def probability_within(self, horizon: float) -> float:
        """P(at least one event in (end, end + horizon]) — exact: exp(-compensator) of the no-event path."""
        lam0 = self.mu_ * horizon + float(np.sum(self.alpha_ * self._excitation()
                                                 * -np.expm1(-self.beta_ * horizon)))
        return float(-np.expm1(-lam0))

    def predict_proba(self, horizon: float) -> float:
        """The earlier name of `probability_within`."""
        return self.probability_within(horizon)

    def expected_count(self, horizon: float) -> float:
        """E[N(end, end + horizon)] — exact: the mean excitation of each kernel x_c solves
        x_c' = -beta_c x_c + alpha_c beta_c (mu + sum_d x_d), a linear ODE. Its matrix
        -diag(beta) + (alpha*beta) 1^T has real eigenvalues (a rank-one update of a diagonal), so
        it is integrated through its eigenvectors; a near-defective matrix falls back to expm."""
        ab = self.alpha_ * self.beta_
        mat = -np.diag(self.beta_) + np.outer(ab, np.ones(self.beta_.size))
        x0 = ab * self._excitation()
        drive = ab * self.mu_
        lam, vec = np.linalg.eig(mat)
        if np.linalg.cond(vec) > 1e8:
            integral = integrate_linear(mat, x0, drive, horizon)
        else:
            lam = lam.real
            z = lam * horizon
            small = np.abs(z) < 1e-6
            safe = np.where(small, 1.0, lam)
            phi1 = np.where(small, horizon * (1 + z / 2), np.expm1(z) / safe)  # integral_0^h e^{lam t} dt
            phi2 = np.where(small, horizon ** 2 / 2 * (1 + z / 3), (np.expm1(z) - z) / safe ** 2)
            inv = np.linalg.inv(vec.real)
            integral = vec.real @ (phi1 * (inv @ x0) + phi2 * (inv @ drive))
        return float(self.mu_ * horizon + integral.sum())

    def simulate(self, horizon: float, n_sims: int = 1000, seed: int = 0) -> np.ndarray:
        """Counts in (end, end + horizon] from `n_sims` Ogata-thinning runs (seeded): a check on
        the exact formulas and the tool for questions they do not cover."""
        rng = np.random.default_rng(seed)
        alpha = self.alpha_.reshape(-1, 1, 1)
        exc0 = self._excitation().reshape(-1, 1)
        return np.array([thinning(np.array([self.mu_]), alpha, self.beta_, horizon, rng, exc0)[0].size
                         for _ in range(n_sims)])


class MultivariateHawkes(BaseEstimator):
    """K-dimensional Hawkes process with one shared exponential decay beta:
    lambda_k(t) = mu_k + beta * sum_l alpha[k, l] * sum_{t_j in l, t_j < t} exp(-beta (t - t_j)).

    alpha[k, l] is the expected number of type-k events directly triggered by one type-l
    event: for a dyad (0 = one side's attacks, 1 = the other side's), alpha[1, 0] measures
    responses to attacks and alpha[0, 1] the reverse.
    """

    def __init__(self, n_dims: int = 2, beta_bounds: tuple[float, float] = (0.01, 50.0),
                 max_alpha: float = 0.95, maxiter: int = 300) -> None:
        self.n_dims = n_dims
        self.beta_bounds = beta_bounds
        self.max_alpha = max_alpha
        self.maxiter = maxiter

    def _prepare(self, times: Sequence[float] | np.ndarray, marks: Sequence[int] | np.ndarray,
                 end: float | None) -> tuple[np.ndarray, np.ndarray, float]:
        if self.n_dims < 1:
            raise HawkesError("n_dims must be at least 1")
        lo_b, hi_b = self.beta_bounds
        if not 0 < lo_b <= hi_b or not self.max_alpha > 0 or int(self.maxiter) < 1:
            raise HawkesError("beta_bounds must be 0 < low <= high, max_alpha positive and maxiter at least 1")
        t = np.asarray(times, dtype=float).ravel()
        m = np.asarray(marks, dtype=int).ravel()
        if t.size != m.size:
            raise HawkesError("times and marks must have the same length")
        if m.size and (m.min() < 0 or m.max() >= self.n_dims):
            raise HawkesError(f"marks must be integers in 0..{self.n_dims - 1}")
        order = np.argsort(t, kind="stable")
        t, m = t[order], m[order]
        t, end_t = _validated_times(t, end)
        return t, m, end_t

    def loglik(self, mu: np.ndarray, alpha: np.ndarray, beta: float, times: np.ndarray, marks: np.ndarray,
               end: float, grad: bool = False):
        """Log-likelihood of sorted marked events on [0, end]; with `grad`, also its gradient as
        (ll, d/dmu (K), d/dalpha (K x K), d/dbeta)."""
        k_dims = self.n_dims
        src = [marks == col for col in range(k_dims)]
        sums = [decay_sums(times, beta, weights=sel.astype(float), with_b=grad) for sel in src]
        a = np.stack([s[0] for s in sums], axis=1)  # n x K: excitation from each source dimension
        lam = mu[marks] + beta * np.einsum("nl,nl->n", alpha[marks], a)
        rest = end - times
        ed = np.exp(-beta * rest)
        comp_src = np.array([np.sum(1.0 - ed[sel]) for sel in src])
        ll = float(np.sum(np.log(lam)) - np.sum(mu) * end - np.sum(alpha @ comp_src))
        if not grad:
            return ll
        b = np.stack([cast(np.ndarray, s[1]) for s in sums], axis=1)
        inv = 1.0 / lam
        g_mu = np.array([np.sum(inv[sel]) for sel in src]) - end
        g_alpha = np.stack([beta * (a[sel] * inv[sel, None]).sum(axis=0) - comp_src for sel in src])
        tail_src = np.array([np.sum((rest * ed)[sel]) for sel in src])
        g_beta = float(np.sum(inv * np.einsum("nl,nl->n", alpha[marks], a - beta * b))
                       - np.sum(alpha @ tail_src))
        return ll, g_mu, g_alpha, g_beta

    def fit(self, times: Sequence[float] | np.ndarray, marks: Sequence[int] | np.ndarray,
            end: float | None = None) -> MultivariateHawkes:
        """Maximum-likelihood fit of mu (K), alpha (K x K) and beta on marked events over [0, end]."""
        t, m, end_t = self._prepare(times, marks, end)
        self.times_, self.marks_, self.end_ = t, m, end_t
        k_dims = self.n_dims
        n = max(t.size, 1)
        counts = np.bincount(m, minlength=k_dims).astype(float)
        lo_b, hi_b = self.beta_bounds
        gaps = np.diff(t)
        b0 = 1.0 / float(np.median(gaps[gaps > 0])) if np.any(gaps > 0) else 1.0
        b0 = float(np.clip(b0, lo_b, hi_b))
        x0 = np.concatenate([np.log(np.maximum(0.5 * counts, 0.5) / end_t), np.full(k_dims * k_dims, 0.2),
                             [np.log(b0)]])

        def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
            mu = np.exp(x[:k_dims])
            alpha = x[k_dims:k_dims + k_dims * k_dims].reshape(k_dims, k_dims)
            beta = float(np.exp(x[-1]))
            ll, g_mu, g_alpha, g_beta = self.loglik(mu, alpha, beta, t, m, end_t, grad=True)
            g = np.concatenate([g_mu * mu, g_alpha.ravel(), [g_beta * beta]])
            return -ll / n, -g / n

        floor = np.log(1e-9 * n / end_t)
        bounds = ([(floor, np.log(10.0 * n / end_t))] * k_dims + [(0.0, self.max_alpha)] * (k_dims * k_dims)
                  + [(np.log(lo_b), np.log(hi_b))])
        with single_threaded_blas():
            res = minimize(objective, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                           options={"maxiter": self.maxiter})
        self.mu_ = np.exp(res.x[:k_dims])
        self.alpha_ = res.x[k_dims:k_dims + k_dims * k_dims].reshape(k_dims, k_dims)
        self.beta_ = float(np.exp(res.x[-1]))
        self.loglik_ = -float(res.fun) * n
        self.converged_ = bool(res.success)
        return self

    # ------------------------------------------------------------------ prediction
    def _excitation(self) -> np.ndarray:
        """A_l(T) = sum over type-l events of exp(-beta (T - t_j)), at the window end."""
        dec = np.exp(-self.beta_ * (self.end_ - self.times_))
        return np.bincount(self.marks_, weights=dec, minlength=self.n_dims)

    def intensity(self) -> np.ndarray:
        """Each dimension's conditional intensity just after the window end."""
        return self.mu_ + self.beta_ * self.alpha_ @ self._excitation()

    def expected_count(self, horizon: float) -> np.ndarray:
        """E[N_k(end, end + horizon)] for each k — exact: the mean intensity m solves
        m' = beta*mu - beta*(I - alpha) m."""
        mat = -self.beta_ * (np.eye(self.n_dims) - self.alpha_)
        return integrate_linear(mat, self.intensity(), self.beta_ * self.mu_, horizon)

    def probability_within(self, horizon: float, dims: Sequence[int] | None = None, n_sims: int = 2000,
                           seed: int = 0) -> float:
        """P(at least one event of the given dimensions in (end, end + horizon]).

        All dimensions: exact (the no-event path's compensator). A subset: events of the other
        dimensions can excite the asked ones inside the horizon, so it is simulated (seeded).
        """
        dims = list(range(self.n_dims)) if dims is None else list(dims)
        if sorted(set(dims)) == list(range(self.n_dims)):
            lam0 = (np.sum(self.mu_) * horizon
                    + np.sum(self.alpha_ @ self._excitation()) * -np.expm1(-self.beta_ * horizon))
            return float(-np.expm1(-lam0))
        counts = self.simulate(horizon, n_sims=n_sims, seed=seed)
        return float(np.mean(counts[:, dims].sum(axis=1) > 0))

    def predict_proba(self, horizon: float, dims: Sequence[int] | None = None, n_sims: int = 2000,
                      seed: int = 0) -> float:
        """The earlier name of `probability_within`."""
        return self.probability_within(horizon, dims, n_sims, seed)

    def simulate(self, horizon: float, n_sims: int = 1000, seed: int = 0) -> np.ndarray:
        """Counts per dimension in (end, end + horizon], n_sims x K, by Ogata thinning (seeded)."""
        rng = np.random.default_rng(seed)
        out = np.zeros((n_sims, self.n_dims), dtype=int)
        alpha = self.alpha_[None, :, :]
        exc0 = self._excitation()[None, :]
        beta = np.array([self.beta_])
        for s in range(n_sims):
            _, marks = thinning(self.mu_, alpha, beta, horizon, rng, exc0)
            out[s] = np.bincount(marks, minlength=self.n_dims)
        return out


def thinning(mu: np.ndarray, alpha: np.ndarray, beta: np.ndarray, horizon: float, rng: np.random.Generator,
             excitation: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One Ogata-thinning path on (0, horizon]: event times and marks.

    Shapes: mu (K), alpha (C, K, K) and beta (C) for C exponential kernels; `excitation` (C, K)
    carries the history, sum_j exp(-beta_c (0 - t_j)) per kernel and source dimension (None: none).
    Between events the total intensity only decays, so its value now bounds it until the next
    candidate — the classic thinning bound for exponential kernels.
    """
    mu = np.atleast_1d(np.asarray(mu, dtype=float))
    k_dims = mu.size
    exc = np.zeros((beta.size, k_dims)) if excitation is None else np.array(excitation, dtype=float)
    weights = alpha * beta[:, None, None]  # C x K x K

    def lam_now() -> np.ndarray:
        return mu + np.einsum("ckl,cl->k", weights, exc)

    times: list[float] = []
    marks: list[int] = []
    t = 0.0
    while True:
        bound = float(lam_now().sum())
        if bound <= 0:
            break
        dt = rng.exponential(1.0 / bound)
        t += dt
        if t > horizon:
            break
        exc *= np.exp(-beta * dt)[:, None]
        lam = lam_now()
        u = rng.uniform(0.0, bound)
        if u < float(lam.sum()):
            k = min(int(np.searchsorted(np.cumsum(lam), u, side="right")), k_dims - 1)
            times.append(t)
            marks.append(k)
            exc[:, k] += 1.0
    return np.array(times), np.array(marks, dtype=int)


def simulate_process(mu: float | Sequence[float], alpha: float | Sequence[float] | np.ndarray,
                     beta: float | Sequence[float], end: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A fresh Hawkes path on (0, end] (no history): times and marks. For tests and benchmarks.

    Univariate with C kernels: mu scalar, alpha and beta of length C. Multivariate with one
    kernel: mu (K), alpha (K x K), beta scalar.
    """
    mu_a = np.atleast_1d(np.asarray(mu, dtype=float))
    beta_a = np.atleast_1d(np.asarray(beta, dtype=float))
    alpha_a = np.asarray(alpha, dtype=float)
    if mu_a.size == 1:
        alpha_a = np.atleast_1d(alpha_a).reshape(-1, 1, 1)
    else:
        alpha_a = alpha_a.reshape(1, mu_a.size, mu_a.size)
    return thinning(mu_a, alpha_a, beta_a, end, np.random.default_rng(seed))
