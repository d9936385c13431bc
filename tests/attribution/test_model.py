"""The attribution model: a distribution that sums to one with the unknown mass, families,
lineage, the as-of rule, and the RAND acceptance figures."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from estimative.analysis.attribution import AttributionModel
from estimative.analysis.attribution_features import (
    RecordIndex,
    candidate_features,
    queries_from_frame,
    query_from_event,
)
from estimative.eval.attribution import CUT
from estimative.knowledge import curated_events, estimative_term, registry
from estimative.model import Event
from estimative.store import EventFilter, Store


def _events(store: Store, ids: list[str]) -> list[Event]:
    """Real RAND incidents as stored Events (what predict_proba receives)."""
    return store.events(flt=EventFilter(ids=ids))


def test_probabilities_and_unknown_mass_sum_to_one(rand_model: AttributionModel, rand_db: Store,
                                                   rand_test: pd.DataFrame) -> None:
    incidents = _events(rand_db, rand_test["event_id"].tolist()[::400])
    assert len(incidents) >= 8
    for incident in incidents:
        att = rand_model.predict_proba(incident)
        total = sum(p for _, p in rand_model.rank_queries([query_from_event(incident)])[0][0]) + att.unknown
        assert total == pytest.approx(1.0, abs=1e-9)
        assert sum(c.probability for c in att.candidates) + att.unknown <= 1.0 + 1e-9
        probs = [c.probability for c in att.candidates]
        assert probs == sorted(probs, reverse=True)
        for c in att.candidates:
            assert c.estimative_term == estimative_term(c.probability)


def test_family_roll_up_sums_the_actors_of_each_family(rand_model: AttributionModel, rand_db: Store,
                                                       rand_test: pd.DataFrame) -> None:
    reg = registry()
    iraq = rand_test.loc[rand_test["country"] == "IRQ", "event_id"].tolist()[:20]
    for incident in _events(rand_db, iraq):
        att = rand_model.predict_proba(incident)
        ranked = rand_model.rank_queries([query_from_event(incident)])[0][0]
        assert att.families, "Iraqi insurgent groups belong to families"
        for fam in att.families:
            expected = sum(p for a, p in ranked if a in reg and fam.family in reg.families(a))
            expected += att.unknown * att.unknown_families.get(fam.family, 0.0)
            assert fam.probability == pytest.approx(expected, abs=1e-9)
            assert fam.estimative_term == estimative_term(fam.probability)


def test_a_successor_inherits_its_predecessors_record(rand_model: AttributionModel, rand: pd.DataFrame,
                                                      rand_test: pd.DataFrame) -> None:
    """Islamic State of Iraq (founded October 2006) had no incident of its own before 2006: it is a
    candidate for a 2007 Iraqi bombing only through the record of al-Qaeda in Iraq and the
    Mujahideen Shura Council, which it replaced; they are no longer candidates then."""
    rows = rand_test.loc[(rand_test["country"] == "IRQ") & (rand_test["date_start"] >= pd.Timestamp(2007, 1, 1))]
    q = queries_from_frame(rows.head(30))
    record = rand_model.record_
    assert not (record["actor"] == "islamic_state_of_iraq").any()
    for _, _, cs in rand_model.rank_queries(q):
        assert "islamic_state_of_iraq" in cs.actors
        assert "al_qaeda_in_iraq" not in cs.actors and "mujahideen_shura_council_iraq" not in cs.actors
    no_lineage = RecordIndex(record, rand_model.fitted_until_, replace(rand_model.index_params(), lineage=False))
    for query in q:
        cs = candidate_features(no_lineage, query)
        assert "islamic_state_of_iraq" not in cs.actors and "al_qaeda_in_iraq" in cs.actors


def test_a_successor_not_yet_founded_is_no_candidate(rand_model: AttributionModel,
                                                     rand_test: pd.DataFrame) -> None:
    """Between January and September 2006 the registry has the Mujahideen Shura Council carry on
    al-Qaeda in Iraq; the Islamic State of Iraq is founded only in October. Both would inherit the
    same record, so the earlier successor must not lose its incidents to one not yet founded."""
    rows = rand_test.loc[(rand_test["country"] == "IRQ")
                         & rand_test["date_start"].between(pd.Timestamp(2006, 2, 1), pd.Timestamp(2006, 9, 30))]
    sets = rand_model.candidate_sets(queries_from_frame(rows))
    assert len(sets) >= 30
    assert all("islamic_state_of_iraq" not in cs.actors for cs in sets)
    ranked = rand_model.rank_sets(sets)
    council = [r for (r, _, _), gold in zip(ranked, rows["actor"], strict=True)
               if gold == "mujahideen_shura_council_iraq"]
    assert len(council) >= 30
    assert np.mean([r[0][0] == "mujahideen_shura_council_iraq" for r in council]) >= 0.8


def test_fitting_ignores_events_after_the_as_of_date(rand: pd.DataFrame, rand_test: pd.DataFrame) -> None:
    """Fitting the whole file as of 1999-12-31 gives the same model as fitting only what came before."""
    as_of = date(1999, 12, 31)
    params = {"horizon_years": 2.0, "train_origins": 1, "min_train": 50}
    full = AttributionModel(**params).fit(rand, as_of=as_of)
    early = AttributionModel(**params).fit(rand.loc[rand["date_start"] <= pd.Timestamp(as_of)], as_of=as_of)
    assert full.index_.day.max() < (as_of - date(1970, 1, 1)).days + 1
    np.testing.assert_allclose(full.coef_, early.coef_)
    q = queries_from_frame(rand_test.head(50))
    assert [r for r, _, _ in full.rank_queries(q)] == [r for r, _, _ in early.rank_queries(q)]


def test_a_store_is_read_as_of_the_date(rand_model: AttributionModel) -> None:
    """With a store, the record is what the store knew on the day: later curated incidents are unseen."""
    events = curated_events()
    day = sorted(e.date_start for e in events)[len(events) // 2]
    with Store(":memory:") as store:
        store.ingest(events, source="curated")
        model = rand_model.with_record(store, as_of=day)
    known = {e.id for e in events if e.date_start <= day}
    assert set(model.index_.event_ids) <= known
    assert len(model.index_.event_ids) == len([e for e in events if e.date_start <= day and e.perpetrators])


def test_rand_2006_2009_acceptance(rand_model: AttributionModel, rand_result: dict) -> None:
    r = rand_result
    best = max(b["top1"] for b in r["baselines"].values())
    assert r["n"] > 3000
    assert r["top1"] >= 0.55, r
    assert r["top3"] >= 0.70, r
    assert r["top1"] - best >= 0.10, r
    assert rand_model.fitted_until_ == (CUT - date(1970, 1, 1)).days
    assert CUT - timedelta(days=1) == date(2005, 12, 31)


def test_not_yet_known_mass_follows_the_countrys_newcomers(rand_model: AttributionModel,
                                                           rand_test: pd.DataFrame) -> None:
    """Calibration learns (before 2006) that where new names kept appearing, the next author is
    more often a new one; on 2006-2009 the mass left for a group not yet known is then larger
    where the author is indeed none of the candidates."""
    assert rand_model.novel_newcomers_ > 0
    rows = rand_test.iloc[::4]
    ranked = rand_model.rank_queries(queries_from_frame(rows))
    among = np.array([gold in cs.actors for (_, _, cs), gold in zip(ranked, rows["actor"], strict=True)])
    unknown = np.array([u for _, u, _ in ranked])
    assert (~among).sum() >= 50
    assert unknown[~among].mean() > 2 * unknown[among].mean()


def test_recalibrating_on_a_few_incidents_keeps_the_newcomer_slope(rand_model: AttributionModel) -> None:
    """Twenty curated incidents can move the not-yet-known offset, not a slope learned on thousands."""
    sets, golds = rand_model._slices_[2][:30], rand_model._slices_[3][:30]
    other = rand_model.recalibrated(sets, golds)
    assert other.novel_newcomers_ == rand_model.novel_newcomers_
    assert other.novel_offset_ != rand_model.novel_offset_


def test_rand_2006_2009_calibration(rand_result: dict) -> None:
    """Issue #17's acceptance, with RAND's 'Al Qaeda' in Iraq read as the AQI -> ISI line (the
    241 incidents issue #5 found missed at a mean confidence of 0.73 were those)."""
    assert rand_result["ece"] <= 0.06, rand_result
    assert rand_result["top1"] >= 0.60 and rand_result["top3"] >= 0.74, rand_result
