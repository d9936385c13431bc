"""Forecast backtests: rolling origin, weekly, scored against the trailing-rate baselines in the same run.

SIGACTS Iraq: the 20 towns with most events in 2004 x three classes (IED; direct fire = small
arms and RPG; indirect fire = rocket, mortar and "indirect fire"), origins every 7 days from
2005-01-01. UCDP GED Syria: each governorate x type of violence, origins from 2017-01-01. The
questions: at least one event within 7 days, and within 30 days, of the origin day.

Beyond Iraq and Syria (issue #17): ACLED Sahel (Burkina Faso, Mali, Niger; origins from
2015-01-01) and ACLED Kenya (from 2012-01-01), each first-level region x political-violence event
type (battles, explosions/remote violence, violence against civilians); UCDP GED Iraq (from
2010-01-01) and Nigeria (from 2012-01-01), each first-level region x type of violence, as for
Syria. Threads are those seen before the first origin. Nothing was tuned on these four: every
origin is held out. ACLED's `timestamp` is when the snapshot was uploaded (2019-2020 for every
event of these files), not when each event became known; the ACLED backtests therefore read the
record by event date (an event is known from its day), as a live ACLED feed would have had it. The last
origin is the last day that leaves the 30-day horizon inside the data.

The dataset is ingested through its source adapter into a temporary store, and at each origin
the very code an assessment runs (analysis.forecast.ThreadForecaster) is asked as of that day.
Baselines read the same as-of frame: a Poisson process at the trailing 365-day and 28-day rates.

The forecaster is the Hawkes process averaged with the window's constant rate by Akaike weights
(analysis.forecast.AkaikeAverage): adopted because it scored better than the Hawkes process alone
on the tuning origins of both SIGACTS and UCDP Syria; it has no parameter of its own.

Scores: Brier, log score (mean natural log of the probability given to what happened, clipped
at 1e-6), Brier skill against trailing_365, per horizon, and a reliability table. The model's
hyper-parameters were chosen on the early origins only (`TUNING_END`); `held_out` scores the
origins after them.
"""
from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from estimative.analysis.forecast import HORIZONS, KERNELS, MODEL_NAME, WINDOW_DAYS, ThreadForecaster
from estimative.analysis.threads import Thread, ThreadFrame, day_number, from_day_number, read_threads
from estimative.store import EventFilter, Store

DATASETS: tuple[str, ...] = ("sigacts", "ucdp", "acled_sahel", "acled_kenya", "ucdp_iraq", "ucdp_nigeria")
_SAHEL = "acled_sahel_1997_2020/conflict_data_"
FILES: dict[str, tuple[str, ...]] = {
    "sigacts": ("sigacts_iraq/sigacts_iraq_2004_2007.csv",), "ucdp": ("ucdp_ged_syria/ucdp_ged191_syria_2016_2019.csv",),
    "acled_sahel": tuple(f"{_SAHEL}{c}.csv" for c in ("bfa", "mli", "ner")),
    "acled_kenya": ("acled_kenya_1997_2020/acled_kenya_1997-01-15_2020-01-17.csv",),
    "ucdp_iraq": ("ucdp_ged_iraq_1989_2018/conflict_data_irq.csv",),
    "ucdp_nigeria": ("ucdp_ged_nigeria_1990_2019/conflict_data_nga.csv",),
}
SOURCE = {"sigacts": "sigacts", "ucdp": "ucdp", "acled_sahel": "acled", "acled_kenya": "acled", "ucdp_iraq": "ucdp",
          "ucdp_nigeria": "ucdp"}
FIRST_ORIGIN = {"sigacts": date(2005, 1, 1), "ucdp": date(2017, 1, 1), "acled_sahel": date(2015, 1, 1),
                "acled_kenya": date(2012, 1, 1), "ucdp_iraq": date(2010, 1, 1), "ucdp_nigeria": date(2012, 1, 1)}
# origins before this were used to tune (none of the four datasets of issue #17 was tuned on)
TUNING_END = {"sigacts": date(2006, 1, 1), "ucdp": date(2017, 7, 1),
              **{ds: FIRST_ORIGIN[ds] for ds in ("acled_sahel", "acled_kenya", "ucdp_iraq", "ucdp_nigeria")}}
