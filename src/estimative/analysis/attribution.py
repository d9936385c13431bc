"""Who most likely did it: calibrated probabilities over registry actors, with their evidence.

`AttributionModel` is a scikit-learn estimator (`BaseEstimator`): `__init__` only stores the
hyper-parameters, `fit` validates them; `get_params`, `set_params` and `clone` work as for any
estimator, and an ablation is `clone(m).set_params(signals=...)` (`without`). `fit` reads only the events known at `as_of`
(a store as-of frame or a list of Events) and learns in three time-ordered steps, so that
every figure it learns from is one it could have known:

1. weights: a conditional logit over each incident's candidates (actors active in its country
   or near it, lineage included) plus one alternative for "a group not yet known", trained on
   incidents of earlier slices, each scored against the record as it stood at the slice start;
2. calibration: a temperature and the not-yet-known odds (Platt scaling for many classes: an
   offset, and a slope on how many groups were first seen in the country lately), or isotonic
   regression of the top probability, fitted on the latest slice of the fit period;
3. evidence: the record index over everything known at `as_of` (`attribution_features`).

`predict_proba(incident)` returns an `Attribution` holding the calibrated distribution only: the
probability of each candidate actor plus the mass left for a group not yet known, the same rolled
up to families, each with its ICD 203 term. `explain(incident)` returns the same distribution with
its evidence: the ids of the most similar past incidents, per candidate and overall, and the
signals that moved the call.
"""
from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, clone
from sklearn.isotonic import IsotonicRegression

from estimative.analysis.attribution_features import (
    FEATURE_NAMES,
    FEATURES,
    FRAME_COLUMNS,
    NOVEL_FEATURES,
    SIGNALS,
    CandidateSet,
    IndexParams,
    Query,
    RecordIndex,
    candidate_sets,
    day_number,
    derived_version,
    prepare_frame,
    queries_from_frame,
    query_from_event,
)
from estimative.knowledge import estimative_term, registry
from estimative.model import ActorJSON, ActorRef, Event
from estimative.store import EventFilter, Store
from estimative.store.records import STAGE_COLUMNS, event_row

FEATURE_LABELS: dict[str, str] = {
    "prior_3y": "share of the country's attributed incidents over the last 3 years",
    "prior_10y": "share of the country's attributed incidents over the last 10 years",
    "near_25km": "incidents within 25 km", "near_100km": "incidents within 100 km",
    "near_300km": "incidents within 300 km", "same_city": "incidents in the same town",
    "weapon_class": "weapon class typical of it", "weapon_count": "number of weapons typical of it",
    "target_type": "target type typical of it", "target_affiliation": "target affiliation typical of it",
    "fatalities": "death toll typical of it", "injuries": "injury toll typical of it",
    "recent_1y": "activity in the country over the last year", "months_since_last": "time since last seen there",
    "registry_active": "active that year (registry)", "registry_inactive": "not active that year (registry)",
    "text_knn": "the most similar past incidents", "text_centroid": "text similar to its record",
}
UNKNOWN_GROUP = "a group not yet known"
# The not-yet-known slope on newcomers is refitted only on a calibration slice of at least this
# many incidents (the curated recalibration, from 20 incidents on, refits the offset alone).
MIN_SLOPE_INCIDENTS = 200


class AttributionError(Exception):
    """Input the model cannot use (an empty record, an incident without a date): one sentence."""


# ---------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------

class CandidateJSON(TypedDict):
    """A candidate's JSON: an item of the schema's `attribution` (probability rounded to 4 places)."""

    actor: ActorJSON
    probability: float
    estimative_term: str
    evidence: list[str]


class FamilyJSON(TypedDict):
    """A family's JSON: an item of the schema's `family_attribution`."""

    family: str
    probability: float
    estimative_term: str


class AttributionJSON(TypedDict):
    """An Attribution's JSON (`Attribution.to_dict`), the form `analysis.blame` weighs."""

    attribution: list[CandidateJSON]
    family_attribution: list[FamilyJSON]
    unknown_group: float
    unknown_group_families: NotRequired[dict[str, float]]
    similar_incidents: NotRequired[list[str]]
    signals: list[str]


