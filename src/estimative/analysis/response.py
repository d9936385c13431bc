"""The likely response: will the struck side strike back, how soon, where, against whom, by what means.

A dyad is a pair of sides; its strikes in both directions are one bivariate Hawkes process
(`hawkes.MultivariateHawkes`, fitted by maximum likelihood like the thread models), and the
cross-excitation alpha[responder, perpetrator] is the measured response: how many strikes by
the responder one strike by the other side sets off. As of a date the model gives the
probability that the responder strikes the other side within 7 and 30 days and the number of
such strikes expected; the past response pairs (a strike, and the responder's next strike on
the other side within 30 days, or the strike the record links as its answer) give where,
against whom and by what means. Every figure names the pairs it rests on.

A side is a set of actor families from the knowledge files (`threads.actor_families`): the
struck side is the family of the target's forces (USA -> "US and coalition forces"), the other
side every family of the perpetrator (its own, e.g. "Iran-aligned militias in Iraq", and the
wider grouping, e.g. "Axis of Resistance"). An attack on the struck side whose perpetrator the
record leaves unnamed counts for the other side only inside the dyad's theatre (the countries
where an attributed strike of the dyad took place).

Probabilities are calibrated as the backtest is (`calibrated`): a logistic map from the Hawkes
probability and the two baselines, fitted on earlier questions whose answer was known.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from estimative.analysis.hawkes import MultivariateHawkes
from estimative.model import Event

HORIZONS: tuple[int, ...] = (7, 30)
PAIR_DAYS = 30  # a strike by the responder within this many days of one on it is read as a response
WINDOW_DAYS = 730  # history a fit reads
MIN_DYAD_EVENTS = 10  # fewer strikes of the dyad than this: the model abstains (thin)
RESPONDER, OTHER = 0, 1  # marks: strikes by the responder's side / by the other side
_CLIP = 1e-4


@dataclass(frozen=True, slots=True)
class Strike:
    """One strike of a dyad: who struck (`by`: RESPONDER or OTHER), when (day number), where, whom."""

    id: str
    day: float
    by: int
    country: str | None = None
    admin1: str | None = None
    target: tuple[str, ...] = ()  # the struck actors' ids or names
    weapons: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()  # ids of strikes the record says this one answered


@dataclass(frozen=True, slots=True)
class Pair:
    """A past response: the other side's strike and the responder's answer."""

    trigger: str
    response: str
    days: float


@dataclass(slots=True)
class Share:
    """One value of a distribution (a place, a target tier, a weapon class) and the responses it rests on."""

    value: str
    share: float
    responses: list[str] = field(default_factory=list)


def response_pairs(strikes: Sequence[Strike], days: int = PAIR_DAYS) -> list[Pair]:
    """Each responder strike paired with the strike it answered: the one the record links, else the
    latest strike by the other side within `days` before it."""
    by_id = {s.id: s for s in strikes}
    ordered = sorted(strikes, key=lambda s: s.day)
    out: list[Pair] = []
    last_other: Strike | None = None
    for s in ordered:
        if s.by == OTHER:
            last_other = s
            continue
        linked = [by_id[a] for a in s.answers if a in by_id and by_id[a].by == OTHER]
        trig = linked[-1] if linked else last_other
        if trig is not None and 0 <= s.day - trig.day <= days:
            out.append(Pair(trig.id, s.id, s.day - trig.day))
    return out


def distribution(values: Sequence[tuple[str | None, str]]) -> list[Share]:
    """(value, response id) pairs -> shares, largest first; unknown values left out."""
    counts: Counter[str] = Counter(v for v, _ in values if v)
    total = sum(counts.values())
    return [Share(v, n / total, [rid for val, rid in values if val == v]) for v, n in counts.most_common()]


def fit_dyad(strikes: Sequence[Strike], end_day: float, n_dims: int = 2) -> MultivariateHawkes:
    """The dyad's bivariate Hawkes process, fitted on its strikes of the last WINDOW_DAYS before `end_day`."""
    start = end_day - WINDOW_DAYS
    kept = [s for s in strikes if start <= s.day <= end_day]
    times = np.array([s.day - start for s in kept], dtype=float)
    marks = np.array([min(s.by, n_dims - 1) for s in kept], dtype=int)
    return MultivariateHawkes(n_dims=n_dims, beta_bounds=(0.01, 5.0), maxiter=150).fit(
        times, marks, end=float(end_day - start) + 1e-6)


def strike_probability(model: MultivariateHawkes, dim: int, horizon: float) -> float:
    """P(at least one strike of `dim` within `horizon`) from its own compensator given the history
    (the excitation by strikes inside the horizon left out: a lower bound the calibration corrects)."""
    exc = model._excitation()
    lam0 = model.mu_[dim] * horizon + float(model.alpha_[dim] @ exc) * -np.expm1(-model.beta_ * horizon)
    return float(-np.expm1(-lam0))


