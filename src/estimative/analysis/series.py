"""Series context: "at least N incidents targeting ... since <month year>", with the events behind it.

The start of the current run is found on the thread's daily event counts by Bayesian blocks
(Scargle et al. 2013, "Studies in astronomical time series analysis VI", ApJ 764:167): the
optimal piecewise-constant Poisson rate, with a prior on the number of change points that
keeps the false-change probability near `p0`. The run is the last block: the sentence counts
the thread's events from its first event to `as_of`. No fixed window: a campaign that began
eighteen months ago and one that began last week are both found.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from estimative.analysis.threads import (
    Thread,
    ThreadFrame,
    as_of_day,
    day_number,
    from_day_number,
    read_threads,
    regional_threads,
    threads_for,
)
from estimative.model import Event, SchemaRecord
from estimative.store import Store
from estimative.store.counting import Counter as EventCounter

P0 = 0.05  # false-positive rate of a change point (Scargle's calibration)
LOOKBACK_DAYS = 5 * 365  # how far back a thread is read for its runs
MAX_BINS = 2000  # beyond this many days, counts are binned by week, or wider (the search is quadratic)


def bayesian_blocks(counts: np.ndarray, p0: float = P0) -> np.ndarray:
    """Start indices of the optimal blocks of a sequence of bin counts (equal-width bins).

    Dynamic programming over the last change point, with the Poisson block fitness
    N_k (ln N_k - ln T_k) and the prior ncp = 4 - ln(73.53 p0 M^-0.478) per block (Scargle eq. 21).
    """
    counts = np.asarray(counts, dtype=float)
    m = counts.size
    if m == 0:
        return np.zeros(0, dtype=int)
    ncp = 4.0 - np.log(73.53 * p0 * m ** -0.478)
    cum = np.concatenate([[0.0], np.cumsum(counts)])
    best = np.zeros(m)
    last = np.zeros(m, dtype=int)
    for r in range(m):
        n_k = cum[r + 1] - cum[: r + 1]
        t_k = (r + 1) - np.arange(r + 1, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            fit = np.where(n_k > 0, n_k * (np.log(n_k) - np.log(t_k)), 0.0)
        total = fit - ncp + np.concatenate([[0.0], best[:r]])
        i = int(np.argmax(total))
        best[r], last[r] = total[i], i
    starts = []
    r = m
    while r > 0:
        starts.append(last[r - 1])
        r = last[r - 1]
    return np.array(starts[::-1], dtype=int)


def run_start(days: np.ndarray, end_day: int, p0: float = P0) -> tuple[int, list[tuple[int, int, float]]]:
    """The first day of the current run of a thread, and all blocks as (start day, end day, rate per day).

    `days` are day numbers of the thread's events (any order); the counts run from the first
    event to `end_day`.
    """
    days = np.sort(np.asarray(days, dtype=np.int64))
    days = days[days <= end_day]
    if days.size == 0:
        return end_day, []
    first = int(days[0])
    span = end_day - first + 1
    # days, else weeks, else as many weeks as keep the bins within MAX_BINS: the work stays bounded
    # whatever the dates (a stored 9999-12-31 once asked for 416,012 weekly bins)
    width = 1 if span <= MAX_BINS else 7 * -(-span // (7 * MAX_BINS))
    n_bins = (end_day - first) // width + 1
    counts = np.bincount((days - first) // width, minlength=n_bins)[:n_bins]
    starts = bayesian_blocks(counts, p0)
    blocks = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else n_bins
        lo, hi = int(first + s * width), int(min(first + e * width - 1, end_day))
        blocks.append((lo, hi, float(counts[s:e].sum()) / max(hi - lo + 1, 1)))
    run_lo = blocks[-1][0]
    in_run = days[days >= run_lo]
    return (int(in_run[0]) if in_run.size else run_lo), blocks


@dataclass(frozen=True, slots=True)
class SeriesCount:
    """A thread's current run as the store's counting queries give it: its events and first day."""

    description: str
    count: int
    since: date


def series_count(counter: EventCounter, thread: Thread, as_of: Any) -> SeriesCount | None:
    """The thread's current run (the count `series_context` states) from its events per day, as
    counted by `store.counting` on any engine (DuckDB, Spark); None when the thread has no events."""
    today = as_of_day(as_of)
    rows = counter.thread_days(thread, today - timedelta(days=LOOKBACK_DAYS - 1), today, as_of)
    if not rows:
        return None
    days = np.repeat(np.array([day_number(d) for d, _ in rows], dtype=np.int64), [n for _, n in rows])
    start, _ = run_start(days, day_number(today))
    return SeriesCount(thread.description, int((days >= start).sum()), from_day_number(start))


def month_year(d: date) -> str:
    return d.strftime("%B %Y")


@dataclass(slots=True)
class Series(SchemaRecord):
    """The schema's `context.series` item: a thread's current run (`count` events since `since`, the
    ids `event_ids`), said in `sentence`."""

    description: str
    count: int
    since: date
    filters: dict[str, Any]
    event_ids: list[str]

    @property
    def sentence(self) -> str:
        return f"at least {self.count} {self.description} since {month_year(self.since)}"

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "count": self.count, "since": self.since.isoformat(),
                "filters": self.filters, "event_ids": self.event_ids, "sentence": self.sentence}


def _current_run(frame: ThreadFrame, thread: Thread, event: Event, end: int,
                 same_as: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int, list[tuple[int, int, float]]] | None:
    """(rows of the frame in the thread's current run, or -1 for the incident itself when the store
    does not hold it; their day numbers; the run's first day; all blocks), None for an empty thread."""
    rows = np.flatnonzero(frame.mask(thread))
    days = frame.days[rows]
    ids = frame.frame["event_id"].to_numpy()[rows]
    if not ({event.id, *same_as} & set(ids)) and event.date_start <= from_day_number(end):
        rows = np.append(rows, -1)
        days = np.append(days, day_number(event.date_start))
    if days.size == 0:
        return None
    start, blocks = run_start(days, end)
    in_run = days >= start
    return rows[in_run], days[in_run], start, blocks


def series_context(event: Event, store: Store, as_of: Any, threads: list[Thread] | None = None,
                   min_count: int = 2, perpetrator_family: str | None = None,
                   frame: ThreadFrame | None = None, same_as: Sequence[str] = ()) -> list[Series]:
    """The schema's `context.series`: for each thread of the incident with at least `min_count`
    events in its current run, the count, the run's first date and the event ids.

    The incident counts itself when it is not already in the store (as itself, or as one of the
    stored events `same_as` — a report of an incident we hold).
    """
    today = as_of_day(as_of)
    threads = threads if threads is not None else threads_for(event, perpetrator_family)
    if not threads:
        return []
    frame = frame or read_threads(store, as_of, threads, since=today - timedelta(days=LOOKBACK_DAYS - 1), until=today)
    end = day_number(today)
    all_ids = frame.frame["event_id"].to_numpy()
    out: list[Series] = []
    for thread in threads:
        run = _current_run(frame, thread, event, end, same_as)
        if run is None:
            continue
        rows, _, start, _ = run
        count = int(rows.size)
        if count < min_count:
            continue
        out.append(Series(thread.description, count, from_day_number(start), thread.filters,
                          [str(all_ids[r]) if r >= 0 else event.id for r in rows]))
    return out


def regional_series(event: Event, store: Store, as_of: Any, min_count: int = 2, perpetrator_family: str | None = None,
                    same_as: Sequence[str] = ()) -> tuple[list[Thread], list[Series]]:
    """Threads and series over the incident's country and its neighbours, named for the countries
    the current run reaches ("... in Iraq, Syria and Jordan").

    The run is found on the broadest regional thread (all its target family's incidents in the
    neighbourhood) by the same Bayesian blocks as any thread; the countries holding events of that
    run, most events first, then place every regional thread. A neighbour quiet during the run
    stays out of the name and the counts.
    """
    wide = regional_threads(event, perpetrator_family)
    if not wide:
        return [], []
    today = as_of_day(as_of)
    since = today - timedelta(days=LOOKBACK_DAYS - 1)
    frame = read_threads(store, as_of, wide[:1], since=since, until=today, also=("event_id", "country"))
    run = _current_run(frame, wide[0], event, day_number(today), same_as)
    if run is None:
        return [], []
    rows = run[0]
    countries = frame.frame["country"].to_numpy()[rows[rows >= 0]].tolist() + ([event.country] if -1 in rows else [])
    counts = Counter(c for c in countries if c)
    counts[event.country] += 0
    place = sorted(counts, key=lambda c: (-counts[c], c != event.country, c))
    if len(place) < 2:  # the run stays in the incident's own country: nothing regional to say
        return [], []
    threads = threads_for(event, perpetrator_family, countries=place)
    return threads, series_context(event, store, as_of, threads=threads, min_count=min_count, same_as=same_as)
