"""Each field of an incident, with its evidence, on sentences about real incidents."""
from __future__ import annotations

from datetime import date

from estimative.extract import extract

TAJI = ("Roughly 18 Katyusha rockets struck Camp Taji, a base north of Baghdad which hosts US and UK forces, "
        "late on Wednesday, killing two US personnel and a UK soldier and wounding at least a dozen others. "
        "No group claimed responsibility, but US officials blamed Kataib Hezbollah.")
PUBLISHED = date(2020, 3, 12)


def first(text: str, published=PUBLISHED):
    incidents = extract(text, published=published)
    assert incidents, f"no incident in {text!r}"
    return incidents[0]


def spans_text(text: str, inc, field: str) -> list[str]:
    return [text[a:b] for a, b in inc.evidence.get(field, [])]


def test_taji_weapon_is_katyusha_rockets_counted_roughly_18():
    inc = first(TAJI)
    w = inc.weapons[0]
    assert (w.cls, w.name, w.count.best, w.count.qualifier) == ("rocket", "Katyusha", 18, "approximate")
    assert "Katyusha rockets" in " ".join(spans_text(TAJI, inc, "weapons"))


def test_taji_casualties_add_up_by_nationality():
    inc = first(TAJI)
    assert inc.fatalities.best == 3
    groups = {g.country: g.killed.best for g in inc.casualty_groups if g.killed.best}
    assert groups == {"USA": 2, "GBR": 1}
    assert inc.injuries.best == 12 and inc.injuries.min == 12 and inc.injuries.qualifier == "at_least"


def test_taji_date_is_the_wednesday_before_the_report():
    inc = first(TAJI)
    assert (inc.date, inc.date_precision, inc.date_source) == (date(2020, 3, 11), "day", "text")
    assert spans_text(TAJI, inc, "date") == ["Wednesday"]


def test_taji_place_is_the_named_base_from_the_gazetteer_supplement():
    inc = first(TAJI)
    assert inc.location.name == "Camp Taji" and inc.location.country == "IRQ"
    assert inc.location.method == "gazetteer" and inc.location.precision_km <= 5


def test_taji_target_is_military_and_hosts_us_and_uk_forces():
    inc = first(TAJI)
    military = next(t for t in inc.targets if t.type == "military")
    assert {"USA", "GBR"} <= set(military.affiliations)


def test_relative_clause_says_whose_the_target_is():
    text = "A rocket hit the base, which hosts US and UK forces, on Monday."
    military = next(t for t in first(text).targets if t.type == "military")
    assert military.affiliations == ["USA", "GBR"]


def test_unclaimed_attack_keeps_the_blamed_group_apart_from_the_claim():
    inc = first(TAJI)
    assert inc.claim_status == "unclaimed" and inc.claimant is None
    assert inc.stated_perpetrator.id == "kataib_hizballah"
    assert inc.blamed_by == "US officials"


def test_claim_names_the_claimant_through_the_registry():
    text = "A Qassam rocket was fired at the Gadid settlement. The military wing of Hamas claimed responsibility."
    inc = first(text, date(2005, 1, 2))
    assert inc.claim_status == "claimed" and inc.claimant.id == "hamas"
    assert inc.stated_perpetrator is None


def test_denial_is_recorded_with_who_denied():
    text = ("Eleven civilians were killed when their vehicle struck a roadside mine in Farah Province. "
            "Local officials blamed the Taliban for the attack. A statement from the Taliban denied any involvement.")
    inc = first(text, date(2009, 7, 20))
    assert inc.claim_status == "denied" and inc.claimant.id == "taliban"
    assert inc.stated_perpetrator.id == "taliban"


def test_likely_perpetrated_by_is_a_stated_perpetrator_not_a_claim():
    text = "The rocket attack on Ain al-Asad was likely perpetrated by Kata'ib Hizballah, officials said."
    inc = first(text)
    assert inc.stated_perpetrator.id == "kataib_hizballah" and inc.claim_status == "unknown"


def test_an_unknown_name_never_becomes_an_actor():
    inc = first("Gunmen of the Brigade of the Imaginary Lion killed two policemen in Kirkuk.")
    assert inc.claimant is None and inc.stated_perpetrator is None


def test_dozens_of_wounded_count_twelve():
    assert first("A car bomb in Kirkuk killed four people and wounded dozens.").injuries.best == 12


def test_counts_introduced_by_including_are_not_added():
    inc = first("A bomb in Baghdad killed seven people, including five civilians and two police officers.")
    assert inc.fatalities.best == 7


def test_no_casualties_is_zero_not_unknown():
    inc = first("A bomb exploded outside a bank in Athens, causing damage but no injuries.")
    assert inc.injuries.best == 0 and inc.injuries.qualifier == "exact"


def test_two_car_bombs_are_two_vbieds():
    w = first("Two car bombs exploded in Kirkuk on Sunday, killing nine.").weapons[0]
    assert (w.cls, w.count.best) == ("vbied", 2)


def test_opened_fire_is_small_arms_and_a_clash_with_police():
    inc = first("Gunmen opened fire on a police patrol in Mosul, killing two policemen.")
    assert inc.weapons[0].cls == "small_arms"
    assert (inc.event_type, inc.sub_event_type) == ("Battles", "Armed clash")


def test_event_type_follows_the_weapon():
    assert first(TAJI).sub_event_type == "Shelling/artillery/missile attack"
    assert first("A suicide bomber blew himself up in a market in Hilla.").sub_event_type == "Suicide bomb"
    assert first("A US drone strike hit a car near Baghdad airport.").sub_event_type == "Air/drone strike"
    inc = first("Police defused a roadside bomb found near a school in Kirkuk.")
    assert (inc.event_type, inc.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_kidnapping_is_an_abduction():
    inc = first("Gunmen kidnapped a Turkish truck driver near Mosul.")
    assert inc.sub_event_type == "Abduction/forced disappearance"


def test_every_field_found_has_evidence_inside_the_text():
    inc = first(TAJI)
    for field in ("date", "location", "weapons", "fatalities", "injuries", "claim", "stated_perpetrator", "targets"):
        assert inc.evidence.get(field), field
        for a, b in inc.evidence[field]:
            assert 0 <= a < b <= len(TAJI)