# Datasets whose known_from is a snapshot's upload time: read by event date instead.
BY_EVENT_DATE = frozenset({"acled_sahel", "acled_kenya"})
ACLED_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
STEP_DAYS = 7
BASELINE_DAYS = {"trailing_365": 365, "trailing_28": 28}
LOG_CLIP = 1e-6
SIGACTS_TOWNS = 20
# SIGACTS attack classes as the adapter maps them (sources/sigacts.py): "Indirect Fire" rows carry the
# weapon class `unknown` with the shelling sub-event type, so that class is read with the sub-event type.
SHELLING = "Shelling/artillery/missile attack"
SIGACTS_CLASSES: dict[str, dict[str, Any]] = {
    "IED": {"weapon_classes": ["ied"]},
    "direct fire": {"weapon_classes": ["small_arms", "rpg"]},
    "indirect fire": {"weapon_classes": ["rocket", "mortar", "unknown"], "sub_event_type": [SHELLING]},
}
UCDP_VIOLENCE = {"1": "state-based", "2": "non-state", "3": "one-sided"}


class ForecastEvalError(Exception):
    """Raised through EvalError by the harness: a message, never a traceback."""


# ---------------------------------------------------------------------------------------- data
def _ingest(dataset: str, data_dir: Path, store: Store) -> None:
    from estimative.eval import EvalError
    from estimative.sources import IngestError, ingest_path

    for rel in FILES[dataset]:
        path = data_dir / rel
        if not path.is_file():
            raise EvalError(f"{path} not found: --data-dir must hold {rel}")
        try:
            ingest_path(store, path, SOURCE[dataset], progress=False)
        except IngestError as exc:
            raise EvalError(str(exc)) from None


def _as_of(dataset: str, day: date) -> date | None:
    """The as-of point of a read at `day`: None (every revision, bounded by date) for a snapshot."""
    return None if dataset in BY_EVENT_DATE else day


def threads_for_dataset(dataset: str, store: Store) -> list[Thread]:
    """The backtest's threads, chosen from what was known before the first origin."""
    first = FIRST_ORIGIN[dataset]
    if dataset == "sigacts":
        year = store.frame(first - timedelta(days=1), EventFilter(source="sigacts", since=date(2004, 1, 1)),
                           ["location"])
        towns = year["location"].dropna().value_counts().head(SIGACTS_TOWNS).index.tolist()
        return [Thread.make(f"{name} attacks in {town}", source="sigacts", location=town, **flt)
                for town in towns for name, flt in SIGACTS_CLASSES.items()]
    before = first - timedelta(days=1)
    if SOURCE[dataset] == "acled":
        frame = read_threads(store, _as_of(dataset, before), [Thread.make("acled", source="acled")], until=before,
                             also=["admin1", "event_type"])
        pairs = sorted({(a, t) for a, t in zip(frame.frame["admin1"], frame.frame["event_type"], strict=True)
                        if isinstance(a, str) and t in ACLED_VIOLENCE})
        return [Thread.make(f"{t} in {adm}", source="acled", admin1=adm, event_type=t) for adm, t in pairs]
    frame = read_threads(store, before,
                         [Thread.make("ucdp", source="ucdp", extra={"type_of_violence": list(UCDP_VIOLENCE)})],
                         also=["admin1"])
    pairs = sorted({(a, v) for a, v in zip(frame.frame["admin1"], frame.extra_values("type_of_violence"), strict=True)
                    if isinstance(a, str) and v})
    return [Thread.make(f"{UCDP_VIOLENCE.get(v, v)} violence in {adm}", source="ucdp", admin1=adm,
                        extra={"type_of_violence": v}) for adm, v in pairs]


def origins(dataset: str, last_day: date) -> list[date]:
    """Weekly origins from the first, up to the last that leaves the longest horizon inside the data."""
    out, d = [], FIRST_ORIGIN[dataset]
    while d + timedelta(days=max(HORIZONS)) <= last_day:
        out.append(d)
        d += timedelta(days=STEP_DAYS)
    return out


# ---------------------------------------------------------------------------------------- scoring
def brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2)) if p.size else float("nan")


