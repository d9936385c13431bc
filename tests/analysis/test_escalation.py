"""Escalation: red lines kept as data, and the level with reasons that explain it."""
from __future__ import annotations

from estimative.analysis.escalation import LEVELS, escalation, red_lines, statistical_level


def ids(esc) -> set[str]:
    return {c["id"] for c in esc.red_lines}


def test_red_lines_are_read_from_the_knowledge_file():
    lines = red_lines()
    assert {"us_service_member_killed", "state_strikes_state_forces"} <= {x["id"] for x in lines}
    assert all(x["level"] in LEVELS for x in lines)


def test_iranian_missile_strike_on_us_forces_is_a_major_escalation(curated_store, curated):
    e = curated["cur-2020-01-08-ain-al-asad-iran-missiles"]
    esc = escalation(e, curated_store, e.date_start)
    assert esc.level == "major"
    assert {"iran_attacks_us_target", "state_strikes_state_forces"} <= ids(esc)
    assert any("red line" in r for r in esc.reasons)


def test_us_deaths_cross_a_red_line_but_are_not_by_themselves_major(curated_store, curated):
    e = curated["cur-2020-03-11-taji-rockets"]
    esc = escalation(e, curated_store, e.date_start)
    assert "us_service_member_killed" in ids(esc)
    assert esc.level == "significant"
    assert any("percentile" in r for r in esc.reasons)
    assert any("does not by itself constitute a major escalation" in r for r in esc.reasons)


def test_a_harmless_rocket_attack_crosses_no_casualty_red_line(curated_store, curated):
    e = curated["cur-2019-12-05-balad-rockets"]
    esc = escalation(e, curated_store, e.date_start)
    assert not ids(esc) & {"us_service_member_killed", "us_citizen_killed", "mass_casualty"}
    assert esc.level in ("none", "limited")


def test_tower_22_draws_in_a_new_country(curated_store, curated):
    e = curated["cur-2024-01-28-tower-22"]
    esc = escalation(e, curated_store, e.date_start)
    assert {"us_service_member_killed", "new_country_drawn_in"} <= ids(esc)


def test_statistical_levels():
    assert statistical_level(0.99, 3.0) == "significant"
    assert statistical_level(0.5, 2.5) == "limited"
    assert statistical_level(0.95, 1.0) == "limited"
    assert statistical_level(0.2, 0.3) == "de-escalation"
    assert statistical_level(0.5, 1.0) == "none"