def dyad_base_rate(strikes: Sequence[Strike], day: float, by: int, horizon: int, n_dims: int = 2) -> float:
    """Share of the other side's earlier strikes (answer known by `day`) that were followed by a
    strike of side `by` within `horizon` days (smoothed): the dyad's trailing base rate."""
    start = day - WINDOW_DAYS
    trig = [s.day for s in strikes if s.by != by or n_dims == 1]
    resp = np.array(sorted(s.day for s in strikes if s.by == by or n_dims == 1))
    hit = n = 0
    for t in trig:
        if start <= t and t + horizon <= day:
            n += 1
            i = int(np.searchsorted(resp, t, side="right"))
            hit += int(i < resp.size and resp[i] <= t + horizon)
    return (hit + 0.5) / (n + 1.0)


def own_rate(strikes: Sequence[Strike], day: float, by: int, horizon: int, n_dims: int = 2) -> float:
    """P(side `by` strikes within `horizon`) from its trailing-year rate alone, whatever preceded."""
    n = sum(1 for s in strikes if (s.by == by or n_dims == 1) and day - 365 <= s.day <= day)
    return float(-np.expm1(-(n + 0.5) / 365.0 * horizon))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _CLIP, 1 - _CLIP)
    return np.log(p / (1 - p))


def features(p_model: Sequence[float], p_dyad: Sequence[float], p_own: Sequence[float]) -> np.ndarray:
    return np.column_stack([_logit(np.asarray(p_model)), _logit(np.asarray(p_dyad)), _logit(np.asarray(p_own))])


@dataclass(slots=True)
class Calibration:
    """A logistic map from (Hawkes probability, dyad base rate, own rate) to the answer, fitted on
    earlier questions only; `None` coefficients (too few questions) pass the Hawkes probability through."""

    coef: np.ndarray | None = None
    intercept: float = 0.0
    n: int = 0

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, min_n: int = 100) -> Calibration:
        if len(y) < min_n or y.min() == y.max():
            return cls(n=len(y))
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=1.0, max_iter=200).fit(x, y)
        return cls(lr.coef_[0].copy(), float(lr.intercept_[0]), len(y))

    def apply(self, x: np.ndarray) -> np.ndarray:
        if self.coef is None:
            return np.clip(1 / (1 + np.exp(-x[:, 0])), _CLIP, 1 - _CLIP)
        return 1 / (1 + np.exp(-(x @ self.coef + self.intercept)))


def day_of(d: date) -> float:
    return float(d.toordinal())


# ------------------------------------------------------------------------------------ sides
@dataclass(frozen=True, slots=True)
class Sides:
    """The responder's families, and the other side's: its own family first, then the wider grouping."""

    responder: str
    perpetrator: str
    responder_families: tuple[str, ...]
    other_families: tuple[str, ...]

    @classmethod
    def of(cls, responder: str, perpetrator: str) -> Sides:
        from estimative.analysis.threads import actor_families

        return cls(responder, perpetrator, actor_families(responder), actor_families(perpetrator))


def _struck(e: Event) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(ids or names struck, their families) of an event."""
    from estimative.analysis.threads import actor_families, target_families

    names = [a for t in e.targets for a in t.affiliations] + [r.id or r.name for r in e.targets_actors]
    fams = list(target_families(tuple(a for t in e.targets for a in t.affiliations), e.target_type))
    for r in e.targets_actors:
        fams += [f for f in actor_families(r.id or r.name) if f not in fams]
    return tuple(dict.fromkeys(names)), tuple(fams)


def dyad_strikes(events: Sequence[Event], responder: str, perpetrator: str) -> list[Strike]:
    """The strikes between the responder's side and the perpetrator's side (both actor ids), in
    time order. An unattributed attack on the responder counts for the other side in the theatre only."""
    from estimative.analysis.threads import actor_families, event_perpetrator

    sides = Sides.of(responder, perpetrator)
    mine, theirs = set(sides.responder_families), set(sides.other_families)
    out: list[tuple[Strike, bool]] = []
    for e in events:
        who = event_perpetrator(e)
        fams = set(actor_families(who)) if who else set()
        names, struck = _struck(e)
        by = None
        if fams & mine and set(struck) & theirs:
            by = RESPONDER
        elif set(struck) & mine and (fams & theirs or (who is None and not fams)):
            by = OTHER
        if by is not None:
            out.append((Strike(e.id, day_of(e.date_start), by, e.country, e.admin1, names,
                               tuple(w.cls for w in e.weapons), tuple(e.in_response_to)), who is not None))
    theatre = {s.country for s, named in out if named}
    return sorted((s for s, named in out if named or s.country in theatre), key=lambda s: s.day)
