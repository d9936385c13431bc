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


def features(p_model: Sequence[float], p_dyad: Sequence[float], p_own: Sequence[float]) -> np.ndarray:
    return np.column_stack([_logit(np.asarray(p_model)), _logit(np.asarray(p_dyad)), _logit(np.asarray(p_own))])


@dataclass(slots=True)
class Calibration:
    """A logistic map from (Hawkes probability, dyad base rate, own rate) to the answer, fitted on
    earlier questions only; `None` coefficients (too few questions) pass the dyad's base rate through."""

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
        if self.coef is None:  # too few answered questions to fit: the dyad's own trailing rate
            return np.clip(1 / (1 + np.exp(-x[:, 1])), _CLIP, 1 - _CLIP)
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


def _countries_named(strike: Strike, described: dict[str, str]) -> list[str]:
    """The strike's country and the countries its record's target description names."""
    import re

    from estimative.geo import country_of

    out = [strike.country] if strike.country else []
    for word in re.findall(r"[A-Z][a-z]+", described.get(strike.id, "")):
        iso = country_of(word)
        if iso and iso not in out:
            out.append(iso)
    return out


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


def calibrated_now(strikes: list[Strike], today: float, hp: dict[int, float]) -> dict[int, float]:
    """The responder's probabilities as the backtest makes them: the calibration fitted on the dyad's
    own questions answered before `today`, applied to today's process probability and rates."""
    questions = dyad_questions("dyad", strikes, 2)
    out = {}
    for h in HORIZONS:
        done = [q for q in questions if q.day + h < today]
        x = features([q.p["hawkes"][h] for q in done], [q.p["dyad_rate"][h] for q in done],
                     [q.p["own_rate"][h] for q in done])
        cal = Calibration.fit(x, np.array([q.y[h] for q in done], dtype=float))
        now = features([hp[h]], [dyad_base_rate(strikes, today, RESPONDER, h)], [own_rate(strikes, today, RESPONDER, h)])
        out[h] = float(cal.apply(now)[0])
    return out


def _scaled_count(count: float, p_process: float, p_final: float) -> float:
    """The process's expected count carried to the final probability: scaled by the ratio of the
    compensators -log(1 - p) (a Poisson count with that probability of at least one)."""
    lo = -np.log1p(-min(p_process, 0.999))
    return count * (-np.log1p(-min(p_final, 0.999))) / lo if lo > 0 else -np.log1p(-min(p_final, 0.999))


def forecast(strikes: Sequence[Strike], sides: Sides, today: float, red_lines: list[RedLineRecord],
             described: dict[str, str] | None = None) -> ResponseForecast:
    """The responder's likely answer as of `today` (day number; strikes up to it only)."""
    strikes = [s for s in strikes if s.day <= today]
    model = fit_dyad(strikes, today)
    hp = {h: strike_probability(model, RESPONDER, h) for h in HORIZONS}
    counts = model.expected_count(30.0)
    pairs = response_pairs(strikes)
    by_id = {s.id: s for s in strikes}
    responses = [by_id[p.response] for p in pairs]
    described = described or {}
    base = calibrated_now(strikes, today, hp)
    p = dict(base)
    shifted = _red_line_shift(base[30], red_lines)
    if shifted != base[30]:
        p = {h: min(0.99, max(0.01, base[h] * shifted / base[30])) for h in HORIZONS}
    return ResponseForecast(
        sides, len(strikes), p, base, {30: _scaled_count(float(counts[RESPONDER]), hp[30], p[30])}, pairs,
        distribution([(c, r.id) for r in responses for c in _countries_named(r, described)]),
        distribution([(r.admin1, r.id) for r in responses]),
        distribution([(_tier(r, sides), r.id) for r in responses]),
        distribution([(w, r.id) for r in responses for w in r.weapons]),
        red_lines, [x for p_ in pairs for x in (p_.trigger, p_.response)])


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


