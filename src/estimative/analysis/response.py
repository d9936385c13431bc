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

Probabilities are calibrated as the backtest is (`calibrate`): a ridge logistic correction of the
two baselines' blend by the Hawkes probability and what preceded, fitted on earlier questions
whose answer was known, the blend's weights and the ridge chosen on them (`Calibration`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np

from estimative.analysis.hawkes import MultivariateHawkes
from estimative.model import Event

HORIZONS: tuple[int, ...] = (7, 30)
PAIR_DAYS = 30  # a strike by the responder within this many days of one on it is read as a response
WINDOW_DAYS = 730  # history a fit reads
MIN_DYAD_EVENTS = 10  # fewer strikes of the dyad than this: the model abstains (thin)
RESPONDER, OTHER = 0, 1  # marks: strikes by the responder's side / by the other side
_CLIP = 1e-4
REFIT_DAYS = 91  # a dyad's process is refitted this often in a rolling run
MIN_PRIOR = 3  # earlier strikes a dyad needs before its process is fitted (else the rates answer)


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


def _arrays(strikes: Sequence[Strike]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([s.day for s in strikes], dtype=float), np.array([s.by for s in strikes], dtype=int)


def dyad_base_rate(strikes: Sequence[Strike], day: float, by: int, horizon: int, n_dims: int = 2) -> float:
    """Share of the other side's earlier strikes (answer known by `day`) that were followed by a
    strike of side `by` within `horizon` days (smoothed): the dyad's trailing base rate."""
    return _base_rate(*_arrays(strikes), day, by, horizon, n_dims)


def _base_rate(days: np.ndarray, marks: np.ndarray, day: float, by: int, horizon: int, n_dims: int) -> float:
    mine = (marks == by) | (n_dims == 1)
    theirs = (marks != by) | (n_dims == 1)
    trig = days[theirs & (days >= day - WINDOW_DAYS) & (days + horizon <= day)]
    resp = days[mine & (days <= day)]
    nxt = np.searchsorted(resp, trig, side="right")
    hit = np.zeros(trig.size, dtype=bool)
    ok = nxt < resp.size
    hit[ok] = resp[nxt[ok]] <= trig[ok] + horizon
    return float((hit.sum() + 0.5) / (trig.size + 1.0))


def own_rate(strikes: Sequence[Strike], day: float, by: int, horizon: int, n_dims: int = 2) -> float:
    """P(side `by` strikes within `horizon`) from its trailing-year rate alone, whatever preceded."""
    return _own_rate(*_arrays(strikes), day, by, horizon, n_dims)


def _own_rate(days: np.ndarray, marks: np.ndarray, day: float, by: int, horizon: int, n_dims: int) -> float:
    n = int(np.sum(((marks == by) | (n_dims == 1)) & (days >= day - 365) & (days <= day)))
    return float(-np.expm1(-(n + 0.5) / 365.0 * horizon))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _CLIP, 1 - _CLIP)
    return np.log(p / (1 - p))


HISTORY_KEYS: tuple[str, ...] = ("mine_7", "mine_30", "since_mine", "dyad_n")


def features(p_model: Sequence[float], p_dyad: Sequence[float], p_own: Sequence[float],
             history: Sequence[dict[str, float]] | None = None) -> np.ndarray:
    """Columns: logits of the process, the dyad's base rate and the own rate, then log(1 + x) of
    what preceded (`_history`): the responder's strikes in the last 7 and 30 days, the days since
    its last one, the dyad's strikes in the window. Without `history` those columns are zero."""
    n = len(p_model)
    hist = np.array([[h[k] for k in HISTORY_KEYS] for h in history], dtype=float).reshape(n, len(HISTORY_KEYS)) \
        if history is not None else np.zeros((n, len(HISTORY_KEYS)))
    return np.column_stack([_logit(np.asarray(p_model, dtype=float)), _logit(np.asarray(p_dyad, dtype=float)),
                            _logit(np.asarray(p_own, dtype=float)), np.log1p(hist)])


def _offset(x: np.ndarray, blend: float = 0.5) -> np.ndarray:
    """The baselines' answer the calibration starts from: `blend` of the dyad rate's logit and the
    rest of the own rate's (0.5: their mean)."""
    return blend * x[:, 1] + (1 - blend) * x[:, 2]


# The dyad rate's weight in the baselines' blend is chosen among these on earlier answered questions
# (`Calibration.fit`): where a dyad's trailing answer rate says little (ACLED's many-actor dyads), the
# struck side's own rate carries the blend; where the dyad's history speaks, the dyad rate does.
BLEND_GRID: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


