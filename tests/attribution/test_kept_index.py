"""The record index of a day is kept in the user cache: a new process reads it back instead of
building it, attributes exactly as the process that built it, and builds it again when the store's
slice changes or the file cannot be read."""
from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from estimative.analysis import attribution, kept_index
from estimative.analysis.attribution_features import queries_from_frame
from estimative.assess import models
from estimative.knowledge import curated_events
from estimative.store import Store

AS_OF = datetime(2024, 6, 1)


def _new_process() -> None:
    models._LEARNED.clear()
    models._MODELS.clear()


def _kept(cache) -> list:
    return sorted(cache.glob("attribution-index/*.pickle"))


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ESTIMATIVE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "store.duckdb") as s:
        s.ingest(curated_events(), source="curated")
        yield s


def _ranked(model, store: Store) -> list:
    frame = attribution.prepared_record(store, datetime(2025, 1, 1))
    queries = queries_from_frame(frame.loc[frame["actor"].notna()].tail(20))
    return [([a for a, _ in r], [round(p, 12) for _, p in r], round(u, 12))
            for r, u, _ in model.rank_sets(model.candidate_sets(queries))]


def test_a_new_process_reads_the_index_back_and_attributes_the_same(store, cache, monkeypatch) -> None:
    _new_process()
    built = models.attribution_model(store, AS_OF, "IRQ")
    assert len(_kept(cache)) == 1
    _new_process()

    def build_again(*args, **kwargs):
        raise AssertionError("a kept index was built again")

    monkeypatch.setattr(attribution, "RecordIndex", build_again)
    read = models.attribution_model(store, AS_OF, "IRQ")
    assert read is not built and read.index_ is not built.index_
    assert read.fitted_until_ == built.fitted_until_
    assert _ranked(read, store) == _ranked(built, store)


def test_an_ingest_into_the_slice_or_a_damaged_file_builds_it_again(store, cache) -> None:
    _new_process()
    models.attribution_model(store, AS_OF, "IRQ")
    (first,) = _kept(cache)
    first.write_bytes(b"not a pickle")
    _new_process()
    models.attribution_model(store, AS_OF, "IRQ")  # unreadable: built and kept again
    assert _kept(cache) == [first] and kept_index.read(first) is not None
    older = next(e for e in curated_events() if e.country == "IRQ" and e.date_start.year == 2023 and e.perpetrators)
    store.ingest([dataclasses.replace(older, source="late", known_from=datetime(2024, 5, 1))], source="late")
    _new_process()
    model = models.attribution_model(store, AS_OF, "IRQ")
    assert len(_kept(cache)) == 2 and model.index_.n_events > kept_index.read(first).n_events


def test_only_the_newest_days_are_kept_and_a_memory_store_keeps_nothing(store, cache, monkeypatch) -> None:
    monkeypatch.setattr(kept_index, "KEEP", 2)
    for day in (1, 2, 3):
        _new_process()
        models.attribution_model(store, datetime(2024, 6, day), "IRQ")
    assert len(_kept(cache)) == 2
    with Store(":memory:") as mem:
        mem.ingest(curated_events(), source="curated")
        _new_process()
        models.attribution_model(mem, AS_OF, "IRQ")
    assert len(_kept(cache)) == 2
