"""The attribution model an assessment uses, and its life across calls.

Learning (weights, calibration) is the expensive part and changes slowly: it is done once per
store, region and year, on what was known at the start of that year (so never on anything after
`as_of`), on at most MAX_FIT_INCIDENTS incidents per slice, and kept in the store
(`analysis.attribution_learned`) so that no later process learns it again; each day then reads
its own record with `with_record`, its index read back from the user cache when a process built
it before (`analysis.kept_index`). docs/assessment.md ("Speed").

In memory, within a process, models are kept by the store's `record_version`: it changes with
each ingest of a dataset (any source but "report") and with every REPORTS_PER_REFRESH reports
stored, not with each report, so a watch storing report after report does not make the model
read its slice again each time (a report's incidents reach the model at most
REPORTS_PER_REFRESH - 1 reports late; only incidents known before the one assessed count, so a
report never reaches its own model). A slice that could not be learned from (AttributionError)
is remembered under the same key and not tried again until the version changes.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, TypeVar

from estimative.analysis import attribution_learned, kept_index
from estimative.analysis.attribution import AttributionError, AttributionModel
from estimative.geo.countries import countries
from estimative.model import Event
from estimative.store import EventFilter, Store

# The attribution model's evidence reaches back this far (its candidate, prior and text windows
# are at most ten years): older events, and events outside the incident's country and its
# neighbours, cannot move a call and are not read.
ATTRIBUTION_YEARS = 10
# Learning reads at most this many incidents per training or calibration slice (a fixed random
# sample): the model has a dozen weights; a store of millions would otherwise take an hour. On
# the RAND tuning split (fit before 2004, scored 2004-2005), a cap of 1,000 scores as learning on
# every incident (top-1 and top-3 equal, ECE 0.037 against 0.039); 500 starts to cost (ECE 0.047).
MAX_FIT_INCIDENTS = 1000
REPORTS_PER_REFRESH = 25
_CACHE_SIZE = 4
_FAILED_SIZE = 4096
_LEARNED: dict[tuple[Any, ...], AttributionModel] = {}  # weights and calibration, learned as of a year's start
_MODELS: dict[tuple[Any, ...], AttributionModel] = {}  # the same, reading the record of one day
_FAILED: dict[tuple[Any, ...], str] = {}  # keys of either whose slice could not be learned from: why
_T = TypeVar("_T")
log = logging.getLogger("estimative.pipeline")  # the name the CLI's status line listens to


def eve(ev: Event, at: datetime) -> datetime:
    """Attribution learns from what was known the day before the incident (never after `at`):
    the incident's own stored copy is then not yet part of the record it is compared with."""
    day_before = datetime.combine(ev.date_start, datetime.min.time()) - timedelta(seconds=1)
    return min(day_before, at)


def attribution_slice(country: str | None, as_of: datetime) -> EventFilter:
    """The stored events attribution reads for an incident: its country and the countries that
    border it, over the model's ten-year window before `as_of` (every country where unplaced)."""
    known = countries()
    region = [country, *known[country].neighbours] if country in known else None
    since = as_of.date() - timedelta(days=round(365.25 * ATTRIBUTION_YEARS))
    return EventFilter(country=region, since=since)


def _remember(cache: dict[tuple[Any, ...], _T], key: tuple[Any, ...], value: _T, size: int = _CACHE_SIZE) -> _T:
    if len(cache) >= size:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def record_version(store: Store) -> tuple[int, str, int]:
    """(the store's `dataset_version`, reports stored // REPORTS_PER_REFRESH): what the models kept
    in memory are keyed by, with the store's path. Two reads of the small runs table, where
    reading the slice's fingerprint took one scan per model asked for."""
    dataset_run, started = store.dataset_version()
    reports = store.one("SELECT count(*) FROM ingest_runs WHERE source = 'report'")[0]
    return dataset_run, started, int(reports) // REPORTS_PER_REFRESH


def _failing(key: tuple[Any, ...]) -> None:
    if key in _FAILED:
        raise AttributionError(_FAILED[key])


def attribution_model(store: Store, as_of: datetime, country: str | None = None) -> AttributionModel:
    """The attribution model for an incident in `country`, reading the store's slice as of `as_of`.

    A store that knew nothing attributed at the year's start (the curated record alone, early on)
    learns as of the day itself. In memory, a model (or the AttributionError of a slice that
    could not be learned from) is kept by `record_version`; what is kept across processes (the
    learned weights, the day's index) is keyed by the events it read (their number and latest
    `known_from`): an ingest that changes them makes the model learn and read again."""
    flt = attribution_slice(country, as_of)
    where = store.path if store.path != ":memory:" else id(store)
    region = tuple(flt.country or ())
    version = record_version(store)
    key = (where, region, as_of.date(), version)
    if key in _MODELS:
        return _MODELS[key]
    _failing(key)
    learn_at = datetime(as_of.year, 1, 1) - timedelta(seconds=1)
    try:
        try:
            learned = _learned_model(store, (where, region, learn_at, version), country, learn_at)
        except AttributionError:  # nothing attributed yet at the year's start: learn as of the day
            return _remember(_MODELS, key, AttributionModel(max_fit_incidents=MAX_FIT_INCIDENTS)
                             .fit(store, as_of=as_of, flt=flt))
    except AttributionError as exc:
        _remember(_FAILED, key, str(exc), _FAILED_SIZE)
        raise
    return _remember(_MODELS, key, _reading_the_day(learned, store, region, as_of, flt,
                                                    store.fingerprint(as_of, flt)))


def _reading_the_day(learned: AttributionModel, store: Store, region: tuple[str, ...], as_of: datetime,
                     flt: EventFilter, fingerprint: tuple[int, Any]) -> AttributionModel:
    """`learned` reading the record of `as_of`'s day: its index read back from the user cache when
    a process built it before, else built and kept there (`analysis.kept_index`)."""
    path = kept_index.index_path(str(store.path), region, as_of.date(), fingerprint, learned.index_params())
    index = kept_index.read(path)
    if index is not None:
        return learned.with_index(index)
    model = learned.with_record(store, as_of=as_of, flt=flt)
    kept_index.keep(path, model.index_)
    return model


def _learned_model(store: Store, memory_key: tuple[Any, ...], country: str | None,
                   learn_at: datetime) -> AttributionModel:
    """What the model learned from the region's slice as of `learn_at`: from memory (by
    `memory_key`: where, region, `learn_at`, `record_version`), else from the store, else learned
    now (and kept in both). Raises AttributionError when nothing is attributed (remembered too)."""
    if memory_key in _LEARNED:
        return _LEARNED[memory_key]
    _failing(memory_key)
    region = memory_key[1]
    flt = attribution_slice(country, learn_at)
    n, latest = store.fingerprint(learn_at, flt)
    key = f"attribution|{','.join(region) or '*'}|{learn_at.isoformat()}|{n}|{latest}|{MAX_FIT_INCIDENTS}"
    kept = store.learned(key)
    model = attribution_learned.load(kept) if kept else None
    if model is None:
        log.info("learning attribution weights for %s from %s events known on %s (once per store, region "
                 "and year; kept in the store)", ", ".join(region) or "every country", f"{n:,}", learn_at.date())
        try:
            model = AttributionModel(max_fit_incidents=MAX_FIT_INCIDENTS).fit(store, as_of=learn_at, flt=flt)
        except AttributionError as exc:
            _remember(_FAILED, memory_key, str(exc), _FAILED_SIZE)
            raise
        state = attribution_learned.dump(model)
        if state is not None:
            store.keep_learned(key, state)
    return _remember(_LEARNED, memory_key, model)