RIDGE_GRID: tuple[float, ...] = (1.0, 10.0, 100.0, float("inf"))  # inf: the baselines' blend alone
VALIDATION_DAYS = 365  # the calibration's ridge is chosen on the questions answered in the last year
MIN_FIT = 30  # answered questions each of the two slices needs before a ridge is chosen


@dataclass(slots=True)
class Calibration:
    """A logistic correction of the baselines' blend (`_offset`) by the process and what preceded,
    fitted on earlier answered questions only, with a ridge that pulls it back to the blend.

    The blend's weight on the dyad rate (BLEND_GRID) is the one whose blend alone scores best (log
    score) on those earlier answered questions: ACLED's dyad rates say little where its own rate
    says more (Sahel 7 d: the fixed half-and-half blend lost to the own rate, Brier 0.06753 against
    0.06670), and in the curated and UCDP records the dyad rate says more.

    The ridge is chosen on a time-respecting validation slice: among RIDGE_GRID, the one whose
    fit on the questions answered before the last VALIDATION_DAYS scores best (log score) on those
    answered within them; then it is refitted on all. Few answered questions, or a slice where no
    correction helps, leave the baselines' blend (ridge inf): where the model has little history,
    the baselines answer."""

    coef: np.ndarray | None = None  # intercept first, then one per standardised feature
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None
    ridge: float = float("inf")
    n: int = 0
    blend: float = 0.5  # the dyad rate's weight in the baselines' blend (`_offset`)

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, answered: np.ndarray | None = None, now: float | None = None
            ) -> Calibration:
        """Fit on questions `x`, answers `y`; `answered` (days their answers were known) and `now`
        define the validation slice. Without them, ridge 10."""
        if len(y) < MIN_FIT or y.min() == y.max():
            return cls(n=len(y))
        blend = max(BLEND_GRID, key=lambda w: _mean_log_score(_sigmoid(_offset(x, w)), y))
        ridge = 10.0
        if answered is not None and now is not None:
            ridge = cls._choose(x, y, answered < now - VALIDATION_DAYS, blend)
        return cls._fit(x, y, ridge, blend)

    @classmethod
    def _choose(cls, x: np.ndarray, y: np.ndarray, train: np.ndarray, blend: float) -> float:
        val = ~train
        if train.sum() < MIN_FIT or val.sum() < MIN_FIT or y[train].min() == y[train].max():
            return float("inf")
        scores = {r: _mean_log_score(cls._fit(x[train], y[train], r, blend).apply(x[val]), y[val])
                  for r in RIDGE_GRID}
        return max(scores, key=lambda r: scores[r])

    @classmethod
    def _fit(cls, x: np.ndarray, y: np.ndarray, ridge: float, blend: float) -> Calibration:
        if ridge == float("inf"):
            return cls(ridge=ridge, n=len(y), blend=blend)
        from scipy.optimize import minimize

        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
        z = np.column_stack([np.ones(len(y)), (x - mean) / scale])
        off = _offset(x, blend)

        def loss(b: np.ndarray) -> tuple[float, np.ndarray]:
            eta = off + z @ b
            nll = float(np.sum(y * np.logaddexp(0, -eta) + (1 - y) * np.logaddexp(0, eta)))
            return nll + ridge * float(b @ b), z.T @ (_sigmoid(eta) - y) + 2 * ridge * b

        b = minimize(loss, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
        return cls(b, mean, scale, ridge, len(y), blend)

    def apply(self, x: np.ndarray) -> np.ndarray:
        eta = _offset(x, self.blend)
        if self.coef is not None and self.mean is not None and self.scale is not None:
            eta = eta + self.coef[0] + ((x - self.mean) / self.scale) @ self.coef[1:]
        return np.clip(_sigmoid(eta), _CLIP, 1 - _CLIP)


def _mean_log_score(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, _CLIP, 1 - _CLIP)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def day_of(d: date) -> float:
    return float(d.toordinal())


# ------------------------------------------------------------------------------------ how many
COUNT_DAYS = 30
COUNT_LEVEL = 0.8  # the count's interval holds this share of outcomes


@dataclass(frozen=True, slots=True)
class CountForecast:
    """The responder's strikes within COUNT_DAYS: expected number and a COUNT_LEVEL interval, from
    the probability of any and the counts that followed the dyad's earlier answered strikes."""

    expected: float
    low: int
    high: int
    answered: int  # earlier questions answered by at least one strike that the counts rest on


def earlier_counts(days: np.ndarray, counts: np.ndarray, today: float) -> np.ndarray:
    """Counts (>= 1) of the responder's strikes after the dyad's earlier strikes whose COUNT_DAYS had
    passed by `today`, within WINDOW_DAYS: what an answer looked like when there was one."""
    known = (days + COUNT_DAYS < today) & (days >= today - WINDOW_DAYS) & (counts > 0)
    return counts[known]


def count_forecast(p_any: float, answered_counts: np.ndarray) -> CountForecast:
    """The count as a mixture: none with probability 1 - p_any, else a draw from the counts that
    followed earlier answered strikes (without any, a Poisson count with that probability of one
    or more). Its mean and the COUNT_LEVEL central interval."""
    p = float(min(max(p_any, 1e-6), 1 - 1e-6))
    lo_q, hi_q = (1 - COUNT_LEVEL) / 2, (1 + COUNT_LEVEL) / 2
    if answered_counts.size == 0:
        from scipy.stats import poisson

        lam = -np.log1p(-p)
        return CountForecast(lam, int(poisson.ppf(lo_q, lam)), int(poisson.ppf(hi_q, lam)), 0)

    def quantile(q: float) -> int:
        return 0 if q <= 1 - p else int(np.quantile(answered_counts, (q - (1 - p)) / p, method="inverted_cdf"))

    return CountForecast(p * float(answered_counts.mean()), quantile(lo_q), quantile(hi_q), int(answered_counts.size))


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
    sides = Sides.of(responder, perpetrator)
    out = [c for e in events if (c := _classified(e, sides)) is not None]
    theatre = {s.country for s, named in out if named}
    return sorted((s for s, named in out if named or s.country in theatre), key=lambda s: s.day)


_STRIKES: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], tuple[Strike, bool] | None] = {}