def log_score(p: np.ndarray, y: np.ndarray) -> float:
    """Mean natural log of the probability given to what happened (clipped at 1e-6): higher is better."""
    if not p.size:
        return float("nan")
    q = np.clip(np.where(y == 1, p, 1.0 - p), LOG_CLIP, 1.0)
    return float(np.mean(np.log(q)))


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        sel = idx == b
        if sel.any():
            out.append({"low": round(float(edges[b]), 2), "high": round(float(edges[b + 1]), 2), "n": int(sel.sum()),
                        "mean_probability": round(float(p[sel].mean()), 4),
                        "observed_frequency": round(float(y[sel].mean()), 4)})
    return out


def _scores(rows: dict[str, np.ndarray], sel: np.ndarray) -> dict[str, Any]:
    y = rows["y"][sel]
    p = rows["model"][sel]
    out: dict[str, Any] = {"n": int(sel.sum()), "brier": round(brier(p, y), 5), "log_score": round(log_score(p, y), 5),
                           "base_rate": round(float(y.mean()), 4) if y.size else None, "baselines": {}}
    for name in BASELINE_DAYS:
        q = rows[name][sel]
        out["baselines"][name] = {"brier": round(brier(q, y), 5), "log_score": round(log_score(q, y), 5)}
    ref = out["baselines"]["trailing_365"]["brier"]
    out["brier_skill"] = round(1.0 - out["brier"] / ref, 4) if ref else None
    out["beats_baselines"] = all(out["brier"] < b["brier"] and out["log_score"] > b["log_score"]
                                 for b in out["baselines"].values())
    return out


# ---------------------------------------------------------------------------------------- the run
@dataclass(slots=True)
class _Rows:
    thread: list[str]
    origin: list[date]
    horizon: list[int]
    y: list[int]
    model: list[float]
    expected: list[float]
    trailing_365: list[float]
    trailing_28: list[float]
    history: list[int]  # the thread's events in the model's window to the origin


def _trailing(days: np.ndarray, today: int, window: int, horizon: int) -> float:
    rate = np.count_nonzero((days > today - window) & (days <= today)) / window
    return float(-np.expm1(-rate * horizon))


def _progress(total: int, label: str) -> tuple[Callable[[], None], Callable[[], None]]:
    from estimative.eval.report import progress

    return progress(total, label, "origins")


def backtest(store: Store, dataset: str, threads: list[Thread], forecaster: ThreadForecaster | None = None,
             progress: bool = True) -> tuple[_Rows, list[date]]:
    """Every (thread, origin, horizon) question: the model's and the baselines' probabilities, and what happened."""
    forecaster = forecaster or ThreadForecaster()
    truth = read_threads(store, None, threads, also=())
    last_day = from_day_number(int(truth.days.max())) if len(truth) else FIRST_ORIGIN[dataset]
    outcome_days = {t.key: np.sort(truth.days[truth.mask(t)]) for t in threads}
    days_of = origins(dataset, last_day)
    rows = _Rows([], [], [], [], [], [], [], [], [])
    history = max(forecaster.window_days, *BASELINE_DAYS.values())
    step, stop = _progress(len(days_of), f"backtest {dataset}") if progress else ((lambda: None), (lambda: None))
    try:
        for origin in days_of:
            frame: ThreadFrame = read_threads(store, _as_of(dataset, origin), threads,
                                              since=origin - timedelta(days=history - 1), until=origin, also=())
            fcs = forecaster.forecast_frame(frame, origin, threads)
            today = day_number(origin)
            for t in threads:
                past = frame.days[frame.mask(t)]
                future = outcome_days[t.key]
                fc = fcs[t.key]
                seen = int(np.count_nonzero((past > today - forecaster.window_days) & (past <= today)))
                for h in HORIZONS:
                    lo, hi = np.searchsorted(future, [today + 1, today + h + 1])
                    rows.thread.append(t.description)
                    rows.origin.append(origin)
                    rows.horizon.append(h)
                    rows.y.append(int(hi > lo))
                    rows.model.append(fc.probability[h])
                    rows.expected.append(fc.expected_count[h])
                    rows.trailing_365.append(_trailing(past, today, BASELINE_DAYS["trailing_365"], h))
                    rows.trailing_28.append(_trailing(past, today, BASELINE_DAYS["trailing_28"], h))
                    rows.history.append(seen)
            step()
    finally:
        stop()
    return rows, days_of


