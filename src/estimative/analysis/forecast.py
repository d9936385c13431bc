"""Forecasts for threads: will there be at least one more event within 7 or 30 days, and how many?

For each thread the events of the last `window_days` known at `as_of` become a point pattern
(days; events that only have a date are spread evenly inside their day, since the recursion
must not read a same-day pair as an instant trigger), a Hawkes process (analysis.hawkes) is
fitted to it, and its exact no-event probability and expected count answer the questions,
averaged with a constant rate's by Akaike weights (`AkaikeAverage`): a thread whose window shows
little clustering is answered mostly by its mean rate, since excitation fitted to a few events
over-reacts both ways (ACLED Sahel threads of 3-47 events a year, issue #17).

`ThreadForecaster` is a scikit-learn estimator (`BaseEstimator`: hyper-parameters stored by
`__init__`, validated by `fit`). `fit(frame, as_of, threads)` fits each thread's Hawkes process as of
a day, keeping each thread's last fit and refitting only every `refit_days`, warm-started from the
previous parameters; in between it re-reads the history and keeps the parameters.
`probability_within(horizon)` and `expected_count(horizon)` answer per thread; `forecast_frame`
does both and returns `ThreadForecast`s. A backtest calls the same object at each weekly origin:
there is no second implementation for evaluation.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator

from estimative.analysis.hawkes import MIN_EVENTS, HawkesProcess, MultivariateHawkes
from estimative.analysis.skill import ForecastSkill
from estimative.analysis.threads import Thread, ThreadFrame, as_of_day, day_number, read_threads
from estimative.knowledge import estimative_term
from estimative.model import SchemaRecord
from estimative.store import Store

HORIZONS: tuple[int, ...] = (7, 30)
# Chosen on the early backtest origins only (SIGACTS 2005, UCDP Syria 2017-H1; docs/evaluation.md):
# a year of history, and a fast kernel (hours to days) beside a slow one (days to a year).
WINDOW_DAYS = 365
KERNELS: tuple[tuple[float, float], ...] = ((0.3, 50.0), (0.003, 0.3))
REFIT_DAYS = 28
MODEL_NAME = "hawkes-exp2-aic"  # averaged with the window's constant rate by Akaike weights


@dataclass(frozen=True, slots=True)
class AkaikeAverage:
    """A thread's fitted Hawkes process averaged with a homogeneous Poisson process at the window's
    mean rate, each weighted by its Akaike weight exp(-AIC/2) on the window (AIC = 2 parameters -
    2 log-likelihood): the Hawkes process has 2 parameters per kernel more than the Poisson, so it
    carries the forecast only where its excitation buys more likelihood than that. No free
    parameter: AIC's own penalty. Chosen over the Hawkes process alone on the tuning origins of
    SIGACTS (2005) and UCDP Syria (2017-H1), where it scored better on Brier and log score
    (docs/evaluation.md); not tuned on any other dataset."""

    hawkes: HawkesProcess
    weight: float  # the Hawkes process's Akaike weight, in [0, 1]
    rate: float  # the Poisson process's rate (events per day)

    @classmethod
    def of(cls, model: HawkesProcess) -> AkaikeAverage:
        n, end = model.times_.size, model.end_
        if n < MIN_EVENTS:  # too few events to weigh: the fit is (or is near) a Poisson process, so it carries all
            return cls(model, 1.0, max(n, 0.5) / end)  # the floor of a Hawkes fit to too few events (`fit`)
        rate = model.mean_rate()
        gain = model.window_loglik() - (n * np.log(rate) - rate * end) - 2 * model.alpha_.size
        return cls(model, float(0.5 * (1 + np.tanh(gain / 2))), rate)  # = 1 / (1 + exp(-gain)), overflow-free

    def probability_within(self, horizon: float) -> float:
        """P(at least one event within `horizon`): the two models' probabilities, weighted."""
        poisson = -np.expm1(-self.rate * horizon)
        return float(self.weight * self.hawkes.probability_within(horizon) + (1 - self.weight) * poisson)

    def expected_count(self, horizon: float) -> float:
        """The expected count within `horizon`: the two models' expectations, weighted."""
        return float(self.weight * self.hawkes.expected_count(horizon) + (1 - self.weight) * self.rate * horizon)


def spread_times(days: np.ndarray, start_day: int) -> np.ndarray:
    """Event times in days since `start_day`, the k-th of n events of a day at (k + 0.5) / n."""
    if days.size == 0:
        return np.zeros(0)
    d = np.sort(days.astype(np.int64))
    uniq, first, counts = np.unique(d, return_index=True, return_counts=True)
    rank = np.arange(d.size) - np.repeat(first, counts)
    return (d - start_day) + (rank + 0.5) / np.repeat(counts, counts)