def _classified(e: Event, sides: Sides) -> tuple[Strike, bool] | None:
    """(the event as a strike of the dyad, whether its perpetrator is named), or None when it is
    not one; kept per (event revision, sides), so an ingest costs only the new revisions."""
    from estimative.analysis.threads import actor_families, event_perpetrator

    key = (e.id, str(e.known_from), sides.responder_families, sides.other_families)
    if key in _STRIKES:
        return _STRIKES[key]
    mine, theirs = set(sides.responder_families), set(sides.other_families)
    who = event_perpetrator(e)
    fams = set(actor_families(who)) if who else set()
    names, struck = _struck(e)
    by = None
    if fams & mine and set(struck) & theirs:
        by = RESPONDER
    elif set(struck) & mine and (fams & theirs or (who is None and not fams)):
        by = OTHER
    found = None if by is None else (Strike(e.id, day_of(e.date_start), by, e.country, e.admin1, names,
                                            tuple(w.cls for w in e.weapons), tuple(e.in_response_to)), who is not None)
    if len(_STRIKES) >= _CACHE_SIZE:
        _STRIKES.clear()
    _STRIKES[key] = found
    return found


# ------------------------------------------------------------------------------------ the forecast
@dataclass(slots=True)
class RedLineRecord:
    """A red line the incident crosses, and how the responder answered earlier crossings by the other side."""

    line: str
    description: str
    crossings: list[str]  # earlier strikes by the other side that crossed it
    answered: list[Pair]  # those the responder struck back within PAIR_DAYS
    level: str = "limited"


@dataclass(slots=True)
class ResponseForecast:
    """What the model says of the responder's answer, with the strikes and pairs each figure rests on."""

    sides: Sides
    dyad_events: int
    probability: dict[int, float]  # horizon -> P(at least one strike on the other side)
    hawkes_probability: dict[int, float]  # before the red lines: the calibrated process
    expected: dict[int, float]
    pairs: list[Pair]
    countries: list[Share]
    admin1: list[Share]
    against: list[Share]  # "the perpetrator itself" | "its family (...)" | "the wider grouping (...)"
    means: list[Share]
    red_lines: list[RedLineRecord]
    evidence: list[str]
    count: dict[int, CountForecast] = field(default_factory=dict)  # horizon -> expected number and interval


def _countries_named(strike: Strike, described: dict[str, str]) -> list[str]:
    """The strike's country and the countries its record's target description names."""
    return list(_countries_in(strike.country, described.get(strike.id, "")))


