"""Linkage on the curated record: retaliation links (and the acceptance check), same-event matching."""
from __future__ import annotations

import dataclasses
from datetime import timedelta

from estimative.analysis.linking import (
    asserted,
    find_retaliations,
    retaliation_check,
    retaliation_links,
    same_event,
)
from estimative.knowledge import curated_events
from estimative.model import Count
from estimative.store import Store


def test_us_strikes_are_linked_to_the_k1_attack_they_answered(curated_store, curated):
    strike = curated["cur-2019-12-29-us-strikes-kataib-hizballah"]
    k1 = curated["cur-2019-12-27-k1-rockets"]
    links = asserted(find_retaliations([strike], curated_store, strike.date_start + timedelta(days=1)))
    top = [lk for lk in links if lk.source == strike.id]
    assert top and top[0].target == k1.id and top[0].probability > 0.9
    assert any("K-1" in r for r in top[0].reasons)


def test_a_link_is_found_from_the_attack_to_the_later_response(curated_store, curated):
    strike = curated["cur-2019-12-29-us-strikes-kataib-hizballah"]
    k1 = curated["cur-2019-12-27-k1-rockets"]
    links = retaliation_links([k1], curated_store, k1.date_start + timedelta(days=3), ids=["incident-1"])
    assert (strike.id, "incident-1") in {(lk["from"], lk["to"]) for lk in links}
    assert all(lk["relation"] == "retaliation" and lk["probability"] > 0.5 for lk in links)


def test_a_link_crosses_borders(curated_store, curated):
    strike = curated["cur-2021-02-25-albukamal-us-strikes"]  # in Syria
    erbil = curated["cur-2021-02-15-erbil-airport"]  # in Iraq
    links = retaliation_links([strike], curated_store, strike.date_start + timedelta(days=1))
    assert erbil.id in {lk["to"] for lk in links if lk["from"] == strike.id}


def test_the_linker_never_reads_in_response_to(curated_store, curated):
    blank = Store(":memory:")
    blank.ingest([dataclasses.replace(e, in_response_to=[]) for e in curated_events()], source="curated")
    for sid in ("cur-2020-03-12-us-strikes-kataib-hizballah", "cur-2023-10-26-albukamal-us-strikes"):
        e = curated[sid]
        as_of = e.date_start + timedelta(days=1)
        with_gold = [(lk.target, round(lk.probability, 6)) for lk in find_retaliations([e], curated_store, as_of)]
        without = [(lk.target, round(lk.probability, 6)) for lk in find_retaliations([e], blank, as_of)]
        assert with_gold == without and with_gold
    blank.close()


def test_two_incidents_of_one_report_are_linked(curated_store, curated):
    """A report describing an attack and the strike that answered it: the pair links inside the report."""
    k1 = dataclasses.replace(curated["cur-2019-12-27-k1-rockets"], source="report", source_id="r#0")
    strike = dataclasses.replace(curated["cur-2019-12-29-us-strikes-kataib-hizballah"], source="report",
                                 source_id="r#1")
    empty = Store(":memory:")
    links = retaliation_links([k1, strike], empty, strike.date_start, ids=["inc-1", "inc-2"])
    assert [(lk["from"], lk["to"]) for lk in links] == [("inc-2", "inc-1")]
    empty.close()


def test_curated_record_linkage_check(curated_store):
    """Acceptance: as of the day after each US/coalition strike the record says answered an attack,
    the strike is linked to that attack in >= 80% of cases, with <= 1 false link per 10 strikes."""
    result = retaliation_check(curated_store)
    assert result["strikes"] >= 15
    assert result["recall"] >= 0.8, result["details"]
    assert result["false_links_per_10"] <= 1.0, result["details"]


def test_a_report_of_a_stored_incident_matches_it(curated_store, curated):
    taji = curated["cur-2020-03-11-taji-rockets"]
    report = dataclasses.replace(taji, source="report", source_id="rpt-1#0", lat=taji.lat + 0.03,
                                 lon=taji.lon - 0.02, fatalities=Count.exact(3), in_response_to=[])
    matches = same_event(report, curated_store, taji.date_start + timedelta(days=1))
    assert matches[0][0] == taji.id and matches[0][1] > 0.8
    moved = dataclasses.replace(report, date_start=taji.date_start + timedelta(days=2), lat=36.19, lon=44.0,
                                location="Erbil")
    far = same_event(moved, curated_store, taji.date_start + timedelta(days=3))
    assert all(eid != taji.id or p < 0.3 for eid, p, _ in far)