def _singular(description: str) -> str:
    for plural, one in (("incidents", "incident"), ("attacks", "attack"), ("events", "event")):
        if plural in description:
            return description.replace(plural, one, 1)
    return description


@dataclass(slots=True)
class Forecast(SchemaRecord):
    """The schema's `forecast` for one horizon of a thread, with the model's measured skill
    (`backtest`, left out of the JSON when none), the events it rests on (`evidence`,
    `history_events`) and the range of its probability that history supports (`band`)."""

    question: str
    filters: dict[str, Any]
    horizon_days: int
    probability: float
    estimative_term: str
    expected_count: float | None
    model: str
    basis: str
    backtest: ForecastSkill | None = None
    evidence: list[str] = field(default_factory=list)
    history_events: int = 0
    band: list[float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "filters": self.filters, "horizon_days": self.horizon_days,
                "probability": self.probability, "estimative_term": self.estimative_term,
                "expected_count": self.expected_count, "model": self.model, "basis": self.basis,
                **({"backtest": self.backtest.to_dict()} if self.backtest is not None else {}),
                "evidence": self.evidence, "history_events": self.history_events, "band": self.band}


@dataclass(slots=True)
class ThreadForecast:
    """One thread's fitted model as of a day, with the answers to the standard questions."""

    thread: Thread
    as_of: Any
    n_events: int
    window_days: int
    model: HawkesProcess
    hawkes_weight: float = 1.0  # the Hawkes process's Akaike weight against the constant rate (`AkaikeAverage`)
    probability: dict[int, float] = field(default_factory=dict)
    expected_count: dict[int, float] = field(default_factory=dict)

    @property
    def intensity_ratio(self) -> float | None:
        """Current intensity over the window's average rate: > 1 means the thread is running hot."""
        mean = self.model.mean_rate()
        return self.model.intensity() / mean if mean > 0 else None

    def to_forecasts(self, backtest: ForecastSkill | None = None) -> list[Forecast]:
        """The schema's `forecast` records, one per horizon, resting on the thread's `n_events`."""
        basis = (f"{self.n_events} events in the {self.window_days} days to {as_of_day(self.as_of).isoformat()}; "
                 f"Hawkes weight {self.hawkes_weight:.2f} against the constant rate")
        return [Forecast(f"At least one more {_singular(self.thread.description)} within {h} days",
                         self.thread.filters, h, round(p, 4), estimative_term(min(max(p, 0.0), 1.0)),
                         round(self.expected_count[h], 2), MODEL_NAME, basis, backtest,
                         history_events=self.n_events)
                for h, p in sorted(self.probability.items())]


class ThreadForecaster(BaseEstimator):
    """Hawkes forecasts for many threads as of a date, refitting each thread every `refit_days`."""

    def __init__(self, window_days: int = WINDOW_DAYS, kernels: Sequence[tuple[float, float]] = KERNELS,
                 refit_days: int = REFIT_DAYS, horizons: Sequence[int] = HORIZONS) -> None:
        self.window_days = window_days
        self.kernels = kernels
        self.refit_days = refit_days
        self.horizons = horizons

    def _validate_params(self) -> None:
        if int(self.window_days) < 1 or int(self.refit_days) < 1:
            raise ValueError("window_days and refit_days must be at least one day")
        if not len(self.horizons) or any(int(h) < 1 for h in self.horizons):
            raise ValueError("horizons must be one or more whole numbers of days")

    def history_since(self, as_of: Any):
        """First day of the history window that ends on `as_of`'s day."""
        return as_of_day(as_of) - timedelta(days=self.window_days - 1)

    def _model(self, key: str, times: np.ndarray, end: float, today: int) -> HawkesProcess:
        last = self.fits_.get(key)
        if last is not None and 0 <= today - last[0] < self.refit_days:
            return last[1].update(times, end)
        init = last[1].params_ if last is not None else None
        model = HawkesProcess(kernels=self.kernels, init=init).fit(times, end)
        self.fits_[key] = (today, model)
        return model

    def fit(self, frame: ThreadFrame, as_of: Any, threads: Sequence[Thread],
            add_days: Sequence[int] = ()) -> ThreadForecaster:
        """Each thread's Hawkes process as of `as_of`, from an already-read frame (it must cover
        `history_since(as_of)` to `as_of`): refitted where its last fit is `refit_days` old, else
        the last parameters on the new history. `add_days`: day numbers of events that belong to
        every thread but are not stored yet (the incident a report describes)."""
        self._validate_params()
        if not hasattr(self, "fits_"):
            self.fits_: dict[str, tuple[int, HawkesProcess]] = {}
        today = day_number(as_of_day(as_of))
        start = today - self.window_days + 1
        self.as_of_, self.threads_ = as_of, list(threads)
        self.averages_: dict[str, AkaikeAverage] = {}
        self.n_events_: dict[str, int] = {}
        for thread in threads:
            days = np.concatenate([frame.days[frame.mask(thread)], np.asarray(add_days, dtype=np.int64)])
            days = days[(days >= start) & (days <= today)]
            model = self._model(thread.key, spread_times(days, start), float(self.window_days), today)
            self.averages_[thread.key] = AkaikeAverage.of(model)
            self.n_events_[thread.key] = int(days.size)
        return self

    def probability_within(self, horizon: int) -> dict[str, float]:
        """Per thread key: P(at least one event within `horizon` days of the fitted day)."""
        return {key: model.probability_within(horizon) for key, model in self.averages_.items()}

    def expected_count(self, horizon: int) -> dict[str, float]:
        """Per thread key: the expected number of events within `horizon` days of the fitted day."""
        return {key: model.expected_count(horizon) for key, model in self.averages_.items()}

    def forecast_frame(self, frame: ThreadFrame, as_of: Any, threads: Sequence[Thread],
                       add_days: Sequence[int] = ()) -> dict[str, ThreadForecast]:
        """`fit`, then each thread's answers for every horizon as a `ThreadForecast`."""
        self.fit(frame, as_of, threads, add_days)
        out: dict[str, ThreadForecast] = {}
        for thread in self.threads_:
            average = self.averages_[thread.key]
            fc = ThreadForecast(thread=thread, as_of=as_of, n_events=self.n_events_[thread.key],
                                window_days=self.window_days, model=average.hawkes, hawkes_weight=average.weight)
            for h in self.horizons:
                fc.probability[h] = average.probability_within(h)
                fc.expected_count[h] = average.expected_count(h)
            out[thread.key] = fc
        return out

    def forecast(self, store: Store, as_of: Any, threads: Sequence[Thread],
                 add_days: Sequence[int] = ()) -> dict[str, ThreadForecast]:
        """Forecasts for each thread from what the store knew at `as_of` (one query for all threads)."""
        frame = read_threads(store, as_of, threads, since=self.history_since(as_of), until=as_of_day(as_of), also=())
        return self.forecast_frame(frame, as_of, threads, add_days)