@lru_cache(maxsize=4096)
def _countries_in(country: str | None, description: str) -> tuple[str, ...]:
    """`country` and the countries `description` names (kept: a forecast after an ingest names the
    same responses again)."""
    import re

    from estimative.geo import country_of

    out = [country] if country else []
    for word in re.findall(r"[A-Z][a-z]+", description):
        iso = country_of(word)
        if iso and iso not in out:
            out.append(iso)
    return tuple(out)


def _tier(strike: Strike, sides: Sides) -> str:
    from estimative.analysis.threads import actor_families

    if sides.perpetrator in strike.target:
        return "the perpetrator itself"
    fams = {f for t in strike.target for f in actor_families(t)}
    own = sides.other_families[:1]
    if fams & set(own):
        return f"its family ({own[0]})"
    return f"the wider grouping ({', '.join(sides.other_families[1:]) or 'allies'})"


def gravest(records: list[RedLineRecord]) -> RedLineRecord | None:
    """The record that weighs: that of the gravest line crossed (by level; among equals, the one with
    the longer record)."""
    from estimative.analysis.escalation import LEVELS

    return max(records, key=lambda r: (LEVELS.index(r.level), len(r.crossings))) if records else None


def _red_line_shift(p30: float, records: list[RedLineRecord], weight: float = 1.0) -> float:
    """The 30-day probability with the responder's record after earlier crossings of the gravest
    line's level weighed in: a beta-binomial update whose prior is the process's probability,
    worth `weight` crossings."""
    top = gravest(records)
    if top is None or not top.crossings:
        return p30
    return (len(top.answered) + weight * p30) / (len(top.crossings) + weight)


def calibrated_now(strikes: list[Strike], today: float, hp: dict[int, float],
                   questions: list[Question] | None = None) -> dict[int, float]:
    """The responder's probabilities as the backtest makes them: the calibration fitted on the dyad's
    own questions (`dyad_questions`) answered before `today`, applied to today's process probability
    and rates."""
    questions = dyad_questions("dyad", strikes, 2) if questions is None else questions
    days, marks = _arrays(strikes)
    history = _history(days, marks, today, RESPONDER, 2)
    out = {}
    for h in HORIZONS:
        done = [q for q in questions if q.day + h < today]
        cal = Calibration.fit(question_features(done, h), np.array([q.y[h] for q in done], dtype=float),
                              np.array([q.day + h for q in done]), today)
        now = features([hp[h]], [_base_rate(days, marks, today, RESPONDER, h, 2)],
                       [_own_rate(days, marks, today, RESPONDER, h, 2)], [history])
        out[h] = float(cal.apply(now)[0])
    return out


@dataclass(frozen=True, slots=True)
class DyadFit:
    """What the process and the calibration say of the dyad on one day, before the red lines."""

    process: dict[int, float]  # horizon -> the process's probability
    calibrated: dict[int, float]  # horizon -> the calibrated probability
    answered_counts: np.ndarray  # `earlier_counts` of the dyad's questions


_FITS: dict[tuple[tuple[Strike, ...], float], DyadFit] = {}


def _dyad_fit(strikes: tuple[Strike, ...], today: float) -> DyadFit:
    """The fitted process and calibration of the dyad as of `today`, kept per (strikes, day): the
    strikes are the dyad's store fingerprint (ids, days, sides) over the window read."""
    key = (strikes, today)
    fit = _FITS.get(key)
    if fit is None:
        model = fit_dyad(strikes, today)
        hp = {h: strike_probability(model, RESPONDER, h) for h in HORIZONS}
        questions = dyad_questions("dyad", list(strikes), 2)
        mine = [q for q in questions if q.responder == RESPONDER]
        counts = earlier_counts(np.array([q.day for q in mine]), np.array([q.count for q in mine]), today)
        fit = DyadFit(hp, calibrated_now(list(strikes), today, hp, questions), counts)
        if len(_FITS) >= 256:
            _FITS.clear()
        _FITS[key] = fit
    return fit


def forecast(strikes: Sequence[Strike], sides: Sides, today: float, red_lines: list[RedLineRecord],
             described: dict[str, str] | None = None) -> ResponseForecast:
    """The responder's likely answer as of `today` (day number; strikes up to it only)."""
    strikes = [s for s in strikes if s.day <= today]
    fit = _dyad_fit(tuple(strikes), today)
    pairs = response_pairs(strikes)
    by_id = {s.id: s for s in strikes}
    responses = [by_id[p.response] for p in pairs]
    described = described or {}
    base = dict(fit.calibrated)
    p = dict(base)
    shifted = _red_line_shift(base[30], red_lines)
    if shifted != base[30]:
        p = {h: min(0.99, max(0.01, base[h] * shifted / base[30])) for h in HORIZONS}
    count = count_forecast(p[30], fit.answered_counts)
    return ResponseForecast(
        sides, len(strikes), p, base, {COUNT_DAYS: count.expected}, pairs,
        distribution([(c, r.id) for r in responses for c in _countries_named(r, described)]),
        distribution([(r.admin1, r.id) for r in responses]),
        distribution([(_tier(r, sides), r.id) for r in responses]),
        distribution([(w, r.id) for r in responses for w in r.weapons]),
        red_lines, [x for p_ in pairs for x in (p_.trigger, p_.response)], {COUNT_DAYS: count})