@dataclass(slots=True)
class Candidate:
    actor: ActorRef
    probability: float
    estimative_term: str
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> CandidateJSON:
        return {"actor": self.actor.to_dict(), "probability": round(self.probability, 4),
                "estimative_term": self.estimative_term, "evidence": list(self.evidence)}

    @classmethod
    def from_dict(cls, d: CandidateJSON) -> Candidate:
        return cls(ActorRef.from_dict(d["actor"]), d["probability"], d["estimative_term"], list(d["evidence"]))


@dataclass(slots=True)
class FamilyCandidate:
    family: str
    probability: float
    estimative_term: str

    def to_dict(self) -> FamilyJSON:
        return {"family": self.family, "probability": round(self.probability, 4),
                "estimative_term": self.estimative_term}

    @classmethod
    def from_dict(cls, d: FamilyJSON) -> FamilyCandidate:
        return cls(d["family"], d["probability"], d["estimative_term"])


@dataclass(slots=True)
class Attribution:
    """Candidates most probable first; their probabilities plus `unknown` sum to 1.

    A family's probability is the sum over its actors plus its share of the not-yet-known mass:
    a new front group in Iraq is most likely another Iran-aligned militia when the groups that
    appeared there lately were."""

    candidates: list[Candidate]
    unknown: float
    families: list[FamilyCandidate]
    # the evidence (`AttributionModel.explain`; empty from `predict_proba`, the distribution alone)
    similar: list[str] = field(default_factory=list)  # ids of the most similar past incidents
    signals: list[str] = field(default_factory=list)  # what moved the call toward the top candidate
    # the families a group not yet known would belong to, as the groups first seen lately in the
    # country did; the families above include `unknown` times these shares
    unknown_families: dict[str, float] = field(default_factory=dict)

    def ranked(self) -> list[tuple[str, float]]:
        """[(actor id, probability)], most probable first."""
        return [(c.actor.id or c.actor.name, c.probability) for c in self.candidates]

    def to_dict(self) -> AttributionJSON:
        """The `attribution` and `family_attribution` fields of an assessment incident."""
        return {"attribution": [c.to_dict() for c in self.candidates],
                "family_attribution": [f.to_dict() for f in self.families],
                "unknown_group": round(self.unknown, 4),
                "unknown_group_families": {f: round(q, 4) for f, q in self.unknown_families.items()},
                "similar_incidents": list(self.similar),
                "signals": list(self.signals)}

    @classmethod
    def from_dict(cls, d: AttributionJSON) -> Attribution:
        """The Attribution of its JSON, as `analysis.blame` gives it back weighed."""
        return cls([Candidate.from_dict(c) for c in d["attribution"]], d["unknown_group"],
                   [FamilyCandidate.from_dict(f) for f in d["family_attribution"]],
                   list(d.get("similar_incidents") or []), list(d["signals"]),
                   dict(d.get("unknown_group_families") or {}))


# ---------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------

def frame_from_events(events: Iterable[Event]) -> pd.DataFrame:
    """The store-frame columns of Events (the same `event_row` the store writes), plus weapon counts."""
    rows, counts = [], []
    for e in events:
        rows.append(event_row(e, record=""))
        known = [w.count.best for w in e.weapons if w.count.best is not None]
        counts.append(sum(known) if known else None)
    frame = pd.DataFrame(rows, columns=list(STAGE_COLUMNS))
    frame["weapon_count"] = counts
    return frame[[*FRAME_COLUMNS, "weapon_count"]]


def as_frame(data: pd.DataFrame | Iterable[Event] | Store, as_of: Any = None,
             flt: EventFilter | None = None) -> pd.DataFrame:
    """A store as-of frame, a list of Events or a Store (read as of `as_of`) as one frame."""
    if isinstance(data, Store):
        # known_from names the revision: what `prepare_frame` read of it is kept between days
        return data.frame(as_of, flt, columns=[*FRAME_COLUMNS, "known_from"])
    if isinstance(data, pd.DataFrame):
        missing = [c for c in FRAME_COLUMNS if c not in data.columns]
        if missing:
            raise AttributionError(f"the frame lacks the columns {', '.join(missing)} (use Store.frame)")
        return data
    return frame_from_events(data)