def score(rows: _Rows, dataset: str) -> dict[str, Any]:
    arr = {"y": np.array(rows.y), "model": np.array(rows.model),
           "trailing_365": np.array(rows.trailing_365), "trailing_28": np.array(rows.trailing_28)}
    every = np.ones(arr["y"].size, dtype=bool)
    horizon = np.array(rows.horizon)
    late = np.array([o >= TUNING_END[dataset] for o in rows.origin], dtype=bool)
    result = _scores(arr, every)
    result["by_horizon"] = {str(h): _scores(arr, horizon == h) for h in HORIZONS}
    result["held_out"] = _scores(arr, late)
    result["held_out"]["from"] = TUNING_END[dataset].isoformat()
    result["reliability"] = reliability(arr["model"], arr["y"])
    result["by_history"] = by_history(arr, np.array(rows.history), late)
    return result


# How much history a thread had in the model's window at the origin, in doubling bins: where the
# Hawkes forecast starts to beat the baselines (docs/assessment.md, "Coverage").
HISTORY_BINS: tuple[tuple[int, int | None], ...] = ((0, 0), (1, 2), (3, 5), (6, 11), (12, 23), (24, 47), (48, 95),
                                                    (96, None))


def by_history(arr: dict[str, np.ndarray], history: np.ndarray, late: np.ndarray) -> list[dict[str, Any]]:
    """The scores per bin of the thread's events in the window, on the tuning origins and held out."""
    out = []
    for low, high in HISTORY_BINS:
        in_bin = (history >= low) & (history <= (high if high is not None else np.iinfo(np.int64).max))
        item: dict[str, Any] = {"events": f"{low}+" if high is None else (f"{low}" if low == high else f"{low}-{high}"),
                                "low": low, "high": high}
        for part, sel in (("tuning", in_bin & ~late), ("held_out", in_bin & late)):
            if sel.any():
                scored = _scores(arr, sel)
                item[part] = {k: scored[k] for k in ("n", "brier", "brier_skill", "beats_baselines", "base_rate")}
                item[part]["baselines"] = {k: v["brier"] for k, v in scored["baselines"].items()}
        out.append(item)
    return out


def _iter_predictions(rows: _Rows) -> Iterator[dict[str, Any]]:
    for i in range(len(rows.y)):
        yield {"thread": rows.thread[i], "origin": rows.origin[i].isoformat(), "horizon_days": rows.horizon[i],
               "probability": round(rows.model[i], 6), "expected_count": round(rows.expected[i], 4),
               "trailing_365": round(rows.trailing_365[i], 6), "trailing_28": round(rows.trailing_28[i], 6),
               "happened": rows.y[i]}