# ------------------------------------------------------------------------------------ an incident
def responder_of(event: Event) -> str | None:
    """The struck side's forces: the first target affiliation that is a state (its forces) or a
    state-force actor id."""
    from estimative.analysis.threads import state_forces
    from estimative.knowledge import registry

    reg = registry()
    for t in event.targets:
        for a in t.affiliations:
            if a in state_forces():
                return state_forces()[a]
            actor = reg.get(a) if a in reg else None
            if actor is not None and actor.kind == "state_force":
                return actor.id
    return None


def kindred(a: dict, b: dict) -> bool:
    """Two red lines of the same kind: the same line, or both a loss of life of the same nation
    (a service member and a contractor killed are one threshold: loss of life)."""
    if a["id"] == b["id"]:
        return True
    return ("min_killed" in a and "min_killed" in b and a.get("casualty_country") is not None
            and a.get("casualty_country") == b.get("casualty_country"))


def _red_line_records(event: Event, strikes: list[Strike], events: dict[str, Event], store: Any, as_of: Any,
                      fingerprint: int = 0) -> list[RedLineRecord]:
    """Each red line the incident crosses, with the other side's earlier strikes that crossed it or
    a kindred line, and those the responder answered within PAIR_DAYS. Only the kindred lines are
    tested on the earlier strikes; each test is kept per (strike revision, line, as-of day, the
    fingerprint of the two sides' events read)."""
    from estimative.analysis.escalation import red_lines

    lines = red_lines()
    now = [line for line in lines if _crossed_once(line, event, store, as_of, fingerprint)]
    if not now:
        return []
    kin = [other for other in lines if any(kindred(line, other) for line in now)]
    earlier = [s for s in strikes if s.by == OTHER and s.id in events and s.id != event.id]
    crossed_by = {s.id: [o["id"] for o in kin if _crossed_once(o, events[s.id], store, as_of, fingerprint)]
                  for s in earlier}
    answered_by = {p.trigger: p for p in response_pairs(strikes)}
    by_line = {line["id"]: line for line in lines}
    out = []
    for line in now:
        ids = [s.id for s in earlier if any(kindred(line, by_line[o]) for o in crossed_by[s.id])]
        out.append(RedLineRecord(line["id"], line.get("description", ""), ids,
                                 [answered_by[i] for i in ids if i in answered_by], line["level"]))
    return out


_CROSSED: dict[tuple[str, str, str, str, int], bool] = {}
_CACHE_SIZE = 50_000


def _crossed_once(line: dict[str, Any], e: Event, store: Any, as_of: Any, fingerprint: int) -> bool:
    """`escalation.crossed`, kept per (event, its revision, line, as-of time, `fingerprint`: the
    hash of the two sides' events read, whose change may change the answer)."""
    from estimative.analysis.escalation import crossed

    key = (e.id, str(e.known_from), line["id"], str(as_of), fingerprint)
    if key not in _CROSSED:
        if len(_CROSSED) >= _CACHE_SIZE:
            _CROSSED.clear()
        _CROSSED[key] = crossed(line, e, store, as_of) is not None
    return _CROSSED[key]


def side_codes(families: Sequence[str]) -> tuple[list[str], list[str]]:
    """(actor ids of a side, the values a target affiliation of that side can take: those ids and
    the ISO3 codes whose state forces belong to it); kept per families (the knowledge files are
    read once per process)."""
    ids, codes = _side_codes(tuple(families))
    return list(ids), list(codes)