def prepared_record(data: pd.DataFrame | Iterable[Event] | Store, as_of: Any = None,
                    flt: EventFilter | None = None) -> pd.DataFrame:
    """`prepare_frame` of `as_frame`; from a Store, what was derived from each revision is read
    back where it was kept, and kept for the next process where it was derived afresh."""
    if not isinstance(data, Store):
        return prepare_frame(as_frame(data, as_of, flt))
    version = derived_version()
    new: list[tuple[Any, ...]] = []
    prepared = prepare_frame(data.frame(as_of, flt, columns=[*FRAME_COLUMNS, "known_from"], derived=version),
                             new_derived=new)
    data.keep_derived(version, new)
    return prepared


def _day(t: Any) -> int | None:
    if t is None:
        return None
    if isinstance(t, str):
        t = datetime.fromisoformat(t)
    if isinstance(t, datetime):
        return day_number(t.date()) + 1  # everything known on that day
    if isinstance(t, date):
        return day_number(t) + 1
    raise AttributionError(f"as_of must be a date, not {t!r}")


def _add_years(day: int, years: float) -> int:
    return day + int(round(years * 365.25))


# ---------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------

class AttributionModel(BaseEstimator):
    """Conditional logit over candidate actors, calibrated on a later slice of the fit period.

    Hyper-parameters (tuned only on incidents before the evaluation cut-off):
    signals: which signals the model may use (`SIGNALS`; ablation removes one at a time);
    candidate_years / prior_years / recent_years / place_years / text_years: trailing windows;
    radii_km: distances for the place signal; knn_k: neighbours for the text signal;
    horizon_years: how far past the record each training slice reaches (the gap the model must
    bridge, e.g. 4 years for a 2006-2009 test on a record that ends in 2005);
    train_origins: how many earlier slices train the weights; calibration_years: the latest
    years of the fit period, kept apart to calibrate on; l2: ridge penalty;
    calibration: "platt" (temperature, not-yet-known offset and newcomer slope) or "isotonic" (top probability);
    max_fit_incidents: at most this many incidents (a fixed random sample) per training or
    calibration slice, to bound learning on a large store (None: all, as in the evaluations).
    """

    def __init__(self, *, signals: Sequence[str] = SIGNALS, candidate_years: float = 10.0,
                 prior_years: tuple[float, float] = (3.0, 10.0), recent_years: float = 1.0,
                 place_years: float = 5.0, radii_km: tuple[float, ...] = (25.0, 100.0, 300.0),
                 text_years: float = 10.0, knn_k: int = 25, max_candidates: int = 40,
                 horizon_years: float = 4.0, origin_step_years: float = 2.0, train_origins: int = 3,
                 calibration_years: float = 2.0,
                 l2: float = 1.0, calibration: str = "platt", min_train: int = 200,
                 max_fit_incidents: int | None = None) -> None:
        # stored as given (scikit-learn's contract: `clone` and `set_params` rebuild the model from
        # these); `fit` validates them
        self.signals = signals
        self.candidate_years = candidate_years
        self.prior_years = prior_years
        self.recent_years = recent_years
        self.place_years = place_years
        self.radii_km = radii_km
        self.text_years = text_years
        self.knn_k = knn_k
        self.max_candidates = max_candidates
        self.horizon_years = horizon_years
        self.origin_step_years = origin_step_years
        self.train_origins = train_origins
        self.calibration_years = calibration_years
        self.l2 = l2
        self.calibration = calibration
        self.min_train = min_train
        self.max_fit_incidents = max_fit_incidents

    # ------------------------------------------------------------------ configuration
    def _validate_params(self) -> None:
        """The hyper-parameters checked when learning starts (`set_params` may have changed them)."""
        unknown = [s for s in self.signals if s not in SIGNALS]
        if unknown:
            raise ValueError(f"unknown signals {unknown}: use some of {', '.join(SIGNALS)}")
        if self.calibration not in ("platt", "isotonic", "none"):
            raise ValueError("calibration must be 'platt', 'isotonic' or 'none'")
        positive = {"candidate_years": self.candidate_years, "recent_years": self.recent_years,
                    "place_years": self.place_years, "text_years": self.text_years,
                    "horizon_years": self.horizon_years, "origin_step_years": self.origin_step_years,
                    "calibration_years": self.calibration_years, "knn_k": self.knn_k,
                    "max_candidates": self.max_candidates, "train_origins": self.train_origins}
        bad = [name for name, value in positive.items() if not value > 0]
        if bad or not all(y > 0 for y in self.prior_years) or not all(r > 0 for r in self.radii_km):
            raise ValueError(f"these hyper-parameters must be positive: {', '.join(bad) or 'prior_years or radii_km'}")
        if self.l2 < 0 or self.min_train < 0:
            raise ValueError("l2 and min_train must not be negative")
        if self.max_fit_incidents is not None and self.max_fit_incidents < 1:
            raise ValueError("max_fit_incidents must be a positive number of incidents, or None for all")

    def index_params(self) -> IndexParams:
        """The windows and radii the model's record index is built with."""
        return IndexParams(candidate_years=self.candidate_years, prior_years=self.prior_years,
                           recent_years=self.recent_years, place_years=self.place_years, radii_km=self.radii_km,
                           text_years=self.text_years, knn_k=self.knn_k, max_candidates=self.max_candidates,
                           lineage="lineage" in self.signals)

    def _feature_mask(self) -> np.ndarray:
        return np.array([s in self.signals for _, s in FEATURES], dtype=float)

    # ------------------------------------------------------------------ fitting
    def fit(self, data: pd.DataFrame | Iterable[Event] | Store, as_of: Any = None,
            flt: EventFilter | None = None) -> AttributionModel:
        """Learn weights and calibration from the record known at `as_of`, then index that record."""
        self._validate_params()
        if isinstance(data, Store) and data.fingerprint(as_of, flt)[0] == 0:
            # an empty slice (a report dated before anything stored): said by one count, not by
            # reading and preparing a frame that holds nothing
            raise AttributionError("no events to learn from: the store holds none in this slice at this date")
        prepared = prepared_record(data, as_of, flt)
        if prepared.empty or prepared["actor"].notna().sum() == 0:
            raise AttributionError("no attributed events to learn from (every perpetrator is unknown)")
        return self._fit_prepared(prepared, _day(as_of) or int(prepared["day"].max()) + 1)

    def _fit_prepared(self, prepared: pd.DataFrame, cut: int) -> AttributionModel:
        self._validate_params()
        prepared = prepared.loc[prepared["day"] < cut]
        params = self.index_params()
        # calibration: the last `calibration_years`, scored against records that end 0..horizon earlier;
        # weights: the years before, scored the same way (so both see the gaps the model must bridge)
        calib_start = _add_years(cut, -self.calibration_years)
        train, train_gold = self._slices(prepared, calib_start, self.train_origins, params)
        calib, calib_gold = self._slices(prepared, cut, self._origins_per_horizon(), params, since=calib_start)
        self._learn(train, train_gold, calib, calib_gold)
        self._slices_ = (train, train_gold, calib, calib_gold)
        self.record_ = prepared
        self.n_train_, self.n_calibration_ = len(train), len(calib)
        self.index_ = RecordIndex(prepared, cut, params)
        self.fitted_until_ = cut
        return self

    def _learn(self, train: list[CandidateSet], train_gold: list[str], calib: list[CandidateSet],
               calib_gold: list[str]) -> None:
        self.mean_, self.scale_ = _standardiser(train)
        self.learned_ = len(train) >= self.min_train
        if self.learned_:
            self.coef_, self.novel_coef_ = self._train(train, train_gold)
        else:  # too little history: every lift counts once, as in naive Bayes
            self.coef_ = self._feature_mask() * self.scale_
            self.novel_coef_ = np.r_[-2.0, np.zeros(len(NOVEL_FEATURES) - 1)]
        self.temperature_, self.novel_offset_, self.novel_newcomers_, self.isotonic_ = 1.0, 0.0, 0.0, None
        if self.calibration != "none" and len(calib) >= 50:
            self._calibrate(calib, calib_gold)

    def recalibrated(self, sets: Sequence[CandidateSet], golds: Sequence[str]) -> AttributionModel:
        """A copy with its Platt scaling refitted on these scored incidents (a later slice of a
        record the weights were not learned on, e.g. the curated incidents before a date)."""
        self._check_fitted()
        other = copy.copy(self)
        other._calibrate(sets, golds)
        return other

    def without(self, signal: str) -> AttributionModel:
        """The model refitted without one signal (ablation): `clone(self).set_params(signals=...)`.
        Removing any signal but lineage leaves the candidates as they were, so the candidate sets
        computed in `fit` are reused."""
        self._check_fitted()
        if signal not in self.signals:
            raise ValueError(f"the model does not use the signal {signal!r}")
        other = clone(self).set_params(signals=tuple(s for s in self.signals if s != signal))
        other._validate_params()
        if signal == "lineage":  # credits and candidates change: index and learn again
            return other._fit_prepared(self.record_, self.fitted_until_)
        other._learn(*self._slices_)
        other._slices_, other.record_ = self._slices_, self.record_
        other.n_train_, other.n_calibration_ = self.n_train_, self.n_calibration_
        other.index_, other.fitted_until_ = self.index_, self.fitted_until_
        return other

    def with_record(self, data: pd.DataFrame | Iterable[Event] | Store, as_of: Any = None,
                    flt: EventFilter | None = None) -> AttributionModel:
        """A copy that keeps what was learned (weights, calibration) and reads another record.

        For a store too young to learn from (the curated record alone), or to bring the
        evidence up to date without refitting.
        """
        self._check_fitted()
        prepared = prepared_record(data, as_of, flt)
        cut = _day(as_of) or (int(prepared["day"].max()) + 1 if len(prepared) else self.fitted_until_)
        return self.with_index(RecordIndex(prepared.loc[prepared["day"] < cut], cut, self.index_params()))

    def with_index(self, index: RecordIndex) -> AttributionModel:
        """A copy that keeps what was learned and reads the record `index` was built from (one
        built by `with_record`, or read back from where it was kept)."""
        self._check_fitted()
        if vars(index.params) != vars(self.index_params()):
            raise ValueError("the index was built with other windows and radii than this model reads")
        other = copy.copy(self)
        other.index_, other.fitted_until_ = index, index.end_day
        return other

    def _origins_per_horizon(self) -> int:
        return max(1, int(round(self.horizon_years / self.origin_step_years)))

    def _slices(self, prepared: pd.DataFrame, end: int, n_origins: int, params: IndexParams,
                since: int | None = None) -> tuple[list[CandidateSet], list[str]]:
        """Incidents before `end` (and from `since`), each scored against records ending
        `origin_step_years`, 2x, ... n_origins x earlier, never more than `horizon_years` back."""
        sets: list[CandidateSet] = []
        golds: list[str] = []
        for k in range(1, n_origins + 1):
            origin = _add_years(end, -k * self.origin_step_years)
            start = origin if since is None else max(origin, since)
            s, g = self._slice(prepared, origin, start, min(_add_years(origin, self.horizon_years), end), params)
            sets += s
            golds += g
        return sets, golds

    def _slice(self, prepared: pd.DataFrame, origin: int, start: int, end: int,
               params: IndexParams) -> tuple[list[CandidateSet], list[str]]:
        """Candidate sets of the attributed incidents in [start, end), scored against the record before origin."""
        rows = prepared.loc[(prepared["day"] >= start) & (prepared["day"] < end) & prepared["actor"].notna()]
        if rows.empty or (prepared["day"] < origin).sum() == 0:
            return [], []
        if self.max_fit_incidents is not None and len(rows) > self.max_fit_incidents:
            # a dozen weights need a few thousand examples, not every incident of a large store
            rows = rows.sample(n=self.max_fit_incidents, random_state=0).sort_values("day", kind="stable")
        ix = RecordIndex(prepared, origin, params)
        sets = candidate_sets(ix, queries_from_frame(rows))
        return sets, rows["actor"].tolist()

    def _design(self, sets: Sequence[CandidateSet], golds: Sequence[str] | None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Padded arrays: X (n, K, d), novel (n, m), valid (n, K), label (n; K = not among the candidates)."""
        K = max([len(s.actors) for s in sets] + [1])
        X = np.zeros((len(sets), K, len(FEATURE_NAMES)))
        valid = np.zeros((len(sets), K), dtype=bool)
        novel = np.zeros((len(sets), len(NOVEL_FEATURES)))
        label = np.full(len(sets), K)
        mask = self._feature_mask()
        for i, s in enumerate(sets):
            k = len(s.actors)
            X[i, :k] = (s.X - self.mean_) / self.scale_ * mask
            valid[i, :k] = True
            novel[i] = s.novel
            if golds is not None:
                label[i] = _gold_position(s.actors, golds[i], K)
        return X, novel, valid, label

    def _train(self, sets: Sequence[CandidateSet], golds: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Weights of the conditional logit (on incidents whose author is a candidate) and of the
        logistic model of "the author is none of them"."""
        X, Z, valid, label = self._design(sets, golds)
        K = X.shape[1]
        known = label < K
        w = _fit_conditional_logit(X[known], valid[known], label[known], self.l2)
        v = _fit_logistic(Z, (~known).astype(float), self.l2)
        return w, v

    def _utilities(self, sets: Sequence[CandidateSet]) -> tuple[np.ndarray, np.ndarray]:
        """Candidate utilities (n, K; -inf where padded) and the log-odds of a group not yet known."""
        X, Z, valid, _ = self._design(sets, None)
        return np.where(valid, X @ self.coef_, -np.inf), Z @ self.novel_coef_

    def _calibrate(self, sets: Sequence[CandidateSet], golds: Sequence[str]) -> None:
        """Platt scaling on the later slice: a temperature for the candidates (fitted where the
        author is one of them) and, for the not-yet-known odds, an intercept shift plus a slope on
        the country's newcomers (`_newcomers`). Where new names kept appearing lately, the next
        author is more often a new name than the weights, learned on older slices, expect; the
        slope is refitted only on a slice large enough for two parameters, else kept."""
        u, zn = self._utilities(sets)
        g = _newcomers(sets)
        K = u.shape[1]
        label = np.array([_gold_position(s.actors, g, K) for s, g in zip(sets, golds, strict=True)])
        known = label < K
        uk, lk = u[known], label[known]

        def nll(theta: np.ndarray) -> float:
            z = uk * math.exp(theta[0])
            top = z.max(axis=1, keepdims=True)
            lse = np.log(np.exp(z - top).sum(axis=1)) + top[:, 0]
            return float((lse - z[np.arange(len(z)), lk]).mean())

        if known.sum() >= 5:
            self.temperature_ = 1.0 / math.exp(float(minimize(nll, np.zeros(1), method="Nelder-Mead").x[0]))
        some = np.isfinite(u).any(axis=1)  # with no candidate at all, the author is unknown anyway
        y, zs, gs = (~known[some]).astype(float), zn[some], g[some]
        slope = some.sum() >= MIN_SLOPE_INCIDENTS

        def nll_novel(theta: np.ndarray) -> float:
            p = _sigmoid(zs + theta[0] + (theta[1] if slope else self.novel_newcomers_) * gs)
            return float(-(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)).mean())

        if some.sum() >= 5:
            theta = minimize(nll_novel, np.zeros(2 if slope else 1), method="Nelder-Mead").x
            self.novel_offset_ = float(theta[0])
            if slope:
                self.novel_newcomers_ = float(theta[1])
        if self.calibration == "isotonic":
            probs = self._combine(u, zn + self.novel_newcomers_ * g)
            top = probs[:, :-1].max(axis=1)
            hit = (probs[:, :-1].argmax(axis=1) == label).astype(float)
            self.isotonic_ = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(top, hit)

    def _combine(self, u: np.ndarray, zn: np.ndarray) -> np.ndarray:
        """(n, K + 1): (1 - p_unknown) x softmax(u / T) for the candidates, p_unknown last
        (`zn`: the not-yet-known log-odds before the calibration offset)."""
        with np.errstate(invalid="ignore"):
            z = u / self.temperature_
            top = np.max(z, axis=1, keepdims=True)
            top = np.where(np.isfinite(top), top, 0.0)
            e = np.exp(z - top)
            s = e.sum(axis=1, keepdims=True)
        p_known = np.where(s > 0, e / np.where(s > 0, s, 1.0), 0.0)
        p_novel = np.where(s[:, 0] > 0, _sigmoid(zn + self.novel_offset_), 1.0)
        return np.concatenate([p_known * (1 - p_novel)[:, None], p_novel[:, None]], axis=1)

    # ------------------------------------------------------------------ prediction
    def _check_fitted(self) -> None:
        if not hasattr(self, "index_"):
            raise AttributionError("the model is not fitted: call fit(events) first")

    def _distribution(self, sets: Sequence[CandidateSet]) -> np.ndarray:
        """Calibrated probabilities (n, K + 1); the last column is a group not yet known."""
        u, zn = self._utilities(sets)
        probs = self._combine(u, zn + self.novel_newcomers_ * _newcomers(sets))
        if self.isotonic_ is not None:
            actors = probs[:, :-1]
            top = actors.max(axis=1)
            new_top = self.isotonic_.predict(top)
            rest = np.where(top < 1, (1 - new_top) / np.maximum(1 - top, 1e-12), 0.0)
            pos = actors.argmax(axis=1)
            probs = probs * rest[:, None]
            probs[np.arange(len(probs)), pos] = new_top
        return probs

    def candidate_sets(self, queries: Sequence[Query]) -> list[CandidateSet]:
        """The candidates of each query with their features, against the fitted record."""
        self._check_fitted()
        return candidate_sets(self.index_, queries)

    def rank_queries(self, queries: Sequence[Query]) -> list[tuple[list[tuple[str, float]], float, CandidateSet]]:
        """For each query: [(actor, p)] most probable first, the not-yet-known mass, the candidate set."""
        return self.rank_sets(self.candidate_sets(queries))

    def rank_sets(self, sets: Sequence[CandidateSet]) -> list[tuple[list[tuple[str, float]], float, CandidateSet]]:
        """`rank_queries` on candidate sets already computed (ablations reuse them)."""
        self._check_fitted()
        out = []
        for s, p in zip(sets, self._distribution(sets), strict=True):
            k = len(s.actors)
            order = np.argsort(-p[:k], kind="stable")
            out.append(([(s.actors[j], float(p[j])) for j in order], float(p[-1]), s))
        return out

    def predict_proba(self, incident: Event) -> Attribution:
        """The calibrated distribution over who did one incident (its perpetrator name and claim
        sentences masked): each candidate's probability, the mass left for a group not yet known
        and the family roll-up. `explain` gives the same with its evidence."""
        return self._attribution(*self._rank_incident(incident), evidence=False)

    def explain(self, incident: Event) -> Attribution:
        """`predict_proba` with the evidence behind it: the ids of the most similar past incidents
        (overall and per candidate) and the signals that moved the call toward the top candidate."""
        return self._attribution(*self._rank_incident(incident), evidence=True)

    def _rank_incident(self, incident: Event) -> tuple[list[tuple[str, float]], float, CandidateSet]:
        self._check_fitted()
        if incident.date_start is None:
            raise AttributionError("the incident has no date: attribution needs one")
        return self.rank_queries([query_from_event(incident)])[0]

    def _attribution(self, ranked: list[tuple[str, float]], unknown: float, cs: CandidateSet, evidence: bool,
                     top_n: int = 10) -> Attribution:
        reg = registry()
        reasons = self._reasons(cs, ranked[0][0]) if ranked and evidence else []
        candidates = []
        for rank, (actor, p) in enumerate(ranked[:top_n]):
            ids = [ev for ev, _, credited in cs.neighbours if actor in credited][:3] if evidence else []
            ref = reg.get(actor).ref() if actor in reg else ActorRef(name=actor.removeprefix("name:"), id=actor)
            candidates.append(Candidate(ref, p, estimative_term(_clip(p)), ids + (reasons if rank == 0 else [])))
        unknown_families = newcomer_families(cs.newcomers)
        fam: dict[str, float] = {f: unknown * q for f, q in unknown_families.items()}
        for actor, p in ranked:
            for f in (reg.families(actor) if actor in reg else []):
                fam[f] = fam.get(f, 0.0) + p
        families = [FamilyCandidate(f, p, estimative_term(_clip(p)))
                    for f, p in sorted(fam.items(), key=lambda kv: -kv[1])]
        similar = [ev for ev, _, _ in cs.neighbours[:5]] if evidence else []
        return Attribution(candidates, unknown, families, similar, reasons, unknown_families)

    def _reasons(self, cs: CandidateSet, actor: str) -> list[str]:
        """The signals that moved the call: each feature's pull toward `actor` against the other
        candidates, in log-odds, largest first."""
        i = cs.actors.index(actor)
        x = (cs.X - self.mean_) / self.scale_ * self._feature_mask()
        others = np.delete(x, i, axis=0)
        base = others.mean(axis=0) if len(others) else np.zeros(x.shape[1])
        pull = self.coef_ * (x[i] - base) / self.temperature_
        near = sum(actor in credited for _, _, credited in cs.neighbours)
        labels = dict(FEATURE_LABELS, text_knn=f"{near} of the {len(cs.neighbours)} most similar past incidents")
        return [f"{FEATURES[j][1]}: {labels[FEATURE_NAMES[j]]} ({pull[j]:+.2f} log-odds)"
                for j in np.argsort(-pull)[:4] if pull[j] > 0.05]

    def coefficients(self) -> dict[str, float]:
        """The learned weight of each feature (standardised units), for the record."""
        self._check_fitted()
        return {f: round(float(w), 4) for f, w in zip(FEATURE_NAMES, self.coef_, strict=True)}