def forecast_thread(store: Store, as_of: Any, thread: Thread, backtest: ForecastSkill | None = None) -> list[dict[str, Any]]:
    """The schema's forecasts (7 and 30 days) for one thread as of a date, as JSON."""
    fc = ThreadForecaster().forecast(store, as_of, [thread])[thread.key]
    return [f.to_dict() for f in fc.to_forecasts(backtest)]


@dataclass(slots=True)
class DyadForecast:
    """Two sides of a confrontation as one bivariate Hawkes process: 0 = the first thread's events
    (e.g. attacks on US forces), 1 = the second's (e.g. US strikes on the attackers)."""

    threads: tuple[Thread, Thread]
    as_of: Any
    counts: tuple[int, int]
    model: MultivariateHawkes
    probability: dict[int, tuple[float, float]] = field(default_factory=dict)
    expected_count: dict[int, tuple[float, float]] = field(default_factory=dict)

    @property
    def responses_per_event(self) -> tuple[float, float]:
        """alpha[1, 0]: events of side 1 each side-0 event triggers directly; alpha[0, 1]: the reverse."""
        return float(self.model.alpha_[1, 0]), float(self.model.alpha_[0, 1])


def dyad_forecast(store: Store, as_of: Any, first: Thread, second: Thread, window_days: int = 2 * WINDOW_DAYS,
                  horizons: Sequence[int] = HORIZONS, n_sims: int = 2000, seed: int = 0) -> DyadForecast:
    """Fit a bivariate Hawkes process to two threads as of a date (attacks and responses exciting
    each other), and forecast each side: expected counts exactly, P(at least one) by seeded
    Ogata-thinning simulation (the other side's events inside the horizon excite it too)."""
    today = as_of_day(as_of)
    start = day_number(today) - window_days + 1
    frame = read_threads(store, as_of, [first, second], since=today - timedelta(days=window_days - 1), until=today,
                         also=())
    times, marks = [], []
    for k, thread in enumerate((first, second)):
        t = spread_times(frame.days[frame.mask(thread)], start)
        times.append(t)
        marks.append(np.full(t.size, k))
    model = MultivariateHawkes(n_dims=2).fit(np.concatenate(times), np.concatenate(marks), float(window_days))
    out = DyadForecast(threads=(first, second), as_of=as_of, counts=(times[0].size, times[1].size), model=model)
    for h in horizons:
        sims = model.simulate(h, n_sims=n_sims, seed=seed)
        out.probability[h] = (float(np.mean(sims[:, 0] > 0)), float(np.mean(sims[:, 1] > 0)))
        exp = model.expected_count(h)
        out.expected_count[h] = (float(exp[0]), float(exp[1]))
    return out
