"""Backtest of the response model (analysis/response.py): rolling origin, time splits only.

For every day on which one side of a dyad struck the other, the question is whether the other
side strikes back within 7 and within 30 days (strictly after that day), and where (the admin-1
area of its first strike back). Every question is answered from what was recorded up to that day:
the dyad's Hawkes process is refitted every response.REFIT_DAYS on the strikes before the refit day, and
its history runs to the question day; the calibration (`response.Calibration`) is fitted on
earlier questions whose answer was known by then. Questions before the dataset's first origin
only train; the figures are those of the later questions.

Baselines in the same run: the dyad's trailing base rate (share of the other side's earlier
strikes answered within the horizon) and the struck side's own attack rate on the other side
over the trailing year, whatever preceded.

Sides: UCDP GED `side_a`/`side_b` (as the adapter maps them: perpetrator/target); UCDP codes no
initiator, so a UCDP dyad is one process and "strikes back" is the dyad's next event. ACLED
`actor1`/`actor2` (directed: two processes). The curated record: US and coalition forces and the
Iran-aligned side, resolved through the actor registry (`response.dyad_strikes`). Events on
civilians are left out: civilians do not strike back.
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from estimative.analysis import response as R
from estimative.eval.attribution import ece
from estimative.eval.forecast import brier, log_score, reliability
from estimative.model import Event

DATASETS: tuple[str, ...] = ("ucdp", "acled", "curated")
PARTS: dict[str, dict[str, tuple[str, str, date]]] = {
    "ucdp": {"syria": ("ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv", "ucdp", date(2017, 7, 1)),
             "iraq": ("ucdp_ged_iraq_1989_2018/conflict_data_irq.csv", "ucdp", date(2010, 1, 1)),
             "nigeria": ("ucdp_ged_nigeria_1990_2019/conflict_data_nga.csv", "ucdp", date(2012, 1, 1))},
    "acled": {"sahel": ("acled_sahel_1997_2020/conflict_data_{}.csv", "acled", date(2015, 1, 1)),
              "kenya": ("acled_kenya_1997_2020/acled_kenya_1997-01-15_2020-01-17.csv", "acled", date(2012, 1, 1))},
    "curated": {"us_iran_aligned": ("", "curated", date(2021, 1, 1))},
}
SAHEL = ("bfa", "mli", "ner")
ACLED_TYPES = ("Battles", "Explosions/Remote violence")


# ------------------------------------------------------------------------------------ data
def _read(path: Path, source: str) -> list[Event]:
    from estimative.eval import EvalError
    from estimative.sources import ADAPTERS, CsvFile

    if not path.is_file():
        raise EvalError(f"{path} not found: --data-dir must hold it")
    adapter = ADAPTERS[source]()
    f = CsvFile(path)
    rows = f.rows()
    first = next(rows, None)
    adapter.check_header(f.header, f.path)
    return [e for e in adapter.events(itertools.chain([first], rows) if first is not None else rows)
            if isinstance(e, Event)]


def _sides(e: Event, source: str) -> tuple[str, str] | None:
    if not e.perpetrators:
        return None
    a = e.perpetrators[0].name
    b = e.targets_actors[0].name if e.targets_actors else (e.targets[0].description if e.targets else None)
    if not a or not b or a == b or "civilian" in b.casefold() or "civilian" in a.casefold():
        return None
    if source == "acled" and e.event_type not in ACLED_TYPES:
        return None
    return a, b


def dyads_from_events(events: list[Event], source: str) -> dict[str, tuple[list[R.Strike], int]]:
    """Dyad name -> (its strikes, number of directions). UCDP: one undirected process."""
    n_dims = 1 if source == "ucdp" else 2
    out: dict[str, list[R.Strike]] = defaultdict(list)
    for e in events:
        s = _sides(e, source)
        if s is None:
            continue
        first, second = sorted(s)
        mark = 0 if (n_dims == 1 or s[0] == first) else 1
        out[f"{first} | {second}"].append(R.Strike(e.id, R.day_of(e.date_start), mark, e.country, e.admin1,
                                                   (s[1],), tuple(w.cls for w in e.weapons)))
    return {k: (sorted(v, key=lambda x: x.day), n_dims) for k, v in out.items() if len(v) >= 2}


def _curated_dyads() -> dict[str, tuple[list[R.Strike], int]]:
    from estimative.knowledge import curated_events

    strikes = R.dyad_strikes(curated_events(), "us_forces", "kataib_hizballah")
    return {"US and coalition forces | Axis of Resistance": (strikes, 2)}


# ------------------------------------------------------------------------------------ scoring
def _score(questions: list[R.Question], first: date) -> dict[str, Any]:
    cut = R.day_of(first)
    late = np.array([q.day >= cut for q in questions])
    blocks = np.array([f"{q.dyad} | {q.responder} | {int(q.day // max(R.HORIZONS))}" for q in questions])[late]
    horizons: dict[str, Any] = {}
    for h in R.HORIZONS:
        y = np.array([q.y[h] for q in questions], dtype=float)[late]
        model = R.calibrate(questions, h)[late]
        base = {name: np.array([q.p[key][h] for q in questions])[late]
                for name, key in (("dyad_trailing_rate", "dyad_rate"), ("own_attack_rate", "own_rate"))}
        horizons[str(h)] = {
            "n": int(late.sum()), "observed_rate": round(float(y.mean()), 4) if y.size else None,
            "brier": round(brier(model, y), 5), "log_score": round(log_score(model, y), 5),
            "ece": round(ece(model, y), 4), "ece_bins": ECE_BINS,
            "ece_uncertainty": ece_uncertainty(model, y, blocks),
            "baselines": {k: {"brier": round(brier(v, y), 5), "log_score": round(log_score(v, y), 5),
                              "ece": round(ece(v, y), 4)} for k, v in base.items()},
            "reliability": reliability(model, y)}
    answered = [q for q, keep in zip(questions, late, strict=True) if keep and q.where_true]
    where = {"n": len(answered),
             "top3_model": round(float(np.mean([q.where_true in q.where_model for q in answered])), 4)
             if answered else None,
             "top3_base_rate": round(float(np.mean([q.where_true in q.where_base for q in answered])), 4)
             if answered else None}
    h30 = horizons["30"]
    return {"n": h30["n"], "brier": h30["brier"], "log_score": h30["log_score"], "ece": h30["ece"],
            "baselines": h30["baselines"], "horizons": horizons, "where_admin1": where,
            "count_30": _count_scores(questions, R.calibrate(questions, R.COUNT_DAYS), late),
            "dyads": len({q.dyad for q in questions}), "scored_from": first.isoformat()}


ECE_TARGET = 0.05
ECE_BINS = "10 equal-width bins of the probability on [0, 1], weighted by their questions (eval.attribution.ece)"


def ece_uncertainty(p: np.ndarray, y: np.ndarray, blocks: np.ndarray | None = None, draws: int = 500,
                    seed: int = 0) -> dict[str, Any]:
    """How far the ECE of these n questions can be trusted: a 90% bootstrap interval (questions
    resampled); the ECE a perfectly calibrated forecaster with these same probabilities would show
    at this n (answers drawn from them: the noise floor, which falls as 1/sqrt(n)); and the number
    of questions at which that floor would reach ECE_TARGET. Both treat the questions as
    independent; they are not (a dyad's questions of one month share their answer windows), so
    with `blocks` (each question's dyad, responder and block of max(HORIZONS) days) a 90% interval
    that resamples whole blocks is given too, and the number of blocks: what the record really
    holds."""
    if not y.size:
        return {}
    rng = np.random.default_rng(seed)
    boot = [ece(p[k], y[k]) for k in (rng.integers(0, y.size, y.size) for _ in range(draws))]
    floor = float(np.mean([ece(p, (rng.random(y.size) < p).astype(float)) for _ in range(draws)]))
    out: dict[str, Any] = {
        "bootstrap_90": [round(float(np.quantile(boot, 0.05)), 4), round(float(np.quantile(boot, 0.95)), 4)],
        "calibrated_floor": round(floor, 4),
        "n_for_floor_at_target": int(np.ceil(y.size * (floor / ECE_TARGET) ** 2)) if floor > ECE_TARGET else y.size}
    if blocks is not None:
        ids, inv = np.unique(blocks, return_inverse=True)
        members = [np.flatnonzero(inv == g) for g in range(ids.size)]
        picks = (np.concatenate([members[g] for g in rng.integers(0, ids.size, ids.size)]) for _ in range(draws))
        block_boot = [ece(p[k], y[k]) for k in picks]
        out["blocks"] = int(ids.size)
        out["block_bootstrap_90"] = [round(float(np.quantile(block_boot, 0.05)), 4),
                                     round(float(np.quantile(block_boot, 0.95)), 4)]
    return out


def _count_scores(questions: list[R.Question], p_any: np.ndarray, late: np.ndarray) -> dict[str, Any]:
    """The number of the responder's strikes within 30 days: the model's (`response.count_forecast`
    on the calibrated probability and the dyad's earlier answered counts) beside the uncalibrated
    process's (the Poisson count of its probability) and the dyad's trailing mean count; mean
    absolute and root mean squared error, and how often the model's interval held the count."""
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for k, q in enumerate(questions):
        groups[(q.dyad, q.responder)].append(k)
    model, low, high, trailing = (np.zeros(len(questions)) for _ in range(4))
    for ks in groups.values():
        days = np.array([questions[k].day for k in ks])
        counts = np.array([questions[k].count for k in ks])
        for k in ks:
            c = R.count_forecast(float(p_any[k]), R.earlier_counts(days, counts, questions[k].day))
            model[k], low[k], high[k] = c.expected, c.low, c.high
            known = (days + R.COUNT_DAYS < questions[k].day) & (days >= questions[k].day - R.WINDOW_DAYS)
            trailing[k] = counts[known].mean() if known.any() else 0.0
    y = np.array([q.count for q in questions], dtype=float)[late]
    process = -np.log1p(-np.clip([q.p["hawkes"][R.COUNT_DAYS] for q in questions], 0, 0.999))[late]

    def errors(pred: np.ndarray) -> dict[str, float | None]:
        if not y.size:  # no question scored: no figure (NaN is not JSON)
            return {"mae": None, "rmse": None}
        return {"mae": round(float(np.mean(np.abs(pred - y))), 4), "rmse": round(float(np.sqrt(np.mean((pred - y) ** 2))), 4)}

    return {"n": int(late.sum()), "observed_mean": round(float(y.mean()), 3) if y.size else None,
            "model_mean": round(float(model[late].mean()), 3) if y.size else None, **errors(model[late]),
            "interval_level": R.COUNT_LEVEL,
            "interval_coverage": round(float(np.mean((y >= low[late]) & (y <= high[late]))), 4) if y.size else None,
            "baselines": {"process_uncalibrated": {**errors(process), "mean": round(float(process.mean()), 3) if y.size else None},
                          "dyad_trailing_mean": errors(trailing[late])}}


def _part_questions(part: tuple[str, str, date], data_dir: Path) -> list[R.Question]:
    rel, source, _ = part
    if source == "curated":
        dyads = _curated_dyads()
    else:
        files = [rel.format(c) for c in SAHEL] if "{}" in rel else [rel]
        events = [e for f in files for e in _read(data_dir / f, source)]
        dyads = dyads_from_events(events, source)
    return [q for name, (strikes, n_dims) in dyads.items() for q in R.dyad_questions(name, strikes, n_dims)]


def evaluate(dataset: str, data_dir: Path, predictions: Path | None = None) -> dict[str, Any]:
    """Score the response model on every part of `dataset` (figures: questions after each first origin)."""
    parts = {name: _score(_part_questions(part, data_dir), part[2]) for name, part in PARTS[dataset].items()}
    pooled = next(iter(parts.values())) if len(parts) == 1 else None
    result: dict[str, Any] = dict(pooled) if pooled else {}
    if pooled is None:  # several parts: the headline keys are the 30-day horizon's question-weighted means
        horizons = {h: _pooled([p["horizons"][h] for p in parts.values()]) for h in ("7", "30")}
        result.update({k: horizons["30"][k] for k in ("brier", "log_score", "ece", "n", "baselines")})
        result["horizons"] = horizons
        result["where_admin1"] = _pooled_where([p["where_admin1"] for p in parts.values()])
    result.update({"kind": "response", "dataset": dataset, "parts": parts,
                   "model": "bivariate Hawkes per dyad + ridge logistic correction of the baselines' blend, the blend's weights chosen on earlier answered questions and the ridge on the last year of them"})
    return result


def _weighted_mean(values: Iterable[tuple[float, int]], digits: int) -> float | None:
    """The mean of one figure over several parts, given as (figure, questions), each weighted by
    its questions; None when no part has any (a part with none has no figure)."""
    answered = [(v, n) for v, n in values if n]
    total = sum(n for _, n in answered)
    return round(sum(v * n for v, n in answered) / total, digits) if total else None


def _pooled(scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Question-weighted means of several parts' scores at one horizon."""
    n = [s["n"] for s in scores]

    def mean(figures: list[float]) -> float | None:
        return _weighted_mean(zip(figures, n, strict=True), 5)

    return {"n": sum(n), **{k: mean([s[k] for s in scores]) for k in ("brier", "log_score", "ece")},
            "baselines": {b: {k: mean([s["baselines"][b][k] for s in scores]) for k in ("brier", "log_score")}
                          for b in scores[0]["baselines"]}}


def _pooled_where(scores: list[dict[str, Any]]) -> dict[str, Any]:
    """Several parts' admin-1 top-3 accuracies (model and base rate), weighted by their answered questions."""
    return {"n": sum(s["n"] for s in scores),
            **{k: _weighted_mean([(s[k], s["n"]) for s in scores], 4) for k in ("top3_model", "top3_base_rate")}}


def markdown(results: dict[str, dict[str, Any]], docs_dir: Path | None = None) -> str:
    lines = ["## Response backtest", "", "| dataset | part | horizon | n | Brier | log score | ECE | "
             "Brier (dyad rate) | Brier (own rate) | admin-1 top-3 (model / base) |", "|---|---|---|---|---|---|---|---|---|---|"]
    for ds, res in results.items():
        for part, r in res["parts"].items():
            for h, s in r["horizons"].items():
                w = r["where_admin1"]
                lines.append(f"| {ds} | {part} | {h} d | {s['n']} | {s['brier']} | {s['log_score']} | {s['ece']} | "
                             f"{s['baselines']['dyad_trailing_rate']['brier']} | {s['baselines']['own_attack_rate']['brier']} | "
                             f"{w['top3_model']} / {w['top3_base_rate']} |")
    return "\n".join(lines) + "\n"