@lru_cache(maxsize=256)
def _side_codes(families: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from estimative.analysis.threads import state_forces
    from estimative.knowledge import registry

    fams = set(families)
    ids = sorted(a.id for a in registry().actors if fams & set(actor_families(a.id)))
    isos = sorted(iso for iso, forces in state_forces().items() if forces in ids)
    return tuple(ids), tuple(ids + isos)


def actor_families(actor: str) -> tuple[str, ...]:
    from estimative.analysis.threads import actor_families as families

    return families(actor)


def store_fingerprint(store: Any) -> tuple[Any, ...]:
    """(runs, last run id, when the last run finished) of the store's ingest record: every write
    to the events is an ingest run, recorded in the same transaction (stored data is only added
    to or superseded, never deleted), so any ingest changes it, and the finish time tells two
    stores apart. One aggregate of a small table, not of the events."""
    return tuple(store.cursor().execute(
        "SELECT count(*), max(run_id), max(finished_at) FROM ingest_runs").fetchone())


_CANDIDATES: dict[tuple[Any, ...], list[tuple[str, Any, date]]] = {}


def dyad_rows(store: Any, sides: Sides, since: date, until: date, as_of: Any,
              fingerprint: tuple[Any, ...] | None = None) -> list[tuple[str, Any, date]]:
    """(event id, known_from, date_start) of the current revisions (as of `as_of`) of every stored event between
    `since` and `until` that may be a strike of the dyad: by an actor of either side, or on a target
    of the responder's side; `dyad_strikes` then keeps the dyad's own. Read from the store's table
    of who struck whom (`store.dyads.candidates`: the window's row groups of a few narrow columns,
    not a scan of the events), kept per (sides, window, as-of, `store_fingerprint`)."""
    from estimative.store import dyads

    fingerprint = store_fingerprint(store) if fingerprint is None else fingerprint
    key = (sides.responder_families, sides.other_families, since, until, str(as_of), fingerprint)
    rows = _CANDIDATES.get(key)
    if rows is None:
        actors = sorted(set(side_codes(sides.responder_families)[0]) | set(side_codes(sides.other_families)[0]))
        struck = side_codes(sides.responder_families)[1]
        clause, as_of_params = store.as_of_clause(as_of)
        rows = dyads.candidates(store.cursor(), actors, struck, since, until, clause, as_of_params)
        if len(_CANDIDATES) >= 64:
            _CANDIDATES.clear()
        _CANDIDATES[key] = rows
    return rows


def assess_incident(event: Event, perpetrator: str | None, store: Any, as_of: Any, stored_id: str | None = None
                    ) -> tuple[ResponseForecast | None, Sides | None, int]:
    """The response forecast for the struck side of `event` (None when the sides cannot be told or
    the dyad has fewer than MIN_DYAD_EVENTS strikes), its sides and the dyad's event count.

    Reads only the dyad's candidate events (`dyad_rows`, then their records by id), kept per store
    fingerprint (`_dyad_read`); the fitted process and calibration are kept per (the dyad's strikes,
    the day) (`_dyad_fit`), so a second forecast on an unchanged store reads one aggregate and
    refits nothing."""
    from estimative.store import EventFilter

    responder = responder_of(event)
    if not responder or not perpetrator or responder == perpetrator:
        return None, None, 0
    sides = Sides.of(responder, perpetrator)
    if not sides.responder_families or not sides.other_families:
        return None, sides, 0
    since = event.date_start - timedelta(days=WINDOW_DAYS)
    fingerprint = store_fingerprint(store)
    stored, strikes, sides_print = _dyad_read(store, sides, since, event.date_start, as_of, fingerprint)
    by_id = {e.id: e for e in stored}
    current = by_id.get(stored_id) if stored_id else None
    if current is None:  # a stored event the window missed, or a report's incident not stored
        current = (store.events(as_of=as_of, flt=EventFilter(ids=[stored_id])) or [event])[0] if stored_id else event
        stored = [*stored, current]
        by_id[current.id] = current
        strikes = dyad_strikes(stored, responder, perpetrator)
    if current.id not in {s.id for s in strikes}:
        strikes = sorted([*strikes, Strike(current.id, day_of(current.date_start), OTHER, current.country,
                                           current.admin1)], key=lambda s: s.day)
    if len(strikes) < MIN_DYAD_EVENTS:
        return None, sides, len(strikes)
    records = _red_line_records(current, strikes, by_id, store, as_of, hash((sides_print, current.id)))
    described = {e.id: " ".join(t.description or "" for t in e.targets) for e in stored}
    return forecast(strikes, sides, day_of(event.date_start), records, described), sides, len(strikes)


_READS: dict[tuple[Any, ...], tuple[list[Event], list[Strike], int]] = {}


def _dyad_read(store: Any, sides: Sides, since: date, until: date, as_of: Any, fingerprint: tuple[Any, ...]
               ) -> tuple[list[Event], list[Strike], int]:
    """The dyad's stored events in the window, its strikes among them, and the hash of the
    candidate rows (ids and revisions) from escalation.NEW_COUNTRY_LOOKBACK_DAYS before the window
    on: the events a red-line test of a strike in the window reads (those by either side or on
    the responder's side), so its kept answers outlive an ingest that touches neither side. Kept
    per (sides, window, as-of, store fingerprint)."""
    from estimative.analysis.escalation import NEW_COUNTRY_LOOKBACK_DAYS
    from estimative.store import EventFilter

    key = (sides.responder, sides.perpetrator, since, until, str(as_of), fingerprint)
    found = _READS.get(key)
    if found is None:
        rows = dyad_rows(store, sides, since - timedelta(days=NEW_COUNTRY_LOOKBACK_DAYS), until, as_of, fingerprint)
        window = [(i, k) for i, k, d in rows if d >= since]
        stored = _records(store, window, as_of, EventFilter) if window else []
        found = (stored, dyad_strikes(stored, sides.responder, sides.perpetrator),
                 hash(tuple((i, str(k)) for i, k, _ in rows)))
        if len(_READS) >= 256:
            _READS.clear()
        _READS[key] = found
    return list(found[0]), list(found[1]), found[2]


_EVENTS: dict[tuple[str, str], Event] = {}


def _records(store: Any, rows: list[tuple[str, Any]], as_of: Any, flt: Any) -> list[Event]:
    """The events of these (id, known_from) rows, as of `as_of`; each revision read once per process
    (kept in _EVENTS; a local copy answers, so another thread clearing the cache loses nothing)."""
    found = {(i, str(k)): _EVENTS.get((i, str(k))) for i, k in rows}
    missing = [key[0] for key, e in found.items() if e is None]
    if missing:
        if len(_EVENTS) + len(missing) > _CACHE_SIZE:
            _EVENTS.clear()
        for e in store.events(as_of=as_of, flt=flt(ids=missing), newest_first=False):
            found[(e.id, str(e.known_from))] = _EVENTS[(e.id, str(e.known_from))] = e
    return [e for e in found.values() if e is not None]


# ------------------------------------------------------------------------------------ rolling questions
@dataclass(slots=True)
class Question:
    dyad: str
    day: float
    responder: int
    n_dims: int
    y: dict[int, int]
    p: dict[str, dict[int, float]]  # "hawkes" | "dyad_rate" | "own_rate" -> horizon -> probability
    where_true: str | None
    where_model: list[str]
    where_base: list[str]
    history: dict[str, float] = field(default_factory=dict)  # what preceded: see `_history`
    count: int = 0  # the responder's strikes within COUNT_DAYS after the question day


def _excitation(beta: float, days: np.ndarray, marks: np.ndarray, end: float, n_dims: int) -> np.ndarray:
    keep = days > end - WINDOW_DAYS
    dec = np.exp(-beta * (end - days[keep]))
    return np.bincount(marks[keep], weights=dec, minlength=n_dims)


def _hawkes_p(model: MultivariateHawkes, exc: np.ndarray, dim: int, horizon: int) -> float:
    lam0 = model.mu_[dim] * horizon + float(model.alpha_[dim] @ exc) * -np.expm1(-model.beta_ * horizon)
    return float(-np.expm1(-lam0))


WHERE_HALF_LIFE = 120.0  # days: a past strike's weight in where the next response falls halves in this time
WHERE_STRUCK = 0.5  # the struck admin-1's extra weight, in units of a fresh responder strike
WHERE_OTHER = 1.0  # a strike by the other side counts for this much of one by the responder


def where_ranked(past: Sequence[Strike], responder: int, struck: Strike, n_dims: int, k: int = 3) -> list[str]:
    """The k admin-1 areas most likely to see the responder's next strike: the dyad's strikes of
    the past year weighed by recency (half-life WHERE_HALF_LIFE days), the responder's own at full
    weight and the other side's at WHERE_OTHER, and the struck area's extra WHERE_STRUCK."""
    score: Counter[str] = Counter()
    for x in past:
        if x.admin1:
            w = 1.0 if (x.by == responder or n_dims == 1) else WHERE_OTHER
            score[x.admin1] += w * 0.5 ** ((struck.day - x.day) / WHERE_HALF_LIFE)
    if struck.admin1:
        score[struck.admin1] += WHERE_STRUCK
    return [v for v, _ in score.most_common(k)]


def _ranked(counter: Counter[str], first: str | None = None) -> list[str]:
    out = [first] if first else []
    return (out + [v for v, _ in counter.most_common(4) if v != first])[:3]


def _history(days: np.ndarray, marks: np.ndarray, day: float, by: int, n_dims: int) -> dict[str, float]:
    """What preceded a question: the responder's strikes in the last 7 and 30 days, the days since
    its last strike (capped at a year), and the dyad's strikes in the window (its history's size)."""
    mine = ((marks == by) | (n_dims == 1)) & (days <= day)
    last = days[mine].max() if mine.any() else day - 365
    return {"mine_7": float(np.sum(mine & (days > day - 7))), "mine_30": float(np.sum(mine & (days > day - 30))),
            "since_mine": float(min(day - last, 365.0)),
            "dyad_n": float(np.sum((days <= day) & (days > day - WINDOW_DAYS)))}


def dyad_questions(name: str, strikes: list[Strike], n_dims: int) -> list[Question]:
    """Every question of one dyad, each answered from the record up to its day."""
    days = np.array([s.day for s in strikes])
    marks = np.array([s.by for s in strikes], dtype=int)
    # spread same-day strikes inside their day so the fit sees an order, not ties
    spread = days + np.concatenate([[0], np.cumsum(np.diff(days) == 0)]) % 50 / 60.0
    out: list[Question] = []
    model, fitted_at = None, -1e9
    seen: set[tuple[float, int]] = set()
    for s in strikes:
        responder = 0 if n_dims == 1 else 1 - s.by
        if (s.day, responder) in seen:
            continue
        seen.add((s.day, responder))
        upto = days <= s.day
        if s.day - fitted_at >= REFIT_DAYS and int((days < s.day).sum()) >= MIN_PRIOR:
            model, fitted_at = fit_dyad(strikes[:int(np.searchsorted(days, s.day))], s.day - 1, n_dims), s.day
        later = (days > s.day) & ((marks == responder) | (n_dims == 1))
        y = {h: int(np.any(later & (days <= s.day + h))) for h in HORIZONS}
        p: dict[str, dict[int, float]] = {"hawkes": {}, "dyad_rate": {}, "own_rate": {}}
        exc = _excitation(model.beta_, spread[upto], marks[upto], s.day + 1, n_dims) if model else None
        for h in HORIZONS:
            p["dyad_rate"][h] = _base_rate(days, marks, s.day, responder, h, n_dims)
            p["own_rate"][h] = _own_rate(days, marks, s.day, responder, h, n_dims)
            p["hawkes"][h] = _hawkes_p(model, exc, responder, h) if model else p["own_rate"][h]
        first_later = int(np.argmax(later)) if later.any() else None
        where_true = strikes[first_later].admin1 if y[30] and first_later is not None else None
        past = strikes[int(np.searchsorted(days, s.day - 365, side="right")):int(np.searchsorted(days, s.day, "right"))]
        base_places = Counter(x.admin1 for x in past if x.admin1)
        out.append(Question(name, s.day, responder, n_dims, y, p, where_true,
                            where_ranked(past, responder, s, n_dims), _ranked(base_places),
                            _history(days, marks, s.day, responder, n_dims),
                            int(np.sum(later & (days <= s.day + COUNT_DAYS)))))
    return out


def question_features(questions: Sequence[Question], horizon: int) -> np.ndarray:
    """The calibration's features (`features`) of each question at one horizon."""
    return features([q.p["hawkes"][horizon] for q in questions], [q.p["dyad_rate"][horizon] for q in questions],
                    [q.p["own_rate"][horizon] for q in questions], [q.history for q in questions])


def calibrate(questions: list[Question], horizon: int) -> np.ndarray:
    """The model's probability for each question: the calibration refitted every REFIT_DAYS on the
    questions answered before the refit day, its ridge chosen on those answered in the year before
    (time order throughout)."""
    qs = sorted(range(len(questions)), key=lambda k: questions[k].day)
    x = question_features([questions[k] for k in qs], horizon)
    y = np.array([questions[k].y[horizon] for k in qs], dtype=float)
    day = np.array([questions[k].day for k in qs])
    out = np.empty(len(qs))
    cal, fitted_at = Calibration(), -1e9
    for j in range(len(qs)):
        if day[j] - fitted_at >= REFIT_DAYS:
            known = day + horizon < day[j]
            cal, fitted_at = Calibration.fit(x[known], y[known], day[known] + horizon, day[j]), day[j]
        out[j] = cal.apply(x[j:j + 1])[0]
    result = np.empty(len(qs))
    result[qs] = out
    return result