def _red_line_records(event: Event, strikes: list[Strike], events: dict[str, Event], store, as_of) -> list[RedLineRecord]:
    """Each red line the incident crosses, with the other side's earlier strikes that crossed it or
    a kindred line, and those the responder answered within PAIR_DAYS."""
    from estimative.analysis.escalation import crossed, red_lines

    lines = red_lines()
    earlier = [s for s in strikes if s.by == OTHER and s.id in events and s.id != event.id]
    crossed_by = {s.id: [line for line in lines if crossed(line, events[s.id], store, as_of)] for s in earlier}
    answered_by = {p.trigger: p for p in response_pairs(strikes)}
    out = []
    for line in lines:
        if not crossed(line, event, store, as_of):
            continue
        ids = [s.id for s in earlier if any(kindred(line, other) for other in crossed_by[s.id])]
        out.append(RedLineRecord(line["id"], line.get("description", ""), ids,
                                 [answered_by[i] for i in ids if i in answered_by], line["level"]))
    return out


def assess_incident(event: Event, perpetrator: str | None, store, as_of, stored_id: str | None = None
                    ) -> tuple[ResponseForecast | None, Sides | None, int]:
    """The response forecast for the struck side of `event` (None when the sides cannot be told or
    the dyad has fewer than MIN_DYAD_EVENTS strikes), its sides and the dyad's event count."""
    from datetime import timedelta

    from estimative.store import EventFilter

    responder = responder_of(event)
    if not responder or not perpetrator or responder == perpetrator:
        return None, None, 0
    sides = Sides.of(responder, perpetrator)
    if not sides.responder_families or not sides.other_families:
        return None, sides, 0
    since = event.date_start - timedelta(days=WINDOW_DAYS)
    stored = store.events(as_of=as_of, flt=EventFilter(since=since, until=event.date_start))
    by_id = {e.id: e for e in stored}
    current = by_id.get(stored_id) if stored_id else None
    if current is None:
        current = event
        stored.append(event)
        by_id[event.id] = event
    strikes = dyad_strikes(stored, responder, perpetrator)
    if current.id not in {s.id for s in strikes}:
        strikes.append(Strike(current.id, day_of(current.date_start), OTHER, current.country, current.admin1))
        strikes.sort(key=lambda s: s.day)
    if len(strikes) < MIN_DYAD_EVENTS:
        return None, sides, len(strikes)
    records = _red_line_records(current, strikes, by_id, store, as_of)
    described = {e.id: " ".join(t.description or "" for t in e.targets) for e in stored}
    return forecast(strikes, sides, day_of(event.date_start), records, described), sides, len(strikes)


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


def _excitation(beta: float, days: np.ndarray, marks: np.ndarray, end: float, n_dims: int) -> np.ndarray:
    keep = days > end - WINDOW_DAYS
    dec = np.exp(-beta * (end - days[keep]))
    return np.bincount(marks[keep], weights=dec, minlength=n_dims)


def _hawkes_p(model: MultivariateHawkes, exc: np.ndarray, dim: int, horizon: int) -> float:
    lam0 = model.mu_[dim] * horizon + float(model.alpha_[dim] @ exc) * -np.expm1(-model.beta_ * horizon)
    return float(-np.expm1(-lam0))


def _ranked(counter: Counter[str], first: str | None = None) -> list[str]:
    out = [first] if first else []
    return (out + [v for v, _ in counter.most_common(4) if v != first])[:3]


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
        resp_places = Counter(x.admin1 for x in past if (x.by == responder or n_dims == 1) and x.admin1)
        base_places = Counter(x.admin1 for x in past if x.admin1)
        out.append(Question(name, s.day, responder, n_dims, y, p, where_true,
                            _ranked(resp_places, s.admin1), _ranked(base_places)))
    return out


def calibrate(questions: list[Question], horizon: int) -> np.ndarray:
    """The model's probability for each question: the calibration refitted every REFIT_DAYS on the
    questions answered before the refit day (time order)."""
    qs = sorted(range(len(questions)), key=lambda k: questions[k].day)
    x = features([questions[k].p["hawkes"][horizon] for k in qs], [questions[k].p["dyad_rate"][horizon] for k in qs],
                   [questions[k].p["own_rate"][horizon] for k in qs])
    y = np.array([questions[k].y[horizon] for k in qs], dtype=float)
    day = np.array([questions[k].day for k in qs])
    out = np.empty(len(qs))
    cal, fitted_at = Calibration(), -1e9
    for j in range(len(qs)):
        if day[j] - fitted_at >= REFIT_DAYS:
            known = day + horizon < day[j]
            cal, fitted_at = Calibration.fit(x[known], y[known]), day[j]
        out[j] = cal.apply(x[j:j + 1])[0]
    result = np.empty(len(qs))
    result[qs] = out
    return result


