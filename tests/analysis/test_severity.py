"""Severity: who the casualties were and what struck them; the rank of an incident in its thread."""
from __future__ import annotations

from datetime import date

from estimative.analysis.severity import casualty_kind, severity, severity_rank
from estimative.analysis.threads import threads_for
from estimative.model import CasualtyGroup, Count, Event, Target, Weapon


def attack(**kw) -> Event:
    base = dict(source="test", source_id="x", date_start=date(2020, 3, 11), country="IRQ",
                weapons=[Weapon(cls="rocket")],
                targets=[Target(type="military", description="base", affiliations=["USA", "IRQ"])])
    base.update(kw)
    return Event(**base)


def test_casualties_are_weighted_by_who_they_were():
    us = CasualtyGroup(group="US service members", country="USA", killed=Count.exact(1))
    iraqi = CasualtyGroup(group="Iraqi soldiers", country="IRQ", killed=Count.exact(1))
    civ = CasualtyGroup(group="civilians", country="IRQ", killed=Count.exact(1))
    assert casualty_kind(us, "IRQ") == "foreign_military"
    assert casualty_kind(iraqi, "IRQ") == "state_forces"
    assert casualty_kind(civ, "IRQ") == "civilians"
    scores = [severity(attack(casualty_groups=[g])).score for g in (us, iraqi, civ)]
    assert scores[0] > scores[1] > scores[2] > severity(attack()).score


def test_weapon_scale_orders_a_missile_above_small_arms():
    assert severity(attack(weapons=[Weapon(cls="missile")])).score > severity(attack(weapons=[Weapon(cls="small_arms")])).score


def test_taji_2020_is_the_most_significant_incident_since_the_iranian_missile_strike(curated_store, curated):
    taji = curated["cur-2020-03-11-taji-rockets"]
    thread = threads_for(taji)[0]
    rank = severity_rank(taji, curated_store, taji.date_start, thread)
    assert rank["rank"] == 1
    assert rank["most_significant_since"]["event_id"] == curated["cur-2020-01-08-ain-al-asad-iran-missiles"].id
    assert rank["percentile"] > 0.9
    assert "most significant" in rank["description"]


def test_a_harmless_rocket_attack_ranks_low(curated_store, curated):
    balad = curated["cur-2019-12-05-balad-rockets"]
    rank = severity_rank(balad, curated_store, balad.date_start, threads_for(balad)[0])
    assert rank["percentile"] < 0.5
    assert rank["rank"] > 1