def newcomer_families(newcomers: Sequence[str], narrowest: bool = False) -> dict[str, float]:
    """Share of the recently new groups that belong to each family (all their families, or only
    the narrowest)."""
    reg = registry()
    known = [a for a in newcomers if a in reg and reg.families(a)]
    shares: dict[str, float] = {}
    for a in known:
        for f in reg.families(a)[:1] if narrowest else reg.families(a):
            shares[f] = shares.get(f, 0.0) + 1.0 / len(newcomers)
    return shares


def _clip(p: float) -> float:
    return min(max(p, 0.0), 1.0)


def _gold_position(actors: Sequence[str], gold: str, not_found: int) -> int:
    return actors.index(gold) if gold in actors else not_found


def _newcomers(sets: Sequence[CandidateSet]) -> np.ndarray:
    """log(1 + the number of groups first seen in the incident's country over the index's
    `newcomer_years` before it): how often a new name has appeared there lately."""
    return np.array([math.log1p(len(s.newcomers)) for s in sets])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _fit_conditional_logit(X: np.ndarray, valid: np.ndarray, label: np.ndarray, l2: float) -> np.ndarray:
    """Weights w maximising sum log softmax(X_i w)[label_i] - l2/2 |w|^2 (X padded, `valid` marks rows)."""
    n, _, d = X.shape
    if n == 0:
        return np.zeros(d)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        u = np.where(valid, X @ w, -np.inf)
        top = u.max(axis=1, keepdims=True)
        e = np.exp(u - top)
        p = e / e.sum(axis=1, keepdims=True)
        nll = (np.log(e.sum(axis=1)) + top[:, 0] - u[np.arange(n), label]).sum()
        p[np.arange(n), label] -= 1.0
        grad = np.einsum("nk,nkd->d", p, X)
        return (nll + 0.5 * l2 * w @ w) / n, (grad + l2 * w) / n

    return minimize(loss, np.zeros(d), jac=True, method="L-BFGS-B").x


def _fit_logistic(Z: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Ridge logistic regression (the first column of Z is the intercept)."""
    if len(Z) == 0:
        return np.zeros(Z.shape[1])

    def loss(v: np.ndarray) -> tuple[float, np.ndarray]:
        p = _sigmoid(Z @ v)
        nll = -(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)).sum()
        return (nll + 0.5 * l2 * v @ v) / len(Z), (Z.T @ (p - y) + l2 * v) / len(Z)

    return minimize(loss, np.zeros(Z.shape[1]), jac=True, method="L-BFGS-B").x


def _standardiser(sets: Sequence[CandidateSet]) -> tuple[np.ndarray, np.ndarray]:
    rows = [s.X for s in sets if len(s.actors)]
    if not rows:
        return np.zeros(len(FEATURE_NAMES)), np.ones(len(FEATURE_NAMES))
    allx = np.vstack(rows)
    sd = allx.std(axis=0)
    sd[sd < 1e-9] = 1.0
    return allx.mean(axis=0), sd