def evaluate(dataset: str, data_dir: Path, predictions: Path | None = None,
             threads_subset: int | None = None, progress: bool = True) -> dict[str, Any]:
    """Run the backtest on one dataset; `predictions` (a path) receives every question as JSONL.

    `threads_subset` keeps n threads spread evenly over the list (tests use it to stay fast).
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="estimative-forecast-") as tmp:
        with Store(Path(tmp) / "backtest.duckdb") as store:
            _ingest(dataset, Path(data_dir), store)
            ingested = time.perf_counter()
            threads = threads_for_dataset(dataset, store)
            if threads_subset is not None and 0 < threads_subset < len(threads):
                step = len(threads) / threads_subset
                threads = [threads[int(i * step)] for i in range(threads_subset)]
            rows, days_of = backtest(store, dataset, threads, progress=progress)
    result = score(rows, dataset)
    result.update({
        "kind": "forecast", "dataset": dataset, "model": MODEL_NAME,
        "questions": "at least one event within 7 and within 30 days of the origin day",
        "threads": len(threads), "origins": len(days_of),
        "first_origin": days_of[0].isoformat() if days_of else None,
        "last_origin": days_of[-1].isoformat() if days_of else None,
        "tuning": (f"window {WINDOW_DAYS} days, kernel decay bounds {list(map(list, KERNELS))}, averaged with the "
                   "window's constant rate by Akaike weights (no free parameter), chosen on origins "
                   + (f"before {TUNING_END[dataset].isoformat()} only" if TUNING_END[dataset] > FIRST_ORIGIN[dataset]
                      else "of SIGACTS and UCDP Syria, none of this dataset")),
        "seconds": {"ingest": round(ingested - started, 1), "total": round(time.perf_counter() - started, 1)},
    })
    if predictions is not None:
        with Path(predictions).open("w", encoding="utf-8") as fh:
            for item in _iter_predictions(rows):
                fh.write(json.dumps(item) + "\n")
    return result


# ---------------------------------------------------------------------------------------- docs
def reliability_png(result: dict[str, Any], path: Path) -> None:
    """The reliability diagram of one dataset's model forecasts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bins = result.get("reliability") or []
    fig, ax = plt.subplots(figsize=(4.2, 4.2), dpi=120)
    ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", linewidth=1, label="perfect calibration")
    ax.plot([b["mean_probability"] for b in bins], [b["observed_frequency"] for b in bins], marker="o",
            color="#1f4e79", label=result.get("model", "model"))
    ax.set_xlabel("forecast probability")
    ax.set_ylabel("observed frequency")
    ax.set_title(f"{result.get('dataset')}: reliability (n={result.get('n')})")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def markdown(results: dict[str, dict[str, Any]], docs_dir: Path | None = None) -> str:
    """The forecast section of docs/evaluation.md; writes a reliability diagram per dataset into docs_dir."""
    lines = ["## Forecasts (Hawkes, rolling origin, weekly)", "",
             "Questions: at least one event within 7 / 30 days of each weekly origin. Baselines: Poisson at the "
             "trailing 365-day and 28-day rates, from the same as-of data. Log score = mean ln(probability of what "
             "happened), clipped at 1e-6 (higher is better). Brier skill against trailing_365.", "",
             "| dataset | origins | questions | model Brier | trailing_365 | trailing_28 | model log | trailing_365 log | "
             "trailing_28 log | Brier skill | held-out skill |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for ds, r in results.items():
        b = r["baselines"]
        lines.append(f"| {ds} | {r['first_origin']} – {r['last_origin']} ({r['origins']}) | {r['n']} | {r['brier']:.4f} | "
                     f"{b['trailing_365']['brier']:.4f} | {b['trailing_28']['brier']:.4f} | {r['log_score']:.4f} | "
                     f"{b['trailing_365']['log_score']:.4f} | {b['trailing_28']['log_score']:.4f} | "
                     f"{r['brier_skill']:.3f} | {r['held_out']['brier_skill']:.3f} (from {r['held_out']['from']}) |")
    lines += ["", "How much history a thread needs: Brier skill against trailing_365 by the thread's events in the "
              "365-day window at the origin (tuning origins / held out; `by_history` in "
              "`estimative eval forecast --dataset NAME --format json`). The coverage thresholds of an assessment "
              "come from this table (docs/assessment.md, \"Coverage\").", "",
              "| dataset | " + " | ".join(f"{lo}" if lo == hi else f"{lo}+" if hi is None else f"{lo}-{hi}"
                                        for lo, hi in HISTORY_BINS) + " |",
              "|---|" + "---|" * len(HISTORY_BINS)]
    for ds, r in results.items():
        cells = []
        for b in r.get("by_history", []):
            cells.append(" / ".join(f"{b[p]['brier_skill']:.2f}" if b.get(p) and b[p]["brier_skill"] is not None
                                    else "—" for p in ("tuning", "held_out")))
        lines.append(f"| {ds} | " + " | ".join(cells) + " |")
    lines.append("")
    new = [ds for ds in results if TUNING_END[ds] == FIRST_ORIGIN[ds]]
    if new:
        lines += [f"{', '.join(new)}: nothing was tuned on these datasets, so every origin is held out. Threads: "
                  "first-level region x event type (battles, explosions/remote violence, violence against civilians) "
                  "for ACLED, first-level region x type of violence for UCDP, as seen before the first origin. ACLED's "
                  "timestamps are its snapshot's upload dates, so the ACLED record is read by event date.", ""]
    for ds, r in results.items():
        beats = "beats both baselines" if r["beats_baselines"] else "**does not beat both baselines**"
        lines.append(f"- {ds}: {r['threads']} threads; {r['tuning']}; {beats} on Brier and log score over all "
                     f"origins; run time {r['seconds']['total']} s.")
        if docs_dir is not None:
            name = f"forecast_reliability_{ds}.png"
            reliability_png(r, Path(docs_dir) / name)
            lines.append(f"  ![{ds} reliability]({name})")
    return "\n".join(lines) + "\n"
