"""What the model learned, kept in the store and read back: the same calls, no pickle, and a store
that learns of more history learns again."""
from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta

import pandas as pd
import pytest

from estimative.analysis import attribution_learned
from estimative.analysis.attribution import AttributionModel
from estimative.analysis.attribution_features import queries_from_frame
from estimative.eval.attribution import CUT
from estimative.knowledge import curated_events
from estimative.store import Store


def test_a_kept_model_ranks_as_the_one_that_learned(rand_model: AttributionModel, rand: pd.DataFrame,
                                                    rand_test: pd.DataFrame) -> None:
    text = attribution_learned.dump(rand_model)
    assert text is not None
    json.loads(text)  # plain JSON: nothing executable is read back from a store file
    kept = attribution_learned.load(text)
    assert kept is not None and kept.index_ is None
    record = rand.loc[rand["date_start"] < pd.Timestamp(CUT)]  # as `fit_split` reads it
    kept = kept.with_record(record, as_of=CUT - timedelta(days=1))
    queries = queries_from_frame(rand_test.head(200))
    for (r1, u1, _), (r2, u2, _) in zip(rand_model.rank_sets(rand_model.candidate_sets(queries)),
                                        kept.rank_sets(kept.candidate_sets(queries)), strict=True):
        assert [a for a, _ in r1] == [a for a, _ in r2]
        assert [p for _, p in r1] == pytest.approx([p for _, p in r2], abs=1e-9)
        assert u1 == pytest.approx(u2, abs=1e-9)


def test_state_from_other_code_or_damaged_is_not_used(rand_model: AttributionModel) -> None:
    data = json.loads(attribution_learned.dump(rand_model) or "{}")
    data["code"] = "0" * 16
    assert attribution_learned.load(json.dumps(data)) is None
    assert attribution_learned.load("{not json") is None
    assert attribution_learned.load(json.dumps({"code": attribution_learned.code_version()})) is None


def test_the_pipeline_keeps_what_it_learned_and_learns_again_when_history_grows(tmp_path) -> None:
    from estimative.assess import models

    events = curated_events()
    path = tmp_path / "store.duckdb"
    as_of = datetime(2024, 6, 1)
    with Store(path) as store:
        store.ingest(events, source="curated")
        models._LEARNED.clear()
        models._MODELS.clear()
        first = models.attribution_model(store, as_of, "IRQ")
        assert store.cursor().execute("SELECT count(*) FROM learned").fetchone()[0] == 1
    models._LEARNED.clear()  # a new process: nothing in memory
    models._MODELS.clear()
    with Store(path) as store:
        again = models.attribution_model(store, as_of, "IRQ")
        assert again is not first and again.coef_.tolist() == first.coef_.tolist()
        assert store.cursor().execute("SELECT count(*) FROM learned").fetchone()[0] == 1  # read, not learned
        # an older event learned of later: the record before the year's start changed
        older = [e for e in events if e.date_start.year == 2022 and e.perpetrators][0]
        store.ingest([dataclasses.replace(older, source="late", known_from=datetime(2023, 6, 1))], source="late")
        models.attribution_model(store, as_of, "IRQ")
        assert store.cursor().execute("SELECT count(*) FROM learned").fetchone()[0] == 2


def test_a_read_only_store_of_an_older_schema_keeps_nothing_and_fails_nothing(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as store:  # made as a store before the `learned` table existed
        store.con.execute("DROP TABLE learned")
        store.con.execute("DROP TABLE derived")
        store.con.execute("DELETE FROM schema_version WHERE version >= 3")
    with Store(path, read_only=True) as store:
        assert store.learned("attribution|IRQ") is None
        assert store.keep_learned("attribution|IRQ", "{}") is False
    with Store(path) as store:  # opened for writing, it is migrated and keeps what it is given
        assert store.keep_learned("attribution|IRQ", "{}") and store.learned("attribution|IRQ") == "{}"
